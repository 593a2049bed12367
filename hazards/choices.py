"""The codes a hazard's fields and timeline store (the screen shows their labels), and the statuses that count as
open."""

from django.db import models


class HazardOrigin(models.TextChoices):
    SELF_CHECK = "self_check", "企业自查"
    INSPECTION = "inspection", "执法检查"
    EXPERT = "expert", "专家会诊"
    THIRD_PARTY = "third_party", "第三方服务机构"
    REPORT = "report", "举报"


class Category(models.TextChoices):
    BASIC = "basic", "基础管理类"
    SITE = "site", "现场管理类"


class Subcategory(models.TextChoices):
    # 基础管理类
    QUALIFICATION = "qualification", "资质证照"
    ORGANIZATION = "organization", "安全生产管理机构及人员"
    RESPONSIBILITY = "responsibility", "安全生产责任制"
    RULES = "rules", "安全生产管理制度"
    TRAINING = "training", "教育培训"
    INVESTMENT = "investment", "安全生产投入"
    EMERGENCY = "emergency", "应急管理"
    CONTRACTORS = "contractors", "相关方管理"
    BASIC_OTHER = "basic_other", "其他基础管理"
    # 现场管理类
    SITES = "sites", "作业场所"
    EQUIPMENT = "equipment", "设备设施"
    PROTECTION = "protection", "防护、保险、信号等装置装备"
    PROCESS = "process", "生产工艺"
    FIRE = "fire", "消防安全"
    ELECTRICITY = "electricity", "用电安全"
    CHEMICALS = "chemicals", "危险化学品"
    SPECIAL_WORK = "special_work", "特种作业"
    OCCUPATIONAL = "occupational", "职业卫生"
    SITE_OTHER = "site_other", "其他现场管理"


SUBCATEGORIES = {
    Category.BASIC: [
        Subcategory.QUALIFICATION,
        Subcategory.ORGANIZATION,
        Subcategory.RESPONSIBILITY,
        Subcategory.RULES,
        Subcategory.TRAINING,
        Subcategory.INVESTMENT,
        Subcategory.EMERGENCY,
        Subcategory.CONTRACTORS,
        Subcategory.BASIC_OTHER,
    ],
    Category.SITE: [
        Subcategory.SITES,
        Subcategory.EQUIPMENT,
        Subcategory.PROTECTION,
        Subcategory.PROCESS,
        Subcategory.FIRE,
        Subcategory.ELECTRICITY,
        Subcategory.CHEMICALS,
        Subcategory.SPECIAL_WORK,
        Subcategory.OCCUPATIONAL,
        Subcategory.SITE_OTHER,
    ],
}


class HazardLevel(models.TextChoices):
    GENERAL = "general", "一般事故隐患"
    MAJOR = "major", "重大事故隐患"


class HazardStatus(models.TextChoices):
    REPORTED = "reported", "已上报"
    RECTIFYING = "rectifying", "整改中"
    RECTIFIED = "rectified", "已整改"
    CLOSED = "closed", "已销号"


class HazardAction(models.TextChoices):
    """What a hazard event records; codes are stored, the screen shows the label."""

    REPORT = "report", "上报隐患"
    START = "start", "开始整改"
    RECTIFY = "rectify", "报告整改完成"
    CLOSE = "close", "验收销号"
    SEND_BACK = "send_back", "退回整改"
    REQUEST_EXTENSION = "request_extension", "申请延期"
    APPROVE_EXTENSION = "approve_extension", "批准延期"
    REFUSE_EXTENSION = "refuse_extension", "不批准延期"
    CHASE = "chase", "催办"
    # Listed supervision (hazards/listing.py): listed, changed, progress reported, accepted and removed.
    LIST = "list", "列入挂牌督办"
    LISTING_EDIT = "listing_edit", "修改挂牌督办"
    LISTING_PROGRESS = "listing_progress", "报告督办进展"
    UNLIST = "unlist", "验收摘牌"


class Suspension(models.TextChoices):
    NONE = "none", "不停产"
    PARTIAL = "partial", "局部停产停业"
    FULL = "full", "全部停产停业"


OPEN_STATUSES = [HazardStatus.REPORTED, HazardStatus.RECTIFYING, HazardStatus.RECTIFIED]
