"""`make scale-check`: scale-out shown on one machine, with the real parts: two web instances, two Celery workers.

Two gunicorn instances (two ports) and two Celery workers on the same PostgreSQL database (anjian_prodcheck) and
Redis (db 9), and nginx with both instances in its upstream when the `nginx` binary exists. It shows that:
either instance serves the same read-heavy page (/enterprises/, signed in as `staff`) and a session made on one
holds on the other (sessions are in PostgreSQL); nginx spreads requests over both; tasks are consumed by both
workers. With a real streaming replica of the local PostgreSQL (deploy/replica.py, hot standby on port 15432) the two
instances read their list pages from it (DATABASE_REPLICA_URL): deploy/scale_replica.py shows the reads moving off
the primary, the same pages everywhere, and a user seeing their own write at once. Everything started is stopped
again and the replica removed, also on failure or Ctrl-C.

    .venv/bin/python deploy/scale_out.py [--keep] [--no-nginx]
"""

import collections
import json
import re
import sys
import time
import uuid

import nginx_proxy
import scale_replica
import stack
from checks import run_checks, self_signed_certificate, start_check
from http_client import Browser
from replica import REPLICA_PORT, Replica
from stack import Processes, Steps, expect, wait_for

WEB_PORTS = (18611, 18612)
HTTP_PORT = 18690
HTTPS_PORT = 18653
WORKERS_PER_INSTANCE = 2
WORKER_NAMES = ("scale1", "scale2")
TASKS = 20
PAGE = "/enterprises/"


class ScaleCheck:
    def __init__(self, work_dir, nginx):
        self.work_dir = work_dir
        self.nginx = nginx
        self.processes = Processes(work_dir / "logs")
        # Clients talk to each instance directly over plain HTTP, so no HTTPS redirect and no secure-only cookies
        # here (make prod-check checks those through nginx).
        self.env = stack.production_env(work_dir=work_dir, behind_tls_proxy=False)
        if nginx:
            self.env["BEHIND_PROXY"] = "1"
        self.cert = None
        self.browsers = {}
        self.hostnames = [f"{name}@{stack.socket.gethostname()}" for name in WORKER_NAMES]
        self.replica = Replica(work_dir / "logs")
        self.web_ports = WEB_PORTS
        # Without the replica: the third instance, to compare the primary's load against.
        self.primary_only_env = dict(self.env)
        self.env["DATABASE_REPLICA_URL"] = self.replica.url(stack.DATABASE_NAME)
        self.env["REPLICA_PIN_SECONDS"] = str(scale_replica.PIN_SECONDS)

    def access_log(self, port):
        return self.work_dir / "logs" / f"gunicorn-{port}.log"


def _normalised(html):
    # Each response masks the CSRF token anew; everything else on the page is the same data.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', html)


def check_both_instances_healthy(check):
    details = []
    for port in WEB_PORTS:
        browser = Browser(f"http://127.0.0.1:{port}")

        def healthy(browser=browser):
            response = browser.get("/healthz")
            report = json.loads(response.text) if response.status == 200 else None
            return report if report and report["checks"]["workers"].get("detail") == len(WORKER_NAMES) else None

        report = wait_for(f":{port} /healthz 正常且见到两个 worker", healthy, timeout=90, interval=1)
        details.append(f":{port} worker 应答数 {report['checks']['workers']['detail']}")
    return "；".join(details)


def check_session_shared(check):
    first, second = WEB_PORTS
    browser = Browser(f"http://127.0.0.1:{first}")
    browser.sign_in("staff")
    other = Browser(f"http://127.0.0.1:{second}")
    for cookie in browser.jar:
        other.jar.set_cookie(cookie)
    response = other.get(PAGE, follow=False)
    expect(response.status == 200, f":{second} 不认 :{first} 的会话：{response.status} {response.header('Location')}")
    check.browsers = {first: browser, second: other}
    return f"在 :{first} 登录的 staff，会话在 :{second} 同样有效（会话存于 PostgreSQL）"


def check_same_page_from_either(check):
    bodies = {}
    for port, browser in check.browsers.items():
        request_id = f"scale-{port}-{uuid.uuid4().hex[:8]}"
        response = browser.get(PAGE, headers={"X-Request-ID": request_id})
        expect(response.status == 200, f":{port}{PAGE} 返回 {response.status}")
        expect(response.header("X-Request-ID") == request_id, "实例没有回显 X-Request-ID")
        bodies[port] = _normalised(response.text)
        wait_for(
            f":{port} 的访问日志有请求 {request_id}",
            lambda port=port, rid=request_id: f"request_id={rid}" in check.access_log(port).read_text(),
            timeout=10,
        )
        for other in WEB_PORTS:
            if other != port:
                expect(
                    f"request_id={request_id}" not in check.access_log(other).read_text(), "请求出现在另一实例的日志"
                )
    first, second = (bodies[port] for port in WEB_PORTS)
    expect("企业" in first and len(first) > 5000, f"{PAGE} 内容太少，未登录？")
    expect(first == second, f"两个实例返回的 {PAGE} 不同")
    return f"{PAGE} 在两个实例上内容相同（{len(first.encode())} 字节），各自的访问日志记有各自的请求"


