"""Model fields shared by every app."""

from django.db import models


class CodeListField(models.JSONField):
    """A list of codes from a fixed set of choices (say, industries), stored as JSON. The choices are kept on the
    field so that pages which show stored values, such as the audit trail, can show each code's label."""

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = list(item_choices)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def label_of(self, code):
        return str(dict(self.item_choices).get(code, code))
