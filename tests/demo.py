"""The small demo, seeded once for a module and rolled back after it (crawl, figures, seed_demo, Nu checks)."""

import io
from contextlib import contextmanager

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def demo_seeded(django_db_blocker, tmp_path_factory):
    """`seed_demo --scale small` inside a transaction rolled back on exit; yields the MEDIA_ROOT of its photos."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", "--scale", "small", stdout=io.StringIO())
            yield media
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
