from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hazards.models import Hazard
from inspections.enforcement.models import Case, Document
from inspections.enforcement.services import document_issue
from inspections.enforcement.specs import DocumentKind
from inspections.inspection.models import Inspection
from inspections.inspection.services import checklist_items_for, inspection_record
from tests.factories import make_hazard
from tests.procedure import decided_case, investigated_case


@pytest.fixture
def inspection(world, inspector, inspector2):
    return inspection_record(
        enterprise=world.enterprise_x, date=date(2026, 8, 20), inspectors=[inspector, inspector2], actor=inspector
    )


def test_an_inspector_records_an_inspection_through_the_form(client, world, inspector, inspector2):
    client.force_login(inspector)

    response = client.post(
        reverse("inspections:create"),
        {
            "enterprise": world.enterprise_x.credit_code.lower(),
            "date": "2026-08-20",
            "kind": "routine",
            "inspectors": [inspector.pk, inspector2.pk],
        },
    )

    inspection = Inspection.objects.get()
    assert response["Location"] == inspection.get_absolute_url()


def test_one_inspector_is_refused_in_chinese(client, world, inspector):
    client.force_login(inspector)

    response = client.post(
        reverse("inspections:create"),
        {
            "enterprise": world.enterprise_x.credit_code,
            "date": "2026-08-20",
            "kind": "routine",
            "inspectors": [inspector.pk],
        },
    )

    assert "至少 2 名执法人员" in response.content.decode()
    assert not Inspection.objects.exists()


def test_the_checklist_posted_from_the_page_turns_failures_into_hazards(client, world, inspector, inspection):
    client.force_login(inspector)
    items = list(checklist_items_for(world.enterprise_x))
    data = {f"result_{item.pk}": "passed" for item in items}
    data[f"result_{items[0].pk}"] = "failed"
    data[f"note_{items[0].pk}"] = "安全管理人员无证"
    data.update(rectification_deadline="2026-09-30", responsible_person="王建国")

    response = client.post(reverse("inspections:checklist", args=[inspection.pk]), data, follow=True)

    assert "发现隐患 1 项" in response.content.decode()
    assert inspection.hazards.get().description == f"{items[0].text}：不符合。安全管理人员无证"


def test_grid_officers_read_but_do_not_record(client, world, grid_officer_a, grid_officer_b, inspection):
    client.force_login(grid_officer_a)
    assert client.get(reverse("inspections:detail", args=[inspection.pk])).status_code == 200
    assert client.get(reverse("inspections:create")).status_code == 403
    client.force_login(grid_officer_b)
    assert client.get(reverse("inspections:detail", args=[inspection.pk])).status_code == 404


def test_an_enterprise_sees_its_own_documents_not_anothers(
    client, world, inspector, inspector2, enterprise_user_x, enterprise_user_y, inspection
):
    document = document_issue(
        kind=DocumentKind.INSPECTION_RECORD,
        enterprise=world.enterprise_x,
        actor=inspector,
        co_signer=inspector2,
        inspection=inspection,
        facts="现场检查情况良好",
    )
    client.force_login(enterprise_user_x)
    page = client.get(reverse("documents:detail", args=[document.pk]))
    assert page.status_code == 200 and "现场检查记录" in page.content.decode()
    client.force_login(enterprise_user_y)
    assert client.get(reverse("documents:detail", args=[document.pk])).status_code == 404


def test_issuing_an_order_from_the_page_and_printing_it(client, world, staff, inspector, inspector2, inspection):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff, location="罐区阀门")
    client.force_login(inspector)
    url = reverse("documents:issue", args=[world.enterprise_x.pk, "order"]) + f"?inspection={inspection.pk}"

    response = client.post(
        url,
        {
            "co_signer": inspector2.pk,
            "hazards": [hazard.pk],
            "deadline": "2026-10-01",
            "legal_basis": "《中华人民共和国安全生产法》第六十五条",
        },
    )

    document = Document.objects.get()
    assert response["Location"] == document.get_absolute_url()
    page = client.get(document.get_absolute_url()).content.decode()
    assert document.number in page and "罐区阀门" in page and "2026年10月1日" in page
    assert document.inspection == inspection


def test_an_order_without_hazards_is_refused_on_the_page(client, world, inspector, inspector2):
    client.force_login(inspector)

    response = client.post(
        reverse("documents:issue", args=[world.enterprise_x.pk, "order"]),
        {"co_signer": inspector2.pk, "deadline": "2026-10-01"},
    )

    assert "须列明隐患" in response.content.decode()
    assert not Document.objects.exists()


