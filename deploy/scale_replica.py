"""The steps of `make scale-check` that show reads on a streaming replica (deploy/replica.py makes it).

The two web instances run with DATABASE_REPLICA_URL (bureau/db_router.py); a third instance on PRIMARY_ONLY_PORT runs
without it, as the portal did before, to compare against. Each step asserts what it claims:

- list pages are read from the replica: its pg_stat_database counters rise with the requests, the primary's much less
  than for the same requests to the primary-only instance;
- both instances (and the primary-only one) serve the same pages;
- a user sees their own write at once, although the replica is paused and does not have it yet; another browser of
  the same user, and the writer's own after REPLICA_PIN_SECONDS, read the replica again and do not see it until the
  replica replays it.
"""

import re
import time
import uuid

import stack
from http_client import Browser
from prod_steps import report_hazard
from replica import REPLICA_PORT, counters, sql
from stack import expect

PRIMARY_ONLY_PORT = 18613
PIN_SECONDS = 5
# Lists signed in as `staff`, read-only and not kept in the cache: each request reads the database. The registry's
# CSV export is streamed (read after the view returns) through a server-side cursor.
LIST_PAGES = ("/hazards/", "/inspections/", "/cases/", "/documents/", "/enterprises/due/", "/enterprises/export.csv")
ROUNDS = 6
# PostgreSQL (15+) adds a session's counts to pg_stat_database when it goes idle, at the latest 10 s later.
STATS_SETTLE_SECONDS = 11


def _normalised(html):
    # Each response masks the CSRF token anew and forms carry a fresh one-time submission key.
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', html)
    html = re.sub(r'name="submission_key" value="[^"]+"', 'name="submission_key" value=""', html)
    # A keyset page's cursor is signed with the second it was made (bureau/pagination.py): its payload is compared.
    return re.sub(r'((?:after|before)=[^"&:%]+)(?:%3A|:)[^"&]*', r"\1", html)


def _browsers(username, ports):
    """One sign-in, its session used on each port; returned once the sign-in's own pin has run out."""
    first = Browser(f"http://127.0.0.1:{ports[0]}")
    first.sign_in(username)
    browsers = {ports[0]: first}
    for port in ports[1:]:
        browsers[port] = Browser(f"http://127.0.0.1:{port}")
        for cookie in first.jar:
            browsers[port].jar.set_cookie(cookie)
    time.sleep(PIN_SECONDS + 0.5)
    return browsers


def _reads(delta):
    return delta["tup_returned"] + delta["tup_fetched"]


def _load_of(browsers_by_port, pages, dbname):
    """Counters of the primary and the replica for ROUNDS × pages requests spread over the given browsers."""
    time.sleep(STATS_SETTLE_SECONDS)  # earlier requests' counts are in
    before = {"primary": counters(5432, dbname), "replica": counters(REPLICA_PORT, dbname)}
    browsers = list(browsers_by_port.items())
    requests = 0
    for round_number in range(ROUNDS):
        for page in pages:
            port, browser = browsers[requests % len(browsers)]
            response = browser.get(page, follow=False)
            expect(response.status == 200, f":{port}{page} 返回 {response.status}（第 {round_number + 1} 轮）")
            requests += 1
    time.sleep(STATS_SETTLE_SECONDS)
    after = {"primary": counters(5432, dbname), "replica": counters(REPLICA_PORT, dbname)}
    return requests, {side: {k: after[side][k] - before[side][k] for k in before[side]} for side in before}


def check_replica_streaming(check):
    replica = check.replica
    lsn = replica.catch_up()
    in_recovery = sql("SELECT pg_is_in_recovery()", port=REPLICA_PORT)[0]
    expect(in_recovery, "备库不在 hot standby（恢复）状态")
    table = "enterprises_enterprise"
    on_primary = sql(f"SELECT count(*) FROM {table}", dbname=stack.DATABASE_NAME)[0]
    on_replica = sql(f"SELECT count(*) FROM {table}", port=REPLICA_PORT, dbname=stack.DATABASE_NAME)[0]
    expect(on_primary > 0 and on_primary == on_replica, f"{table}：主库 {on_primary} 行，备库 {on_replica} 行")
    return (
        f"{replica.streaming()}；备库在 pg_basebackup 之后经流复制收到迁移与演示数据，已重放到 {lsn}："
        f"{table} 两边各 {on_replica} 行"
    )


def check_same_pages_everywhere(check):
    ports = [*check.web_ports, PRIMARY_ONLY_PORT]
    browsers = _browsers("staff", ports)
    check.staff_browsers = browsers
    sizes = []
    for page in LIST_PAGES:
        bodies = {}
        for port, browser in browsers.items():
            response = browser.get(page, follow=False)
            expect(response.status == 200, f":{port}{page} 返回 {response.status}")
            bodies[port] = _normalised(response.text)
        differing = [port for port in ports if bodies[port] != bodies[ports[0]]]
        expect(not differing, f"{page}：{differing} 返回的页面与 :{ports[0]} 不同")
        sizes.append(f"{page} {len(bodies[ports[0]].encode()) // 1024} KB")
    return (
        f"{len(LIST_PAGES)} 个列表页在 :{ports[0]}、:{ports[1]}（读备库）与 :{ports[2]}（只用主库）上完全相同："
        + "，".join(sizes)
    )


