"""Model fields shared by every app."""

from django import forms
from django.db import models
from django.utils.functional import cached_property

from bureau.text import FreeTextFormField, max_length_validator, strip_controls


class CodeListField(models.JSONField):
    """A list of codes from a fixed set of choices (say, industries), stored as JSON. The choices are kept on the
    field so that pages which show stored values, such as the audit trail, can show each code's label."""

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = list(item_choices)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def label_of(self, code):
        return str(dict(self.item_choices).get(code, code))


class _StripsControls:
    """Free text loses its control and bidi characters (bureau.text) when cleaned and again when saved, so a service
    that writes without a form stores none either."""

    def to_python(self, value):
        return strip_controls(super().to_python(value))

    def pre_save(self, model_instance, add):
        value = strip_controls(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value


class FreeTextField(_StripsControls, models.TextField):
    """Free text people type (a description, a note, a reason): a maximum length enforced by full_clean and the
    form (not by the database), controls removed."""

    def __init__(self, *args, max_length, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)

    @cached_property
    def validators(self):
        return [*self.default_validators, *self._validators, max_length_validator(self.max_length)]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": FreeTextFormField, **kwargs})


class FreeCharField(_StripsControls, models.CharField):
    """A single line of free text (a remark): as CharField, controls removed."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": FreeTextFormField, "widget": forms.TextInput, **kwargs})
