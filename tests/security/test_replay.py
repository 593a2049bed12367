"""A submit happens once: a replayed POST or a second click creates and changes nothing, and says so.

Every creating form and every state-change button of the permission matrix (its URLs, personas and objects) is
submitted as a browser would: the page that shows the form is opened, its POST form read (with its hidden one-time
submission key), a few fields filled, and the same data posted twice. The first POST writes; the second leaves every
row of every table as it was and tells the user why (a creating form: "该表单已提交过，未重复创建。", and it goes where
the first went; a state change: "该操作已完成").

A new URL that answers a signed-in POST with a redirect must get a case here or a reason in NOT_REPLAYED.
"""

from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bureau import once
from bureau.assessment.bulletins import bulletin_correction_draft
from bureau.assessment.scoring import compute_ranking
from hazards.models import Hazard
from hazards.services import hazard_report
from inspections.accidents.services import investigation_save, investigation_submit
from inspections.enforcement import dishonest
from inspections.enforcement.approval import draft_submit
from inspections.enforcement.dishonest_models import DishonestListing
from inspections.enforcement.specs import DocumentKind
from inspections.inspection.models import ChecklistItem
from inspections.planning.plan_services import plan_approve
from inspections.planning.services import draw_prepare, draw_run
from tests.factories import make_credit_code, make_image
from tests.inspections.payment_helpers import with_enforcement_applied, with_unapplied_case
from tests.procedure import decided_case, filed_case, investigated_case, issue_for, serve
from tests.security import test_permission_matrix as matrix
from tests.security.page_forms import post_form

TODAY = timezone.localdate()
MATRIX, PERSONAS = matrix.MATRIX, matrix.PERSONAS
# The matrix's personas and objects, made once for this module too (each test in a savepoint rolled back).
_built, built = matrix._built, matrix.built


@dataclass(frozen=True)
class Replay:
    """One form: who submits it, the page that shows it (the URL itself when None), the values filled in (a
    function of the objects, called for each POST: files are read once), the values that pick the form on a page
    with several to one URL, and the objects to make first (setup(objects, users) -> objects)."""

    persona: str
    page: object = None
    data: object = None
    has: dict | None = None
    setup: object = None
    same_place: bool = True  # the replay goes where the first submit went


def page(name, *args):
    return lambda o: reverse(name, args=[a(o) if callable(a) else a for a in args])


def hazard_fields(o):
    return {
        "found_on": TODAY.isoformat(),
        "location": "二楼胶粘车间",
        "description": "溶剂油桶未加盖",
        "category": "site",
        "subcategory": "equipment",
        "level": "general",
        "rectification_deadline": (TODAY + timedelta(days=10)).isoformat(),
        "responsible_person": "周晓东",
        "photos": make_image(),
    }


def with_fresh_hazard(o, users):
    """A hazard of X with no extension request yet."""
    hazard = hazard_report(
        hazard=Hazard(
            enterprise=o.enterprise,
            found_on=TODAY,
            location="仓库",
            description="灭火器过期",
            category="site",
            subcategory="equipment",
            rectification_deadline=TODAY + timedelta(days=10),
            responsible_person="王建国",
        ),
        actor=users["enterprise_user_x"],
        photos=[make_image()],
    )
    return SimpleNamespace(**{**vars(o), "hazard": hazard})


def with_checklist_item(o, users):
    ChecklistItem.objects.create(text="安全出口畅通")
    return o


def with_draft_bulletin(o, users):
    """A draft to publish: the world's quarter has its bulletin published, so the draft is its correction."""
    draft = bulletin_correction_draft(corrects=o.bulletin, reason="总分有误", actor=users["staff"])
    return SimpleNamespace(**{**vars(o), "bulletin": draft})


def with_unbulletined_quarter(o, users):
    """The quarter before the world's, ranked and without a bulletin: the world's has one published, which
    refuses a new draft."""
    quarter = o.quarter.previous()
    compute_ranking(quarter)
    return SimpleNamespace(**{**vars(o), "quarter": quarter})


def with_evidence_case(o, users):
    """A case with its filing approved and a site record, and no report drafted yet."""
    case = filed_case(o.enterprise, users["inspector"], users["inspector2"], title="未设置安全警示标志")
    issue_for(case, DocumentKind.SITE_RECORD, users["inspector"], users["inspector2"], facts="现场勘验")
    return SimpleNamespace(**{**vars(o), "case": case})


