"""The loop `make prod-check` and `make scale-check` share: start the stack, run each step, stop everything."""

import argparse
import shutil
import signal
import tempfile
import time
from pathlib import Path

import nginx_proxy
import stack
from stack import CheckFailed


def run_checks(
    steps, check, *, ports, start, checks, nginx_only, notes, work_dir, keep, kept_note="", before=None, cleanup=None
):
    """Start the stack with `start(steps, check)`, run `checks` [(name, func)] and print the summary.

    Steps for nginx are skipped without nginx; a dead process of the stack fails the run; everything started is
    stopped, also after Ctrl-C, and then `cleanup(check)` runs (what the processes do not cover, e.g. a replica).
    Returns the exit status; logs are kept when a step failed or `keep` is set."""
    started = time.monotonic()
    try:
        stack.expect_free_ports(*ports)
        start(steps, check)
        if before:
            before(check)
        for name, func in checks:
            if func in nginx_only and not check.nginx:
                steps.skip(name, "没有 nginx")
                continue
            steps.run(name, func, check)
            if not steps.failed:
                check.processes.expect_running()
    except KeyboardInterrupt:
        notes.append("被中断（Ctrl-C 或 SIGTERM）")
    except CheckFailed as exc:  # a port in use before the start, or a process of the stack died
        steps.outcomes.append(stack.Outcome("组件进程", "FAIL", detail=str(exc)))
    finally:
        check.processes.stop_all()
        if cleanup:
            try:
                notes.extend(cleanup(check) or ())
            except Exception as exc:  # still print the summary; the note says what is left behind
                notes.append(f"清理失败：{type(exc).__name__}: {exc}")
    notes.append(f"用时 {time.monotonic() - started:.0f} 秒")
    code = steps.summary(notes)
    if code or keep:
        print(f"日志与临时文件保留在 {work_dir}{kept_note}")
    else:
        shutil.rmtree(work_dir, ignore_errors=True)
    return code


def start_check(description, name):
    """A check's command line (--keep, --no-nginx) and its temporary directory, with logs/ and media/; stops
    cleanly on SIGTERM. Returns (options, work_dir, nginx binary or None)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs) even on success")
    parser.add_argument("--no-nginx", action="store_true", help="go without nginx even if it is installed")
    options = parser.parse_args()
    stop_on_sigterm()
    work_dir = Path(tempfile.mkdtemp(prefix=f"anjian-{name}-"))
    work_dir.chmod(0o755)  # nginx's unprivileged workers read the collected static files under it
    (work_dir / "logs").mkdir()
    (work_dir / "media").mkdir(mode=0o700)  # and never the photos
    return options, work_dir, None if options.no_nginx else nginx_proxy.nginx_binary()


def stop_on_sigterm():
    """SIGTERM stops the check like Ctrl-C: everything started is stopped and the summary printed."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def self_signed_certificate(check):
    """A certificate for nginx on loopback, kept on the check so clients can verify it."""
    (check.work_dir / "tls").mkdir()
    check.cert, _ = nginx_proxy.make_certificate(check.work_dir / "tls")
    return f"{check.cert}（CN=localhost，SAN 127.0.0.1）"
