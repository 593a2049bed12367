"""The procedure's pages: the case checklist, drafts and their approval, the service form, evidence photos."""

import time_machine
from django.urls import reverse
from django.utils import timezone

from inspections.enforcement.approval import draft_save, draft_submit
from inspections.enforcement.models import Case, ServiceRecord
from inspections.enforcement.procedure_models import DocumentDraft, EvidencePhoto
from inspections.enforcement.specs import DocumentKind as K
from tests.factories import make_image
from tests.procedure import decided_case, filed_case, investigated_case, issue_for, serve


def page_of(client, user, url):
    client.force_login(user)
    return client.get(url).content.decode()


def test_the_checklist_offers_only_what_may_happen_now(client, world, inspector, inspector2, staff):
    case = filed_case(world.enterprise_x, inspector, inspector2)
    page = page_of(client, inspector, reverse("cases:detail", args=[case.pk]))

    assert 'data-step="filing" data-state="done"' in page
    assert 'data-step="review" data-state="optional"' in page
    assert "制作勘验笔录" in page and "制作询问笔录" in page
    assert "拟写案件调查终结报告" not in page and "制作行政处罚告知书" not in page
    # The person in charge sees the checklist, not the inspectors' buttons.
    assert "制作勘验笔录" not in page_of(client, staff, reverse("cases:detail", args=[case.pk]))


def test_a_deadline_past_shows_red_with_the_days_over(client, world, inspector, inspector2):
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        case = filed_case(world.enterprise_x, inspector, inspector2)
    with time_machine.travel("2026-06-10 10:00 +0800", tick=False):
        page = page_of(client, inspector, reverse("cases:detail", args=[case.pk]))

    with time_machine.travel("2026-05-29 10:00 +0800", tick=False):
        soon = page_of(client, inspector, reverse("cases:detail", args=[case.pk]))
    assert "剩余 3 天，即将届满" in soon and "data-overdue" not in soon
    # Filed 03-02: the decision was due 90 days later, 05-31 (a Sunday) moved to Monday 06-01.
    assert "作出处罚决定 2026-06-01" in page  # on the decision step
    assert "已逾期 9 天" in page and "data-overdue" in page


def test_a_report_is_drafted_submitted_and_approved_through_the_pages(client, world, inspector, inspector2, staff):
    case = filed_case(world.enterprise_x, inspector, inspector2)
    issue_for(case, K.INQUIRY_RECORD, inspector, inspector2, facts="询问当事人")
    client.force_login(inspector)
    client.post(
        reverse("cases:draft_new", args=[case.pk, K.INVESTIGATION_REPORT]),
        {"co_signer": inspector2.pk, "facts": "事实清楚", "fine_amount": "20000"},
    )
    draft = DocumentDraft.objects.get(kind=K.INVESTIGATION_REPORT)
    client.post(reverse("cases:draft_submit", args=[case.pk, draft.pk]))
    assert "待审批文书" in page_of(client, staff, reverse("home"))
    assert "案件调查终结报告" in page_of(client, staff, reverse("cases:drafts"))

    client.post(reverse("cases:draft_approve", args=[case.pk, draft.pk]), {"note": "同意"})
    again = client.post(reverse("cases:draft_approve", args=[case.pk, draft.pk]), {"note": "同意"}, follow=True)

    draft.refresh_from_db()
    assert draft.status == DocumentDraft.Status.APPROVED and draft.approved_by == staff
    assert "该操作已完成" in again.content.decode()
    assert case.documents.filter(kind=K.INVESTIGATION_REPORT).count() == 1
    printed = page_of(client, staff, reverse("documents:detail", args=[draft.document_id]))
    assert "负责人审批：" in printed and "建议罚款人民币 20000.00 元" in printed
    assert Case.objects.get(pk=case.pk).status == Case.Status.INVESTIGATED


