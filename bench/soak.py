"""`make soak`: 50 simulated users on the production stack (gunicorn on loopback) for five minutes.

    .venv/bin/python -m bench.soak [--duration 300] [--users 50] [--think 1.0] [--no-results]

Enterprise users report hazards with a photo (and look at what they reported), inspectors browse the registry, the
hazard list and enterprise dossiers, staff open the dashboard and the ranking pages; each user pauses a random
0-2x `--think` seconds between pages, as people do. The data: a copy of the `city` benchmark database
(anjian_bench, from `seed_demo --scale city`) when it exists, else `seed_demo` small (and the results say so);
the copy is the soak's own database, anjian_soak, recreated each run.

Passes when no request failed (any answer other than 2xx/3xx, or no answer) and every report the portal
acknowledged (a 302 to the new hazard's page) is in the database afterwards. The figures are printed and appended
to bench/RESULTS.md under "Soak". Not part of `make test`.
"""

import argparse
import contextlib
import io
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))
import http_client  # noqa: E402  (deploy/http_client.py: a client like a browser)
import stack  # noqa: E402  (deploy/stack.py: the production stack on loopback)

from bench import common  # noqa: E402

CITY_DATABASE = common.DATABASES["city"]
DATABASE = "anjian_soak"
# The soak's own Redis db: other developers' tests and the benchmark use theirs.
REDIS_URL = "redis://127.0.0.1:6379/4"
PORT = 18791
RESULTS = ROOT / "bench" / "RESULTS.md"
ROLES = [("enterprise", 0.4), ("inspector", 0.3), ("staff", 0.3)]
ACCOUNTS = {"enterprise": ["ent_a", "ent_b"], "inspector": ["inspector", "inspector2"], "staff": ["staff"]}


def say(text):
    print(text, flush=True)


# The database ------------------------------------------------------------------------------------------------------


def prepare_database(env, *, small):
    """anjian_soak as a copy of the city database, or seeded small; returns a line saying which."""
    with contextlib.closing(common.admin_connection()) as connection, connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [CITY_DATABASE])
        city = cursor.fetchone() is not None and not small
        copied = False
        for _ in range(30 if city else 0):
            try:
                cursor.execute(f'CREATE DATABASE "{DATABASE}" TEMPLATE "{CITY_DATABASE}"')
            except Exception as exc:  # the benchmark is using it right now: wait for it a little
                say(f"  复制 {CITY_DATABASE} 暂不可行（{str(exc).strip().splitlines()[0]}），10 秒后重试…")
                time.sleep(10)
            else:
                copied = True
                break
        if not copied:
            cursor.execute(f'CREATE DATABASE "{DATABASE}"')
    stack.manage(env, "migrate", "--noinput", "-v", "0")
    if copied:
        return f"city 数据（{CITY_DATABASE} 的副本，seed_demo --scale city）"
    stack.manage(env, "seed_demo")
    why = "按 --small 要求" if small else f"{CITY_DATABASE} 不存在或正被占用"
    return f"small 数据（seed_demo 默认规模；{why}）"


def query(env, sql, params=None):
    import psycopg

    connection = psycopg.connect(env["DATABASE_URL"], connect_timeout=5, cursor_factory=psycopg.ClientCursor)
    with contextlib.closing(connection), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# The users ---------------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """What every user saw, under one lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    seconds: dict = field(default_factory=lambda: defaultdict(list))  # page kind -> [seconds]
    errors: list = field(default_factory=list)  # (kind, status or exception, path)
    reports: list = field(default_factory=list)  # (hazard id, description) acknowledged with a 302

    def record(self, kind, seconds, error=None, path=""):
        with self.lock:
            self.seconds[kind].append(seconds)
            if error is not None:
                self.errors.append((kind, error, path))


def jpeg():
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 600), (random.randrange(256), 90, 40))
    ImageDraw.Draw(image).rectangle((100, 100, 700, 500), outline=(255, 255, 255), width=6)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


