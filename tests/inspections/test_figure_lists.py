"""The lists behind the dashboard's figures (issue #15): each selects exactly what its figure counts.

Every list page carries its total on one element, `data-total`; the figure links to the list with the period as
query parameters, so the list's total for a period must equal the figure's (inspections.figures)."""

import re
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau.figures import Period, count_values
from enterprises.models import Industry
from inspections.enforcement.models import Case, Document
from inspections.enforcement.money import ten_thousands
from inspections.enforcement.specs import DocumentKind
from inspections.inspection.models import Inspection, InspectionKind
from inspections.registers.models import Expert, Talk
from tests.factories import make_enterprise

# The registry's keys under the names these tests use.
FIGURES = {
    "inspector_visits": "inspections.inspector_visits",
    "expert_visits": "inspections.expert_visits",
    "talks_chemical_heads": "talks.chemicals",
    "suspended_enterprises": "documents.suspended_enterprises",
    "fines": "documents.fines",
}


def figure_values(viewer, start, end):
    values = count_values(list(FIGURES.values()), viewer, Period(start, end))
    return {name: values[key] for name, key in FIGURES.items()}


def total(response):
    """The page's total: the one element with data-total."""
    assert response.status_code == 200
    found = re.findall(r'data-total="([^"]*)"', response.content.decode())
    assert len(found) == 1, f"expected one data-total, found {found}"
    return found[0]


def get_total(client, user, name, **params):
    client.force_login(user)
    return total(client.get(reverse(name), params))


def inspect(enterprise, day, inspectors, experts=(), kind=InspectionKind.ROUTINE):
    inspection = Inspection.objects.create(enterprise=enterprise, date=day, kind=kind, created_by=inspectors[0])
    inspection.inspectors.set(inspectors)
    inspection.experts.set(experts)
    return inspection


def at(day, hour=10, minute=0):
    """A moment of `day` in the bureau's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def issue(enterprise, kind, signer, day, clock=None, **fields):
    """A document as the register holds it, numbered 测试〔year〕n号 in the order made; written directly (the
    service's rules are tested in test_documents.py)."""
    n = Document.objects.count() + 1
    return Document.objects.create(
        kind=kind,
        number=f"测试〔{day.year}〕{n}号",
        year=day.year,
        sequence=n,
        enterprise=enterprise,
        issued_by=signer,
        issued_at=at(day, **(clock or {})),
        **fields,
    )


def talk(enterprise, day, staff):
    return Talk.objects.create(enterprise=enterprise, head_name="王总", date=day, topics="安全投入", created_by=staff)


# Cases ---------------------------------------------------------------------------------------------------------------


def test_cases_between_two_days_both_included(client, world, inspector, staff):
    for day in (date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 31), date(2026, 4, 1)):
        Case.objects.create(enterprise=world.enterprise_x, title="违法行为", opened_on=day, created_by=inspector)

    assert get_total(client, staff, "cases:list") == "4"
    assert get_total(client, staff, "cases:list", opened_after="2026-03-01", opened_before="2026-03-31") == "2"
    assert get_total(client, staff, "cases:list", opened_after="2026-03-02") == "2"
    assert get_total(client, staff, "cases:list", opened_before="2026-02-28") == "1"


def test_cases_of_a_grid_officer_are_those_of_their_cells(client, world, inspector, grid_officer_a):
    Case.objects.create(enterprise=world.enterprise_x, title="甲", created_by=inspector)
    Case.objects.create(enterprise=world.enterprise_y, title="乙", created_by=inspector)

    assert get_total(client, grid_officer_a, "cases:list") == "1"


# Inspections and the people who made them ----------------------------------------------------------------------------


@pytest.fixture
def visits(world, inspector, inspector2):
    """X inspected on 3-1 (two inspectors, one expert) and 3-31 (two, two experts); Y on 4-1 (two, one expert)."""
    chen, li = (
        Expert.objects.create(name="陈工", specialty="危化品", organization="设计院"),
        Expert.objects.create(name="李工", specialty="机械"),
    )
    pair = [inspector, inspector2]
    inspect(world.enterprise_x, date(2026, 3, 1), pair, [chen])
    inspect(world.enterprise_x, date(2026, 3, 31), pair, [chen, li])
    inspect(world.enterprise_y, date(2026, 4, 1), pair, [li])


def test_the_inspection_list_carries_its_total(client, visits, staff, grid_officer_a):
    assert get_total(client, staff, "inspections:list") == "3"
    assert get_total(client, staff, "inspections:list", date_after="2026-03-31") == "2"
    assert get_total(client, grid_officer_a, "inspections:list") == "2"


