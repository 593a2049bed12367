"""Password rules: at least 8 characters of at least 3 kinds, not common, not like the user's name; all in Chinese."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from bureau.accounts.services import user_create
from bureau.demo.users import DEMO_PASSWORD
from bureau.roles import Role

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def problems(password, username="zhangwei", name="张伟"):
    try:
        validate_password(password, get_user_model()(username=username, first_name=name))
    except ValidationError as exc:
        return exc.messages
    return []


@pytest.mark.parametrize("password", [DEMO_PASSWORD, "Qiao-Liang#88", "ruian2026SAFE", "安监Ab12345"])
def test_good_passwords_pass(password):
    assert problems(password) == []


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!xyz", "密码太短，至少需要 8 个字符。"),
        ("anjianju2026", "密码须包含小写字母、大写字母、数字、符号中的至少 3 类，当前只有 2 类。"),
        ("ANJIAN-JU", "密码须包含小写字母、大写字母、数字、符号中的至少 3 类，当前只有 2 类。"),
        ("P@ssw0rd", "这个密码太常见了。"),
        ("Zhangwei2026", "密码跟 用户名 太相似了。"),
        ("20262026", "密码只包含数字。"),
    ],
)
def test_weak_passwords_are_refused_saying_why_in_chinese(password, message):
    assert message in problems(password)


def test_every_message_and_help_text_is_chinese():
    messages = problems("1234") + problems("zhangwei") + problems("password")
    texts = password_validators_help_texts()

    assert len(texts) == 5
    for text in messages + texts:
        assert CHINESE.search(text), text


def test_a_new_user_with_a_weak_password_is_refused(db):
    with pytest.raises(ValidationError):
        user_create(username="staff9", password="staff9staff9", role=Role.STAFF)

    assert not get_user_model().objects.filter(username="staff9").exists()


def test_the_password_change_page_applies_the_rules(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("password_change"),
        {"old_password": "Test-pass-2026", "new_password1": "anjianju2026", "new_password2": "anjianju2026"},
    )

    assert response.status_code == 200
    assert "至少 3 类" in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password("Test-pass-2026")
