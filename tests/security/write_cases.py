"""The records each write service is tried on, and how it must refuse an enterprise user (see test_write_services).

Every case is tried by the user of enterprise X: on another enterprise's records (Y's) and, where the role may not
make the change even on its own, on X's; records that belong to no enterprise are "the bureau's". Values are written
as stored codes ("rectified", "filed"), not enum members, so a renamed enum does not reach these tables.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bureau.assessment.bulletins import bulletin_draft
from bureau.assessment.scoring import compute_ranking
from bureau.assessment.services import bulletin_publish, pre_deduction_create
from bureau.models import CalendarDay
from bureau.quarters import Quarter
from bureau.roles import Role
from enterprises.importer import HEADERS
from enterprises.importer.columns import ValidRow
from enterprises.importer.sources import ValidSource
from enterprises.models import MajorHazardSource
from grids.services import grid_assign
from hazards.criteria_models import MajorHazardCriterion
from hazards.listing import listing_create
from hazards.models import MAJOR_PLAN_FIELDS, DeadlineExtension, Hazard
from inspections.accidents.services import (
    accident_report,
    accountability_record,
    investigation_save,
    investigation_submit,
)
from inspections.campaigns.models import Campaign, CampaignTarget
from inspections.enforcement.approval import draft_approve
from inspections.enforcement.dishonest import dishonest_propose
from inspections.enforcement.payment_services import payment_arrangement_apply
from inspections.enforcement.services import case_open
from inspections.enforcement.violation_models import Violation
from inspections.enforcement.violation_services import case_violation_add
from inspections.inspection.services import inspection_record
from inspections.planning.models import OfficerCredential
from inspections.planning.plan_models import SupervisionPlan
from inspections.planning.services import draw_prepare, draw_run
from inspections.registers.models import Expert
from tests.factories import make_hazard, make_user
from tests.inspections.payment_helpers import decided_case, serve
from tests.procedure import decided_case as procedure_decided_case

OTHER, OWN, BUREAU = "another's", "own", "the bureau's"


@dataclass(frozen=True)
class Case:
    """One try: `build(scene, enterprise)` gives the service's arguments but the actor; `refusal` is what it raises."""

    build: object
    whose: str = OTHER
    refusal: type = PermissionDenied
    label: str = ""

    @property
    def name(self):
        return f"{self.label}, {self.whose}" if self.label else self.whose


def cases(build, *whose, **options):
    return [Case(build, w, **options) for w in whose]


