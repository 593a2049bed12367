"""行政处罚信息公示: issued penalty decisions in force, natural persons masked, nothing else."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bureau.public.masking import mask_name, mask_numbers
from enterprises.models import Enterprise
from enterprises.validators import credit_code_check_character
from inspections.enforcement.specs import DocumentKind
from tests.factories import make_enterprise
from tests.public.helpers import anonymous_get, penalty

pytestmark = pytest.mark.django_db


def individual_business(world):
    """A 个体工商户 (credit code 92…): its operator is a natural person."""
    first17 = "92330381MA2H00001"
    return Enterprise.objects.create(
        grid_cell=world.village_a,
        name="瑞安市张三丰五金店",
        credit_code=first17 + credit_code_check_character(first17),
        legal_representative="张三丰",
        address="瑞安市仙降街道某村12号",
    )


def page():
    return anonymous_get(reverse("public:penalties")).content.decode()


def test_an_issued_decision_is_published_with_its_particulars(world, inspector):
    penalty(
        world.enterprise_x,
        inspector,
        1,
        facts="未按规定对从业人员进行安全生产教育和培训",
        legal_basis="《中华人民共和国安全生产法》第九十七条",
        requirements="责令限期改正",
        fine_amount=Decimal("30000"),
    )
    shown = page()

    assert "瑞安监管罚〔2026〕1号" in shown and "企业X" in shown and 'data-total="1"' in shown
    assert "未按规定对从业人员" in shown and "第九十七条" in shown and "罚款人民币 30000.00 元" in shown


def test_other_documents_and_corrected_decisions_are_absent(world, inspector):
    wrong = penalty(world.enterprise_x, inspector, 1, fine_amount=Decimal("12500"))
    penalty(world.enterprise_x, inspector, 2, fine_amount=Decimal("30000"), supersedes=wrong)
    penalty(world.enterprise_y, inspector, 3, kind=DocumentKind.RECTIFICATION_ORDER)
    shown = page()

    assert 'data-total="1"' in shown and "罚〔2026〕2号" in shown
    assert "罚〔2026〕1号" not in shown and "罚〔2026〕3号" not in shown


def test_a_natural_persons_name_identity_number_and_address_are_masked(world, inspector):
    shop = individual_business(world)
    penalty(shop, inspector, 1, facts="经营者张三丰（身份证号330381199001011234，电话13812345678）未建立制度")
    penalty(world.enterprise_x, inspector, 2, facts="主要负责人身份证号 330381198502023456")
    shown = page()

    assert "张三丰" not in shown and "瑞安市张**五金店" in shown and "经营者张**" in shown
    assert "330381199001011234" not in shown and "330381********1234" in shown and "138****5678" in shown
    assert "某村12号" not in shown and "仙降街道（详细地址不公开）" in shown
    assert "330381198502023456" not in shown


def test_masking_rules():
    assert mask_name("张三丰") == "张**" and mask_name("李四") == "李*" and mask_name("") == ""
    # A credit code (18 characters, letters in it) is not an identity number.
    assert mask_numbers("91330381MA2H000011") == "91330381MA2H000011"
    assert mask_numbers("33038119900101123X") == "330381********123X"


def test_the_list_takes_as_many_queries_for_more_decisions(world, inspector):
    penalty(world.enterprise_x, inspector, 1, fine_amount=Decimal("100"))
    with CaptureQueriesContext(connection) as one:
        page()
    for n in range(2, 8):
        penalty(make_enterprise(grid_cell=world.village_b), inspector, n, fine_amount=Decimal("100"))
    with CaptureQueriesContext(connection) as seven:
        assert 'data-total="7"' in page()
    assert len(one) == len(seven)
