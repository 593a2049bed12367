"""The violation library as every install starts with it: the violations of the Work Safety Law (安全生产法, as
amended 2021-06-10, in force 2021-09-01) a city bureau punishes most, each with its discretion levels.

Loaded by a data migration (inspections 0016) through `load_library`, which takes the migration's models. The penalty
provisions were entered from the law's text; `CONFIRMED` names the articles whose 2021 wording was checked against
a published copy of the text, the others are marked unconfirmed (ViolationVersion.confirmed) for staff to check.
The levels follow the common pattern of the provincial benchmarks made under 《应急管理行政裁量权基准暂行规定》
(2024): the range of the first stage split 30 % / 30 % / 40 % into 轻微, 一般, 较重, and the stage the law sets for
a party that fails to correct in time (逾期未改正 / 拒不执行) as 严重.
"""

from dataclasses import dataclass
from decimal import Decimal

LAW = "中华人民共和国安全生产法"
WAN = 10000
CONFIRMED = {"第九十四条", "第九十九条", "第一百零二条", "第一百零八条"}
SOURCE = (
    "《中华人民共和国安全生产法》（2021年6月10日第三次修正）{article}；"
    "裁量等级按本局裁量基准（依据《应急管理行政裁量权基准暂行规定》）。"
)
UNCONFIRMED = "条文据2021年修正文本录入，尚未与公布文本逐字核对。"
RESPONSIBLE = "直接负责的主管人员和其他直接责任人员"


@dataclass(frozen=True)
class Stem:
    """A penalty provision shared by the clauses of one article: its fines at the first stage and, where the law has
    one, once the party fails to correct in time. Ranges in 万元, (low, high); None: no fine for that party."""

    article: str
    text: str
    kinds: str
    unit: tuple | None
    person: tuple | None = None
    overdue_unit: tuple | None = None
    overdue_person: tuple | None = None
    overdue_penalty: str = ""
    first_penalty: str = ""
    person_label: str = RESPONSIBLE