class User:
    def __init__(self, number, role, base_url, tally, pools, think, deadline):
        self.number, self.role, self.tally, self.pools = number, role, tally, pools
        self.think, self.deadline = think, deadline
        self.browser = http_client.Browser(base_url)
        self.random = random.Random(number)

    def page(self, kind, path, **kwargs):
        method = kwargs.pop("method", "GET")
        started = time.monotonic()
        try:
            if method == "POST":
                response = self.browser.post_form(path, **kwargs)
            else:
                response = self.browser.get(path, follow=kwargs.get("follow", True))
        except Exception as exc:  # no answer (timeout, refused, reset) is an error like a 500
            self.tally.record(kind, time.monotonic() - started, f"{type(exc).__name__}: {exc}", path)
            return None
        ok = 200 <= response.status < 400
        self.tally.record(kind, time.monotonic() - started, None if ok else response.status, path)
        return response if ok else None

    def pause(self):
        time.sleep(self.random.uniform(0, 2 * self.think))

    def run(self):
        account = ACCOUNTS[self.role][self.number % len(ACCOUNTS[self.role])]
        try:
            self.browser.sign_in(account)
        except Exception as exc:
            self.tally.record("登录", 0, f"{type(exc).__name__}: {exc}", "/accounts/login/")
            return
        steps = {"enterprise": self.enterprise, "inspector": self.inspector, "staff": self.staff}[self.role]
        while time.monotonic() < self.deadline:
            steps()

    def enterprise(self):
        form = self.page("上报表单", "/hazards/new/")
        self.pause()
        if form is None or time.monotonic() >= self.deadline:
            return
        today = date.today()
        description = f"压力测试上报 {uuid.uuid4().hex[:12]}"
        fields = {
            "csrfmiddlewaretoken": http_client.csrf_token(form.text),
            "found_on": (today - timedelta(days=self.random.randrange(0, 5))).isoformat(),
            "location": self.random.choice(["一号车间配电箱", "喷涂车间", "仓库消防通道", "锅炉房"]),
            "description": description,
            "category": "site",
            "subcategory": self.random.choice(["electricity", "fire", "equipment", "sites"]),
            "level": "general",
            "rectification_deadline": (today + timedelta(days=14)).isoformat(),
            "responsible_person": "周晓东",
            "measures": "立即整改",
            "funds": "",
            "suspension": "none",
        }
        files = {"photos": ("现场.jpg", "image/jpeg", self.pools["photo"])}
        response = self.page(
            "上报隐患（含照片）", "/hazards/new/", method="POST", fields=fields, files=files, referer="/hazards/new/",
            follow=False,
        )  # fmt: skip
        location = response.header("Location") if response is not None else ""
        match = re.search(r"/hazards/(\d+)/$", location or "")
        if response is not None and response.status == 302 and match:
            with self.tally.lock:
                self.tally.reports.append((int(match.group(1)), description))
            self.page("隐患详情", f"/hazards/{match.group(1)}/")
        elif response is not None:
            self.tally.record("上报隐患（含照片）", 0, f"未确认（{response.status}，{location}）", "/hazards/new/")
        self.pause()
        self.page("隐患列表", "/hazards/")
        self.pause()

    def inspector(self):
        enterprise = self.random.choice(self.pools["enterprises"])
        search = self.random.choice(["鞋", "机械", "化工", "有限公司"])
        self.page("企业名录", "/enterprises/?" + urlencode({"q": search}))
        self.pause()
        self.page("企业档案", f"/enterprises/{enterprise}/")
        self.pause()
        self.page("隐患列表（筛选）", f"/hazards/?status={self.random.choice(['reported', 'rectifying', ''])}")
        self.pause()
        self.page("检查记录", "/inspections/")
        self.pause()

    def staff(self):
        self.page("首页（数据看板）", "/")
        self.pause()
        self.page("季度排名", "/rankings/")
        self.pause()
        self.page("排名详情", f"/rankings/{self.random.choice(self.pools['quarters'])}/")
        self.pause()


# The run -----------------------------------------------------------------------------------------------------------


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def soak(args):
    work_dir = Path(tempfile.mkdtemp(prefix="anjian-soak-"))
    (work_dir / "logs").mkdir()
    processes = stack.Processes(work_dir / "logs")
    env = {
        **stack.production_env(work_dir=work_dir, behind_tls_proxy=False),
        "DATABASE_URL": common.database_url(DATABASE),
        "REDIS_URL": REDIS_URL,
        "STATIC_MANIFEST": "0",
        "LOG_FORMAT": "plain",
        "LOG_LEVEL": "WARNING",
    }
    try:
        say(f"→ 准备数据库 {DATABASE}")
        data = prepare_database(env, small=args.small)
        say(f"  {data}")
        enterprises = query(env, "SELECT id FROM enterprises_enterprise ORDER BY id LIMIT 5000")
        quarters = query(env, "SELECT year, quarter FROM assessment_ranking")
        pools = {
            "enterprises": [pk for (pk,) in enterprises],
            "quarters": [f"{year}Q{quarter}" for year, quarter in quarters] or ["2026Q1"],
            "photo": jpeg(),
        }
        hazards_before = query(env, "SELECT COUNT(*) FROM hazards_hazard")[0][0]
        say(f"→ 启动 gunicorn（{args.workers} workers）")
        base_url = "http://" + stack.start_gunicorn(processes, env, port=args.port, workers=args.workers)
        tally = Tally()
        deadline = time.monotonic() + args.duration
        roles = [role for role, share in ROLES for _ in range(round(share * args.users))][: args.users]
        roles += ["staff"] * (args.users - len(roles))
        users = [User(n, role, base_url, tally, pools, args.think, deadline) for n, role in enumerate(roles)]
        threads = [threading.Thread(target=user.run, name=f"user-{user.number}") for user in users]
        say(f"→ {len(users)} 个用户（企业 {roles.count('enterprise')}、执法 {roles.count('inspector')}、"
            f"局机关 {roles.count('staff')}），{args.duration} 秒")  # fmt: skip
        started = time.monotonic()
        for thread in threads:
            thread.start()
            time.sleep(0.05)  # a ramp of a few seconds, not 50 sign-ins in the same instant
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        processes.expect_running()

        acknowledged = dict(tally.reports)
        stored = dict(
            query(env, "SELECT id, description FROM hazards_hazard WHERE id = ANY(%s)", [list(acknowledged)])
        ) if acknowledged else {}  # fmt: skip
        lost = [pk for pk, description in acknowledged.items() if stored.get(pk) != description]
        with_photo = "SELECT COUNT(DISTINCT hazard_id) FROM hazards_hazardphoto WHERE hazard_id = ANY(%s)"
        photos = query(env, with_photo, [list(acknowledged)])[0][0]
        hazards_after = query(env, "SELECT COUNT(*) FROM hazards_hazard")[0][0]
        return summarize(args, data, tally, elapsed, acknowledged, lost, photos, hazards_after - hazards_before)
    finally:
        processes.stop_all()
        say(f"日志：{work_dir / 'logs'}")


