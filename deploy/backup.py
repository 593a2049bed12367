"""`make backup` / `make restore`: the portal's data, the PostgreSQL database and the uploaded photos, in one folder.

    .venv/bin/python deploy/backup.py backup [--to DIR]
    .venv/bin/python deploy/backup.py restore FOLDER [--replace]

Reads the portal's own environment: DATABASE_URL (PostgreSQL), MEDIA_ROOT (default: media/ beside the code) and
BACKUP_DIR (default: var/backups/ beside the code). A backup is a folder named by its time, e.g.
var/backups/20260815-023000/, holding:

    database.dump   pg_dump --format=custom of the DATABASE_URL database
    media.tar       MEDIA_ROOT (hazard photos), paths relative to it
    manifest.json   when, which database, the row count of every table and the files in media.tar

`restore` loads a backup into the DATABASE_URL database, which must be empty (a fresh `createdb`) unless
--replace is given, and unpacks the photos into MEDIA_ROOT; then it compares the restored row counts with the
manifest and fails loudly on any difference. Stop the portal (web, worker, beat) before restoring.
pg_dump and pg_restore come from PATH, else from the newest /usr/lib/postgresql/*/bin (or set PG_BIN).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DUMP, MEDIA, MANIFEST = "database.dump", "media.tar", "manifest.json"


class BackupError(Exception):
    pass


def pg_binary(name):
    if os.environ.get("PG_BIN"):
        return str(Path(os.environ["PG_BIN"]) / name)
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if not candidates:
        raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端（postgresql-client），或设置 PG_BIN。")
    return str(candidates[-1])


def database_from_url(url):
    """The libpq environment (PGHOST, …) of a postgres:// URL: the password never shows in a process list."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("postgres", "postgresql", "pgsql") or not parts.path.strip("/"):
        raise BackupError(f"DATABASE_URL 应为 PostgreSQL 数据库地址（postgres://…/数据库名），现为：{url!r}")
    env = {"PGDATABASE": unquote(parts.path.lstrip("/"))}
    if parts.hostname:
        env["PGHOST"] = parts.hostname
    if parts.port:
        env["PGPORT"] = str(parts.port)
    if parts.username:
        env["PGUSER"] = unquote(parts.username)
    if parts.password:
        env["PGPASSWORD"] = unquote(parts.password)
    return env


def _run(argv, env, what):
    result = subprocess.run(argv, env={**os.environ, **env}, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what}失败（返回码 {result.returncode}）：\n{result.stderr.strip()[-3000:]}")
    return result.stdout


def table_counts(env):
    """{table: rows} of every table in the public schema, counted exactly (one query through psql)."""
    psql = pg_binary("psql")
    tables = _run(
        [psql, "-XAtq", "-c", "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"],
        env,
        "列出数据表",
    ).split()
    if not tables:
        return {}
    sql = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM public.\"{t}\"" for t in tables)
    rows = _run([psql, "-XAtq", "-F", "\t", "-c", sql], env, "统计行数").splitlines()
    return {name: int(count) for name, count in (line.split("\t") for line in rows if line)}


def media_root():
    return Path(os.environ.get("MEDIA_ROOT") or ROOT / "media")


