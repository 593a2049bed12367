"""Password rules: at least 10 characters of at least 3 kinds, not repetitive, not common, not like or containing the
user's name, not the portal's name nor the demo password, none of the last five; all in Chinese."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from bureau.accounts.models import PreviousPassword
from bureau.accounts.services import user_create
from bureau.demo.users import DEMO_PASSWORD, seed_users
from bureau.roles import Role

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def problems(password, username="zhangwei", name="张伟", user=None):
    try:
        validate_password(password, user or get_user_model()(username=username, first_name=name))
    except ValidationError as exc:
        return exc.messages
    return []


@pytest.mark.parametrize("password", ["Qiao-Liang#88", "Mei-Hua-Lu#7x", "绿水青山Ab12345", "Test-pass-2026"])
def test_good_passwords_pass(password):
    assert problems(password) == []


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!xyz", "密码太短，至少需要 10 个字符。"),
        ("Aa1!Aa1!", "密码太短，至少需要 10 个字符。"),
        ("Aa1!Aa1!", "密码重复的部分太多（如 Aa1!Aa1!），请至少使用 5 个不同的字符，且不要重复同一组字符。"),
        ("Aa1!Aa1!Aa1!", "密码重复的部分太多（如 Aa1!Aa1!），请至少使用 5 个不同的字符，且不要重复同一组字符。"),
        ("aaaaBBBB1111", "密码重复的部分太多（如 Aa1!Aa1!），请至少使用 5 个不同的字符，且不要重复同一组字符。"),
        ("qiaoliang2026", "密码须包含小写字母、大写字母、数字、符号中的至少 3 类，当前只有 2 类。"),
        ("QIAO-LIANG-JU", "密码须包含小写字母、大写字母、数字、符号中的至少 3 类，当前只有 2 类。"),
        ("Password1!", "这个密码太常见了。"),
        ("2026202620", "密码只包含数字。"),
    ],
)
def test_weak_passwords_are_refused_saying_why_in_chinese(password, message):
    assert message in problems(password)


@pytest.mark.parametrize("password", [DEMO_PASSWORD, "Anjian2026", "anjian@2026!", "ANJIAN-2026", "@nji@n#2026"])
def test_the_demo_password_and_its_variants_are_refused(password):
    assert "密码不能与演示密码相同或相似。" in problems(password)


@pytest.mark.parametrize(
    "password", ["Xy7#Anjian-Q", "Q-ANJIAN#7y", "安监Ab12345x", "Ab12345x瑞安", "Ruian#2027qq", "R-u-i-a-n#2027"]
)
def test_the_portals_name_is_refused_in_any_case(password):
    assert "密码不能包含本平台的名称（如“安监”“anjian”“瑞安”“ruian”）。" in problems(password)


@pytest.mark.parametrize("password", ["Zhangwei-2026x", "Safe#ZHANGWEI9", "Q9!zhang-wei-x"])
def test_the_username_is_refused_anywhere_in_the_password(password):
    assert "密码不能包含用户名。" in problems(password)


def test_the_users_name_is_refused_too():
    assert "密码不能包含姓名。" in problems("张伟Ab12345x#")


OLD_PASSWORDS = ["Qiao-Liang#81", "Qiao-Liang#82", "Qiao-Liang#83", "Qiao-Liang#84", "Qiao-Liang#85"]


def change_password(user, password):
    user.set_password(password)
    user.save()


def test_none_of_the_last_five_passwords_may_come_back(staff):
    for password in OLD_PASSWORDS:
        change_password(staff, password)

    for password in OLD_PASSWORDS:
        assert "新密码不能与最近 5 次使用过的密码相同。" in problems(password, user=staff)
    assert problems("Test-pass-2026", user=staff) == []  # the sixth back may be used again
    assert PreviousPassword.objects.filter(user=staff).count() == 5


def test_only_hashes_of_previous_passwords_are_kept(staff):
    change_password(staff, "Qiao-Liang#81")

    kept = list(PreviousPassword.objects.filter(user=staff).values_list("password", flat=True))
    assert len(kept) == 2 and "Qiao-Liang#81" not in kept and "Test-pass-2026" not in kept
    assert "password" not in {field.name for field in get_user_model().history.model._meta.fields}


def test_the_password_change_page_refuses_the_current_password(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("password_change"),
        {"old_password": "Test-pass-2026", "new_password1": "Test-pass-2026", "new_password2": "Test-pass-2026"},
    )

    assert response.status_code == 200
    assert "新密码不能与最近 5 次使用过的密码相同。" in response.content.decode()


def test_the_password_change_page_remembers_the_new_password(client, staff):
    client.force_login(staff)
    new = {"new_password1": "Qiao-Liang#88", "new_password2": "Qiao-Liang#88"}
    client.post(reverse("password_change"), {"old_password": "Test-pass-2026", **new})  # the session stays valid

    response = client.post(reverse("password_change"), {"old_password": "Qiao-Liang#88", **new})

    assert "新密码不能与最近 5 次使用过的密码相同。" in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password("Qiao-Liang#88")


def test_the_demo_users_still_get_the_demo_password(world):
    seed_users(enterprise_a=world.enterprise_x, enterprise_b=world.enterprise_y)

    assert get_user_model().objects.get(username="staff").check_password(DEMO_PASSWORD)
    assert get_user_model().objects.get(username="ent_a").check_password(DEMO_PASSWORD)


def test_every_message_and_help_text_is_chinese():
    messages = problems("1234") + problems("zhangwei") + problems("password")
    texts = password_validators_help_texts()

    assert len(texts) == 8
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
        {"old_password": "Test-pass-2026", "new_password1": "qiaoliang2026", "new_password2": "qiaoliang2026"},
    )

    assert response.status_code == 200
    assert "至少 3 类" in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password("Test-pass-2026")