def summarize(args, data, tally, elapsed, acknowledged, lost, photos, new_hazards):
    requests = sum(len(v) for v in tally.seconds.values())
    passed = not tally.errors and not lost
    verdict = "通过" if passed else "未通过"
    lines = [
        f"### {time.strftime('%Y-%m-%d %H:%M')} · {args.users} 个用户 · {elapsed:.0f} 秒 · {verdict}",
        "",
        f"- 数据：{data}；gunicorn {args.workers} workers，生产设置（DEBUG=0），本机回环；"
        f"思考时间 0–{2 * args.think:.1f} 秒",
        f"- 请求 {requests} 个，{requests / elapsed:.1f} 个/秒；错误（非 2xx/3xx 或无应答）{len(tally.errors)} 个",
        f"- 上报隐患：确认（302 到隐患页）{len(acknowledged)} 条，"
        f"事后在数据库中找到 {len(acknowledged) - len(lost)} 条，带照片 {photos} 条；库中新增隐患 {new_hazards} 条",
        "",
        "| 页面 | 请求数 | 中位数 (ms) | p95 (ms) | 最长 (ms) | 错误 |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    errors_by_kind = defaultdict(int)
    for kind, _, _ in tally.errors:
        errors_by_kind[kind] += 1
    for kind, values in sorted(tally.seconds.items(), key=lambda item: -len(item[1])):
        median, p95 = statistics.median(values) * 1000, percentile(values, 0.95) * 1000
        lines.append(
            f"| {kind} | {len(values)} | {median:.0f} | {p95:.0f} | {max(values) * 1000:.0f} | {errors_by_kind[kind]} |"
        )
    if tally.errors:
        lines += ["", "错误（前 10 个）：", ""]
        lines += [f"- {kind} `{path}`: {error}" for kind, error, path in tally.errors[:10]]
    if lost:
        lines += ["", f"确认过但数据库中没有的隐患：{lost[:20]}"]
    return passed, "\n".join(lines) + "\n"


def append_results(section):
    """Append one run at the end of bench/RESULTS.md, under a "Soak" heading (written once). The benchmark keeps its
    own part between its markers and leaves the rest of the file alone; this never rewrites anything."""
    heading = "## Soak（`make soak`：并发用户持续压力测试）"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    last_heading = [line for line in text.splitlines() if line.startswith("## ")][-1:] or [""]
    with RESULTS.open("a", encoding="utf-8") as handle:
        if text and not text.endswith("\n"):
            handle.write("\n")
        if last_heading[0] != heading:
            handle.write(("\n" if text else "") + heading + "\n")
        handle.write("\n" + section)


def main(argv=None):
    parser = argparse.ArgumentParser(description="并发用户持续压力测试（soak）")
    parser.add_argument("--duration", type=int, default=300, help="秒数（默认 300）")
    parser.add_argument("--users", type=int, default=50, help="模拟用户数（默认 50）")
    parser.add_argument("--think", type=float, default=1.0, help="平均思考时间（秒，默认 1.0）")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers（默认 5，即 2×CPU+1）")
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--small", action="store_true", help="用 seed_demo small 数据，不复制 city 数据库")
    parser.add_argument("--no-results", action="store_true", help="不写入 bench/RESULTS.md")
    args = parser.parse_args(argv)
    passed, section = soak(args)
    say("\n" + section)
    if not args.no_results:
        append_results(section)
        say(f"已追加到 {RESULTS}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