class Scene:
    """The records of X and Y the cases act on, each made when first asked for, by someone who may make it."""

    def __init__(self, *, world, actor, staff, inspector, inspector2, bureau_admin):
        self.world, self.actor = world, actor
        self.staff, self.inspector, self.inspector2, self.bureau_admin = staff, inspector, inspector2, bureau_admin
        self.today = timezone.localdate()
        self.last_quarter = Quarter.last_ended(self.today)

    def enterprise(self, whose):
        return {OTHER: self.world.enterprise_y, OWN: self.world.enterprise_x}.get(whose)

    def user_of(self, enterprise):
        """An account of `enterprise`: X's is the actor itself."""
        if enterprise == self.world.enterprise_x:
            return self.actor
        return make_user(Role.ENTERPRISE, enterprise=enterprise)

    def village(self, enterprise):
        return enterprise.grid_cell

    def accident(self, enterprise):
        return accident_report(
            enterprise=enterprise, occurred_at=timezone.now(), kind="fall", summary="高处坠落", actor=self.inspector
        )

    def investigation(self, enterprise, submitted=False):
        investigation = investigation_save(
            accident=self.accident(enterprise), actor=self.inspector, leader="组长", cause="未系安全带",
            responsibility="企业", proposed_handling="处罚",
        )  # fmt: skip
        if submitted:
            investigation = investigation_submit(investigation=investigation, actor=self.inspector)
        return investigation

    @cached_property
    def follow_up(self):
        return accountability_record(
            date=self.today, kind="bulletin", person_count=1, summary="通报问责", actor=self.staff
        )

    def hazard(self, enterprise, status="reported"):
        return make_hazard(enterprise=enterprise, reported_by=self.staff, status=status)

    def major_hazard(self, enterprise, status="rectifying"):
        plan = dict.fromkeys(MAJOR_PLAN_FIELDS, "按方案治理")
        return make_hazard(enterprise=enterprise, reported_by=self.staff, status=status, level="major", **plan)

    def major_listing(self, enterprise):
        """A major hazard of the enterprise, listed for supervision and reported rectified: ready for acceptance."""
        return listing_create(
            hazard=self.major_hazard(enterprise, "rectified"),
            actor=self.staff,
            level="city",
            leader_name="林志远",
            leader_post="副局长",
            deadline=self.today + timedelta(days=30),
        )

    def unsaved_hazard(self, enterprise):
        return Hazard(
            enterprise=enterprise,
            found_on=self.today - timedelta(days=5),
            location="喷涂车间",
            description="通风设施损坏",
            category="site",
            subcategory="equipment",
            level="general",
            rectification_deadline=self.today + timedelta(days=10),
            responsible_person="王建国",
        )

    def extension(self, enterprise):
        hazard = self.hazard(enterprise, "rectifying")
        return DeadlineExtension.objects.create(
            hazard=hazard,
            requested_deadline=hazard.rectification_deadline + timedelta(days=30),
            previous_deadline=hazard.rectification_deadline,
            reason="设备到货推迟",
            requested_by=self.staff,
        )

    def grid_officer(self):
        return make_user(Role.GRID_OFFICER, grid_cell=self.world.cell_a)

    def assignment(self, enterprise):
        return grid_assign(
            cell=self.village(enterprise),
            user=self.grid_officer(),
            capacity="responsible",
            start_date=self.today,
            actor=self.bureau_admin,
        )

    def inspection(self, enterprise):
        return inspection_record(
            enterprise=enterprise, date=self.today, inspectors=[self.inspector, self.inspector2], actor=self.inspector
        )

    def case(self, enterprise):
        return case_open(
            enterprise=enterprise, title="未落实有限空间作业审批", actor=self.inspector, co_signer=self.inspector2
        )

    def decided_case(self, enterprise):
        return procedure_decided_case(enterprise, self.inspector, self.inspector2, fine=10000)[0]

    def listing(self, enterprise):
        """A serious-dishonesty listing proposed on a decided case of the enterprise."""
        return dishonest_propose(
            case=self.decided_case(enterprise), condition="other_serious", facts="拒不整改", actor=self.inspector
        )

    @property
    def library_version(self):
        return Violation.objects.get(code="AQ102").current

    def decision(self, case):
        return {"case": case, "version": self.library_version, "party_kind": "unit", "circumstances": [], "fine": 20000}

    def case_violation(self, enterprise):
        return case_violation_add(**self.decision(self.case(enterprise)), actor=self.inspector)

    def fined_case(self, enterprise):
        """A case decided with a fine of 20,000 yuan, its decision served five days ago."""
        case, decision = decided_case(enterprise, self.inspector, self.inspector2)
        serve(decision, self.today - timedelta(days=5), self.inspector)
        return case

    def arrangement(self, enterprise):
        return payment_arrangement_apply(
            case=self.fined_case(enterprise),
            kind="deferral",
            reason="资金周转困难",
            until=self.today + timedelta(days=60),
            actor=self.inspector,
        )

    def filing_draft(self, enterprise):
        return self.case(enterprise).drafts.get()

    def filing(self, enterprise):
        return draft_approve(draft=self.filing_draft(enterprise), actor=self.staff).document

    @cached_property
    def campaign(self):
        return Campaign.objects.create(
            name="有限空间专项整治",
            start_date=self.today - timedelta(days=30),
            end_date=self.today + timedelta(days=30),
            industries=["shoes"],
            created_by=self.staff,
        )

    def target(self, enterprise):
        return CampaignTarget.objects.create(campaign=self.campaign, enterprise=enterprise)

    @cached_property
    def draw(self):
        """A prepared draw, with the two inspectors on the roster."""
        for n, officer in enumerate((self.inspector, self.inspector2), start=1):
            OfficerCredential.objects.create(user=officer, certificate_number=f"3303001000{n:02d}")
        return draw_prepare(title="双随机抽查", year=2026, month=3, criteria={}, count=1, actor=self.staff)

    def plan(self, status):
        return SupervisionPlan.objects.create(
            year=self.today.year, title="安全生产监督检查计划", status=status, created_by=self.staff
        )

    @cached_property
    def run_draw(self):
        """The prepared draw, run (published by the case that tries draw_publish)."""
        return draw_run(draw=self.draw, actor=self.staff)

    @cached_property
    def ranking(self):
        return compute_ranking(self.last_quarter)

    def pre_deduction(self):
        return pre_deduction_create(
            town=self.world.town2, quarter=self.last_quarter, points=2, reason="网格覆盖不全", actor=self.staff
        )