def test_another_enterprises_inspection_in_the_query_string_is_a_404(client, world, inspector, inspector2, inspection):
    client.force_login(inspector)

    url = reverse("documents:issue", args=[world.enterprise_y.pk, "record"]) + f"?inspection={inspection.pk}"

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["inspection", "case", "supersedes"])
@pytest.mark.parametrize("value", ["²", "¹", "³", "٣", "１", "1\x00", "-1", " 1", "9" * 30])
def test_an_id_in_the_query_string_is_ascii_digits_or_the_portals_404(world, inspector, inspection, name, value):
    client = Client(raise_request_exception=False)
    client.force_login(inspector)

    response = client.get(reverse("documents:issue", args=[world.enterprise_x.pk, "record"]), {name: value})

    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_a_correction_supersedes_from_the_page(client, world, inspector, inspector2):
    original = document_issue(
        kind=DocumentKind.INSPECTION_RECORD,
        enterprise=world.enterprise_x,
        actor=inspector,
        co_signer=inspector2,
        facts="原文",
    )
    client.force_login(inspector)

    client.post(
        reverse("documents:issue", args=[world.enterprise_x.pk, "record"]) + f"?supersedes={original.pk}",
        {"co_signer": inspector2.pk, "facts": "更正后的文字"},
    )

    page = client.get(reverse("documents:detail", args=[original.pk])).content.decode()
    assert "本文书已被" in page
    assert Document.objects.get(supersedes=original).facts == "更正后的文字"


def test_a_case_page_shows_its_timeline_and_moves_on(client, world, inspector, inspector2):
    case, penalty = decided_case(world.enterprise_x, inspector, inspector2)
    client.force_login(inspector)

    client.post(
        reverse("cases:payment_record", args=[case.pk]),
        {"amount": str(penalty.fine_amount), "paid_on": timezone.localdate().isoformat(), "receipt_number": "3301"},
    )
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()

    assert "调查终结" in page and "立案审批表" in page and "执行完毕" in page
    assert Case.objects.get().status == Case.Status.EXECUTED


def test_opening_a_case_from_the_page(client, world, inspector, inspector2):
    client.force_login(inspector)

    client.post(
        reverse("cases:open", args=[world.enterprise_x.pk]), {"title": "无证从事特种作业", "co_signer": inspector2.pk}
    )

    case = Case.objects.get()
    assert case.drafts.get().kind == DocumentKind.CASE_FILING and not case.documents.exists()


def test_enterprise_users_have_no_case_list(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    assert client.get(reverse("cases:list")).status_code == 403
    assert client.get(reverse("inspections:list")).status_code == 403


def test_a_finding_by_hand_is_linked(client, world, inspector, inspection):
    client.force_login(inspector)

    client.post(
        reverse("inspections:add_finding", args=[inspection.pk]),
        {
            "found_on": "2026-08-20",
            "location": "配电房",
            "description": "线路老化",
            "category": "site",
            "subcategory": "electricity",
            "level": "general",
            "rectification_deadline": "2026-09-20",
            "responsible_person": "王",
            "suspension": "none",
        },
    )

    hazard = Hazard.objects.get()
    assert hazard.source == "inspection" and inspection.hazards.get() == hazard


def test_before_the_decision_the_case_page_offers_the_procedure_not_the_next_step_button(
    client, world, inspector, inspector2
):
    case = investigated_case(world.enterprise_x, inspector, inspector2)
    client.force_login(inspector)

    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()

    assert "办理下一步" not in page
    assert "制作行政处罚告知书" in page and "拟写行政处罚决定书" not in page


def test_the_printed_record_lists_the_failed_items_or_says_none_were_found(
    client, inspection, inspector, inspector2, django_assert_max_num_queries
):
    from inspections.inspection.models import InspectionCheck
    from inspections.inspection.services import inspection_record_checks

    items = list(checklist_items_for(inspection.enterprise))[:3]
    passed = [(item, InspectionCheck.Result.PASSED, "", None) for item in items]
    inspection_record_checks(inspection=inspection, results=passed, actor=inspector)
    record = document_issue(
        kind=DocumentKind.INSPECTION_RECORD,
        enterprise=inspection.enterprise,
        inspection=inspection,
        actor=inspector,
        co_signer=inspector2,
    )
    client.force_login(inspector)
    url = reverse("documents:detail", args=[record.pk])
    assert "未发现问题" in client.get(url).content.decode()

    InspectionCheck.objects.filter(inspection=inspection).update(
        result=InspectionCheck.Result.FAILED, note="见现场照片"
    )
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    assert "未发现问题" not in page
    assert all(f"{item.text}：见现场照片" in page for item in items)