def test_inspector_visits_are_one_row_per_inspector_of_each_inspection(client, visits, staff):
    assert get_total(client, staff, "inspections:inspector_visits") == "6"
    march = {"date_after": "2026-03-01", "date_before": "2026-03-31"}
    assert get_total(client, staff, "inspections:inspector_visits", **march) == "4"
    assert get_total(client, staff, "inspections:inspector_visits", date_after="2026-04-01") == "2"


def test_inspector_visits_by_enterprise_name_or_credit_code(client, world, visits, staff):
    code = world.enterprise_y.credit_code.lower()
    assert get_total(client, staff, "inspections:inspector_visits", enterprise="企业X") == "4"
    assert get_total(client, staff, "inspections:inspector_visits", enterprise=code) == "2"


def test_inspector_visits_match_the_figure_for_a_period(client, visits, staff):
    figures = figure_values(staff, date(2026, 3, 1), date(2026, 3, 31))
    period = {"date_after": "2026-03-01", "date_before": "2026-03-31"}

    assert get_total(client, staff, "inspections:inspector_visits", **period) == str(figures["inspector_visits"])
    assert get_total(client, staff, "inspections:expert_visits", **period) == str(figures["expert_visits"])


def test_inspector_visits_are_scoped_to_the_viewers_cells(client, visits, grid_officer_a, enterprise_user_x):
    client.force_login(grid_officer_a)
    response = client.get(reverse("inspections:inspector_visits"))
    assert total(response) == "4"
    assert "企业Y" not in response.content.decode()
    client.force_login(enterprise_user_x)
    assert client.get(reverse("inspections:inspector_visits")).status_code == 403


def test_the_inspection_list_links_to_the_inspector_visits_of_the_same_period(client, visits, staff):
    client.force_login(staff)
    page = client.get(reverse("inspections:list"), {"date_after": "2026-03-01", "kind": "routine"}).content.decode()

    link = re.search(r'href="(/inspections/inspectors/[^"]*)"', page).group(1).replace("&amp;", "&")
    assert link == reverse("inspections:inspector_visits") + "?date_after=2026-03-01"
    assert total(client.get(link)) == "6"


def test_expert_visits_are_one_row_per_expert_of_each_inspection(client, visits, staff):
    client.force_login(staff)
    response = client.get(reverse("inspections:expert_visits"), {"enterprise": "企业X"})

    assert total(response) == "3"
    assert response.content.decode().count("陈工") == 2
    assert "设计院" in response.content.decode()
    assert get_total(client, staff, "inspections:expert_visits", date_before="2026-03-01") == "1"


def test_expert_visits_are_the_bureaus(client, visits, grid_officer_a, enterprise_user_x):
    for user in (grid_officer_a, enterprise_user_x):
        client.force_login(user)
        assert client.get(reverse("inspections:expert_visits")).status_code == 403


def test_the_expert_roster_links_to_the_expert_visits(client, staff):
    client.force_login(staff)
    assert reverse("inspections:expert_visits") in client.get(reverse("inspections:experts")).content.decode()


# Talks ---------------------------------------------------------------------------------------------------------------


def test_talks_by_the_enterprises_industry(client, world, staff, enterprise_user_x):
    mine = make_enterprise(grid_cell=world.village_a, industry=Industry.NON_COAL_MINE)
    chemicals = make_enterprise(grid_cell=world.village_b, industry=Industry.CHEMICALS)
    for enterprise, n in ((mine, 2), (chemicals, 3), (world.enterprise_x, 1)):
        for _ in range(n):
            talk(enterprise, date(2026, 3, 1), staff)

    assert get_total(client, staff, "inspections:talks") == "6"
    assert get_total(client, staff, "inspections:talks", industry=Industry.NON_COAL_MINE) == "2"
    assert get_total(client, staff, "inspections:talks", industry=Industry.CHEMICALS) == "3"
    # An enterprise sees its own talks only.
    assert get_total(client, enterprise_user_x, "inspections:talks") == "1"
    assert get_total(client, enterprise_user_x, "inspections:talks", industry=Industry.CHEMICALS) == "0"


