"""`make prod-check`: start the production stack on loopback on this machine and smoke-test it through nginx.

A fresh PostgreSQL database (anjian_prodcheck), Redis db 9, gunicorn with deploy/gunicorn.conf.py (3 workers),
one Celery worker, Celery beat and, when the `nginx` binary exists, nginx with deploy/nginx/anjian.conf and a
self-signed certificate. Production settings: DEBUG=0, a generated SECRET_KEY, STATIC_MANIFEST=1, JSON logs.
Then the smoke steps (SMOKE_STEPS in deploy/prod_steps.py), each PASS or FAIL; everything started is stopped
again, also on failure or Ctrl-C. Exit status 0 only when every step passed. Logs stay in the printed directory
when a step failed.

    .venv/bin/python deploy/prod_check.py [--keep] [--no-nginx]
"""

import sys

import nginx_proxy
import stack
from checks import run_checks, self_signed_certificate, start_check
from http_client import Browser
from prod_steps import (
    GUNICORN_WORKERS,
    HTTP_PORT,
    HTTPS_PORT,
    NGINX_ONLY,
    SMOKE_STEPS,
    WEB_PORT,
    WORKER_NAME,
    Check,
)
from stack import Processes, Steps

# --------------------------------------------------------------------------------------------------- stack


def start_stack(steps, check):
    work_dir, processes = check.work_dir, check.processes
    steps.run("PostgreSQL：重建数据库 anjian_prodcheck", stack.recreate_database)
    steps.run("Redis：清空 db 9", stack.flush_redis)
    steps.run("migrate", lambda: stack.manage(check.env, "migrate", "--noinput", "-v", "0") or "已迁移")
    steps.run(
        "collectstatic（STATIC_MANIFEST=1）",
        lambda: stack.manage(check.env, "collectstatic", "--noinput", "-v", "1").strip().splitlines()[-1],
    )
    steps.run(
        "seed_demo --scale small",
        lambda: stack.manage(check.env, "seed_demo", "--scale", "small").strip().splitlines()[0],
    )
    steps.run(
        f"gunicorn（{GUNICORN_WORKERS} workers，deploy/gunicorn.conf.py）",
        stack.start_gunicorn,
        processes,
        check.env,
        port=WEB_PORT,
        workers=GUNICORN_WORKERS,
    )
    steps.run("Celery worker", lambda: stack.start_worker(processes, check.env, name=WORKER_NAME))
    steps.run("Celery beat", lambda: stack.start_beat(processes, check.env, work_dir=work_dir) or "已启动")
    if check.nginx:
        steps.run("自签名 TLS 证书（openssl）", lambda: self_signed_certificate(check))
        steps.run(
            "nginx（deploy/nginx/anjian.conf）",
            lambda: nginx_proxy.start_nginx(
                processes,
                binary=check.nginx,
                work_dir=work_dir,
                upstreams=[f"127.0.0.1:{WEB_PORT}"],
                http_port=HTTP_PORT,
                https_port=HTTPS_PORT,
                cert=check.cert,
                key=work_dir / "tls" / "key.pem",
            ),
        )
    steps.run("本进程连接同一套设置（ORM、Celery 客户端）", lambda: stack.setup_django(check.env) or "django.setup()")


def main():
    options, work_dir, nginx = start_check(__doc__.splitlines()[0], "prodcheck")
    check = Check(work_dir=work_dir, nginx=nginx, processes=Processes(work_dir / "logs"))
    check.env = stack.production_env(work_dir=work_dir, behind_tls_proxy=bool(nginx))
    notes = []
    if not nginx:
        notes.append(
            "没有用 nginx（未安装，或 --no-nginx）：本次直接访问 gunicorn"
            "（HTTP，SECURE_SSL_REDIRECT=0、SECURE_COOKIES=0），未检查 TLS、安全响应头和 nginx 的静态文件缓存。"
            "安装：apt-get install -y nginx"
        )
        print("\n!!! " + notes[-1] + "\n", flush=True)

    steps = Steps(
        "make prod-check：生产环境组件冒烟检查（" + ("nginx + TLS" if nginx else "无 nginx，直连 gunicorn") + "）"
    )
    return run_checks(
        steps,
        check,
        ports=[WEB_PORT, *((HTTP_PORT, HTTPS_PORT) if nginx else ())],
        start=start_stack,
        before=lambda check: setattr(check, "browser", Browser(check.base_url, cafile=check.cert)),
        checks=SMOKE_STEPS,
        nginx_only=NGINX_ONLY,
        notes=notes,
        work_dir=work_dir,
        keep=options.keep,
        kept_note=f"（数据库 {stack.DATABASE_NAME} 保留到下次检查）",
    )


if __name__ == "__main__":
    sys.exit(main())
