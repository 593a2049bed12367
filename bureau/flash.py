"""A write from a small POST form, told to the user in one flash message (then the view redirects)."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from bureau.error_text import error_text


def flash_write(request, form, write, done, *, failed="", labelled=False):
    """Call write() if `form` is valid (or None), and say how it went: the text done(result) (or `done` itself,
    a str) on success; on an invalid form or a refused write (ValidationError), `failed` (e.g. "延期申请未提交：")
    followed by why. Returns whether the write was made."""
    if form is not None and not form.is_valid():
        messages.error(request, failed + error_text(form, labelled=labelled))
        return False
    try:
        result = write()
    except ValidationError as exc:
        messages.error(request, failed + error_text(exc))
        return False
    messages.success(request, done if isinstance(done, str) else done(result))
    return True


def form_write(request, form, write, done):
    """A form page's POST: when the form is valid, call write(form.cleaned_data) and flash done(result); return the
    result, for the view to redirect to. A refused write (ValidationError) goes onto the form — on the field it
    names when the form has it, else on top — and, like a GET or an invalid form, returns None: show the page."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = write(form.cleaned_data)
    except ValidationError as exc:
        add_refusal(form, exc)
        return None
    messages.success(request, done(result))
    return result


def add_refusal(form, exc):
    """Put a service's ValidationError on the form: on the field it names when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