def test_the_approval_is_offered_to_the_person_in_charge_not_the_drafter(
    client, world, inspector, inspector2, bureau_admin
):
    case = filed_case(world.enterprise_x, inspector, inspector2)
    issue_for(case, K.SITE_RECORD, inspector, inspector2)
    draft = draft_save(case=case, kind=K.INVESTIGATION_REPORT, actor=inspector, co_signer=inspector2)
    draft_submit(draft=draft, actor=inspector)

    assert "批准并签发" not in page_of(client, inspector, draft.get_absolute_url())
    assert "批准并签发" in page_of(client, bureau_admin, draft.get_absolute_url())
    client.force_login(inspector2)
    assert client.get(reverse("cases:drafts")).status_code == 403  # inspectors have no approval queue


def test_a_kind_that_needs_approval_is_drafted_not_issued(client, world, inspector, inspector2):
    case = filed_case(world.enterprise_x, inspector, inspector2)
    client.force_login(inspector)

    response = client.get(
        reverse("documents:issue", args=[world.enterprise_x.pk, K.PENALTY_DECISION]) + f"?case={case.pk}"
    )

    assert response["Location"] == reverse("cases:draft_new", args=[case.pk, K.PENALTY_DECISION])


def test_the_service_form_records_a_refusal_and_starts_the_periods(client, world, inspector, inspector2):
    case = investigated_case(world.enterprise_x, inspector, inspector2)
    notice = issue_for(case, K.PENALTY_NOTICE, inspector, inspector2, fine_amount=20000)
    client.force_login(inspector)
    url = reverse("cases:serve", args=[case.pk, notice.pk])
    today = timezone.localdate(notice.issued_at).isoformat()  # the bureau's day, not UTC's

    refused = client.post(url, {"method": "left", "served_on": today, "recipient": "张三"})
    assert "拒收情况及见证人" in refused.content.decode() and not ServiceRecord.objects.exists()
    client.post(url, {"method": "left", "served_on": today, "recipient": "张三", "refusal_note": "拒签，见证人李四"})

    record = ServiceRecord.objects.get()
    assert (record.signed, record.method) == (False, "left")
    assert case.deadlines.filter(code="statement").exists()
    printed = page_of(client, inspector, reverse("documents:detail", args=[notice.pk]))
    assert "拒收：拒签，见证人李四" in printed


def test_a_site_record_keeps_its_photos_without_exif(client, world, inspector, inspector2):
    case = filed_case(world.enterprise_x, inspector, inspector2)
    client.force_login(inspector)

    client.post(
        reverse("documents:issue", args=[world.enterprise_x.pk, K.SITE_RECORD]) + f"?case={case.pk}",
        {"co_signer": inspector2.pk, "facts": "配电箱未接地", "photos": [make_image(), make_image("b.png", "PNG")]},
    )

    site = case.documents.get(kind=K.SITE_RECORD)
    assert [p.content_type for p in EvidencePhoto.objects.filter(document=site)] == ["image/jpeg", "image/png"]
    assert "证据照片（2 张）" in page_of(client, inspector, reverse("documents:detail", args=[site.pk]))


def test_a_decided_case_shows_the_service_of_its_decision(client, world, inspector, inspector2):
    case, penalty = decided_case(world.enterprise_x, inspector, inspector2, served=False)
    page = page_of(client, inspector, reverse("cases:detail", args=[case.pk]))
    assert reverse("cases:serve", args=[case.pk, penalty.pk]) in page

    serve(penalty, inspector)

    page = page_of(client, inspector, reverse("cases:detail", args=[case.pk]))
    assert 'data-step="service" data-state="done"' in page


def test_a_major_case_offers_the_legal_review_to_someone_who_did_not_investigate(client, world, inspector, inspector2):
    from tests.factories import make_user

    case = investigated_case(world.enterprise_x, inspector, inspector2, fine=60000)
    reviewer = make_user("inspector", username="reviewer")
    url = reverse("cases:detail", args=[case.pk])

    assert "须由未参与本案调查的执法人员审核" in page_of(client, inspector, url)
    page = page_of(client, reviewer, url)
    assert 'data-step="review" data-state="required"' in page and "制作法制审核意见书" in page
