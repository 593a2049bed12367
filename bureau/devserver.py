"""`make run`: migrate, load the demo data, start the portal and, when Redis answers, a Celery worker with beat.

Ctrl-C or SIGTERM stops everything it started. Each child runs in a process group of its own, so that the
processes it starts in turn (runserver's autoreloaded server, Celery's pool) are reached too: signalling only the
child itself left runserver's autoreloaded server serving after 已全部停止.

Read from the environment: PORT (8000), DEMO_SCALE (small), DATABASE_URL (an SQLite file), REDIS_URL
(redis://127.0.0.1:6379/0, used only when it answers), DEBUG (1).
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
# A stopped child's group gets this long after SIGTERM, then SIGKILL.
STOP_GRACE_SECONDS = 10
BEAT_SCHEDULE = Path("var") / "celerybeat-schedule"  # beat's state file, out of the work tree (var/ is ignored)


def redis_answers(url):
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except (redis.RedisError, OSError):
        return False


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], env=env, check=True)


def _stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt


def children(env, port):
    """[(name, argv)] of the long-running processes: the Celery worker (when REDIS_URL is set) and the web server."""
    commands = []
    if env.get("REDIS_URL"):
        BEAT_SCHEDULE.parent.mkdir(exist_ok=True)
        worker = [sys.executable, "-m", "celery", "-A", "bureau", "worker", "--beat", "-l", "info", "-c", "2"]
        commands.append(("Celery worker + beat", [*worker, "--schedule", str(BEAT_SCHEDULE)]))
    commands.append(("Web 服务", [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}"]))
    return commands


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a member we may not signal is still a member
        return True
    return True


def _signal_group(pgid, signum):
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signum)


def stop(procs, grace=STOP_GRACE_SECONDS):
    """Stop each child's whole process group: SIGTERM, then SIGKILL; return once no process of any group is left
    (the children themselves reaped). SIGTERM, not SIGINT: a process started in the background ignores SIGINT, and
    runserver and Celery both stop cleanly on SIGTERM (the worker's warm shutdown)."""
    groups = [proc.pid for proc in procs]  # each child leads its group: its pid is the group id
    for signum in (signal.SIGTERM, signal.SIGKILL):
        for pgid in groups:
            _signal_group(pgid, signum)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            for proc in procs:
                proc.poll()  # reap a child that ended, or it stays a zombie member of its group
            if not any(_group_alive(pgid) for pgid in groups):
                return
            time.sleep(0.1)
    for proc in procs:
        proc.wait()


def supervise(commands, env):
    """Start the commands, each in a new process group; return when one ends or on Ctrl-C/SIGTERM, having stopped
    all of them."""
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    procs = []
    try:
        for _, argv in commands:
            # process_group=0: the child leads a new group. The terminal's Ctrl-C then reaches only this process,
            # which passes it on to every group below.
            procs.append(subprocess.Popen(argv, env=env, process_group=0))
        print("\n已启动：" + "、".join(name for name, _ in commands))
        print(f"打开 http://127.0.0.1:{env.get('PORT', '8000')}/ ，按 Ctrl-C 全部停止。\n", flush=True)
        while all(proc.poll() is None for proc in procs):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        # A second Ctrl-C must not cut the stopping short and leave a group running.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop(procs)
        print("已全部停止。", flush=True)


def main():
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    env = dict(os.environ)
    env.setdefault("DEBUG", "1")
    port = env.setdefault("PORT", "8000")
    redis_url = env.get("REDIS_URL") or DEFAULT_REDIS_URL
    if redis_answers(redis_url):
        env["REDIS_URL"] = redis_url
        print(f"Redis 可用（{redis_url}）：任务交给 Celery worker 执行。")
    else:
        env.pop("REDIS_URL", None)
        print(f"Redis 不可用（{redis_url}）：任务将在 Web 进程内直接执行。")
    database = env.get("DATABASE_URL") or "SQLite 文件 db.sqlite3"
    print(f"数据库：{database}", flush=True)

    try:
        manage("migrate", "--noinput", "-v", "0", env=env)
        manage("seed_demo", "--scale", env.get("DEMO_SCALE", "small"), env=env)
    except KeyboardInterrupt:
        print("已停止。")
        return
    supervise(children(env, port), env)


if __name__ == "__main__":
    main()
