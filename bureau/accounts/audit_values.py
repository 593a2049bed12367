"""How the audit trail writes a stored value: always as Chinese text a person reads, never as a Python repr.

A choice shows its label, a related object its name (a deleted one the name its history last knew), a boolean 是/否,
a date and a time as elsewhere in the trail, and a JSON value as "键：值" lines, nested ones indented beneath their
key, with the key names its app registered (bureau.audit_labels).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.formats import date_format

from bureau.audit_labels import json_labels
from bureau.fields import CodeListField
from bureau.roles import Role

EMPTY = "（空）"
# A full-width space: HTML keeps it, so nested lines stay indented on the page.
INDENT = "\u3000\u3000"
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@dataclass(frozen=True)
class Gone:
    """A related object deleted since: its name as its last history record had it, or none if it kept no history."""

    name: str


def object_label(obj):
    if isinstance(obj, Gone):
        return f"{obj.name}（已删除）"
    # A user's groups are the portal's roles: show the role's name, not its code.
    if isinstance(obj, Group) and obj.name in Role.values:
        return Role(obj.name).label
    # A person by name, with the username that tells two of the same name apart.
    if isinstance(obj, get_user_model()) and obj.first_name:
        return f"{obj.first_name}（{obj.get_username()}）"
    return str(obj)


def gone(model, pk):
    return Gone(f"{model._meta.verbose_name}（编号 {pk}）")


class ValueText:
    """The text of the values of one model's history page: `related` is {related model: {pk: object or Gone}}."""

    def __init__(self, model, related):
        self.model_label = model._meta.label_lower
        self.related = related

    def of(self, model_field, value):
        if value is None or value == "":
            return EMPTY
        if model_field.is_relation:
            obj = self.related.get(model_field.related_model, {}).get(value)
            return object_label(obj if obj is not None else gone(model_field.related_model, value))
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, CodeListField) and isinstance(value, list):
            return "、".join(model_field.label_of(code) for code in value) or EMPTY
        if isinstance(value, dict | list):
            labels = json_labels(self.model_label, model_field.name)
            return "\n".join(json_lines(value, labels)) or EMPTY
        return scalar(value)

    def of_set(self, m2m_field, pks):
        if not pks:
            return EMPTY
        objects = self.related.get(m2m_field.related_model, {})
        return "、".join(sorted(object_label(objects.get(pk) or gone(m2m_field.related_model, pk)) for pk in pks))


def scalar(value):
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "Y-m-d H:i")
    if isinstance(value, date):
        return date_format(value, "Y-m-d")
    if isinstance(value, str) and ISO_DATETIME.match(value):
        try:
            return scalar(datetime.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def _is_flat(value):
    return not isinstance(value, dict | list) or (
        isinstance(value, list) and not any(isinstance(item, dict | list) for item in value)
    )


def _flat_text(key, value, labels):
    if isinstance(value, list):
        return "、".join(str(labels.value(key, item)) if item is not None else EMPTY for item in value) or EMPTY
    return scalar(labels.value(key, value))


def json_lines(value, labels, depth=0, key=None):
    """The lines of a JSON value: "键：值" for each key of a dict, a list of plain values on one line, a list of
    dicts as numbered items; whatever is nested goes one indent deeper under its key."""
    indent = INDENT * depth
    if _is_flat(value):
        return [indent + _flat_text(key, value, labels)]
    lines = []
    items = labels.in_order(value.items()) if isinstance(value, dict) else enumerate(value, 1)
    for item_key, item in items:
        # A list's items are numbered, and their codes are those of the key the list is under.
        name, code_key = (labels.key(item_key), item_key) if isinstance(value, dict) else (f"第{item_key}项", key)
        if _is_flat(item):
            lines.append(f"{indent}{name}：{_flat_text(code_key, item, labels)}")
        else:
            lines.append(f"{indent}{name}：")
            lines.extend(json_lines(item, labels, depth + 1, code_key) or [INDENT * (depth + 1) + EMPTY])
    return lines
