"""`make backup` then `make restore` (deploy/backup.py) round-trip a populated database and its photos: every table
with the same rows, a sample of rows identical, every photo file identical."""

import hashlib
import subprocess
import sys

import pytest

from tests.faults.conftest import ROOT, portal_env

pytestmark = pytest.mark.faults

SAMPLED = [
    ("enterprises_enterprise", "id"),
    ("hazards_hazard", "id"),
    ("hazards_hazardphoto", "id"),
    ("inspections_inspection", "id"),
    ("assessment_rankingrow", "id"),
    ("auth_user", "id"),
    ("grids_gridcell", "id"),
]


def tables(stack, database):
    names = stack.postgres.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", database=database
    )
    return [name for (name,) in names]


def counts(stack, database):
    return {
        name: stack.postgres.execute(f'SELECT COUNT(*) FROM "{name}"', database=database)[0][0]
        for name in tables(stack, database)
    }


def sample(stack, database, table, key):
    """Every tenth row, in full (text of every column), in key order."""
    return stack.postgres.execute(
        f'SELECT t::text FROM "{table}" t WHERE "{key}" % 10 = 1 ORDER BY "{key}"', database=database
    )


def files(folder):
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def backup_tool(*args, database_url, media_root, **extra):
    env = portal_env(database_url=database_url, redis_url="", media_root=media_root, **extra)
    result = subprocess.run(
        [sys.executable, "deploy/backup.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    return result


def test_a_backup_restores_every_record_and_photo_into_a_fresh_database(stack, tmp_path):
    source = stack.database
    assert stack.sql("SELECT COUNT(*) FROM hazards_hazardphoto")[0][0] > 0, "seed_demo made no photos to back up"
    photos_before = files(stack.media_root)
    assert photos_before

    made = backup_tool(
        "backup",
        database_url=stack.postgres.url(source),
        media_root=stack.media_root,
        BACKUP_DIR=str(tmp_path / "backups"),
    )
    assert made.returncode == 0, made.stderr
    (folder,) = (tmp_path / "backups").iterdir()
    assert {p.name for p in folder.iterdir()} == {"database.dump", "media.tar", "manifest.json"}

    restored = f"{source}_restored"
    stack.postgres.create_database(restored)
    try:
        media = tmp_path / "restored-media"
        loaded = backup_tool("restore", str(folder), database_url=stack.postgres.url(restored), media_root=media)
        assert loaded.returncode == 0, loaded.stderr
        assert "提示" not in loaded.stdout, loaded.stdout  # the enterprise list's cache was refreshed after it

        assert counts(stack, restored) == counts(stack, source)
        for table, key in SAMPLED:
            rows = sample(stack, source, table, key)
            assert rows, f"{table} has no rows to compare"
            assert sample(stack, restored, table, key) == rows, table
        assert files(media) == photos_before

        # Restoring over a database that has data is refused unless asked for.
        again = backup_tool("restore", str(folder), database_url=stack.postgres.url(restored), media_root=media)
        assert again.returncode == 1
        assert "--replace" in again.stderr
    finally:
        stack.postgres.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
