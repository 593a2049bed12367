"""bench/RESULTS.md: the machine, the date, and one table per measurement, with the goals beside the figures."""

import os
import platform
import time
from contextlib import closing
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"

PAGE_P95_GOAL_MS = 150
PAGE_QUERIES_GOAL = 20
# At province scale (50 times the city's registry) a page may take at most twice its city time, in the same run.
PROVINCE_P95_RATIO_GOAL = 2.0
THROUGHPUT_GOAL = 0.30
# The pages with a throughput goal (issue #21): the enterprise list, cached and with its body cache off, and the
# dashboard. Chosen here by path, whatever set of stacks bench/load.py measures them on.
THROUGHPUT_GOAL_PATHS = {"/enterprises/", "/"}
RANKING_RATIO_GOAL = 2.0
RANKING_SECONDS_GOAL = 5.0
SEED_CITY_GOAL_SECONDS = 90


def machine():
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "model": model, "memory": memory, "python": platform.python_version()}


def postgres_version():
    from bench.common import admin_connection

    with closing(admin_connection()) as connection, connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def _ok(passed):
    return "✅" if passed else "❌"


def load_average():
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def _head(seeds, load_before):
    info = machine()
    lines = [
        "# 性能基准结果（`make bench`）",
        "",
        f"- 日期：{time.strftime('%Y-%m-%d %H:%M %Z')}",
        f"- 机器：{info['cpus']} 核 {info['model']}，内存 {info['memory']}；PostgreSQL {postgres_version()}；"
        f"Python {info['python']}",
        f"- 机器负载（1/5/15 分钟平均）：开始时 {load_before}，结束时 {load_average()}"
        "（同机其他进程的负载会拉长计时，比值受影响较小）",
        "- 设置：DEBUG=0（生产设置，HTTP 回环：SECURE_SSL_REDIRECT=0、SECURE_COOKIES=0、STATIC_MANIFEST=0）",
        "",
        "## 数据量与 seed_demo 用时",
        "",
        "| 规模 | 数据库 | 企业 | 隐患 | 检查 | seed_demo 用时 | 填充日期 |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for scale, seed in seeds.items():
        counts = seed.get("counts", {})
        goal = f"（目标 ≤ {SEED_CITY_GOAL_SECONDS} s {_ok(seed['seconds'] <= SEED_CITY_GOAL_SECONDS)}）"
        lines.append(
            f"| {scale} | `{seed['database']}` | {counts.get('enterprises', '?'):,} | {counts.get('hazards', '?'):,} "
            f"| {counts.get('inspections', '?'):,} | {seed['seconds']:.1f} s{goal if scale == 'city' else ''} "
            f"| {seed.get('date', '?')} |"
        )
    return lines


def _city_passes(row, small):
    return (
        row["p95"] <= PAGE_P95_GOAL_MS
        and row["queries"] <= PAGE_QUERIES_GOAL
        and small.get("queries", row["queries"]) == row["queries"]
    )


def _province_cells(city, province):
    """The province columns of a page: p50, p95, queries, p95 against city's, and its goal."""
    if province is None:
        return " — | — | — | — | ❌ 未测 |"
    ratio = province["p95"] / city["p95"] if city["p95"] else float("inf")
    passed = (
        province["queries"] == city["queries"]
        and province["queries"] <= PAGE_QUERIES_GOAL
        and ratio <= PROVINCE_P95_RATIO_GOAL
    )
    return f" {province['p50']} | {province['p95']} | {province['queries']} | {ratio:.2f}× | {_ok(passed)} |"


def _pages(pages):
    with_province = bool(pages.get("province"))
    lines = [
        "",
        f"## 关键页面：服务器端用时与查询数（Django 测试客户端，进程内，每页预热 3 次后计时 {pages['repeats']} 次，"
        + f"各规模轮流测 {pages.get('rounds', 1)} 轮、取各轮 p50 与 p95 的中位数"
        + (
            f"，province 规模计时 {pages['province_repeats']} 次）"
            if with_province and pages.get("province_repeats", pages["repeats"]) != pages["repeats"]
            else "）"
        ),
        "",
        f"目标（city 规模）：p95 ≤ {PAGE_P95_GOAL_MS} ms，查询数 ≤ {PAGE_QUERIES_GOAL}，且 small 与 city 查询数相同。"
        + (
            f"目标（province 规模）：查询数与 city 相同且 ≤ {PAGE_QUERIES_GOAL}，p95 ≤ 同一次运行中 city p95 的 "
            f"{PROVINCE_P95_RATIO_GOAL:g} 倍。"
            if with_province
            else ""
        )
        + "企业名录在此关闭缓存（`REGISTRY_LIST_CACHE=0`），所列为每次重新计算的用时。链接为 city 数据中的页面"
        "（一企一档、隐患详情等在各规模中取同类对象，编号不同）。",
        "",
    ]
    head = "| 页面 | small p95 (ms) | small 查询数 | city p50 (ms) | city p95 (ms) | city 查询数 | 达标 |"
    rule = "| --- | ---: | ---: | ---: | ---: | ---: | :---: |"
    if with_province:
        head += " province p50 (ms) | province p95 (ms) | province 查询数 | p95 与 city 之比 | 达标（province） |"
        rule += " ---: | ---: | ---: | ---: | :---: |"
    lines += [head, rule]
    small = {row["label"]: row for row in pages.get("small", [])}
    province = {row["label"]: row for row in pages.get("province", [])}
    for row in pages["city"]:
        other = small.get(row["label"], {})
        line = (
            f"| {row['label']} `{row['url']}` | {other.get('p95', '—')} | {other.get('queries', '—')} "
            f"| {row['p50']} | {row['p95']} | {row['queries']} | {_ok(_city_passes(row, other))} |"
        )
        if with_province:
            line += _province_cells(row, province.get(row["label"]))
        lines.append(line)
    return lines


def _load(load):
    lines = []
    if load:
        lines += [
            "",
            f"## 并发吞吐（gunicorn {load['workers']} workers，{load['command']}，回环）",
            "",
            f"与同一服务器上的裸视图（同样的设置与中间件，需登录）之比；目标：企业名录（缓存开启与关闭时）和首页看板各 "
            f"≥ {THROUGHPUT_GOAL:.0%}。"
            f"各页面与裸视图轮流测 {load.get('rounds', 1)} 轮（每轮 {load.get('turn_seconds', '?')} s，"
            "裸视图在每轮之前和最后一轮之后各测一次），"
            "每轮的比值以该轮前后两次裸视图的平均为分母，表中为各轮比值与请求/秒的中位数。",
            "",
            "| 页面 | 请求/秒 | 非 2xx | 与裸视图之比 | 达标 |",
            "| --- | ---: | ---: | ---: | :---: |",
        ]
        for row in load["rows"]:
            rate, ratio = f"{row['rps']:.1f}", f"{row['ratio']:.1%}"
            goal = _ok((row["ratio"] or 0) >= THROUGHPUT_GOAL) if row["path"] in THROUGHPUT_GOAL_PATHS else ""
            where = f"（{row['settings']}）" if row.get("settings") else ""
            lines.append(f"| {row['label']} `{row['path']}`{where} | {rate} | {row['non_2xx']} | {ratio} | {goal} |")
        lines += [
            "",
            "企业名录的主体（按等级计数、50 行、筛选表单）缓存在 Redis 中，直到名录有任何改动"
            "（`enterprises/registry_cache.py`）；第二组是关闭缓存（`REGISTRY_LIST_CACHE=0`）时同一页面每次重新计算的吞吐，"
            "即名录刚改动后第一个请求的代价，各与本组 gunicorn 上的裸视图相比。",
        ]
        if load["tool"] != "wrk":
            lines += ["", "**注意：本机没有 wrk，吞吐由 Python 线程负载生成器测得（`apt-get install wrk` 后重跑）。**"]
    return lines


def _rankings(rankings):
    lines = []
    lines += [
        "",
        "## 季度排名计算：compute_ranking 与一条手写 SQL 之比",
        "",
        f"上一已结束季度；各取 {rankings[0]['repeats'] if rankings else 3} 次中位数"
        "（先不计时运行一次手写 SQL，两者都在表已读入缓存后计时）。"
        f"目标：city ≤ {RANKING_RATIO_GOAL:g}× 手写 SQL 且 ≤ {RANKING_SECONDS_GOAL:g} s，province ≤ "
        f"{RANKING_RATIO_GOAL:g}× 手写 SQL；两者总分须逐镇街一致。",
        "",
        "| 规模 | 企业 | 隐患 | 检查 | compute_ranking (s) | 手写 SQL (s) | 倍数 | 总分一致 | 达标 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: | :---: |",
    ]
    for row in rankings:
        same = "✅" if not row["mismatches"] else f"❌ {len(row['mismatches'])} 个镇街不一致"
        # Seconds are a goal at city only: a province's ranking is a nightly task, its goal the ratio (issue #21).
        in_time = row["orm_seconds"] <= RANKING_SECONDS_GOAL or row["scale"] == "province"
        passed = row["ratio"] <= RANKING_RATIO_GOAL and in_time and not row["mismatches"]
        goal = _ok(passed) if row["scale"] in ("city", "province") else ""
        lines.append(
            f"| {row['scale']} | {row['enterprises']:,} | {row['hazards']:,} | {row['inspections']:,} "
            f"| {row['orm_seconds']:.3f} | {row['sql_seconds']:.3f} | {row['ratio']:.2f}× | {same} | {goal} |"
        )
    return lines


def write(*, pages, seeds, load, rankings, notes, load_before):
    lines = _head(seeds, load_before) + _pages(pages) + _load(load) + _rankings(rankings)
    if notes:
        lines += ["", "## 说明", ""] + [f"- {note}" for note in notes]
    _replace_section("\n".join(lines))
    return RESULTS


BEGIN, END = "<!-- make bench: begin -->", "<!-- make bench: end -->"


def _replace_section(text):
    """Write our part between the markers and keep whatever else the file holds (other runs append theirs)."""
    block = f"{BEGIN}\n{text}\n{END}\n"
    old = RESULTS.read_text() if RESULTS.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        new = head + block + ("\n" + tail if tail else "")
    else:
        new = block + ("\n" + old if old else "")
    RESULTS.write_text(new)