def _import_file():
    return SimpleUploadedFile("企业.csv", (",".join(HEADERS) + "\n").encode(), content_type="text/csv")


def _transition(action, status, **extra):
    def build(s, e):
        hazard = s.hazard(e, status)
        return {"hazard": hazard, "action": action, "version": hazard.version, **extra}

    return build


def _extension_request(s, e):
    hazard = s.hazard(e, "rectifying")
    return {
        "hazard": hazard,
        "requested_deadline": hazard.rectification_deadline + timedelta(days=30),
        "reason": "设备到货推迟",
    }


CASES = {
    # hazards: an enterprise reports, rectifies and asks for more time on its own hazards only; it never verifies,
    # decides or chases.
    "hazards.services.hazard_report": cases(lambda s, e: {"hazard": s.unsaved_hazard(e)}, OTHER),
    "hazards.services.hazard_transition": [
        Case(_transition("start", "reported"), OTHER, label="start"),
        Case(_transition("rectify", "rectifying", note="已更换"), OTHER, label="rectify"),
        *cases(_transition("close", "rectified"), OTHER, OWN, label="close"),
        *cases(_transition("send_back", "rectified", note="照片不清"), OTHER, OWN, label="send_back"),
    ],
    "hazards.services.hazard_request_extension": cases(_extension_request, OTHER),
    # 催办 is the officers': an enterprise chases no hazard, not even its own.
    "hazards.services.hazard_chase": cases(lambda s, e: {"hazard": s.hazard(e, "rectifying")}, OTHER, OWN),
    "hazards.services.hazard_decide_extension": cases(
        lambda s, e: {"extension": s.extension(e), "approve": True}, OTHER, OWN
    ),
    # 挂牌督办: the bureau's staff list and accept; an enterprise reports progress on its own listing only.
    "hazards.listing.listing_create": cases(
        lambda s, e: {
            "hazard": s.major_hazard(e),
            "level": "city",
            "leader_name": "林志远",
            "leader_post": "副局长",
            "deadline": s.today + timedelta(days=30),
        },
        OTHER,
        OWN,
    ),
    "hazards.listing.listing_edit": cases(
        lambda s, e: {
            "listing": s.major_listing(e),
            "level": "county",
            "leader_name": "陈立",
            "leader_post": "局长",
            "deadline": s.today + timedelta(days=40),
        },
        OTHER,
        OWN,
    ),
    "hazards.listing.listing_progress_report": cases(
        lambda s, e: {"listing": s.major_listing(e), "text": "已停用"}, OTHER
    ),
    "hazards.listing.listing_accept": cases(
        lambda s, e: {"listing": s.major_listing(e), "opinion": "验收合格"}, OTHER, OWN
    ),
    "hazards.criteria.criterion_edit": cases(
        lambda s, e: {
            "criterion": MajorHazardCriterion.objects.get(code="gm2023-4-4"),
            "text": "已核对的条文",
            "source": "应急管理部令第10号",
            "confirmed": True,
            "active": True,
        },
        BUREAU,
    ),
    "hazards.self_checks.self_check_submit": cases(
        lambda s, e: {
            "enterprise": e,
            "year": s.last_quarter.year,
            "month": s.last_quarter.end.month,
            "found_nothing": True,
            "note": "",
        },
        OTHER,
    ),
    "hazards.self_checks.statistics_submit": cases(
        lambda s, e: {"enterprise": e, "year": s.last_quarter.year, "quarter": s.last_quarter.number, "note": ""},
        OTHER,
    ),
    # enterprises: an enterprise keeps only its own contact details.
    "enterprises.services.enterprise_save": cases(lambda s, e: {"enterprise": e}, OTHER, OWN),
    "enterprises.services.enterprise_update_contact": cases(
        lambda s, e: {"enterprise": e, "safety_contact": "张三", "safety_phone": "13800000000"}, OTHER
    ),
    "enterprises.services.enterprise_change_grade": cases(
        lambda s, e: {"enterprise": e, "grade": "red", "effective_date": s.today, "reason": "发生事故"}, OTHER, OWN
    ),
    "enterprises.services.enterprise_grades_record": cases(
        lambda s, e: {"grades": {e.pk: "red"}, "effective_date": s.today, "reason": "批量导入初始等级"}, OTHER, OWN
    ),
    "enterprises.services.inspection_intervals_set": cases(lambda s, e: {"days_by_grade": {"red": 14}}, BUREAU),
    "enterprises.services.major_hazard_source_save": cases(
        lambda s, e: {"source": MajorHazardSource(enterprise=e, name="液氨储罐", level=3)}, OTHER, OWN
    ),
    "enterprises.importer.service.enterprise_import": cases(lambda s, e: {"file": _import_file()}, BUREAU),
    # The import's steps after its own check, each writing through a service that checks again.
    "enterprises.importer.grades.record_grades": cases(
        lambda s, e: {"valid_rows": [ValidRow(2, e, frozenset(), grade="red")]}, OTHER, OWN
    ),
    "enterprises.importer.sources.apply_sources": cases(
        lambda s, e: {"valid": [ValidSource(2, e.credit_code, MajorHazardSource(name="液氨储罐", level=3))]}, OTHER, OWN
    ),
    # grids and accounts: the admins'.
    "grids.services.grid_cell_save": cases(lambda s, e: {"cell": s.village(e)}, OTHER, OWN),
    "grids.services.grid_assign": cases(
        lambda s, e: {"cell": s.village(e), "user": s.grid_officer(), "capacity": "responsible", "start_date": s.today},
        OTHER,
        OWN,
    ),
    "grids.services.grid_assignment_end": cases(
        lambda s, e: {"assignment": s.assignment(e), "end_date": s.today}, OTHER, OWN
    ),
    "bureau.accounts.services.user_create": cases(
        lambda s, e: {"username": "new_account", "password": "New-pass-2026", "role": "staff", "check_password": False},
        BUREAU,
    ),
    # Accounts without /admin/: staff's and admins'; an enterprise user changes no account, not even its own.
    "bureau.accounts.services.user_update": cases(
        lambda s, e: {"user": s.inspector, "name": "改名", "phone": "", "role": "inspector", "is_active": True}, BUREAU
    ),
    "bureau.accounts.services.user_deactivate": cases(lambda s, e: {"user": s.inspector}, BUREAU),
    "bureau.accounts.services.password_reset": cases(lambda s, e: {"user": s.inspector}, BUREAU),
    "enterprises.users.services.account_create": cases(
        lambda s, e: {"username": "new_account", "password": "New-pass-2026", "role": "enterprise", "enterprise": e},
        OTHER,
        OWN,
    ),
    "enterprises.users.services.account_update": cases(
        lambda s, e: {
            "user": s.user_of(e),
            "name": "改名",
            "phone": "",
            "role": "enterprise",
            "is_active": True,
            "enterprise": e,
        },
        OTHER,
        OWN,
    ),
    "enterprises.users.services.enterprise_accounts_issue": cases(
        lambda s, e: {"enterprises": type(e).objects.filter(pk=e.pk)}, OTHER, OWN
    ),
    "enterprises.users.services.enterprise_password_reset": cases(
        lambda s, e: {"enterprise": e, "user": s.user_of(e)}, OTHER, OWN
    ),
    "enterprises.services.enterprise_user_create": cases(
        lambda s, e: {"username": "new_account", "password": "New-pass-2026", "enterprise": e, "check_password": False},
        OTHER,
        OWN,
    ),
    # inspections: inspectors', campaigns and experts staff's, talks staff's and inspectors'.
    "inspections.inspection.services.inspection_record": cases(
        lambda s, e: {"enterprise": e, "date": s.today, "inspectors": [s.inspector, s.inspector2]}, OTHER, OWN
    ),
    "inspections.inspection.services.inspection_add_finding": cases(
        lambda s, e: {
            "inspection": s.inspection(e),
            "location": "喷涂车间",
            "description": "通风设施损坏",
            "rectification_deadline": s.today + timedelta(days=10),
            "responsible_person": "王建国",
        },
        OTHER,
        OWN,
    ),
    "inspections.inspection.services.inspection_record_checks": cases(
        lambda s, e: {"inspection": s.inspection(e), "results": []}, OTHER, OWN
    ),
    "inspections.enforcement.services.document_issue": cases(
        lambda s, e: {"kind": "record", "enterprise": e, "co_signer": s.inspector2, "facts": "现场检查"}, OTHER, OWN
    ),
    "inspections.enforcement.services.case_open": cases(
        lambda s, e: {"enterprise": e, "title": "未落实有限空间作业审批", "co_signer": s.inspector2}, OTHER, OWN
    ),
    # The serious-dishonesty list: inspectors and staff propose and record, staff and admins decide.
    "inspections.enforcement.dishonest.dishonest_propose": cases(
        lambda s, e: {"case": s.decided_case(e), "condition": "other_serious", "facts": "拒不整改"}, OTHER, OWN
    ),
    "inspections.enforcement.dishonest.dishonest_notify": cases(
        lambda s, e: {"listing": s.listing(e), "served_on": s.today}, OTHER, OWN
    ),
    "inspections.enforcement.dishonest.dishonest_answer": cases(
        lambda s, e: {"listing": s.listing(e), "answer": "已整改", "answered_on": s.today}, OTHER, OWN
    ),
    "inspections.enforcement.dishonest.dishonest_decide": cases(
        lambda s, e: {"listing": s.listing(e), "listed": False, "note": "", "publish": False}, OTHER, OWN
    ),
    "inspections.enforcement.dishonest.dishonest_publish": cases(lambda s, e: {"listing": s.listing(e)}, OTHER, OWN),
    "inspections.enforcement.dishonest.dishonest_repair_apply": cases(
        lambda s, e: {"listing": s.listing(e), "application": "已整改", "applied_on": s.today}, OTHER, OWN
    ),
    "inspections.enforcement.dishonest.dishonest_remove": cases(lambda s, e: {"listing": s.listing(e)}, OTHER, OWN),
    "inspections.enforcement.violation_services.violation_revise": cases(
        lambda s, e: {
            "violation": s.library_version.violation,
            "fields": {},
            "levels": [],
            "expected_number": s.library_version.number,
        },
        BUREAU,
    ),
    "inspections.enforcement.violation_services.case_violation_add": cases(
        lambda s, e: s.decision(s.case(e)), OTHER, OWN
    ),
    "inspections.enforcement.violation_services.case_violation_change": cases(
        lambda s, e: {"item": s.case_violation(e), "party_kind": "unit", "circumstances": [], "fine": 10000},
        OTHER,
        OWN,
    ),
    "inspections.enforcement.violation_services.case_violation_remove": cases(
        lambda s, e: {"case": s.case(e), "item_id": s.case_violation(e).pk}, OTHER, OWN
    ),
    # The procedure: inspectors draft, serve and record the party's choice; the person in charge approves.
    "inspections.enforcement.approval.draft_save": cases(
        lambda s, e: {"case": s.case(e), "kind": "report", "co_signer": s.inspector2}, OTHER, OWN
    ),
    "inspections.enforcement.approval.draft_submit": cases(lambda s, e: {"draft": s.filing_draft(e)}, OTHER, OWN),
    "inspections.enforcement.approval.draft_approve": cases(lambda s, e: {"draft": s.filing_draft(e)}, OTHER, OWN),
    "inspections.enforcement.approval.draft_return": cases(
        lambda s, e: {"draft": s.filing_draft(e), "note": "请补充"}, OTHER, OWN
    ),
    "inspections.enforcement.serving.document_serve": cases(
        lambda s, e: {"document": s.filing(e), "method": "direct", "served_on": s.today, "recipient": "张三"},
        OTHER,
        OWN,
    ),
    "inspections.enforcement.serving.party_choice_record": cases(
        lambda s, e: {"case": s.case(e), "kind": "waiver", "made_on": s.today}, OTHER, OWN
    ),
    "inspections.enforcement.services.case_move": cases(
        lambda s, e: {"case": s.case(e), "to_status": "investigated"}, OTHER, OWN
    ),
    "inspections.enforcement.payment_services.fine_payment_record": cases(
        lambda s, e: {"case": s.fined_case(e), "amount": 20000, "paid_on": s.today, "receipt_number": "33010001"},
        OTHER,
        OWN,
    ),
    "inspections.enforcement.payment_services.payment_arrangement_apply": cases(
        lambda s, e: {
            "case": s.fined_case(e),
            "kind": "deferral",
            "reason": "资金困难",
            "until": s.today + timedelta(60),
        },
        OTHER,
        OWN,
    ),
    "inspections.enforcement.payment_services.payment_arrangement_decide": cases(
        lambda s, e: {"arrangement": s.arrangement(e), "approve": True}, OTHER, OWN
    ),
    "inspections.enforcement.payment_services.enforcement_ruling_record": cases(
        lambda s, e: {
            "case": s.fined_case(e),
            "court": "瑞安市人民法院",
            "ruling_number": "（2026）浙0381行审1号",
            "ruled_on": s.today,
            "outcome": "已执行到位",
        },
        OTHER,
        OWN,
    ),
    "inspections.campaigns.services.campaign_save": cases(
        lambda s, e: {
            "campaign": Campaign(name="粉尘涉爆专项整治", start_date=s.today, end_date=s.today + timedelta(days=30)),
            "special_categories": [],
            "industries": ["shoes"],
            "towns": [],
        },
        BUREAU,
    ),
    "inspections.campaigns.services.campaign_generate_targets": cases(lambda s, e: {"campaign": s.campaign}, BUREAU),
    "inspections.campaigns.services.campaign_target_mark": cases(
        lambda s, e: {"target": s.target(e), "surveyed_on": s.today}, OTHER, OWN
    ),
    "inspections.campaigns.services.campaign_targets_mark_bulk": cases(
        lambda s, e: {
            "campaign": s.campaign,
            "step": "surveyed",
            "day": s.today,
            "target_ids": [s.target(e).pk],
        },
        OTHER,
        OWN,
    ),
    # 双随机 draws: staff's and admins'.
    "inspections.planning.services.draw_prepare": cases(
        lambda s, e: {"title": "双随机抽查", "year": s.today.year, "month": s.today.month, "criteria": {}, "count": 1},
        BUREAU,
    ),
    "inspections.planning.services.draw_run": cases(lambda s, e: {"draw": s.draw}, BUREAU),
    "inspections.planning.publication.draw_publish": cases(lambda s, e: {"draw": s.run_draw}, BUREAU),
    "inspections.planning.roster.officer_credential_save": cases(
        lambda s, e: {"officer": s.inspector, "certificate_number": "330381209999", "on_leave": False}, BUREAU
    ),
    "inspections.planning.roster.officer_conflict_declare": cases(
        lambda s, e: {
            "officer": s.inspector,
            "enterprise": s.world.enterprise_x,
            "reason": "近亲属任职",
            "declared_on": s.today,
        },
        BUREAU,
    ),
    # The yearly plan: staff's and admins'.
    "inspections.planning.plan_services.plan_save": cases(
        lambda s, e: {
            "year": s.today.year,
            "title": "安全生产监督检查计划",
            "capacity_per_officer": 8,
            "repeat_days": 30,
            "lines": {},
        },
        BUREAU,
    ),
    "inspections.planning.plan_services.plan_approve": cases(lambda s, e: {"plan": s.plan("draft")}, BUREAU),
    "inspections.planning.plan_services.plan_revise": cases(lambda s, e: {"plan": s.plan("approved")}, BUREAU),
    "inspections.registers.services.talk_record": cases(
        lambda s, e: {
            "enterprise": e,
            "head_name": "张总",
            "date": s.today,
            "interviewers": [s.inspector],
            "topics": "安全生产主体责任",
        },
        OTHER,
        OWN,
    ),
    "inspections.registers.services.expert_save": cases(
        lambda s, e: {"expert": Expert(name="李工", specialty="化工安全")}, BUREAU
    ),
    # the assessment: staff's.
    "bureau.assessment.services.ranking_request": cases(lambda s, e: {"quarter": s.last_quarter}, BUREAU),
    "bureau.assessment.services.pre_deduction_create": cases(
        lambda s, e: {"town": s.world.town2, "quarter": s.last_quarter, "points": 2, "reason": "网格覆盖不全"}, BUREAU
    ),
    "bureau.assessment.services.restoration_approve": cases(
        lambda s, e: {"pre_deduction": s.pre_deduction(), "points": 1, "evidence": "已补齐网格员"}, BUREAU
    ),
    "bureau.assessment.services.bulletin_publish": cases(
        lambda s, e: {"bulletin": bulletin_draft(ranking=s.ranking, actor=s.staff)}, BUREAU
    ),
    "bureau.assessment.bulletins.bulletin_draft": cases(lambda s, e: {"ranking": s.ranking}, BUREAU),
    # Accidents: reported and investigated by staff and inspectors, the report approved by staff and admins;
    # follow-ups staff's.
    "inspections.accidents.services.accident_report": cases(
        lambda s, e: {"enterprise": e, "occurred_at": timezone.now(), "kind": "machinery", "summary": "机械伤害"},
        OTHER,
        OWN,
    ),
    "inspections.accidents.services.accident_edit": cases(
        lambda s, e: {"accident": s.accident(e), "place": "车间"}, OTHER, OWN
    ),
    "inspections.accidents.services.accident_supplement": cases(
        lambda s, e: {"accident": s.accident(e), "deaths": 2, "serious_injuries": 0, "injuries": 0, "direct_loss": 0},
        OTHER,
        OWN,
    ),
    "inspections.accidents.services.investigation_save": cases(
        lambda s, e: {"accident": s.accident(e), "leader": "组长"}, OTHER, OWN
    ),
    "inspections.accidents.services.investigation_extend": cases(
        lambda s, e: {"investigation": s.investigation(e), "days": 30, "reason": "技术鉴定"}, OTHER, OWN
    ),
    "inspections.accidents.services.investigation_submit": cases(
        lambda s, e: {"investigation": s.investigation(e)}, OTHER, OWN
    ),
    "inspections.accidents.services.investigation_approve": cases(
        lambda s, e: {"investigation": s.investigation(e, submitted=True)}, OTHER, OWN
    ),
    "inspections.accidents.services.investigation_return": cases(
        lambda s, e: {"investigation": s.investigation(e, submitted=True), "note": "请补充"}, OTHER, OWN
    ),
    "inspections.accidents.services.accountability_record": cases(
        lambda s, e: {"date": s.today, "kind": "bulletin", "person_count": 1, "summary": "通报问责"}, BUREAU
    ),
    "inspections.accidents.services.accountability_edit": cases(
        lambda s, e: {"record": s.follow_up, "status": "done", "done_on": s.today}, BUREAU
    ),
    # The holiday calendar: staff's and admins'.
    "bureau.calendar.services.calendar_day_save": cases(
        lambda s, e: {"day": CalendarDay(date=date(s.today.year + 3, 1, 1), kind="holiday", name="元旦")}, BUREAU
    ),
    "bureau.calendar.services.calendar_day_delete": cases(
        lambda s, e: {
            "pk": CalendarDay.objects.get_or_create(
                date=date(s.today.year + 3, 1, 1), defaults={"kind": "holiday", "name": "元旦"}
            )[0].pk
        },
        BUREAU,
    ),
    "bureau.assessment.bulletins.bulletin_correction_draft": cases(
        lambda s, e: {
            "corrects": bulletin_publish(bulletin=bulletin_draft(ranking=s.ranking, actor=s.staff), actor=s.staff),
            "reason": "总分计算有误",
        },
        BUREAU,
    ),
}
