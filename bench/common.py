"""What the benchmark's parts share: the databases, the environment of a production-like process, the workers.

Every measurement that needs Django runs in a child process (`python -m bench.run --worker …`) whose environment
names its database, so one run can measure the small, city and province databases one after the other.
"""

import json
import os
import secrets
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
# The bench's own databases and Redis db: other developers' tests use theirs at the same time.
DATABASES = {"small": "anjian_bench_small", "city": "anjian_bench", "province": "anjian_bench_province"}
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")


def database_url(name):
    return f"{POSTGRES_SERVER}/{name}"


def production_env(database, **extra):
    """Production settings (DEBUG off) on plain HTTP on loopback: no HTTPS redirect, no secure-only cookies."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_", "SECURE_", "PYTEST"))}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=database_url(database),
        REDIS_URL=REDIS_URL,
        STATIC_MANIFEST="0",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.pop("BENCH_BARE_VIEW", None)
    env.update(extra)
    return env


def admin_connection():
    import psycopg

    # Client-side binding, as Django uses: COMMENT ON DATABASE ... IS %s takes no server-side parameter.
    return psycopg.connect(
        database_url("postgres"), autocommit=True, connect_timeout=5, cursor_factory=psycopg.ClientCursor
    )


def database_info(name):
    """None when the database is missing; else its comment (what seeded it, and how long it took)."""
    with closing(admin_connection()) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    try:
        return json.loads(row[0] or "{}")
    except ValueError:
        return {}


def recreate_database(name):
    with closing(admin_connection()) as connection, connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')


def remember_seed(name, info):
    """The seed's scale and time live in the database's comment: they travel with the data they describe."""
    with closing(admin_connection()) as connection, connection.cursor() as cursor:
        cursor.execute(f'COMMENT ON DATABASE "{name}" IS %s', [json.dumps(info, ensure_ascii=False)])


def vacuum(name):
    """VACUUM ANALYZE: what autovacuum does to a production database soon after a bulk load (visibility map for
    index-only scans, planner statistics). This server runs with autovacuum off, so the bench does it."""
    import psycopg

    connection = psycopg.connect(database_url(name), autocommit=True, connect_timeout=5)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    connection.close()


def manage(database, *args, timeout=3600):
    env = production_env(database)
    started = time.monotonic()
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} 失败：\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return time.monotonic() - started, result.stdout


def ensure_seeded(scale, *, reseed, seed=2015, say=print):
    """The scale's database, migrated and seeded; (re)created when missing, unseeded or when asked to."""
    name = DATABASES[scale]
    info = database_info(name)
    fresh = reseed or info is None or info.get("scale") != scale or info.get("seed") != seed
    if fresh:
        say(f"  创建并填充数据库 {name}（--scale {scale}）…")
        recreate_database(name)
    manage(name, "migrate", "--noinput", "-v", "0")
    if not fresh:
        say(f"  数据库 {name} 已有 {scale} 数据（{info.get('date', '?')} 填充），已迁移到最新")
        vacuum(name)
        return info
    # A province takes most of an hour on two cores: its seed may run for two.
    seconds, output = manage(name, "seed_demo", "--scale", scale, "--seed", str(seed), "-v", "2", timeout=7200)
    vacuum(name)
    steps = [line.strip() for line in output.splitlines() if line.startswith("  ") and line.strip().endswith(" s")]
    info = {
        "scale": scale,
        "seed": seed,
        "seconds": round(seconds, 1),
        "steps": steps,
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }
    remember_seed(name, info)
    say(f"  seed_demo --scale {scale}：{seconds:.1f} s")
    return info


def run_worker(part, database, *args, timeout=7200):
    """Run `python -m bench.run --worker part` on `database`; returns the JSON it prints last."""
    env = production_env(database)
    result = subprocess.run(
        [PYTHON, "-m", "bench.run", "--worker", part, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"bench worker {part} 失败：\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def setup_django():
    """In a worker: Django with the environment the parent gave (production settings, the bench database)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bureau.settings"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