def test_talks_match_the_figure_for_a_period(client, world, staff):
    chemicals = make_enterprise(grid_cell=world.village_a, industry=Industry.CHEMICALS)
    talk(chemicals, date(2026, 3, 1), staff)
    talk(chemicals, date(2026, 5, 1), staff)
    figures = figure_values(staff, date(2026, 3, 1), date(2026, 3, 31))

    period = {"date_after": "2026-03-01", "date_before": "2026-03-31", "industry": Industry.CHEMICALS}
    assert get_total(client, staff, "inspections:talks", **period) == str(figures["talks_chemical_heads"]) == "1"


# Documents -----------------------------------------------------------------------------------------------------------


@pytest.fixture
def papers(world, inspector):
    """X: an order (3-1), a suspending measures decision (3-10) corrected by another (3-12), a penalty of 20000
    (3-31, 00:30 Beijing time: the day before in UTC); Y: a suspending measures decision (4-1), a penalty of 12500
    corrected by one of 30000 (4-2)."""
    x, y = world.enterprise_x, world.enterprise_y
    kinds = DocumentKind
    issue(x, kinds.RECTIFICATION_ORDER, inspector, date(2026, 3, 1))
    old = issue(x, kinds.MEASURES_DECISION, inspector, date(2026, 3, 10), suspends=True)
    issue(x, kinds.MEASURES_DECISION, inspector, date(2026, 3, 12), suspends=True, supersedes=old)
    issue(x, kinds.PENALTY_DECISION, inspector, date(2026, 3, 31), fine_amount=20000, clock={"hour": 0, "minute": 30})
    issue(y, kinds.MEASURES_DECISION, inspector, date(2026, 4, 1), suspends=True)
    wrong = issue(y, kinds.PENALTY_DECISION, inspector, date(2026, 4, 2), fine_amount=Decimal("12500"))
    issue(y, kinds.PENALTY_DECISION, inspector, date(2026, 4, 2), fine_amount=30000, supersedes=wrong)


def test_the_register_lists_every_document_newest_first(client, papers, staff):
    client.force_login(staff)
    response = client.get(reverse("documents:register"))
    page = response.content.decode()

    assert total(response) == "7"
    assert page.index("测试〔2026〕7号") < page.index("测试〔2026〕1号")
    assert page.count("已被更正/作废") == 2
    assert "行政处罚决定书" in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": DocumentKind.MEASURES_DECISION}, "3"),
        ({"kind": DocumentKind.PENALTY_DECISION, "current": "1"}, "2"),
        ({"current": "1"}, "5"),
        ({"year": "2026"}, "7"),
        ({"year": "2025"}, "0"),
        ({"issued_after": "2026-03-31"}, "4"),
        ({"issued_after": "2026-03-10", "issued_before": "2026-03-12"}, "2"),
        ({"issued_before": "2026-03-30"}, "3"),
        ({"enterprise": "企业Y"}, "3"),
        ({"year": "abc"}, "7"),  # not a year: the filter is left out, not a 500
    ],
)
def test_the_register_filters(client, papers, staff, params, expected):
    assert get_total(client, staff, "documents:register", **params) == expected


def test_the_dossier_links_to_all_the_enterprises_documents_in_the_register(
    client, world, papers, staff, enterprise_user_x
):
    client.force_login(staff)
    page = client.get(reverse("enterprises:detail", args=[world.enterprise_x.pk])).content.decode()

    link = f"{reverse('documents:register')}?enterprise={world.enterprise_x.credit_code}"
    assert link in page
    assert total(client.get(link)) == "4"
    client.force_login(enterprise_user_x)  # the enterprise sees its documents on its dossier, not the register
    assert link not in client.get(reverse("enterprises:detail", args=[world.enterprise_x.pk])).content.decode()


def test_the_register_is_scoped_to_the_viewers_cells(client, papers, grid_officer_a, enterprise_user_x):
    assert get_total(client, grid_officer_a, "documents:register") == "4"
    client.force_login(enterprise_user_x)
    assert client.get(reverse("documents:register")).status_code == 403


def test_suspensions_are_one_row_per_enterprise_with_its_current_documents(client, papers, staff):
    client.force_login(staff)
    response = client.get(reverse("documents:suspensions"))
    page = response.content.decode()

    assert total(response) == "2"
    assert "测试〔2026〕3号" in page  # X's correction, not the corrected one
    assert "测试〔2026〕2号" not in page
    assert get_total(client, staff, "documents:suspensions", issued_before="2026-03-31") == "1"
    assert get_total(client, staff, "documents:suspensions", issued_after="2026-04-01") == "1"


def test_an_enterprise_whose_suspension_was_corrected_before_the_period_is_not_listed(client, papers, staff):
    # X's corrected decision (3-10) is out; its correction (3-12) falls outside 3-01..3-11.
    assert get_total(client, staff, "documents:suspensions", issued_before="2026-03-11") == "0"