def check_reads_move_to_the_replica(check):
    dbname = stack.DATABASE_NAME
    browsers = check.staff_browsers
    primary_only = {PRIMARY_ONLY_PORT: browsers[PRIMARY_ONLY_PORT]}
    with_replica = {port: browsers[port] for port in check.web_ports}
    requests, without = _load_of(primary_only, LIST_PAGES, dbname)
    _, spread = _load_of(with_replica, LIST_PAGES, dbname)
    check.figures = {"requests": requests, "without": without, "with": spread}

    expect(
        spread["replica"]["xact_commit"] >= requests,
        f"{requests} 个请求后备库只多了 {spread['replica']['xact_commit']} 个事务：列表页没有读备库",
    )
    expect(_reads(spread["replica"]) > 0, "备库没有读出任何行")
    expect(
        without["replica"]["xact_commit"] == 0,
        f"只用主库的实例也让备库多了 {without['replica']['xact_commit']} 个事务：计数不可靠（别的连接？）",
    )
    before, after = _reads(without["primary"]), _reads(spread["primary"])
    expect(before > 0, "只用主库时主库没有读出任何行：计数不可靠")
    expect(after <= before / 2, f"主库读出的行只从 {before} 降到 {after}（应至少减半）")
    per = {
        name: {side: {k: v / requests for k, v in delta.items()} for side, delta in figures.items()}
        for name, figures in (("without", without), ("with", spread))
    }
    return (
        f"{requests} 个列表请求（{len(LIST_PAGES)} 页 × {ROUNDS} 轮）：只用主库时主库每请求 "
        f"{per['without']['primary']['xact_commit']:.1f} 个事务、读 {before / requests:.0f} 行；"
        f"有备库时主库每请求 {per['with']['primary']['xact_commit']:.1f} 个事务、读 {after / requests:.0f} 行"
        f"（降 {100 * (1 - after / before):.0f}%），备库每请求 {per['with']['replica']['xact_commit']:.1f} 个事务、"
        f"读 {_reads(spread['replica']) / requests:.0f} 行"
    )


def check_read_your_writes(check):
    first, second = check.web_ports
    writer_browsers = _browsers("ent_a", [first, second])
    writer, writer_elsewhere = writer_browsers[first], writer_browsers[second]
    # Another browser of the same user (another session), on the second instance.
    other = _browsers("ent_a", [second])[second]
    replica = check.replica
    replica.catch_up()
    marker = f"读己之写 {uuid.uuid4().hex[:12]}"
    seen = []
    replica.pause_replay()  # from now on only the primary has new writes
    try:
        response = report_hazard(writer, f"备库检查：{marker}")
        expect(response.status == 200 and marker in response.text, f"上报后的隐患页没有这条隐患：{response.status}")
        expect(any(c.name == "wrote" for c in writer.jar), "写入后没有得到读主库的 cookie（wrote）")
        for cookie in writer.jar:
            writer_elsewhere.jar.set_cookie(cookie)
        page = writer_elsewhere.get("/hazards/")
        expect(page.status == 200 and marker in page.text, f":{second}/hazards/ 没有本人刚写的隐患（应读主库）")
        seen.append(f"写入者在 :{second} 立即看到（读主库；备库已暂停重放，没有这条）")
        page = other.get("/hazards/")
        expect(page.status == 200 and marker not in page.text, "另一浏览器的列表已有这条隐患：它没有读备库")
        seen.append("同一用户的另一浏览器看不到（读备库）")
        time.sleep(PIN_SECONDS + 0.5)
        page = writer_elsewhere.get("/hazards/")
        expect(page.status == 200 and marker not in page.text, f"{PIN_SECONDS} 秒后写入者仍读主库")
        seen.append(f"{PIN_SECONDS} 秒后写入者也改读备库，看不到")
    finally:
        replica.resume_replay()
    replica.catch_up()
    for port, browser in ((first, writer), (second, other)):
        page = browser.get("/hazards/")
        expect(page.status == 200 and marker in page.text, f"备库恢复重放后 :{port} 的列表仍没有这条隐患")
    seen.append("备库恢复重放后两个实例都看到")
    return "；".join(seen)


STEPS = [
    ("备库：流复制 streaming，迁移与演示数据已到", check_replica_streaming),
    ("列表页在两个实例（读备库）与只用主库的实例上相同", check_same_pages_everywhere),
    ("列表页读备库，主库读负载下降", check_reads_move_to_the_replica),
    ("用户立即看到自己的写入（读主库），他人与 N 秒后读备库", check_read_your_writes),
]