def check_nginx_spreads(check):
    browser = Browser(f"https://127.0.0.1:{HTTPS_PORT}", cafile=check.cert)
    for cookie in check.browsers[WEB_PORTS[0]].jar:
        browser.jar.set_cookie(cookie)
    request_ids = []
    for _ in range(12):
        response = browser.get(PAGE, follow=False)
        expect(response.status == 200, f"经 nginx 访问 {PAGE} 返回 {response.status}")
        request_ids.append(response.header("X-Request-ID"))
    time.sleep(0.5)  # access lines are written after the response
    served = {}
    for port in WEB_PORTS:
        log = check.access_log(port).read_text()
        served[port] = sum(f"request_id={request_id}" in log for request_id in request_ids)
    expect(sum(served.values()) == len(request_ids), f"有请求在两个日志里都找不到：{served}")
    expect(all(served.values()), f"nginx 没有把请求分给两个实例：{served}")
    return "nginx 把 12 个请求分给两个实例：" + "，".join(f":{port} {n} 个" for port, n in served.items())


def check_tasks_spread(check):
    from deploy.check_tasks import count_cells_by_level, whoami

    stack.wait_for_workers(check.hostnames)
    # Each holds its worker process a moment: one worker's two processes cannot take the whole burst alone.
    results = [whoami.delay(pause=0.2) for _ in range(TASKS)]
    hostnames = collections.Counter(result.get(timeout=60) for result in results)
    expect(set(hostnames) == set(check.hostnames), f"whoami 任务没有分到两个 worker：{dict(hostnames)}")

    # The same with a task that reads the database: each worker's log names the tasks it ran.
    counted = [count_cells_by_level.delay() for _ in range(TASKS)]
    answers = {json.dumps(result.get(timeout=60), sort_keys=True) for result in counted}
    expect(len(answers) == 1, f"count_cells_by_level 的结果不一致：{answers}")
    ran = {}

    def all_logged():
        # A worker stores the result first and logs "succeeded" just after.
        for name in WORKER_NAMES:
            log = (check.work_dir / "logs" / f"celery-{name}.log").read_text()
            ran[name] = sum(f"count_cells_by_level[{result.id}] succeeded" in log for result in counted)
        return sum(ran.values()) == TASKS

    wait_for(f"每个任务都见于某个 worker 的日志（{ran}）", all_logged, timeout=10)

    shares = "，".join(f"{name} {n} 个" for name, n in sorted(hostnames.items()))
    count_shares = "，".join(f"{name} {n} 个" for name, n in ran.items())
    return f"{TASKS} 个 whoami：{shares}；{TASKS} 个 count_cells_by_level（结果一致）：{count_shares}"


def check_ranking_split(check):
    """The quarter ranked by one task per town across both workers equals the single-task ranking."""
    from django.utils import timezone

    from bureau.assessment.models import Ranking, RankingRun
    from bureau.assessment.scoring import compute_ranking
    from bureau.assessment.tasks import compute_ranking_split_task
    from bureau.quarters import Quarter

    def table(ranking):
        rows = ranking.rows.order_by("town__code").prefetch_related("scores")
        return [
            (r.town_id, str(r.total), r.rank, [(s.indicator_id, str(s.points)) for s in r.scores.all()]) for r in rows
        ]

    quarter = Quarter.containing(timezone.localdate()).previous()
    single_ranking = compute_ranking(quarter)
    single = table(single_ranking)
    run = RankingRun.objects.create(year=quarter.year, quarter=quarter.number)
    compute_ranking_split_task.delay(run.pk)

    def finished():
        run.refresh_from_db()
        return run.status in (RankingRun.Status.DONE, RankingRun.Status.FAILED)

    wait_for(f"{quarter.slug} 分镇街计算完成", finished, timeout=120)
    expect(run.status == RankingRun.Status.DONE, f"分镇街计算失败：{run.message}")
    replaced = Ranking.objects.get(year=quarter.year, quarter=quarter.number)
    expect(replaced.computed_at > single_ranking.computed_at, "分镇街计算没有替换排名")
    split = table(replaced)
    expect(split == single, "分镇街计算的排名与单任务计算不一致")
    ran = {}
    for name in WORKER_NAMES:
        log = (check.work_dir / "logs" / f"celery-{name}.log").read_text()
        ran[name] = log.count("score_town_task[")
    expect(all(ran.values()), f"镇街任务没有分到两个 worker：{ran}")
    shares = "，".join(f"{name} 记录 {n} 条" for name, n in ran.items())
    return f"{quarter.slug}：{len(single)} 个镇街分任务计算，与单任务结果完全一致（{shares}）"