def with_noticed_case(o, users):
    """A case whose penalty notice was served today: the party may now waive its periods."""
    inspector, inspector2 = users["inspector"], users["inspector2"]
    case = investigated_case(o.enterprise, inspector, inspector2)
    serve(issue_for(case, DocumentKind.PENALTY_NOTICE, inspector, inspector2, fine_amount=20000), inspector)
    return SimpleNamespace(**{**vars(o), "case": case})


def with_submitted_draft(o, users):
    draft_submit(draft=o.draft, actor=users["inspector"])
    return o


HAZARD_PAGE = page("hazards:detail", lambda o: o.hazard.pk)
LISTED_PAGE = page("hazards:detail", lambda o: o.major_listing.hazard_id)


def with_rectified_listing(o, users):
    """The listed hazard reported rectified by its enterprise: the bureau may now accept it."""
    Hazard.objects.filter(pk=o.major_listing.hazard_id).update(status="rectified")
    return o


FINED_PAGE = page("cases:detail", lambda o: o.fined_case.pk)
QUARTER_PAGE = page("rankings:detail", lambda o: o.quarter.slug)

CREATING = {
    "major_hazards:create": Replay("staff", data=lambda o: dict(matrix.LISTING_FIELDS)),
    "major_hazards:progress": Replay("enterprise_user_x", page=LISTED_PAGE, data=lambda o: {"text": "材料已到场"}),
    "hazards:new": Replay("enterprise_user_x", data=hazard_fields),
    "hazards:request_extension": Replay(
        "enterprise_user_x",
        page=HAZARD_PAGE,
        setup=with_fresh_hazard,
        data=lambda o: {"requested_deadline": (TODAY + timedelta(days=40)).isoformat(), "reason": "设备到货延迟"},
    ),
    "self_checks:submit": Replay(
        "enterprise_user_y", page=page("self_checks:list"), data=lambda o: {"found_nothing": "on"}
    ),
    "self_checks:statistics_submit": Replay("enterprise_user_y", page=page("self_checks:statistics")),
    "inspections:create": Replay(
        "inspector",
        data=lambda o: {
            "enterprise": o.enterprise.credit_code,
            "date": TODAY.isoformat(),
            "inspectors": [o.inspectors[0].pk, o.inspectors[1].pk],
            "summary": "复查",
        },
    ),
    "inspections:checklist": Replay(
        "inspector", page=page("inspections:detail", lambda o: o.inspection.pk), setup=with_checklist_item
    ),
    "inspections:add_finding": Replay("inspector", data=hazard_fields),
    "inspections:expert_create": Replay("staff", data=lambda o: {"name": "李工", "specialty": "机械安全"}),
    "inspections:talk_create": Replay(
        "inspector",
        data=lambda o: {
            "enterprise": o.enterprise.credit_code,
            "head_name": "赵总",
            "date": TODAY.isoformat(),
            "interviewers": [o.inspectors[0].pk],
            "topics": "落实全员安全生产责任制",
        },
    ),
    "documents:issue": Replay("inspector", data=lambda o: {"co_signer": o.inspectors[1].pk, "facts": "现场检查"}),
    "cases:open": Replay("inspector", data=lambda o: {"title": "未设置安全警示标志", "co_signer": o.inspectors[1].pk}),
    "cases:dishonest:propose": Replay(
        "inspector", data=lambda o: {"condition": "other_serious", "facts": "拒不执行停产停业决定"}
    ),
    "cases:violations": Replay(
        "inspector", data=lambda o: {"version": o.violation.current_id, "party_kind": "unit", "fine": "20000"}
    ),
    "cases:payment_record": Replay(
        "inspector",
        page=FINED_PAGE,
        data=lambda o: {"amount": "5000", "paid_on": TODAY.isoformat(), "receipt_number": "33010099"},
    ),
    "cases:arrangement_apply": Replay(
        "inspector",
        page=FINED_PAGE,
        setup=with_unapplied_case,
        data=lambda o: {
            "kind": "instalments",
            "reason": "资金周转困难",
            "instalment_count": "3",
            "first_due_on": (TODAY + timedelta(days=10)).isoformat(),
        },
    ),
    "cases:ruling_record": Replay(
        "inspector",
        page=FINED_PAGE,
        setup=with_enforcement_applied,
        data=lambda o: {
            "court": "瑞安市人民法院",
            "ruling_number": "（2026）浙0381行审3号",
            "ruled_on": TODAY.isoformat(),
            "outcome": "准予强制执行，已执行到位",
        },
    ),
    "cases:draft_new": Replay(
        "inspector", setup=with_evidence_case, data=lambda o: {"co_signer": o.inspectors[1].pk, "fine_amount": "20000"}
    ),
    "cases:serve": Replay(
        "inspector",
        data=lambda o: {"method": "direct", "served_on": TODAY.isoformat(), "recipient": "张三", "signed": "on"},
    ),
    "cases:party": Replay("inspector", setup=with_noticed_case, data=lambda o: {"made_on": TODAY.isoformat()}),
    # The bulk mark carries a one-time key: a replay marks nothing, not even a target come into the filter since.
    "campaigns:mark_targets": Replay(
        "staff", page=page("campaigns:detail", lambda o: o.campaign.pk), data=lambda o: {"scope": "all"}
    ),
    "campaigns:create": Replay(
        "staff",
        data=lambda o: {
            "name": "有限空间专项整治",
            "start_date": TODAY.isoformat(),
            "end_date": (TODAY + timedelta(days=60)).isoformat(),
            "industries": ["machinery"],
        },
    ),
    "draws:create": Replay(
        "staff", data=lambda o: {"title": "第二批双随机抽查", "year": "2026", "month": "4", "ratio_percent": "50"}
    ),
    "plans:create": Replay("staff", data=lambda o: {"year": str(TODAY.year + 1), "title": "下年度监督检查计划"}),
    "draws:conflict_declare": Replay(
        "staff",
        page=page("draws:roster_edit", lambda o: o.officer.pk),
        data=lambda o: {
            "enterprise": o.enterprise.credit_code,
            "reason": "近亲属任职",
            "declared_on": TODAY.isoformat(),
        },
    ),
    "enterprises:create": Replay(
        "staff",
        data=lambda o: {
            "name": "瑞安市重放测试有限公司",
            "credit_code": o.new_credit_code,
            "industry": "machinery",
            "grid_cell": o.cell.code,
            "employees": "12",
            "status": "operating",
            "service_mode": "agency",
            "service_provider": "温州安泰安全技术服务有限公司",
        },
    ),
    "enterprises:source_create": Replay(
        "staff", data=lambda o: {"name": "甲醇储罐", "level": "3", "registered_on": TODAY.isoformat()}
    ),
    "enterprises:grade": Replay(
        "staff",
        page=page("enterprises:detail", lambda o: o.enterprise.pk),
        data=lambda o: {"grade": "yellow", "effective_date": TODAY.isoformat(), "reason": "隐患整改不及时"},
    ),
    "grids:assign": Replay(
        "bureau_admin",
        page=page("grids:detail", lambda o: o.cell.code),
        data=lambda o: {"user": o.officer_b.pk, "capacity": "member", "start_date": TODAY.isoformat()},
    ),
    "users:create": Replay(
        "staff",
        data=lambda o: {
            "username": "replay.user",
            "role": "inspector",
            "password1": "Qw7#zkmPx2",
            "password2": "Qw7#zkmPx2",
        },
    ),
    "rankings:compute": Replay("staff", page=QUARTER_PAGE),
    "rankings:draft_bulletin": Replay("staff", page=QUARTER_PAGE, setup=with_unbulletined_quarter, same_place=False),
    "bulletins:correct": Replay("staff", data=lambda o: {"reason": "漏计一起生产安全事故"}),
    "rankings:pre_deduction_create": Replay(
        "staff", data=lambda o: {"town": o.enterprise.town_id, "points": "3", "reason": "安全台账不全"}
    ),
    "rankings:restore": Replay("staff", data=lambda o: {"points": "1", "evidence": "复查记录 2026-15 号"}),
    "accidents:create": Replay(
        "staff",
        data=lambda o: {
            "credit_code": o.enterprise.credit_code,
            "occurred_at": f"{TODAY.isoformat()}T00:10",
            "kind": "struck",
            "injuries": "1",
            "summary": "搬运时砸伤脚部",
        },
    ),
    "accidents:edit": Replay("staff", data=lambda o: {"place": "三号车间"}),
    "major_hazards:criterion_edit": Replay("staff", data=lambda o: {"confirmed": "on"}),
    "major_hazards:edit": Replay("staff", data=lambda o: {"leader_name": "陈立"}),
    "accidents:supplement": Replay("inspector", data=lambda o: {"deaths": "2", "note": "一名重伤人员经抢救无效死亡"}),
    "accidents:investigation": Replay("inspector", data=lambda o: {"cause": "未停机检修"}),
    "accidents:extend": Replay("staff", data=lambda o: {"days": "30", "reason": "需进行技术鉴定"}),
    "accidents:follow_up_create": Replay(
        "staff",
        data=lambda o: {"date": TODAY.isoformat(), "kind": "bulletin", "person_count": "1", "summary": "约谈问责"},
    ),
    "accidents:accident_follow_up_create": Replay(
        "staff",
        data=lambda o: {"date": TODAY.isoformat(), "kind": "criminal", "person_count": "2", "summary": "移送司法"},
    ),
    "accidents:follow_up_edit": Replay("staff", data=lambda o: {"status": "done", "done_on": TODAY.isoformat()}),
    # A day of a year with no schedule loaded (the matrix's sample is 1 October of that year).
    "calendar:create": Replay(
        "staff", data=lambda o: {"date": f"{TODAY.year + 3}-01-01", "kind": "holiday", "name": "元旦"}
    ),
}


