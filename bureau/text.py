"""Characters that must not reach a page from what people type: bidi overrides and isolates, direction marks and
control characters. A name or a code that holds one is refused (it would show one thing and sort, search or print as
another: "U+202E" turns "ABC公司" around on every page and in every export); free text (a description, a note) has
them removed, since there they are only noise from a copy and paste and refusing would lose the rest.

Line feed and tab stay in free text; carriage return goes (a browser sends CRLF, the page shows LF)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

# C0 (but \t and \n), DEL, C1; the Arabic letter mark, LRM/RLM, the embeddings and overrides, the isolates.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# In a single-line value even \t and \n are controls.
LINE_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

CONTROLS_MESSAGE = "不能包含控制字符或文字方向控制符（如 U+202E），请删除后重新输入。"


def strip_controls(value):
    """Free text without its control and bidi characters; anything not a str is returned as it is."""
    return CONTROLS.sub("", value) if isinstance(value, str) else value


def has_controls(value):
    return isinstance(value, str) and LINE_CONTROLS.search(value) is not None


def refuse_controls(value):
    """Validator for names and codes: refuses a value holding a control or bidi character."""
    if has_controls(value):
        raise ValidationError(CONTROLS_MESSAGE, code="controls")


def max_length_validator(limit):
    """MaxLengthValidator with the portal's Chinese message."""
    return MaxLengthValidator(limit, message="内容过长：最多 %(limit_value)d 个字，当前为 %(show_value)d 个字。")


class FreeTextFormField(forms.CharField):
    """A form field for free text (descriptions, notes, reasons): controls removed, length limited, a textarea."""

    def __init__(self, *, max_length, rows=3, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(max_length=max_length, **kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]
        self.validators.append(max_length_validator(max_length))

    def to_python(self, value):
        return super().to_python(strip_controls(value))


class NameFormField(forms.CharField):
    """A single-line name or code typed on a form: refused when it holds a control or bidi character."""

    default_validators = [refuse_controls]
