"""The key pages of issue #17's accessibility check, for each role, found in the data of `seed_demo --scale small`.

One demo persona per role (the second inspector, grid officer and enterprise user see the same templates). Each
page is (label, path, printable): printable pages are also checked as printed (the A4 print stylesheet).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.urls import reverse

from bureau.assessment.models import Bulletin, Ranking
from enterprises.permissions import enterprise_id_of
from grids.permissions import scope_roots
from inspections.campaigns.models import Campaign
from inspections.permissions import visible_documents, visible_inspections

PERSONAS = ["anonymous", "admin", "staff", "inspector", "grid_a", "ent_a"]


@dataclass(frozen=True)
class KeyPage:
    persona: str
    label: str
    path: str
    printable: bool = False


def key_pages(persona):
    """The persona's key pages, in the order a person would open them."""
    if persona == "anonymous":
        return [KeyPage(persona, "登录", reverse("login"))]
    user = get_user_model().objects.get(username=persona)
    pages = {
        "admin": _admin_pages,
        "staff": _staff_pages,
        "inspector": _inspector_pages,
        "grid_a": _grid_officer_pages,
        "ent_a": _enterprise_pages,
    }[persona](user)
    return [KeyPage(persona, label, path, printable) for label, path, printable in pages]


def _document(user):
    document = visible_documents(user).order_by("-pk").first()
    assert document, f"the demo gives {user.username} no document to look at"
    return ("文书（打印页）", document.get_absolute_url(), True)


def _admin_pages(user):
    return [
        ("首页", reverse("home"), False),
        ("用户列表", reverse("users:list"), False),
        ("新建用户", reverse("users:create"), False),
        ("操作日志", reverse("audit:list"), False),
        ("网格", reverse("grids:tree"), False),
    ]


def _staff_pages(user):
    ranking = Ranking.objects.order_by("-year", "-quarter").first()
    bulletin = Bulletin.objects.current().order_by("-pk").first()
    campaign = Campaign.objects.order_by("-pk").first()
    assert ranking and bulletin and campaign, "the demo has no ranking, bulletin or campaign"
    enterprise_pk = enterprise_id_of(get_user_model().objects.get(username="ent_a"))
    return [
        ("首页（工作台）", reverse("home"), False),
        ("企业名录", reverse("enterprises:list"), False),
        ("企业档案", reverse("enterprises:detail", args=[enterprise_pk]), False),
        ("隐患列表", reverse("hazards:list"), False),
        ("上报隐患", reverse("hazards:new"), False),
        ("应检企业", reverse("enterprises:due"), False),
        ("专项整治与对象", campaign.get_absolute_url(), False),
        ("排名列表", reverse("rankings:list"), False),
        ("季度排名", ranking.get_absolute_url(), False),
        ("通报", bulletin.get_absolute_url(), False),
        ("用户列表", reverse("users:list"), False),
        _document(user),
    ]


def _inspector_pages(user):
    # The checklist is a form on an inspection's page until a document is issued from it.
    inspection = visible_inspections(user).filter(documents__isnull=True).order_by("-pk").first()
    assert inspection, "the demo has no inspection without documents"
    return [
        ("首页", reverse("home"), False),
        ("开始检查", reverse("inspections:create"), False),
        ("检查表", inspection.get_absolute_url(), False),
        ("应检企业", reverse("enterprises:due"), False),
        ("隐患列表", reverse("hazards:list"), False),
        _document(user),
    ]


def _grid_officer_pages(user):
    cells = scope_roots(user)
    assert cells, "the demo's grid_a holds no cell"
    return [
        ("首页", reverse("home"), False),
        ("隐患列表", reverse("hazards:list"), False),
        ("网格", cells[0].get_absolute_url(), False),
        ("企业名录", reverse("enterprises:list"), False),
    ]


def _enterprise_pages(user):
    return [
        ("首页（企业档案）", reverse("home"), False),
        ("隐患列表", reverse("hazards:list"), False),
        ("上报隐患", reverse("hazards:new"), False),
        ("自查（提交表单）", reverse("self_checks:list"), False),
        _document(user),
    ]