def with_decided_case(o, users):
    """A decided case, its decision served: the button may take it two steps (executed, then closed), so a second
    click would."""
    case, _ = decided_case(o.enterprise, users["inspector"], users["inspector2"])
    return SimpleNamespace(**{**vars(o), "case": case})


DRAFT_PAGE = page("cases:draft", lambda o: o.case.pk, lambda o: o.draft.pk)


def with_prepared_draw(o, users):
    """A draw prepared and not yet run (the world's has run)."""
    draw = draw_prepare(title="双随机抽查", year=2026, month=4, criteria={}, count=1, actor=users["staff"])
    return SimpleNamespace(**{**vars(o), "draw": draw})


def with_run_draw(o, users):
    """A draw run and not yet published (the world's is published)."""
    draw = draw_prepare(title="双随机抽查", year=2026, month=4, criteria={}, count=1, actor=users["staff"])
    draw_run(draw=draw, actor=users["staff"])
    return SimpleNamespace(**{**vars(o), "draw": draw})


def with_approved_plan(o, users):
    """The sample plan approved: its page then offers the revision."""
    plan_approve(plan=o.plan, actor=users["staff"])
    return o


def _listing_at(o, users, *, answered=False, listed=False, repair=False, published=True):
    """The matrix's proposed listing moved on: told (today), answered, listed by staff, a year on, applied."""
    listing, inspector = o.listing, users["inspector"]
    listing = dishonest.dishonest_notify(listing=listing, served_on=TODAY, actor=inspector)
    if answered or listed:
        listing = dishonest.dishonest_answer(listing=listing, answer="已整改", answered_on=TODAY, actor=inspector)
    if listed:
        listing = dishonest.dishonest_decide(
            listing=listing, listed=True, note="", publish=published, actor=users["staff"]
        )
        # Listed a year ago: credit repair may be applied for.
        DishonestListing.objects.filter(pk=listing.pk).update(starts_on=TODAY.replace(year=TODAY.year - 1))
        listing.refresh_from_db()
    if repair:
        listing = dishonest.dishonest_repair_apply(
            listing=listing, application="已整改", applied_on=TODAY, actor=inspector
        )
    return SimpleNamespace(**{**vars(o), "listing": listing})