def backup(*, to=None):
    """Write a new backup folder and return its path."""
    env = database_from_url(os.environ.get("DATABASE_URL"))
    base = Path(to or os.environ.get("BACKUP_DIR") or ROOT / "var" / "backups")
    folder = base / time.strftime("%Y%m%d-%H%M%S")
    while folder.exists():  # two backups in one second: the second gets a suffix
        folder = folder.with_name(folder.name + "-1")
    partial = folder.with_name(folder.name + ".partial")
    partial.mkdir(parents=True, mode=0o700)
    # The counts first, then the dump: rows written in between are in the dump, and restore then finds more rows
    # than counted, which it reports rather than hides. Stop the portal for a backup that must match exactly.
    counts = table_counts(env)
    _run([pg_binary("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial / DUMP)], env, "pg_dump ")
    media = media_root()
    files = []
    with tarfile.open(partial / MEDIA, "w") as archive:
        if media.is_dir():
            for path in sorted(media.rglob("*")):
                if path.is_file():
                    name = path.relative_to(media).as_posix()
                    archive.add(path, arcname=name, recursive=False)
                    files.append({"name": name, "bytes": path.stat().st_size})
    manifest = {
        "created": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "database": env["PGDATABASE"],
        "tables": counts,
        "media_root": str(media),
        "media_files": files,
    }
    (partial / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    partial.rename(folder)  # a folder without ".partial" is a complete backup
    return folder


def restore(folder, *, replace=False):
    """Load a backup folder into the DATABASE_URL database and MEDIA_ROOT; returns the manifest."""
    folder = Path(folder)
    if not (folder / MANIFEST).is_file() or not (folder / DUMP).is_file():
        raise BackupError(f"{folder} 不是完整的备份目录（缺少 {MANIFEST} 或 {DUMP}）。")
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    env = database_from_url(os.environ.get("DATABASE_URL"))
    existing = table_counts(env)
    if existing and not replace:
        raise BackupError(
            f"数据库 {env['PGDATABASE']} 中已有 {len(existing)} 张表。请恢复到新建的空数据库，"
            "或加 --replace 覆盖其中的数据。"
        )
    argv = [pg_binary("pg_restore"), "--no-owner", "--exit-on-error", "--dbname", env["PGDATABASE"]]
    argv += ["--clean", "--if-exists"] if replace else ["--single-transaction"]
    _run([*argv, str(folder / DUMP)], env, "pg_restore ")
    media = media_root()
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA) as archive:
        archive.extractall(media, filter="data")  # "data": no absolute paths, no "..", no devices or links out
    restored = table_counts(env)
    differences = {
        table: (rows, restored.get(table)) for table, rows in manifest["tables"].items() if restored.get(table) != rows
    }
    missing = [f["name"] for f in manifest["media_files"] if not (media / f["name"]).is_file()]
    if differences or missing:
        raise BackupError(f"恢复后的数据与备份清单不一致：行数 {differences}，缺少照片 {missing[:10]}")
    return manifest


def _refresh_caches():
    """The enterprise list is cached in Redis by registry version (enterprises/registry_cache.py), and Redis outlives
    a restore: replace the version so no list computed from the old data is served. Best effort: without Django's
    settings in the environment it says how to do it by hand; the cached lists expire within minutes anyway."""
    manage = ROOT / "manage.py"
    done = subprocess.run(
        [sys.executable, str(manage), "refresh_registry_cache"], capture_output=True, text=True, timeout=120
    )
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["?"])[-1]
        print(f"提示：未能使企业名录缓存失效（{reason}）；请在门户的环境中运行 manage.py refresh_registry_cache。")


def main(argv=None):
    parser = argparse.ArgumentParser(description="备份或恢复数据库（pg_dump/pg_restore）和上传的照片（MEDIA_ROOT）。")
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup", help="新建一个备份目录")
    make.add_argument("--to", help="备份的上级目录（默认 BACKUP_DIR 或 var/backups）")
    load = commands.add_parser("restore", help="从备份目录恢复")
    load.add_argument("folder", help="备份目录，如 var/backups/20260815-023000")
    load.add_argument("--replace", action="store_true", help="覆盖非空数据库中的数据")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        if args.command == "backup":
            folder = backup(to=args.to)
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            done = f"已备份到 {folder}"
        else:
            manifest = restore(args.folder, replace=args.replace)
            done = f"已从 {args.folder} 恢复"
            _refresh_caches()
        rows = sum(manifest["tables"].values())
        print(f"{done}：{len(manifest['tables'])} 张表 {rows} 行，照片 {len(manifest['media_files'])} 个")
    except BackupError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    print(f"用时 {time.monotonic() - started:.1f} 秒")
    return 0


if __name__ == "__main__":
    sys.exit(main())
