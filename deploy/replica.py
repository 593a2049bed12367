"""A real streaming replica of the local PostgreSQL, for `make scale-check`: made, watched and removed again.

`pg_basebackup -R` copies the primary (127.0.0.1:5432) into a temporary directory and writes its primary_conninfo;
the copy starts as a hot standby on REPLICA_PORT (pg_ctl, as the `postgres` OS user: PostgreSQL refuses root) and
streams the primary's WAL from then on. The primary needs `wal_level = replica` (the default) and a free WAL sender;
its pg_hba.conf must let `postgres` make a replication connection from 127.0.0.1. When it does not, one line is
added for the check and removed again at the end (`remove()`, also after a failure), and the configuration reloaded.
No replication slot is made: nothing is left on the primary that could hold its WAL back.
"""

import contextlib
import grp
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
from stack import CheckFailed, expect, expect_free_ports, tail, wait_for

PRIMARY = "host=127.0.0.1 port=5432 user=postgres"
REPLICA_PORT = 15432
APPLICATION_NAME = "anjian-scalecheck-replica"
HBA_LINE = "host replication postgres 127.0.0.1/32 trust  # anjian scale-check (removed when the check ends)"
# A hot standby refuses to start with less of these than its primary has.
COPIED_SETTINGS = ("max_connections", "max_worker_processes", "max_wal_senders", "max_prepared_transactions")
COPIED_SETTINGS += ("max_locks_per_transaction",)
START_TIMEOUT = 600


def sql(query, params=(), *, port=5432, dbname="postgres"):
    """The first row of one query, on the primary (port 5432) or the replica, in autocommit."""
    conninfo = f"host=127.0.0.1 port={port} user=postgres dbname={dbname} connect_timeout=5"
    with psycopg.connect(conninfo, autocommit=True) as connection:
        return connection.execute(query, params).fetchone()


def counters(port, dbname):
    """What PostgreSQL counted for the database since its start: transactions and rows read."""
    row = sql(
        "SELECT xact_commit, tup_returned, tup_fetched FROM pg_stat_database WHERE datname = %s", (dbname,), port=port
    )
    return {"xact_commit": row[0], "tup_returned": row[1], "tup_fetched": row[2]}


def _replication_allowed():
    try:
        psycopg.connect(f"{PRIMARY} dbname=replication replication=true connect_timeout=5").close()
    except psycopg.OperationalError as exc:
        if "pg_hba.conf" in str(exc):
            return False
        raise
    return True


def _answers():
    try:
        sql("SELECT 1", port=REPLICA_PORT)
    except psycopg.OperationalError:
        return False
    return True


def _when_streaming(state):
    return state if state and state[0] == "streaming" else None


