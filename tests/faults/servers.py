"""Throwaway servers for the fault tests: Redis, a PostgreSQL cluster and gunicorn.

Each runs on a free loopback port (the kernel's pick, or a range in NEWSROOM_FAULT_PORTS), in
a temporary folder, and is stopped by the test that started it. PostgreSQL refuses to run as
root, so its commands run as the `postgres` user (runuser) when the tests run as root, as CI
does.
"""

import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _ports() -> list[int]:
    spec = os.environ.get("NEWSROOM_FAULT_PORTS", "").strip()
    if not spec:
        return []
    low, _, high = spec.partition("-")
    return list(range(int(low), int(high or low) + 1))


_taken: set[int] = set()


def _kernel_port() -> int:
    """A port nothing listens on, picked by the kernel (bind to port 0).

    Fixed ports made two CI runs on one machine collide; the kernel hands each a different
    one. The port is free again once the probe closes, until our server binds it a moment
    later: a tiny window, and the ephemeral range is large.
    """
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port not in _taken:
            _taken.add(port)
            return port


def free_port() -> int:
    """A free port (the kernel's pick, or one of NEWSROOM_FAULT_PORTS) not handed out yet."""
    if not _ports():
        return _kernel_port()
    for port in _ports():
        if port in _taken:
            continue
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        _taken.add(port)
        return port
    pytest.skip("no free port for a fault-test server (NEWSROOM_FAULT_PORTS)")


def release_port(port: int) -> None:
    _taken.discard(port)


def wait_for(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not happen within {timeout} s")


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


# --- Redis ------------------------------------------------------------------------------


class Redis:
    def __init__(self):
        if not shutil.which("redis-server"):
            pytest.skip("redis-server is not installed")
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="nr-redis-"))
        self.pidfile = self.dir / "redis.pid"
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.start()

    def start(self) -> None:
        subprocess.run(
            [
                "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "yes",
                "--dir", str(self.dir),
                "--pidfile", str(self.pidfile),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: port_open(self.port) and self.pidfile.exists(), 10, "redis start")

    @property
    def pid(self) -> int:
        return int(self.pidfile.read_text())

    def stop(self) -> None:
        if self.pidfile.exists():
            pid = self.pid
            os.kill(pid, signal.SIGCONT)
            os.kill(pid, signal.SIGTERM)
            wait_for(lambda: not _alive(pid), 10, "redis stop")
            self.pidfile.unlink(missing_ok=True)

    def hang(self) -> None:
        """Redis accepts connections but answers nothing (SIGSTOP)."""
        os.kill(self.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.pid, signal.SIGCONT)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
        release_port(self.port)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie child counts as gone
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


# --- PostgreSQL ---------------------------------------------------------------------------


def _pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    pytest.skip(f"PostgreSQL's {name} is not installed")


class Postgres:
    """A PostgreSQL cluster of our own (initdb + pg_ctl), trust auth on loopback."""

    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="nr-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(
            _pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--no-sync",
        )  # fmt: skip
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                # fsync off survives a crashed server (the OS keeps the WAL); synchronous_commit
                # stays on, or a SIGKILLed server forgets commits it acknowledged.
                "unix_socket_directories = ''\nfsync = off\n"
                "full_page_writes = off\nmax_connections = 60\nshared_buffers = 32MB\n"
            )
        self.start()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/newsroom"
        self.psql("CREATE DATABASE newsroom", db="postgres")

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = list(args)
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=60)

    def _ctl(self, *args: str, check: bool = True):
        return self._run(
            _pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), *args, check=check
        )

    def ready(self) -> bool:
        result = subprocess.run(
            [_pg_bin("pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-q"],
            check=False,
        )
        return result.returncode == 0

    def start(self) -> None:
        self._ctl("-w", "-t", "30", "start")
        wait_for(self.ready, 30, "postgres start")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-w", "-t", "30", "-m", mode, "stop", check=False)

    def restart(self) -> None:
        self._ctl("-w", "-t", "30", "-m", "fast", "restart")
        wait_for(self.ready, 30, "postgres restart")

    def kill(self) -> None:
        """SIGKILL the postmaster (a crash); start() recovers."""
        pid = int((self.data / "postmaster.pid").read_text().split()[0])
        os.kill(pid, signal.SIGKILL)
        wait_for(lambda: not _alive(pid), 10, "postmaster death")
        # Orphaned backends keep the shared memory; wait until they noticed.
        time.sleep(0.5)

    def psql(self, sql: str, db: str = "newsroom") -> str:
        result = subprocess.run(
            [
                _pg_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                "-d", db, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql,
            ],
            check=True, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        return result.stdout.strip()

    def close(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)
        release_port(self.port)


# --- gunicorn ----------------------------------------------------------------------------


class Gunicorn:
    """gunicorn with the project's own gunicorn.conf.py, against the given environment."""

    def __init__(
        self, env: dict[str, str], *, workers: int = 3, timeout: int = 30, own_session=False
    ):
        """`own_session`: its own session, so its own scheduling group (Linux autogroup), as a
        service of its own (a systemd unit, its own cgroup) is in production."""
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="nr-gunicorn-"))
        self.log = self.dir / "gunicorn.log"
        self.env = {**os.environ, **env}
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
        self.base = f"http://127.0.0.1:{self.port}"
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("gunicorn")), "newsroom.wsgi",
                    "--config", str(ROOT / "gunicorn.conf.py"),
                    "--bind", f"127.0.0.1:{self.port}",
                    "--workers", str(workers), "--timeout", str(timeout),
                    "--max-requests", "0", "--access-logfile", "-",
                ],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=own_session,
            )  # fmt: skip
        wait_for(lambda: port_open(self.port), 30, "gunicorn start")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def rss_kib(self) -> dict[int, int]:
        sizes = {}
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes[pid] = int(line.split()[1])
            except OSError:
                pass
        return sizes

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        shutil.rmtree(self.dir, ignore_errors=True)
        release_port(self.port)


# --- a minimal HTTP client ----------------------------------------------------------------

# 32 characters: an unmasked CSRF secret, sent as the cookie and as the form field.
CSRF = secrets.token_hex(16)


def http_request(port, method, path, *, form=None, session=None, timeout=5.0):
    """One request to 127.0.0.1:port; returns (status, lower-cased headers) or raises OSError."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    cookies = {"csrftoken": CSRF}
    if session:
        cookies["sessionid"] = session
    headers = {"Host": "127.0.0.1", "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    body = None
    if form is not None:
        body = urlencode({**form, "csrfmiddlewaretoken": CSRF})
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()