S97 = Stem(
    "第九十七条",
    "生产经营单位有下列行为之一的，责令限期改正，处十万元以下的罚款；逾期未改正的，责令停产停业整顿，并处十万元以上"
    "二十万元以下的罚款，对其直接负责的主管人员和其他直接责任人员处二万元以上五万元以下的罚款。",
    "责令限期改正；罚款；责令停产停业整顿",
    (0, 10),
    overdue_unit=(10, 20),
    overdue_person=(2, 5),
    overdue_penalty="责令停产停业整顿",
)
S98 = Stem(
    "第九十八条",
    "生产经营单位有下列行为之一的，责令停止建设或者停产停业整顿，限期改正，并处十万元以上五十万元以下的罚款，对其直接"
    "负责的主管人员和其他直接责任人员处二万元以上五万元以下的罚款；逾期未改正的，处五十万元以上一百万元以下的罚款，"
    "对其直接负责的主管人员和其他直接责任人员处五万元以上十万元以下的罚款；构成犯罪的，依照刑法有关规定追究刑事责任。",
    "责令停止建设或者停产停业整顿；责令限期改正；罚款",
    (10, 50),
    person=(2, 5),
    overdue_unit=(50, 100),
    overdue_person=(5, 10),
    overdue_penalty="责令停止建设或者停产停业整顿",
    first_penalty="责令停止建设或者停产停业整顿",
)
S99 = Stem(
    "第九十九条",
    "生产经营单位有下列行为之一的，责令限期改正，处五万元以下的罚款；逾期未改正的，处五万元以上二十万元以下的罚款，"
    "对其直接负责的主管人员和其他直接责任人员处一万元以上二万元以下的罚款；情节严重的，责令停产停业整顿；构成犯罪的，"
    "依照刑法有关规定追究刑事责任。",
    "责令限期改正；罚款；责令停产停业整顿",
    (0, 5),
    overdue_unit=(5, 20),
    overdue_person=(1, 2),
    overdue_penalty="情节严重的，责令停产停业整顿",
)
S101 = Stem(
    "第一百零一条",
    "生产经营单位有下列行为之一的，责令限期改正，处十万元以下的罚款；逾期未改正的，责令停产停业整顿，并处十万元以上"
    "二十万元以下的罚款，对其直接负责的主管人员和其他直接责任人员处二万元以上五万元以下的罚款；构成犯罪的，依照刑法"
    "有关规定追究刑事责任。",
    "责令限期改正；罚款；责令停产停业整顿",
    (0, 10),
    overdue_unit=(10, 20),
    overdue_person=(2, 5),
    overdue_penalty="责令停产停业整顿",
)
S102 = Stem(
    "第一百零二条",
    "生产经营单位未采取措施消除事故隐患的，责令立即消除或者限期消除，处五万元以下的罚款；生产经营单位拒不执行的，"
    "责令停产停业整顿，对其直接负责的主管人员和其他直接责任人员处五万元以上十万元以下的罚款；构成犯罪的，依照刑法"
    "有关规定追究刑事责任。",
    "责令立即消除或者限期消除；罚款；责令停产停业整顿",
    (0, 5),
    overdue_person=(5, 10),
    overdue_penalty="责令停产停业整顿",
)
S103A = Stem(
    "第一百零三条第一款",
    "生产经营单位将生产经营项目、场所、设备发包或者出租给不具备安全生产条件或者相应资质的单位或者个人的，责令限期"
    "改正，没收违法所得；违法所得十万元以上的，并处违法所得二倍以上五倍以下的罚款；没有违法所得或者违法所得不足十万元"
    "的，单处或者并处十万元以上二十万元以下的罚款；对其直接负责的主管人员和其他直接责任人员处一万元以上二万元以下的"
    "罚款；导致发生生产安全事故给他人造成损害的，与承包方、承租方承担连带赔偿责任。",
    "责令限期改正；没收违法所得；罚款（本条目按没有违法所得或者违法所得不足十万元的情形）",
    (10, 20),
    person=(1, 2),
)
_SMALL = "责令限期改正，处五万元以下的罚款，对其直接负责的主管人员和其他直接责任人员处一万元以下的罚款；逾期未改正的，"
S103B = Stem(
    "第一百零三条第二款",
    "生产经营单位未与承包单位、承租单位签订专门的安全生产管理协议或者未在承包合同、租赁合同中明确各自的安全生产管理"
    f"职责，或者未对承包单位、承租单位的安全生产统一协调、管理的，{_SMALL}责令停产停业整顿。",
    "责令限期改正；罚款；责令停产停业整顿",
    (0, 5),
    person=(0, 1),
)
S104 = Stem(
    "第一百零四条",
    "两个以上生产经营单位在同一作业区域内进行可能危及对方安全生产的生产经营活动，未签订安全生产管理协议或者未指定"
    f"专职安全生产管理人员进行安全检查与协调的，{_SMALL}责令停产停业。",
    "责令限期改正；罚款；责令停产停业",
    (0, 5),
    person=(0, 1),
)
S105 = Stem(
    "第一百零五条",
    f"生产经营单位有下列行为之一的，{_SMALL}责令停产停业整顿；构成犯罪的，依照刑法有关规定追究刑事责任。",
    "责令限期改正；罚款；责令停产停业整顿",
    (0, 5),
    person=(0, 1),
)
S106 = Stem(
    "第一百零六条",
    "生产经营单位与从业人员订立协议，免除或者减轻其对从业人员因生产安全事故伤亡依法应承担的责任的，该协议无效；对"
    "生产经营单位的主要负责人、个人经营的投资人处二万元以上十万元以下的罚款。",
    "罚款",
    None,
    person=(2, 10),
    person_label="主要负责人、个人经营的投资人",
)
S108 = Stem(
    "第一百零八条",
    "违反本法规定，生产经营单位拒绝、阻碍负有安全生产监督管理职责的部门依法实施监督检查的，责令改正；拒不改正的，处"
    "二万元以上二十万元以下的罚款；对其直接负责的主管人员和其他直接责任人员处一万元以上二万元以下的罚款；构成犯罪的，"
    "依照刑法有关规定追究刑事责任。",
    "责令改正；罚款（拒不改正的）",
    None,
    overdue_unit=(2, 20),
    overdue_person=(1, 2),
)
S109 = Stem(
    "第一百零九条",
    "高危行业、领域的生产经营单位未按照国家规定投保安全生产责任保险的，责令限期改正，处五万元以上十万元以下的罚款；"
    "逾期未改正的，处十万元以上二十万元以下的罚款。",
    "责令限期改正；罚款",
    (5, 10),
    overdue_unit=(10, 20),
)
S94 = Stem(
    "第九十四条第一款",
    "生产经营单位的主要负责人未履行本法规定的安全生产管理职责的，责令限期改正，处二万元以上五万元以下的罚款；逾期未"
    "改正的，处五万元以上十万元以下的罚款，责令生产经营单位停产停业整顿。",
    "责令限期改正；罚款；责令生产经营单位停产停业整顿",
    None,
    person=(2, 5),
    overdue_person=(5, 10),
    overdue_penalty="责令生产经营单位停产停业整顿",
    person_label="主要负责人",
)
S96 = Stem(
    "第九十六条",
    "生产经营单位的其他负责人和安全生产管理人员未履行本法规定的安全生产管理职责的，责令限期改正，处一万元以上三万元"
    "以下的罚款；导致发生生产安全事故的，暂停或者吊销其与安全生产有关的资格，并处上一年年收入百分之二十以上百分之五十"
    "以下的罚款；构成犯罪的，依照刑法有关规定追究刑事责任。",
    "责令限期改正；罚款",
    None,
    person=(1, 3),
    person_label="其他负责人、安全生产管理人员",
)