LISTING_PAGE = page("cases:dishonest:detail", lambda o: o.listing.pk)

ACCIDENT_PAGE = page("accidents:detail", lambda o: o.accident.pk)


def with_findings(o, users, submitted=False):
    investigation = investigation_save(
        accident=o.accident, actor=users["inspector"], cause="未停机检修", responsibility="企业负主要责任",
        proposed_handling="依法处罚",
    )  # fmt: skip
    if submitted:
        investigation_submit(investigation=investigation, actor=users["inspector"])
    return o


STATE_CHANGES = {
    "accidents:submit": Replay("inspector", page=ACCIDENT_PAGE, setup=with_findings),
    "accidents:approve": Replay(
        "staff", page=ACCIDENT_PAGE, setup=lambda o, users: with_findings(o, users, submitted=True)
    ),
    "accidents:return": Replay(
        "staff",
        page=ACCIDENT_PAGE,
        setup=lambda o, users: with_findings(o, users, submitted=True),
        data=lambda o: {"note": "请补充责任认定依据"},
    ),
    "cases:dishonest:notify": Replay("inspector", page=LISTING_PAGE, data=lambda o: {"served_on": TODAY.isoformat()}),
    "cases:dishonest:answer": Replay(
        "inspector",
        page=LISTING_PAGE,
        setup=_listing_at,
        data=lambda o: {"answer": "已停产整改", "answered_on": TODAY.isoformat()},
    ),
    "cases:dishonest:decide": Replay(
        "staff",
        page=LISTING_PAGE,
        setup=lambda o, users: _listing_at(o, users, answered=True),
        data=lambda o: {"listed": "1", "publish": "on"},
    ),
    "cases:dishonest:publish": Replay(
        "staff", page=LISTING_PAGE, setup=lambda o, users: _listing_at(o, users, listed=True, published=False)
    ),
    "cases:dishonest:repair": Replay(
        "inspector",
        page=LISTING_PAGE,
        setup=lambda o, users: _listing_at(o, users, listed=True),
        data=lambda o: {"application": "已完成整改并组织全员培训", "applied_on": TODAY.isoformat()},
    ),
    "cases:dishonest:remove": Replay(
        "staff", page=LISTING_PAGE, setup=lambda o, users: _listing_at(o, users, listed=True, repair=True)
    ),
    "draws:publish": Replay("staff", page=page("draws:detail", lambda o: o.draw.pk), setup=with_run_draw),
    "plans:approve": Replay("staff", page=page("plans:detail", lambda o: o.plan.pk)),
    "plans:revise": Replay(
        "staff", page=page("plans:detail", lambda o: o.plan.pk), setup=with_approved_plan, same_place=False
    ),
    "draws:run": Replay("staff", page=page("draws:detail", lambda o: o.draw.pk), setup=with_prepared_draw),
    # A second click finds the violation gone: nothing more is removed.
    "cases:violation_remove": Replay("inspector", page=page("cases:violations", lambda o: o.case.pk)),
    "cases:arrangement_decide": Replay("staff", page=FINED_PAGE, data=lambda o: {"approve": "1"}),
    "cases:draft_submit": Replay("inspector", page=DRAFT_PAGE),
    "cases:draft_approve": Replay("staff", page=DRAFT_PAGE, setup=with_submitted_draft),
    "cases:draft_return": Replay(
        "staff", page=DRAFT_PAGE, setup=with_submitted_draft, data=lambda o: {"note": "请补充询问笔录"}
    ),
    "campaigns:mark_target": Replay(
        "inspector", page=page("campaigns:detail", lambda o: o.campaign.pk), has={"step": "surveyed"}
    ),
    "bulletins:publish": Replay(
        "staff", page=page("bulletins:detail", lambda o: o.bulletin.pk), setup=with_draft_bulletin
    ),
    "hazards:transition": Replay("staff", page=HAZARD_PAGE),
    # 验收摘牌: the second click finds the listing removed and the hazard closed.
    "major_hazards:accept": Replay(
        "staff",
        page=LISTED_PAGE,
        setup=with_rectified_listing,
        data=lambda o: {"opinion": "验收合格", "photos": make_image()},
    ),
    # Once a day per hazard: the second press is told it was chased today already, and nobody is notified again.
    "hazards:chase": Replay("grid_officer_a", page=HAZARD_PAGE, data=lambda o: {"note": "请尽快整改"}),
    "hazards:decide_extension": Replay("staff", page=HAZARD_PAGE, data=lambda o: {"approve": "1"}),
    "grids:end_assignment": Replay("bureau_admin", page=page("grids:detail", lambda o: o.cell.code)),
    "users:deactivate": Replay("staff", page=page("users:edit", lambda o: o.account.pk)),
    # The second click finds the day gone: 该操作已完成, nothing else removed.
    "calendar:delete": Replay("staff", page=lambda o: f"{reverse('calendar:year')}?year={o.calendar_day.date.year}"),
}

