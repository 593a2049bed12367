import pytest
from django.core.exceptions import ValidationError

from enterprises.validators import validate_credit_code

REAL_CODES = [
    "91110108551385082Q",  # 小米科技有限责任公司
    "914403001922038216",  # 华为技术有限公司
    "91350100M000100Y43",  # the example of GB 32100-2015
]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_pass(code):
    validate_credit_code(code)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91110108551385082R", "校验位不正确"),  # last character mistyped
        ("91110108551835082Q", "校验位不正确"),  # two digits swapped
        ("9111010855138508", "应为 18 位"),
        ("91110108551385O82Q", "不允许的字符：O"),
    ],
)
def test_mistyped_codes_are_refused_with_a_clear_message(code, message):
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(code)

    assert message in excinfo.value.messages[0] % (excinfo.value.params or {}) or message in str(excinfo.value)
