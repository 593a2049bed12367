"""`make run`: migrate, load the demo data, start the portal and, when Redis answers, a Celery worker.

Ctrl-C stops everything it started.
"""

import os
import signal
import subprocess
import sys
import time

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


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


def main():
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    env = dict(os.environ)
    env.setdefault("DEBUG", "1")
    port = env.get("PORT", "8000")
    redis_url = env.get("REDIS_URL") or DEFAULT_REDIS_URL
    if redis_answers(redis_url):
        env["REDIS_URL"] = redis_url
        print(f"Redis 可用（{redis_url}）：任务交给 Celery worker 执行。")
    else:
        env.pop("REDIS_URL", None)
        print(f"Redis 不可用（{redis_url}）：任务将在 Web 进程内直接执行。")
    database = env.get("DATABASE_URL") or "SQLite 文件 db.sqlite3"
    print(f"数据库：{database}")

    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("seed_demo", "--scale", env.get("DEMO_SCALE", "small"), env=env)

    children = []
    if "REDIS_URL" in env:
        worker = [sys.executable, "-m", "celery", "-A", "bureau", "worker", "--beat", "-l", "info", "-c", "2"]
        children.append(("Celery worker + beat", subprocess.Popen(worker, env=env)))
    server = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}"]
    children.append(("Web 服务", subprocess.Popen(server, env=env)))

    print("\n已启动：" + "、".join(name for name, _ in children))
    print(f"打开 http://127.0.0.1:{port}/ ，按 Ctrl-C 全部停止。\n")
    try:
        while all(proc.poll() is None for _, proc in children):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for _, proc in children:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for _, proc in children:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        print("已全部停止。")


if __name__ == "__main__":
    main()
