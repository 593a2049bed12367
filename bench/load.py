"""Throughput under concurrent load: gunicorn (2 workers, production settings) on loopback, driven by wrk.

Each page is measured as a ratio to a bare Django view (a tiny HttpResponse behind the same middleware, mounted
only with BENCH_BARE_VIEW=1) on the same server, so the figure says what the page costs beyond the framework and
does not depend much on the machine. Without wrk a small Python load generator (threads and http.client) stands
in, and the results say so.
"""

import http.client
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.common import ROOT, production_env

sys.path.insert(0, str(ROOT / "deploy"))
import http_client  # noqa: E402  (deploy/http_client.py: a client like a browser)
import stack  # noqa: E402  (deploy/stack.py: how the production stack starts on loopback)

PORT = 18731
WORKERS = 2
CONNECTIONS = 8
THREADS = 2
SECONDS = 10
WARM_UP_SECONDS = 2
# Each page is timed in ROUNDS turns of SECONDS / ROUNDS, the bare view before each turn and after the last: a
# page's ratio is the median over its turns of its rate against the mean of the bare view just before and after it.
# On a shared two-core machine the bare view drifted from 586 to 789 requests/s within one minute of one run; a
# single bracket around all the pages put the drift into their ratios.
ROUNDS = 3
TURN_SECONDS = max(1, round(SECONDS / ROUNDS))  # a page is timed as long in all as by one run of SECONDS
PATHS = [("裸视图（基准）", "/bench/bare/"), ("企业名录", "/enterprises/"), ("首页（数据看板）", "/")]


def _run(tool, base, path, cookie, seconds):
    return run_wrk(base + path, cookie, seconds) if tool == "wrk" else run_python(path, cookie, seconds)


def wrk_available():
    return shutil.which("wrk") is not None


def run_wrk(url, cookie, seconds):
    argv = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "-H", f"Cookie: sessionid={cookie}", url]
    output = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*", output)
    return {"rps": rate, "non_2xx": int(bad.group(1)) if bad else 0, "socket_errors": errors.group(0) if errors else ""}


def run_python(url_path, cookie, seconds):
    """CONNECTIONS threads, each sending requests one after another for `seconds`; counts the 200s."""
    deadline = time.monotonic() + seconds
    counts = {"ok": 0, "bad": 0}
    lock = threading.Lock()

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        ok = bad = 0
        while time.monotonic() < deadline:
            try:
                connection.request("GET", url_path, headers={"Cookie": f"sessionid={cookie}"})
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    ok += 1
                else:
                    bad += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        with lock:
            counts["ok"] += ok
            counts["bad"] += bad

    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"rps": counts["ok"] / (time.monotonic() - started), "non_2xx": counts["bad"], "socket_errors": ""}


# Each stack is one gunicorn started with its own settings; each measures its own bare view, so every ratio compares
# pages served by the same processes. The second stack turns the registry list's cache off: what a request costs
# when the registry has just changed (the first request after any write computes the list like this).
STACKS = [
    ({}, PATHS, "/enterprises/"),
    ({"REGISTRY_LIST_CACHE": "0"}, [PATHS[0], ("企业名录（缓存关闭：每次重新计算）", "/enterprises/")], None),
]


def measure(database, say=print):
    work_dir = Path(tempfile.mkdtemp(prefix="anjian-bench-"))
    (work_dir / "logs").mkdir()
    tool = "wrk" if wrk_available() else "python"
    rows = []
    try:
        for extra, paths, goal_path in STACKS:
            rows += _measure_stack(database, work_dir, tool, extra, paths, goal_path, say)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    return {
        "tool": tool,
        "command": f"wrk -t{THREADS} -c{CONNECTIONS} -d{TURN_SECONDS}s"
        if tool == "wrk"
        else f"Python 线程 + http.client，{CONNECTIONS} 并发，{TURN_SECONDS}s",
        "workers": WORKERS,
        "rounds": ROUNDS,
        "turn_seconds": TURN_SECONDS,
        "rows": rows,
    }


def _measure_stack(database, work_dir, tool, extra, paths, goal_path, say):
    processes = stack.Processes(work_dir / "logs")
    # Same settings as the page timings; recycling workers (max_requests) is off so a restart mid-run adds no noise.
    env = production_env(
        database,
        BENCH_BARE_VIEW="1",
        GUNICORN_MAX_REQUESTS="0",
        GUNICORN_LOG_LEVEL="warning",
        MEDIA_ROOT=str(work_dir),
        **extra,
    )
    settings_note = " ".join(f"{k}={v}" for k, v in extra.items())
    try:
        stack.start_gunicorn(processes, env, port=PORT, workers=WORKERS, name="bench-gunicorn")
        base = f"http://127.0.0.1:{PORT}"
        browser = http_client.Browser(base)
        browser.sign_in("staff")
        cookie = next(c.value for c in browser.jar if c.name == "sessionid")
        for _, path in paths:
            check = browser.get(path, follow=False)
            if check.status != 200:
                raise RuntimeError(f"{path} 返回 {check.status}（BENCH_BARE_VIEW 未生效或未登录？）")
            _run(tool, base, path, cookie, WARM_UP_SECONDS)
        turns = {path: [] for _, path in paths}
        bare_path = paths[0][1]
        for _ in range(ROUNDS):
            for label, path in paths:
                outcome = _run(tool, base, path, cookie, TURN_SECONDS)
                say(f"    {label} {path} {settings_note}: {outcome['rps']:.1f} 请求/秒")
                turns[path].append(outcome)
        turns[bare_path].append(_run(tool, base, bare_path, cookie, TURN_SECONDS))
        bare = [turn["rps"] for turn in turns[bare_path]]  # ROUNDS + 1: before each round and after the last
        results = []
        for label, path in paths:
            rates = [turn["rps"] for turn in turns[path]]
            # A page against the bare view just before and after its turn; the bare view against itself, 100 %.
            ratios = (
                [1.0]
                if path == bare_path
                else [rate / (((bare[i] + bare[i + 1]) / 2) or 1) for i, rate in enumerate(rates)]
            )
            results.append(
                {
                    "label": label,
                    "path": path,
                    "settings": settings_note,
                    "rps": statistics.median(rates),
                    "non_2xx": sum(turn["non_2xx"] for turn in turns[path]),
                    "socket_errors": next((turn["socket_errors"] for turn in turns[path] if turn["socket_errors"]), ""),
                    "ratio": round(statistics.median(ratios), 3),
                    "goal": path == goal_path,
                }
            )
        return results
    finally:
        processes.stop_all()