# (code, title, stem, clause, violated article, what the party did, 首违不罚 allowed)
ENTRIES = [
    ("AQ097-1", "未按规定设置安全生产管理机构或者配备安全生产管理人员", S97, "第（一）项", "第二十四条",
     "未按照规定设置安全生产管理机构或者配备安全生产管理人员、注册安全工程师。", False),
    ("AQ097-2", "主要负责人和安全生产管理人员未按规定经考核合格", S97, "第（二）项", "第二十七条第二款",
     "危险物品的生产、经营、储存、装卸单位以及矿山、金属冶炼、建筑施工、运输单位的主要负责人和安全生产管理人员"
     "未按照规定经考核合格。", False),
    ("AQ097-3", "未按规定对从业人员进行安全生产教育和培训", S97, "第（三）项", "第二十八条",
     "未按照规定对从业人员、被派遣劳动者、实习学生进行安全生产教育和培训，或者未按照规定如实告知有关的安全生产事项。",
     True),
    ("AQ097-4", "未如实记录安全生产教育和培训情况", S97, "第（四）项", "第二十八条第四款",
     "未如实记录安全生产教育和培训情况。", True),
    ("AQ097-5", "未将事故隐患排查治理情况如实记录或者未向从业人员通报", S97, "第（五）项", "第四十一条第二款",
     "未将事故隐患排查治理情况如实记录或者未向从业人员通报。", True),
    ("AQ097-6", "未按规定制定生产安全事故应急救援预案或者未定期组织演练", S97, "第（六）项", "第八十一条",
     "未按照规定制定生产安全事故应急救援预案或者未定期组织演练。", True),
    ("AQ097-7", "特种作业人员未经专门培训并取得相应资格上岗作业", S97, "第（七）项", "第三十条第一款",
     "特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业。", False),
    ("AQ098-1", "未按规定对建设项目进行安全评价", S98, "第（一）项", "第三十二条",
     "未按照规定对矿山、金属冶炼建设项目或者用于生产、储存、装卸危险物品的建设项目进行安全评价。", False),
    ("AQ098-2", "建设项目没有安全设施设计或者设计未经审查同意", S98, "第（二）项", "第三十三条",
     "矿山、金属冶炼建设项目或者用于生产、储存、装卸危险物品的建设项目没有安全设施设计或者安全设施设计未按照规定"
     "报经有关部门审查同意。", False),
    ("AQ098-3", "建设项目施工单位未按批准的安全设施设计施工", S98, "第（三）项", "第三十四条第一款",
     "矿山、金属冶炼建设项目或者用于生产、储存、装卸危险物品的建设项目的施工单位未按照批准的安全设施设计施工。", False),
    ("AQ098-4", "建设项目安全设施未经验收合格投入生产或者使用", S98, "第（四）项", "第三十四条第二款",
     "矿山、金属冶炼建设项目或者用于生产、储存危险物品的建设项目竣工投入生产或者使用前，安全设施未经验收合格。", False),
    ("AQ099-1", "未设置明显的安全警示标志", S99, "第（一）项", "第三十五条",
     "未在有较大危险因素的生产经营场所和有关设施、设备上设置明显的安全警示标志。", True),
    ("AQ099-2", "安全设备的安装、使用、检测、改造和报废不符合标准", S99, "第（二）项", "第三十六条第一款",
     "安全设备的安装、使用、检测、改造和报废不符合国家标准或者行业标准。", False),
    ("AQ099-3", "未对安全设备进行经常性维护、保养和定期检测", S99, "第（三）项", "第三十六条第二款",
     "未对安全设备进行经常性维护、保养和定期检测。", True),
    ("AQ099-4", "关闭、破坏监控、报警、防护、救生设备设施或者篡改其数据", S99, "第（四）项", "第三十六条第三款",
     "关闭、破坏直接关系生产安全的监控、报警、防护、救生设备、设施，或者篡改、隐瞒、销毁其相关数据、信息。", False),
    ("AQ099-5", "未为从业人员提供符合标准的劳动防护用品", S99, "第（五）项", "第四十五条",
     "未为从业人员提供符合国家标准或者行业标准的劳动防护用品。", True),
    ("AQ099-6", "危险物品容器、运输工具及特种设备未经检测检验合格投入使用", S99, "第（六）项", "第三十七条",
     "危险物品的容器、运输工具，以及涉及人身安全、危险性较大的海洋石油开采特种设备和矿山井下特种设备未经具有专业"
     "资质的机构检测、检验合格，取得安全使用证或者安全标志，投入使用。", False),
    ("AQ099-7", "使用应当淘汰的危及生产安全的工艺、设备", S99, "第（七）项", "第三十八条",
     "使用应当淘汰的危及生产安全的工艺、设备。", False),
    ("AQ099-8", "餐饮等行业使用燃气未安装可燃气体报警装置", S99, "第（八）项", "第三十六条第四款",
     "餐饮等行业的生产经营单位使用燃气未安装可燃气体报警装置。", True),
    ("AQ101-1", "危险物品未建立专门安全管理制度、未采取可靠的安全措施", S101, "第（一）项", "第三十九条",
     "生产、经营、运输、储存、使用危险物品或者处置废弃危险物品，未建立专门安全管理制度、未采取可靠的安全措施。", False),
    ("AQ101-2", "对重大危险源未登记建档、未检测评估监控、未制定应急预案", S101, "第（二）项", "第四十条",
     "对重大危险源未登记建档，未进行定期检测、评估、监控，未制定应急预案，或者未告知应急措施。", False),
    ("AQ101-3", "危险作业未安排专门人员进行现场安全管理", S101, "第（三）项", "第四十三条",
     "进行爆破、吊装、动火、临时用电以及国务院应急管理部门会同国务院有关部门规定的其他危险作业，未安排专门人员进行"
     "现场安全管理。", False),
    ("AQ101-4", "未建立安全风险分级管控制度或者未采取相应管控措施", S101, "第（四）项", "第四十一条第一款",
     "未建立安全风险分级管控制度或者未按照安全风险分级采取相应管控措施。", True),
    ("AQ101-5", "未建立事故隐患排查治理制度或者重大事故隐患未按规定报告", S101, "第（五）项", "第四十一条第二款",
     "未建立事故隐患排查治理制度，或者重大事故隐患排查治理情况未按照规定报告。", False),
    ("AQ102", "未采取措施消除事故隐患", S102, "", "第四十一条第二款",
     "未采取措施消除事故隐患（含重大事故隐患未整改）。", False),
    ("AQ103-1", "将生产经营项目、场所、设备发包或者出租给不具备条件的单位或者个人", S103A, "", "第四十九条第一款",
     "将生产经营项目、场所、设备发包或者出租给不具备安全生产条件或者相应资质的单位或者个人。", False),
    ("AQ103-2", "未与承包、承租单位签订安全生产管理协议或者未统一协调管理", S103B, "", "第四十九条第二款",
     "未与承包单位、承租单位签订专门的安全生产管理协议或者未在承包合同、租赁合同中明确各自的安全生产管理职责，"
     "或者未对承包单位、承租单位的安全生产统一协调、管理。", True),
    ("AQ104", "同一作业区域未签订安全生产管理协议或者未指定专职安全管理人员", S104, "", "第四十八条",
     "两个以上生产经营单位在同一作业区域内进行可能危及对方安全生产的生产经营活动，未签订安全生产管理协议或者未指定"
     "专职安全生产管理人员进行安全检查与协调。", True),
    ("AQ105-1", "危险物品车间、商店、仓库与员工宿舍在同一座建筑内或者距离不符合要求", S105, "第（一）项",
     "第四十二条第一款",
     "生产、经营、储存、使用危险物品的车间、商店、仓库与员工宿舍在同一座建筑内，或者与员工宿舍的距离不符合安全要求。",
     False),
    ("AQ105-2", "出口、疏散通道不符合要求或者被占用、锁闭、封堵", S105, "第（二）项", "第四十二条第二款",
     "生产经营场所和员工宿舍未设有符合紧急疏散需要、标志明显、保持畅通的出口、疏散通道，或者占用、锁闭、封堵生产"
     "经营场所或者员工宿舍出口、疏散通道。", False),
    ("AQ106", "与从业人员订立免除或者减轻其事故伤亡责任的协议", S106, "", "第五十二条第二款",
     "与从业人员订立协议，免除或者减轻其对从业人员因生产安全事故伤亡依法应承担的责任。", False),
    ("AQ108", "拒绝、阻碍依法实施的监督检查", S108, "", "第六十六条",
     "拒绝、阻碍负有安全生产监督管理职责的部门依法实施监督检查。", False),
    ("AQ109", "高危行业、领域未按规定投保安全生产责任保险", S109, "", "第五十一条第二款",
     "高危行业、领域的生产经营单位未按照国家规定投保安全生产责任保险。", False),
    ("AQ094", "主要负责人未履行安全生产管理职责", S94, "", "第二十一条",
     "生产经营单位的主要负责人未履行本法规定的安全生产管理职责。", False),
    ("AQ096", "其他负责人和安全生产管理人员未履行安全生产管理职责", S96, "", "第二十五条",
     "生产经营单位的其他负责人和安全生产管理人员未履行本法规定的安全生产管理职责。", False),
]  # fmt: skip

