"""`make bench`: the performance benchmark on PostgreSQL with city-scale demo data; writes bench/RESULTS.md.

    .venv/bin/python bench/run.py [--reseed] [--province] [--skip-load] [--repeats 30] [--page-rounds 3]

1. Databases: anjian_bench_small (`seed_demo --scale small`) and anjian_bench (`--scale city`), and with
   --province anjian_bench_province (`--scale province`, several minutes); each created and seeded when missing
   or with --reseed, migrated every run. The seed's time is kept in the database's comment.
2. Key pages, in-process with Django's test Client and DEBUG off: p50/p95 server time and queries, at each size
   (with --province also on the province database, --province-repeats timed requests a page); the sizes take turns
   for --page-rounds rounds and each page shows the medians of its rounds.
3. Throughput (unless --skip-load): gunicorn with 2 workers on loopback, wrk against the enterprise list and the
   dashboard, as a ratio to a bare view on the same stack (needs `apt-get install wrk`; else a Python fallback).
4. The quarterly ranking: compute_ranking against one hand-written SQL statement (bench/ranking_sql.py), at each
   size; the totals must agree, town by town.

Exit status 1 when the SQL's totals disagree with compute_ranking's or a step fails; the goals are reported in
RESULTS.md (✅/❌), not enforced.
"""

import argparse
import itertools
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402


def worker(part, args):
    """In a child process on one database: measure and print the result as JSON on the last line."""
    common.setup_django()
    if part == "pages":
        from bench import pages

        result = pages.measure(repeats=args.repeats)
    elif part == "ranking":
        from bench import ranking

        result = ranking.measure(repeats=args.ranking_repeats)
    else:
        raise SystemExit(f"unknown worker {part}")
    print(json.dumps(result, ensure_ascii=False, default=str))


def _rankings(scales, args, seeds, failures):
    print("→ 季度排名：compute_ranking 与手写 SQL")
    rankings = []
    for scale in scales:
        row = common.run_worker("ranking", common.DATABASES[scale], "--ranking-repeats", str(args.ranking_repeats))
        row["scale"] = scale
        rankings.append(row)
        seeds[scale]["counts"] = {k: row[k] for k in ("enterprises", "hazards", "inspections")}
        print(
            f"  [{scale}] compute_ranking {row['orm_seconds']:.3f} s，手写 SQL {row['sql_seconds']:.3f} s，"
            f"{row['ratio']}×"
        )
        if row["mismatches"]:
            failures.append(f"{scale}：手写 SQL 与 compute_ranking 的总分不一致：{row['mismatches'][:5]}")
            print("\n" + "!" * 100)
            print(f"!!! 总分不一致（{scale}，{len(row['mismatches'])} 个镇街）：{row['mismatches'][:5]}")
            print("!" * 100 + "\n")
    return rankings


def _pages(scales, args, notes):
    print("→ 关键页面（进程内，DEBUG=0）")
    pages = {
        "repeats": args.repeats,
        "province_repeats": args.province_repeats or args.repeats,
        "rounds": args.page_rounds,
    }
    # The scales take turns, round after round, and each page's figures are the medians of its rounds: on a shared
    # machine the speed drifts over minutes, and a page of 4 ms timed only while it was slow would seem 2× slower at
    # one scale than at another measured minutes apart.
    rounds = {scale: [] for scale in scales}
    for _ in range(args.page_rounds):
        for scale in scales:
            repeats = pages["province_repeats"] if scale == "province" else args.repeats
            rounds[scale].append(common.run_worker("pages", common.DATABASES[scale], "--repeats", str(repeats)))
    for scale in scales:
        pages[scale] = _medians(rounds[scale])
        for row in pages[scale]:
            timing = f"p50 {row['p50']:>7} ms  p95 {row['p95']:>7} ms"
            print(f"  [{scale}] {row['label']:<24} {timing}  {row['queries']} 查询")
    # Each bigger scale against the one before it: a page's queries must not grow with the data.
    for smaller, bigger in itertools.pairwise(scales):
        before = {row["label"]: row["queries"] for row in pages[smaller]}
        for row in pages[bigger]:
            if before.get(row["label"]) != row["queries"]:
                counts = f"{smaller} {before.get(row['label'])}，{bigger} {row['queries']}"
                notes.append(f"{row['label']}：查询数随数据量变化（{counts}）")
    return pages


def _medians(rounds):
    """One row a page from a scale's rounds: the median of their p50s and of their p95s, the most queries any
    round made (a count that varied shows as the largest)."""
    rows = []
    for same_page in zip(*rounds, strict=True):
        first = same_page[0]
        rows.append(
            {
                **first,
                "p50": statistics.median(row["p50"] for row in same_page),
                "p95": statistics.median(row["p95"] for row in same_page),
                "queries": max(row["queries"] for row in same_page),
            }
        )
    return rows


def main():
    parser = argparse.ArgumentParser(description="性能基准：city 规模数据上的关键页面、并发吞吐与季度排名计算")
    parser.add_argument("--reseed", action="store_true", help="重建并重新填充基准数据库")
    parser.add_argument("--province", action="store_true", help="也测 province 规模（100 万家企业，需数分钟）")
    parser.add_argument("--skip-load", action="store_true", help="不做 gunicorn 并发吞吐测试")
    parser.add_argument("--repeats", type=int, default=30, help="每个页面计时的请求次数")
    parser.add_argument("--province-repeats", type=int, help="province 规模每个页面计时的请求次数（默认同 --repeats）")
    parser.add_argument("--page-rounds", type=int, default=3, help="各规模轮流计时关键页面的轮数（取中位数）")
    parser.add_argument("--ranking-repeats", type=int, default=3, help="排名计算与手写 SQL 各重复次数")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker, args)

    from bench import report

    load_before = report.load_average()
    scales = ["small", "city"] + (["province"] if args.province else [])
    failures, notes = [], []
    print("→ 基准数据库")
    seeds = {}
    for scale in scales:
        seeds[scale] = {**common.ensure_seeded(scale, reseed=args.reseed), "database": common.DATABASES[scale]}

    pages = _pages(scales, args, notes)

    load = None
    if not args.skip_load:
        from bench import load as load_test

        print("→ 并发吞吐（gunicorn 2 workers）")
        if not load_test.wrk_available():
            print("  !!! 没有 wrk（apt-get install wrk）：改用 Python 线程负载生成器，结果中已注明。")
        load = load_test.measure(common.DATABASES["city"], say=print)

    rankings = _rankings(scales, args, seeds, failures)

    path = report.write(
        pages=pages, seeds=seeds, load=load, rankings=rankings, notes=notes + failures, load_before=load_before
    )
    print(f"\n结果已写入 {path.relative_to(ROOT)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
