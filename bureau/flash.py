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