# (name, the share of the first stage's range it starts and ends at, when it applies)
ORDINARY_LEVELS = [
    ("轻微", 0, 3, "违法行为轻微，未造成危害后果，或者具有从轻处罚情形"),
    ("一般", 3, 6, "不具有从轻、从重处罚情形"),
    ("较重", 6, 10, "具有从重处罚情形，或者造成一定危害后果"),
]
OVERDUE_CONDITIONS = "经责令限期改正，逾期未改正或者拒不执行"


def _yuan(low_high, start=0, end=10):
    """The part start/10…end/10 of a range in 万元, in yuan."""
    if low_high is None:
        return None, None
    low, high = (Decimal(v) * WAN for v in low_high)
    return low + (high - low) * start / 10, low + (high - low) * end / 10


def levels_of(stem):
    """The discretion levels of a stem, as dicts of DiscretionLevel fields."""
    levels = []
    if stem.unit or stem.person:
        for order, (name, start, end, conditions) in enumerate(ORDINARY_LEVELS, start=1):
            unit, person = _yuan(stem.unit, start, end), _yuan(stem.person, start, end)
            levels.append(_level(order, name, conditions, unit, person, False, stem.first_penalty))
    if stem.overdue_unit or stem.overdue_person:
        unit, person = _yuan(stem.overdue_unit), _yuan(stem.overdue_person)
        penalty = stem.overdue_penalty or stem.first_penalty
        levels.append(_level(len(levels) + 1, "严重", OVERDUE_CONDITIONS, unit, person, True, penalty))
    return levels