# URLs that answer a signed-in POST with a redirect but are no creating form or state change, with why.
NOT_REPLAYED = {
    "home": "a page; an enterprise user is sent to its dossier",
    "admin:index": "Django's admin: anyone but an admin is sent to its sign-in",
    "login": "a signed-in user is sent home",
    "logout": "signing out twice is signing out",
    "notifications:mark_all_read": "marks what is unread: a second time finds none",
    "notifications:open": "marks one notice read and follows its link: the same again",
    "campaigns:generate_targets": "adds only the enterprises not yet on the list: a second time adds none",
    "rankings:accident_create": "the old address of /accidents/new/: a redirect, writes nothing",
    "rankings:accountability_list": "the old address of /accidents/follow-ups/: a redirect",
    "rankings:accountability_create": "the old address of /accidents/follow-ups/new/: a redirect, writes nothing",
    "users:reset": "a valid submit answers with the account letter itself (200), an invalid one redirects: its "
    "replay (no new password, no letter) is tests/accounts/test_user_admin.py::test_reset_from_the_dossier",
}


def _state():
    """Every table but the sessions (each request may touch its own) as its row count and a digest of its rows,
    computed in the database: the same as comparing every row, in a fraction of the time."""
    tables = [
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.label != "sessions.Session"
    ]
    with connection.cursor() as cursor:
        digests = {}
        for table in tables:
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {quoted} t"
            )
            digests[table] = cursor.fetchone()
    return digests


