"""A write from a small POST form, told to the user in one flash message (then the view redirects).

Both helpers honour the form's one-time submission key (bureau.once): the key is claimed in the write's own
transaction, so a replayed POST or a second click creates nothing and is told so, and a refused write frees it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction

from bureau import once
from bureau.error_text import error_text


def _write_once(request, write):
    """write(), with the request's submission key claimed (and what it made recorded) in the same transaction."""
    with transaction.atomic():
        submission = once.claim(request)
        result = write()
        once.record(submission, result)
    return result


def flash_write(request, form, write, done, *, failed="", labelled=False):
    """Call write() if `form` is valid (or None), and say how it went: the text done(result) (or `done` itself,
    a str) on success; on an invalid form or a refused write (ValidationError), `failed` (e.g. "延期申请未提交：")
    followed by why; on a replayed submission key or a change already made (once.AlreadyDone), that it was
    already done. Returns whether the write was made."""
    if once.submitted(request) is not None:
        messages.info(request, once.REPLAYED)
        return False
    if form is not None and not form.is_valid():
        messages.error(request, failed + error_text(form, labelled=labelled))
        return False
    try:
        result = _write_once(request, write)
    except once.Replayed:
        messages.info(request, once.REPLAYED)
        return False
    except once.AlreadyDone as exc:
        messages.info(request, error_text(exc))
        return False
    except ValidationError as exc:
        messages.error(request, failed + error_text(exc))
        return False
    messages.success(request, done if isinstance(done, str) else done(result))
    return True


def form_write(request, form, write, done):
    """A form page's POST: when the form is valid, call write(form.cleaned_data) and flash done(result); return the
    result, for the view to redirect to. A refused write (ValidationError) goes onto the form — on the field it
    names when the form has it, else on top — and, like a GET or an invalid form, returns None: show the page.
    A replayed submission key writes nothing and returns what the first submit made (checked before the form,
    which the first submit may have made invalid: a credit code now taken, a month now filed)."""
    if request.method != "POST":
        return None
    submission = once.submitted(request)
    if submission is None and not form.is_valid():
        return None
    if submission is None:
        try:
            result = _write_once(request, lambda: write(form.cleaned_data))
        except once.Replayed as replay:
            submission = replay.submission
        except ValidationError as exc:
            add_refusal(form, exc)
            return None
        else:
            messages.success(request, done(result))
            return result
    messages.info(request, once.REPLAYED)
    return once.first_result(submission)


def add_refusal(form, exc):
    """Put a service's ValidationError on the form: on the field it names when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