def _level(order, name, conditions, unit, person, after_overdue, other):
    return {
        "order": order,
        "name": name,
        "conditions": conditions,
        "after_overdue": after_overdue,
        "unit_min": unit[0],
        "unit_max": unit[1],
        "person_min": person[0],
        "person_max": person[1],
        "other_penalties": other,
    }


def _legal(*ranges):
    present = [r for r in ranges if r is not None]
    if not present:
        return None, None
    return Decimal(min(r[0] for r in present)) * WAN, Decimal(max(r[1] for r in present)) * WAN


def version_of(entry):
    """The first version of one entry, as a dict of ViolationVersion fields."""
    code, title, stem, clause, violated, conduct, waiver = entry
    article = stem.article.split("第一款")[0].split("第二款")[0]
    unit_min, unit_max = _legal(stem.unit, stem.overdue_unit)
    person_min, person_max = _legal(stem.person, stem.overdue_person)
    confirmed = article in CONFIRMED
    source = SOURCE.format(article=stem.article + clause) + ("" if confirmed else UNCONFIRMED)
    return {
        "number": 1,
        "law": LAW,
        "article": violated.split("条")[0] + "条",
        "clause": violated.split("条", 1)[1],
        "violated_text": conduct,
        "penalty_article": stem.article + clause,
        "penalty_text": stem.text,
        "penalty_kinds": stem.kinds,
        "unit_min": unit_min,
        "unit_max": unit_max,
        "person_label": stem.person_label if (person_min is not None) else "",
        "person_min": person_min,
        "person_max": person_max,
        "waiver_allowed": waiver,
        "source": source,
        "confirmed": confirmed,
    }


def load_library(Violation, ViolationVersion, DiscretionLevel):
    """Add the entries not yet in the library (by code); a migration passes its historical models."""
    for entry in ENTRIES:
        code, title, stem = entry[0], entry[1], entry[2]
        if Violation.objects.filter(code=code).exists():
            continue
        violation = Violation.objects.create(code=code, title=title)
        version = ViolationVersion.objects.create(violation=violation, **version_of(entry))
        for level in levels_of(stem):
            DiscretionLevel.objects.create(version=version, **level)
        Violation.objects.filter(pk=violation.pk).update(current=version)
