"""Password rules with their messages in Chinese (Django's own say some of it in English)."""

from django.contrib.auth import password_validation
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
