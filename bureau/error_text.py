"""One line of Chinese that says why a write was refused, for the message shown after a redirect."""

from django.core.exceptions import ValidationError


def error_text(refusal, *, labelled=False):
    """The messages of a ValidationError, or of an invalid form, joined with '；'. With `labelled`, a form's
    field errors are prefixed with the field's label ("整改期限：…"), for forms whose fields are not on screen."""
    if isinstance(refusal, ValidationError):
        return "；".join(refusal.messages)
    form = refusal
    return "；".join(
        f"{form.fields[name].label}：{error}" if labelled and name in form.fields else error
        for name, errors in form.errors.items()
        for error in errors
    )