def _submit_twice(case, name, built):
    by_fixture, objects = built
    objects = SimpleNamespace(
        **vars(objects),
        inspectors=[by_fixture["inspector"], by_fixture["inspector2"]],
        officer_b=by_fixture["grid_officer_b"],
        new_credit_code=make_credit_code(),
    )
    if case.setup:
        objects = case.setup(objects, by_fixture)
    assert connection.vendor == "postgresql", "the table digests are PostgreSQL's"
    client = Client()
    client.force_login(by_fixture[case.persona])
    path = MATRIX[name].url(objects)
    shown_at = case.page(objects) if case.page else path
    shown = client.get(shown_at)
    assert shown.status_code == 200
    form = post_form(shown.content.decode(), shown_at, path, case.has)

    def data():
        return {**form, **(case.data(objects) if case.data else {})}

    before = _state()
    first = client.post(path, data())
    refused = first.context and first.context.get("form")
    assert first.status_code == 302, (
        f"the first submit was not made: {refused.errors if refused else first.status_code}"
    )
    after_first = _state()
    assert after_first != before, "the first submit wrote nothing"
    second = client.post(path, data(), follow=True)
    assert [t for t in after_first if after_first[t] != _state()[t]] == []
    return form, first, second


@pytest.mark.parametrize("name", sorted(CREATING))
def test_a_creating_form_submitted_twice_creates_once_and_says_so(name, built):
    case = CREATING[name]
    form, first, second = _submit_twice(case, name, built)

    assert once.FIELD in form, "the form carries no one-time submission key"
    assert once.REPLAYED in second.content.decode()
    if case.same_place:
        assert second.redirect_chain[0][0] == first["Location"]


@pytest.mark.parametrize("name", sorted(STATE_CHANGES))
def test_a_state_change_clicked_twice_changes_once_and_says_so(name, built):
    form, first, second = _submit_twice(STATE_CHANGES[name], name, built)

    assert once.DONE in second.content.decode()


def test_every_write_url_of_the_matrix_is_replayed():
    signed_in = [i for i, persona in enumerate(PERSONAS) if persona != "anon"]
    redirecting = {name for name, row in MATRIX.items() if any(row.post.split()[i] == "302" for i in signed_in)}
    assert sorted(redirecting - CREATING.keys() - STATE_CHANGES.keys() - NOT_REPLAYED.keys()) == []
    assert sorted((CREATING.keys() | STATE_CHANGES.keys() | NOT_REPLAYED.keys()) - MATRIX.keys()) == []
