"""The spec table of enforcement document kinds: one complete, consistent row per kind."""

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import get_template

from inspections.enforcement.forms import DocumentForm
from inspections.enforcement.models import Case
from inspections.enforcement.services import document_issue
from inspections.enforcement.specs import SPECS, DocumentKind
from tests.factories import make_hazard


def test_every_kind_has_one_spec():
    assert list(SPECS) == list(DocumentKind)


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_a_spec_is_consistent(kind):
    spec = SPECS[kind]
    get_template(spec.template)
    assert set(spec.required) <= set(spec.fields)
    assert set(spec.form_fields) <= set(DocumentForm.base_fields)
    assert kind not in spec.needs_earlier
    assert not spec.decides_case or spec.needs_case


# The service builds its messages from the table; these are the texts the screens have always shown.
MESSAGES = [
    ("recheck", {}, "须先对该单位下达责令限期整改指令书或现场处理措施决定书，才能出具整改复查意见书。"),
    ("order", {}, "责令限期整改指令书须列明隐患。"),
    ("record", {"suspends": True}, "责令暂时停产停业须以现场处理措施决定书作出。"),
    ("record", {"lifts_suspension": True}, "恢复生产经营须以整改复查意见书或现场处理措施决定书作出。"),
    ("filing", {}, "立案审批表须经负责人审批后签发：请先拟稿并提交审批。"),
    ("inquiry", {}, "询问笔录须属于该单位的案件。"),
    ("record", {"fine_amount": 100}, "只有行政处罚决定书或案件调查终结报告或行政处罚告知书写明罚款金额。"),
]


@pytest.mark.parametrize(("kind", "extra", "message"), MESSAGES)
def test_the_messages_read_as_before(world, inspector, inspector2, kind, extra, message):
    with pytest.raises(ValidationError) as caught:
        document_issue(kind=kind, enterprise=world.enterprise_x, actor=inspector, co_signer=inspector2, **extra)

    assert caught.value.messages == [message]


def test_an_order_needs_a_deadline_and_a_penalty_a_fine(world, inspector, inspector2, staff):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff)
    case = Case.objects.create(enterprise=world.enterprise_x, title="案", created_by=inspector)
    signed = {"enterprise": world.enterprise_x, "actor": inspector, "co_signer": inspector2}

    with pytest.raises(ValidationError, match="责令限期整改指令书须写明整改期限。"):
        document_issue(kind=DocumentKind.RECTIFICATION_ORDER, hazards=[hazard], **signed)
    with pytest.raises(ValidationError, match=r"行政处罚决定书须经负责人审批后签发"):
        document_issue(kind=DocumentKind.PENALTY_DECISION, case=case, **signed)
    with pytest.raises(ValidationError, match=r"行政处罚决定书须写明罚款金额（大于 0）。"):
        document_issue(kind=DocumentKind.PENALTY_DECISION, case=case, approved_by=staff, **signed)