STEPS = [
    ("两个实例 /healthz 正常，各见两个 worker", check_both_instances_healthy),
    ("一处登录，两个实例共用会话", check_session_shared),
    (f"两个实例返回相同的 {PAGE}", check_same_page_from_either),
    ("nginx 在两个实例间分发请求", check_nginx_spreads),
    ("任务分到两个 worker", check_tasks_spread),
    ("季度排名按镇街拆分到两个 worker（chord），结果与单任务一致", check_ranking_split),
    *scale_replica.STEPS,
]
NGINX_ONLY = {check_nginx_spreads}


def start_stack(steps, check):
    env, processes = check.env, check.processes
    steps.run("PostgreSQL：重建数据库 anjian_prodcheck", stack.recreate_database)
    steps.run("Redis：清空 db 9", stack.flush_redis)
    # Before the migrations and the demo data: they reach the replica by streaming replication.
    steps.run("主库可作流复制源（wal_level、WAL sender、pg_hba 复制许可）", check.replica.prepare_primary)
    steps.run("备库：pg_basebackup -R 复制整个主库集群到临时目录", check.replica.base_backup)
    steps.run(f"备库：pg_ctl 以 hot standby 启动于 :{REPLICA_PORT}", check.replica.start)
    steps.run("migrate", lambda: stack.manage(env, "migrate", "--noinput", "-v", "0") or "已迁移")
    steps.run("collectstatic", lambda: stack.manage(env, "collectstatic", "--noinput", "-v", "1").splitlines()[-1])
    steps.run("seed_demo --scale small", lambda: stack.manage(env, "seed_demo").strip().splitlines()[0])
    for port in WEB_PORTS:
        steps.run(
            f"gunicorn 实例 :{port}（DATABASE_REPLICA_URL：读备库）",
            stack.start_gunicorn,
            processes,
            env,
            port=port,
            workers=WORKERS_PER_INSTANCE,
        )
    steps.run(
        f"gunicorn 实例 :{scale_replica.PRIMARY_ONLY_PORT}（不设 DATABASE_REPLICA_URL，作对比）",
        stack.start_gunicorn,
        processes,
        check.primary_only_env,
        port=scale_replica.PRIMARY_ONLY_PORT,
        workers=WORKERS_PER_INSTANCE,
    )
    for name in WORKER_NAMES:
        steps.run(f"Celery worker {name}", lambda name=name: stack.start_worker(processes, env, name=name))
    if check.nginx:
        steps.run("自签名 TLS 证书（openssl）", lambda: self_signed_certificate(check))
        steps.run(
            "nginx（upstream 含两个实例）",
            lambda: nginx_proxy.start_nginx(
                processes,
                binary=check.nginx,
                work_dir=check.work_dir,
                upstreams=[f"127.0.0.1:{port}" for port in WEB_PORTS],
                http_port=HTTP_PORT,
                https_port=HTTPS_PORT,
                cert=check.cert,
                key=check.work_dir / "tls" / "key.pem",
            ),
        )
    steps.run("本进程连接同一套设置（ORM、Celery 客户端）", lambda: stack.setup_django(env) or "django.setup()")


def main():
    options, work_dir, nginx = start_check(__doc__.splitlines()[0], "scalecheck")
    check = ScaleCheck(work_dir, nginx)
    notes = []
    if not nginx:
        notes.append("没有用 nginx（未安装，或 --no-nginx）：只直接访问两个 gunicorn 实例，未演示 nginx 的负载分发。")
        print("\n!!! " + notes[-1] + "\n", flush=True)

    steps = Steps("make scale-check：两个 Web 实例、两个 Celery worker，共用 PostgreSQL（主库 + 流复制备库）与 Redis")
    return run_checks(
        steps,
        check,
        ports=[*WEB_PORTS, scale_replica.PRIMARY_ONLY_PORT, REPLICA_PORT, *((HTTP_PORT, HTTPS_PORT) if nginx else ())],
        start=start_stack,
        checks=STEPS,
        nginx_only=NGINX_ONLY,
        notes=notes,
        work_dir=work_dir,
        keep=options.keep,
        cleanup=lambda check: check.replica.remove(),
    )


if __name__ == "__main__":
    sys.exit(main())