class Replica:
    def __init__(self, log_dir):
        self.log_dir = Path(log_dir)
        self.root = None  # the temporary directory: data/ and the server's log
        self.hba_file = None  # set when a line was added to the primary's pg_hba.conf
        self.running = False
        self.postgres = pwd.getpwnam("postgres")

    @property
    def data_dir(self):
        return self.root / "data"

    @property
    def log(self):
        return self.root / "postgresql.log"

    def url(self, dbname):
        return f"postgres://postgres@127.0.0.1:{REPLICA_PORT}/{dbname}"

    # ------------------------------------------------------------------------------------------------ start

    def prepare_primary(self):
        """The primary can feed a replica: WAL level, a free sender, replication allowed from loopback."""
        wal_level, senders, major = sql(
            "SELECT current_setting('wal_level'), current_setting('max_wal_senders')::int, "
            "current_setting('server_version_num')::int / 10000"
        )
        expect(wal_level in ("replica", "logical"), f"主库 wal_level = {wal_level}，需要 replica")
        used = sql("SELECT count(*) FROM pg_stat_replication")[0]
        expect(senders > used, f"主库 max_wal_senders = {senders}，已全部占用")
        self.bin_dir = self._bin_dir(major)
        hba_file = Path(sql("SHOW hba_file")[0])
        if os.access(hba_file, os.R_OK) and HBA_LINE in hba_file.read_text().splitlines():
            self.hba_file = hba_file  # left by a check that was killed: this one takes it out at the end
        if _replication_allowed():
            left = f"（{hba_file} 里有上次检查留下的复制许可，结束时删除）" if self.hba_file else "，未改动主库"
            return f"wal_level = {wal_level}，max_wal_senders = {senders}，pg_hba.conf 已允许本机复制连接{left}"
        if not os.access(hba_file, os.W_OK):
            raise CheckFailed(f"主库不允许本机复制连接，且 {hba_file} 不可写：请加一行 `{HBA_LINE.split('  #')[0]}`")
        self.hba_file = hba_file  # before writing: an interruption from here on still takes the line out
        # First match wins in pg_hba.conf: the line goes first, so no earlier `reject` line can hide it.
        hba_file.write_text(HBA_LINE + "\n" + hba_file.read_text())
        sql("SELECT pg_reload_conf()")
        wait_for("主库重新读取 pg_hba.conf", _replication_allowed, timeout=10)
        return (
            f"wal_level = {wal_level}，max_wal_senders = {senders}；"
            f"已在 {hba_file} 首行临时加入复制许可并重载（结束时删除）"
        )

    def _bin_dir(self, major):
        candidate = Path(f"/usr/lib/postgresql/{major}/bin")
        if (candidate / "pg_ctl").exists():
            return candidate
        found = shutil.which("pg_ctl")
        expect(found, "找不到 pg_ctl（PostgreSQL 服务器程序）")
        return Path(found).resolve().parent

    def _as_postgres(self, *argv, timeout=600):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.postgres.pw_dir, "LC_ALL": "C.UTF-8"}
        result = subprocess.run(
            [str(arg) for arg in argv],
            user=self.postgres.pw_uid,
            group=self.postgres.pw_gid,
            extra_groups=[g.gr_gid for g in grp.getgrall() if "postgres" in g.gr_mem],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise CheckFailed(f"{Path(str(argv[0])).name} 失败（{result.returncode}）：{result.stdout}{result.stderr}")
        return result.stdout

    def base_backup(self):
        """pg_basebackup -R of the whole primary cluster (physical replication copies every database)."""
        expect_free_ports(REPLICA_PORT)
        self.root = Path(tempfile.mkdtemp(prefix="anjian-replica-"))
        os.chown(self.root, self.postgres.pw_uid, self.postgres.pw_gid)
        started = time.monotonic()
        self._as_postgres(
            self.bin_dir / "pg_basebackup",
            "--dbname",
            f"{PRIMARY} application_name={APPLICATION_NAME}",
            "--pgdata",
            self.data_dir,
            "--write-recovery-conf",
            "--wal-method",
            "stream",
            "--checkpoint",
            "fast",
            "--no-password",
        )
        size = sum(f.stat().st_size for f in self.data_dir.rglob("*") if f.is_file())
        return f"{self.data_dir}：{size / 2**20:.0f} MB，{time.monotonic() - started:.1f} 秒"

    def start(self):
        """The copy as a hot standby on REPLICA_PORT, with its own configuration (the primary's is in /etc)."""
        names = ", ".join(f"'{name}'" for name in COPIED_SETTINGS)
        with psycopg.connect(f"{PRIMARY} dbname=postgres", autocommit=True) as connection:
            copied = connection.execute(f"SELECT name, setting FROM pg_settings WHERE name IN ({names})").fetchall()
        lines = [
            f"port = {REPLICA_PORT}",
            "listen_addresses = '127.0.0.1'",
            f"unix_socket_directories = '{self.root}'",
            "hot_standby = on",
            "shared_buffers = '128MB'",
            "jit = off",
            f"cluster_name = '{APPLICATION_NAME}'",
            *(f"{name} = {setting}" for name, setting in copied),
        ]
        for name, text in (
            ("postgresql.conf", "\n".join(lines)),
            ("pg_hba.conf", "local all all trust\nhost all all 127.0.0.1/32 trust"),
            ("pg_ident.conf", ""),
        ):
            path = self.data_dir / name
            path.write_text(text + "\n")
            os.chown(path, self.postgres.pw_uid, self.postgres.pw_gid)
        expect((self.data_dir / "standby.signal").exists(), "pg_basebackup -R 没有写 standby.signal")
        self.running = True  # from here on remove() stops it, whatever happens
        self._as_postgres(self.bin_dir / "pg_ctl", "--pgdata", self.data_dir, "--log", self.log, "-W", "start")
        # A hot standby opens for reads once it has a snapshot of the primary's running transactions. While one of
        # them has more than 64 subtransactions (a test suite's savepoints) it waits until those have ended, which
        # on a busy shared server can take minutes.
        pid_file = self.data_dir / "postmaster.pid"
        wait_for("备库进程启动（postmaster.pid）", pid_file.exists, timeout=60, interval=0.2)
        started = time.monotonic()
        while not _answers():
            expect(pid_file.exists(), f"备库已退出：\n{tail(self.log)}")
            expect(
                time.monotonic() - started < START_TIMEOUT,
                f"{START_TIMEOUT} 秒内备库没有接受只读连接（主库上有长事务？）：\n{tail(self.log)}",
            )
            time.sleep(1)
        waited = time.monotonic() - started
        in_recovery = sql("SELECT pg_is_in_recovery()", port=REPLICA_PORT)[0]
        expect(in_recovery, "备库没有处于恢复（standby）状态")
        return f"127.0.0.1:{REPLICA_PORT} 热备（pg_ctl，postgres 用户），{waited:.0f} 秒后接受只读连接，日志 {self.log}"

    def streaming(self):
        """The primary's WAL sender for this replica, streaming."""

        def sender():
            return sql(
                "SELECT state, sync_state FROM pg_stat_replication WHERE application_name = %s", (APPLICATION_NAME,)
            )

        state = wait_for("主库的 pg_stat_replication 里有本备库且在 streaming", lambda: _when_streaming(sender()))
        return f"主库 pg_stat_replication：application_name={APPLICATION_NAME}，state={state[0]}，{state[1]}"

    def catch_up(self, timeout=120):
        """Wait until the replica has replayed everything the primary had written when this was called."""
        target = sql("SELECT pg_current_wal_lsn()::text")[0]

        def replayed():
            return sql(
                "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s::pg_lsn) >= 0", (target,), port=REPLICA_PORT
            )[0]

        wait_for(f"备库重放到主库的 {target}", replayed, timeout=timeout, interval=0.2)
        return target

    def pause_replay(self):
        sql("SELECT pg_wal_replay_pause()", port=REPLICA_PORT)
        wait_for(
            "备库暂停重放",
            lambda: sql("SELECT pg_get_wal_replay_pause_state()", port=REPLICA_PORT)[0] == "paused",
            timeout=10,
        )

    def resume_replay(self):
        sql("SELECT pg_wal_replay_resume()", port=REPLICA_PORT)

    # ------------------------------------------------------------------------------------------------- stop

    def remove(self):
        """Stop the replica, delete its directory, take the line out of the primary's pg_hba.conf; say what was done."""
        done = []
        if self.running:
            try:
                self._as_postgres(self.bin_dir / "pg_ctl", "--pgdata", self.data_dir, "-m", "fast", "-w", "stop")
                done.append("备库已停止")
            except (CheckFailed, subprocess.TimeoutExpired) as exc:
                done.append(f"备库停止失败，强制结束：{exc}")
                self._kill()
            self.running = False
        if self.root is not None:
            with contextlib.suppress(OSError):
                shutil.copy(self.log, self.log_dir / "replica-postgresql.log")
            shutil.rmtree(self.root, ignore_errors=True)
            done.append(f"{self.root} 已删除")
            self.root = None
        if self.hba_file is not None:
            text = self.hba_file.read_text()
            self.hba_file.write_text("".join(line for line in text.splitlines(True) if line.rstrip("\n") != HBA_LINE))
            sql("SELECT pg_reload_conf()")
            done.append(f"{self.hba_file} 的临时复制许可已删除并重载")
            self.hba_file = None
        return ["备库清理：" + "；".join(done)] if done else []

    def _kill(self):
        pid_file = self.data_dir / "postmaster.pid"
        with contextlib.suppress(OSError, ValueError, ProcessLookupError):
            os.kill(int(pid_file.read_text().splitlines()[0]), 9)
            time.sleep(1)

    def log_tail(self):
        return tail(self.log) if self.root else ""