def test_suspensions_match_the_figure_and_the_viewers_scope(client, papers, staff, grid_officer_a):
    figures = figure_values(staff, date(2026, 3, 1), date(2026, 4, 30))
    period = {"issued_after": "2026-03-01", "issued_before": "2026-04-30"}

    assert get_total(client, staff, "documents:suspensions", **period) == str(figures["suspended_enterprises"])
    assert get_total(client, grid_officer_a, "documents:suspensions", **period) == "1"


def test_fines_sum_the_current_penalty_decisions_in_ten_thousands(client, papers, staff):
    client.force_login(staff)
    response = client.get(reverse("documents:fines"))

    assert total(response) == "5"  # 20000 + 30000; the corrected 12500 is out
    assert "处罚决定 2 份" in response.content.decode()
    assert get_total(client, staff, "documents:fines", enterprise="企业X") == "2"
    assert get_total(client, staff, "documents:fines", issued_after="2026-04-03") == "0"


def test_fines_count_by_the_day_in_beijing_as_the_figure_does(client, papers, staff):
    # X's penalty was issued 3-31 00:30 in Beijing, 3-30 in UTC: it belongs to 3-31.
    figures = figure_values(staff, date(2026, 3, 31), date(2026, 3, 31))
    period = {"issued_after": "2026-03-31", "issued_before": "2026-03-31"}

    assert get_total(client, staff, "documents:fines", **period) == ten_thousands(figures["fines"]) == "2"


def test_fines_are_scoped_to_the_viewers_cells(client, papers, grid_officer_a, grid_officer_b, enterprise_user_y):
    assert get_total(client, grid_officer_a, "documents:fines") == "2"
    assert get_total(client, grid_officer_b, "documents:fines") == "3"
    client.force_login(enterprise_user_y)
    assert client.get(reverse("documents:fines")).status_code == 403


@pytest.mark.parametrize(
    ("amount", "text"), [(50000, "5"), (12500, "1.25"), (0, "0"), (None, "0"), (Decimal("100000.00"), "10")]
)
def test_ten_thousands(amount, text):
    assert ten_thousands(amount) == text


# The query count does not grow with the rows --------------------------------------------------------------------------


def _rows(name, n, world, inspector, inspector2, staff):
    """n rows of the list `name`, all of enterprise X or of n enterprises."""
    x, kinds, day = world.enterprise_x, DocumentKind, date(2026, 3, 1)
    if name == "cases:list":
        for _ in range(n):
            Case.objects.create(enterprise=x, title="违法行为", created_by=inspector)
    elif name in ("inspections:list", "inspections:inspector_visits"):
        for _ in range(n if name == "inspections:list" else n // 2):
            inspect(x, day, [inspector, inspector2])
    elif name == "inspections:expert_visits":
        for i in range(n):
            inspect(x, day, [inspector, inspector2], [Expert.objects.create(name=f"专家{i}", specialty="机械")])
    elif name == "inspections:talks":
        for _ in range(n):
            talk(x, day, staff).interviewers.set([inspector, inspector2])
    elif name == "documents:register":
        for i in range(n):
            old = issue(x, kinds.RECTIFICATION_ORDER, inspector, day)
            if i % 2:
                issue(x, kinds.RECTIFICATION_ORDER, inspector2, day, supersedes=old)
    elif name == "documents:suspensions":
        for _ in range(n):
            issue(make_enterprise(grid_cell=world.village_a), kinds.MEASURES_DECISION, inspector, day, suspends=True)
    elif name == "documents:fines":
        for _ in range(n):
            issue(x, kinds.PENALTY_DECISION, inspector, day, fine_amount=10000)


LISTS = [
    "cases:list",
    "inspections:list",
    "inspections:inspector_visits",
    "inspections:expert_visits",
    "inspections:talks",
    "documents:register",
    "documents:suspensions",
    "documents:fines",
]


@pytest.mark.parametrize("name", LISTS)
def test_the_query_count_does_not_grow_with_the_rows(
    name, client, world, inspector, inspector2, staff, django_assert_max_num_queries
):
    client.force_login(staff)
    _rows(name, 2, world, inspector, inspector2, staff)
    with django_assert_max_num_queries(50) as few:
        assert client.get(reverse(name)).status_code == 200
    _rows(name, 18, world, inspector, inspector2, staff)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse(name))
    assert int(total(response)) >= 20
