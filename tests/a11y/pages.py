"""The key pages of issue #17's accessibility check, for each role, found in the data of `seed_demo --scale small`.

One demo persona per role (the second inspector, grid officer and enterprise user see the same templates). A
printable page is also checked as printed (the A4 print stylesheet); a form marked submit_empty also as it comes back
from an empty submission, with its error messages.
"""

from dataclasses import dataclass, replace

from django.contrib.auth import get_user_model
from django.urls import reverse

from bureau.assessment.models import Bulletin, Ranking
from enterprises.permissions import enterprise_id_of
from grids.permissions import scope_roots
from hazards.permissions import visible_hazards
from inspections.accidents.models import Accident
from inspections.campaigns.models import Campaign
from inspections.permissions import visible_documents, visible_inspections
from inspections.planning.models import Draw
from inspections.planning.plan_models import SupervisionPlan
from inspections.planning.publication import published_draws

PERSONAS = ["anonymous", "admin", "staff", "inspector", "grid_a", "ent_a"]


@dataclass(frozen=True)
class KeyPage:
    label: str
    path: str
    printable: bool = False
    submit_empty: bool = False
    persona: str = ""


def key_pages(persona):
    """The persona's key pages, in the order a person would open them."""
    if persona == "anonymous":
        return [replace(page, persona=persona) for page in _public_pages()]
    user = get_user_model().objects.get(username=persona)
    pages = {
        "admin": _admin_pages,
        "staff": _staff_pages,
        "inspector": _inspector_pages,
        "grid_a": _grid_officer_pages,
        "ent_a": _enterprise_pages,
    }[persona](user)
    return [replace(page, persona=persona) for page in pages]


def _public_pages():
    """Sign-in and the public pages (一公开), which anyone reads without signing in."""
    draw = published_draws().first()
    assert draw, "the demo has no published draw"
    return [
        KeyPage("登录", reverse("login")),
        KeyPage("双随机抽查公示", reverse("public:index")),
        KeyPage("抽取公示与结果", reverse("public:draw", args=[draw.pk])),
        KeyPage("检查对象与执法人员名录", reverse("public:directory", args=[draw.pk])),
        KeyPage("行政处罚信息公示", reverse("public:penalties")),
        KeyPage("严重失信主体名单公示", reverse("public:dishonest")),
    ]


def _document(user):
    document = visible_documents(user).order_by("-pk").first()
    assert document, f"the demo gives {user.username} no document to look at"
    return KeyPage("文书（打印页）", document.get_absolute_url(), printable=True)


def _admin_pages(user):
    return [
        KeyPage("首页", reverse("home")),
        KeyPage("用户列表", reverse("users:list")),
        KeyPage("新建用户", submit_empty=True, path=reverse("users:create")),
        KeyPage("操作日志", reverse("audit:list")),
        KeyPage("网格", reverse("grids:tree")),
    ]


def _staff_pages(user):
    ranking = Ranking.objects.order_by("-year", "-quarter").first()
    bulletin = Bulletin.objects.current().order_by("-pk").first()
    campaign = Campaign.objects.order_by("-pk").first()
    assert ranking and bulletin and campaign, "the demo has no ranking, bulletin or campaign"
    enterprise_pk = enterprise_id_of(get_user_model().objects.get(username="ent_a"))
    return [
        KeyPage("首页（工作台）", reverse("home")),
        KeyPage("企业名录", reverse("enterprises:list")),
        KeyPage("企业档案", reverse("enterprises:detail", args=[enterprise_pk])),
        KeyPage("隐患列表", reverse("hazards:list")),
        KeyPage("上报隐患", submit_empty=True, path=reverse("hazards:new")),
        KeyPage("应检企业", reverse("enterprises:due")),
        KeyPage("专项整治与对象", campaign.get_absolute_url()),
        KeyPage("排名列表", reverse("rankings:list")),
        KeyPage("季度排名", ranking.get_absolute_url()),
        KeyPage("通报", bulletin.get_absolute_url()),
        KeyPage("重大隐患挂牌督办看板", reverse("major_hazards:board")),
        KeyPage("挂牌督办清单", reverse("major_hazards:listings")),
        KeyPage("用户列表", reverse("users:list")),
        KeyPage("双随机抽取", reverse("draws:list")),
        KeyPage("新建抽取", submit_empty=True, path=reverse("draws:create")),
        KeyPage("抽取结果", Draw.objects.order_by("-pk").first().get_absolute_url()),
        KeyPage("年度计划", reverse("plans:list")),
        KeyPage("年度计划详情", SupervisionPlan.objects.approved().order_by("-year").first().get_absolute_url()),
        KeyPage("编制年度计划", submit_empty=True, path=reverse("plans:create")),
        KeyPage("检查频次超出计划", reverse("plans:over_planned")),
        KeyPage("事故列表", reverse("accidents:list")),
        KeyPage(
            "事故详情",
            Accident.objects.filter(investigation__status="approved").order_by("pk").first().get_absolute_url(),
        ),
        KeyPage("登记事故快报", submit_empty=True, path=reverse("accidents:create")),
        KeyPage("后续处理", reverse("accidents:follow_ups")),
        _document(user),
    ]


def _inspector_pages(user):
    # The checklist is a form on an inspection's page until a document is issued from it.
    inspection = visible_inspections(user).filter(documents__isnull=True).order_by("-pk").first()
    assert inspection, "the demo has no inspection without documents"
    return [
        KeyPage("首页", reverse("home")),
        KeyPage("开始检查", submit_empty=True, path=reverse("inspections:create")),
        KeyPage("检查表", inspection.get_absolute_url()),
        KeyPage("应检企业", reverse("enterprises:due")),
        KeyPage("隐患列表", reverse("hazards:list")),
        KeyPage("重大事故隐患判定标准", reverse("major_hazards:criteria")),
        KeyPage("重大事故隐患（有判定依据）", _judged_hazard(user)),
        _document(user),
    ]


def _judged_hazard(user):
    hazard = visible_hazards(user).filter(criterion__isnull=False).order_by("-pk").first()
    assert hazard, "the demo has no hazard judged by an item of the criteria"
    return hazard.get_absolute_url()


def _grid_officer_pages(user):
    cells = scope_roots(user)
    assert cells, "the demo's grid_a holds no cell"
    return [
        KeyPage("首页", reverse("home")),
        KeyPage("隐患列表", reverse("hazards:list")),
        KeyPage("网格", cells[0].get_absolute_url()),
        KeyPage("重大隐患挂牌督办看板", reverse("major_hazards:board")),
        KeyPage("企业名录", reverse("enterprises:list")),
    ]


def _enterprise_pages(user):
    return [
        KeyPage("首页（企业档案）", reverse("home")),
        KeyPage("隐患列表", reverse("hazards:list")),
        KeyPage("上报隐患", submit_empty=True, path=reverse("hazards:new")),
        KeyPage("隐患详情", visible_hazards(user).order_by("-pk").first().get_absolute_url()),
        KeyPage("自查（提交表单）", reverse("self_checks:list")),
        _document(user),
    ]
