"""A submit happens once: one-time submission keys for creating forms, and the refusal of a stale state change.

A creating form carries a hidden `submission_key` (the `{% submission_key %}` tag), a random token made when the
form is rendered. bureau.flash claims the key in the same transaction as the write: a refused write releases it
with everything else, a made one keeps it with what it made. A replay of the key — a second click, a resent POST,
a concurrent twin — creates nothing and is shown the first result. The key is the user's: another user's key is
simply another key. A POST without a (well-formed) key is written as before: the rule is for forms, not clients.

A state change names the state it expects (the status the page showed, a hazard's version); when the record is no
longer in it, the service raises AlreadyDone and changes nothing: the second click is told it already happened.

The model (accounts.Submission) is looked up by name: the kernel imports no app.
"""

import re
import secrets

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

FIELD = "submission_key"
REPLAYED = "该表单已提交过，未重复创建。"
DONE = "该操作已完成"
_WELL_FORMED = re.compile(r"[A-Za-z0-9_-]{16,64}")


class AlreadyDone(ValidationError):
    """A state change whose expected state is gone (a second click, a stale page): nothing was changed."""

    def __init__(self, detail=""):
        super().__init__(f"{DONE}：{detail}" if detail else f"{DONE}。", code="already_done")


class Replayed(Exception):
    """Raised inside the write's transaction when a concurrent request holding the same key made it first."""

    def __init__(self, submission):
        super().__init__(REPLAYED)
        self.submission = submission


def new_key():
    return secrets.token_urlsafe(24)


def _submissions():
    return apps.get_model("accounts", "Submission").objects


def _key(request):
    key = request.POST.get(FIELD, "") if request.method == "POST" else ""
    return key if request.user.is_authenticated and _WELL_FORMED.fullmatch(key) else None


def submitted(request):
    """The submission already made with this request's key, or None (no key, or not used yet)."""
    key = _key(request)
    return None if key is None else _submissions().filter(user=request.user, key=key).first()


def claim(request):
    """Take the request's key inside the write's transaction (None without a key). A concurrent request that took
    it first holds the row: this insert waits for it to commit, then fails, and Replayed names its submission."""
    key = _key(request)
    if key is None:
        return None
    try:
        with transaction.atomic():
            return _submissions().create(user=request.user, key=key)
    except IntegrityError:
        raise Replayed(_submissions().get(user=request.user, key=key)) from None


def record(submission, result):
    """Note what the claimed submission made, for a replay to be shown it."""
    if submission is not None and isinstance(result, models.Model) and result.pk is not None:
        submission.content_type = ContentType.objects.get_for_model(result)
        submission.object_id = result.pk
        submission.save(update_fields=["content_type", "object_id"])


def first_result(submission):
    """What the first submit made, or None when it made no record or the record is gone."""
    if submission.content_type_id is None:
        return None
    model = submission.content_type.model_class()
    return None if model is None else model._base_manager.filter(pk=submission.object_id).first()
