"""Password rules with their messages in Chinese (Django's own say some of it in English)."""

import unicodedata

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                "密码太短，至少需要 %(min_length)d 个字符。",
                code="password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个字符。"


class CharacterClassesValidator:
    """A password mixes at least `min_classes` of: lowercase letters, uppercase letters, digits, symbols."""

    CLASSES = ("小写字母", "大写字母", "数字", "符号")

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    @staticmethod
    def classes_in(password):
        found = set()
        for char in password:
            if "a" <= char <= "z":
                found.add("小写字母")
            elif "A" <= char <= "Z":
                found.add("大写字母")
            elif char.isdigit():
                found.add("数字")
            elif not char.isalnum() and not char.isspace():
                found.add("符号")
        return found

    def validate(self, password, user=None):
        found = self.classes_in(password)
        if len(found) < self.min_classes:
            raise ValidationError(
                "密码须包含小写字母、大写字母、数字、符号中的至少 %(min_classes)d 类，当前只有 %(found)d 类。",
                code="password_too_simple",
                params={"min_classes": self.min_classes, "found": len(found)},
            )

    def get_help_text(self):
        return f"密码须包含小写字母、大写字母、数字、符号中的至少 {self.min_classes} 类。"


class RepetitionValidator:
    """A password is not one piece said again (Aa1!Aa1!) nor made of a handful of characters (aaaaBBBB11)."""

    def __init__(self, min_distinct=5):
        self.min_distinct = min_distinct

    @staticmethod
    def is_periodic(password):
        """One piece said at least twice, perhaps cut short at the end: Aa1!Aa1!, Ab#1Ab#1Ab."""
        length = len(password)
        if length >= 200:  # a long passphrase: only whole repeats, found in linear time
            return password in (password + password)[1:-1]
        return any(password[period:] == password[:-period] for period in range(1, length // 2 + 1))

    def validate(self, password, user=None):
        if self.is_periodic(password) or len(set(password)) < self.min_distinct:
            raise ValidationError(
                "密码重复的部分太多（如 Aa1!Aa1!），请至少使用 %(min_distinct)d 个不同的字符，且不要重复同一组字符。",
                code="password_too_repetitive",
                params={"min_distinct": self.min_distinct},
            )

    def get_help_text(self):
        return f"密码不能是同一组字符的重复，且至少包含 {self.min_distinct} 个不同的字符。"


# The demo users' password (bureau/demo/users.py) is printed by `make run` and written in the README: everyone
# knows it. Its variants (without the @, lowercase, a ! added) are refused with it.
DEMO_PASSWORDS = ("Anjian@2026",)
PORTAL_WORDS = ("安监", "anjian", "瑞安", "ruian")
# Symbols and digits that stand in for letters: p@ssw0rd, @nji@n2026. Symbols alone, then digits too (for words).
SYMBOL_LOOKALIKES = str.maketrans({"@": "a", "!": "i", "$": "s"})
DIGIT_LOOKALIKES = str.maketrans({"4": "a", "0": "o", "1": "i", "3": "e", "5": "s"})


def normalised(text):
    """Lowercase letters, digits and Chinese characters only: `Anjian@2026!` and `ANJIAN-2026` both read anjian2026."""
    return "".join(char for char in unicodedata.normalize("NFKC", text).casefold() if char.isalnum())


def readings(password):
    """The password as typed, with its look-alike symbols read as letters, and with its look-alike digits too; all
    normalised."""
    symbols_read = password.casefold().translate(SYMBOL_LOOKALIKES)
    return {normalised(password), normalised(symbols_read), normalised(symbols_read.translate(DIGIT_LOOKALIKES))}


class ForbiddenWordsValidator:
    """A password contains neither the user's username or name, nor the portal's name, nor the demo password."""

    def __init__(self, words=PORTAL_WORDS, demo_passwords=DEMO_PASSWORDS):
        self.words = [normalised(word) for word in words]
        self.demo_passwords = [normalised(demo) for demo in demo_passwords]

    def validate(self, password, user=None):
        found = readings(password)
        errors = []
        if any(demo in reading for demo in self.demo_passwords for reading in found):
            errors.append(ValidationError("密码不能与演示密码相同或相似。", code="password_is_demo"))
        if any(word in reading for word in self.words for reading in found):
            message = "密码不能包含本平台的名称（如“安监”“anjian”“瑞安”“ruian”）。"
            errors.append(ValidationError(message, code="password_has_portal_name"))
        for label, value, shortest in self._user_words(user):
            if len(value) >= shortest and any(value in reading for reading in found):
                errors.append(ValidationError(f"密码不能包含{label}。", code="password_has_user_name"))
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _user_words(user):
        if user is None:
            return []
        return [
            ("用户名", normalised(user.get_username() or ""), 3),
            ("姓名", normalised(getattr(user, "first_name", "") or ""), 2),
        ]

    def get_help_text(self):
        return "密码不能包含用户名、姓名或本平台的名称，也不能与演示密码相似。"


class PasswordHistoryValidator:
    """A new password is none of the user's last `count` passwords (their hashes are kept in PreviousPassword)."""

    def __init__(self, count=5):
        self.count = count

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        from bureau.accounts.models import PreviousPassword

        hashes = {user.password, *PreviousPassword.objects.latest_hashes(user, self.count)}
        if any(encoded and check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                "新密码不能与最近 %(count)d 次使用过的密码相同。",
                code="password_reused",
                params={"count": self.count},
            )

    def password_changed(self, password, user=None):
        """Called by Django after a user with a new password is saved: remember its hash."""
        if user is None or user.pk is None or not user.has_usable_password():
            return
        from bureau.accounts.models import PreviousPassword

        PreviousPassword.objects.remember(user, keep=self.count)

    def get_help_text(self):
        return f"新密码不能与最近 {self.count} 次使用过的密码相同。"
