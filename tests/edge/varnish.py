"""A real varnishd with deploy/varnish/newsroom.vcl, started by the tests on a free port."""

from __future__ import annotations

import http.client
import importlib.util
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.faults.servers import ROOT, free_port, port_open, release_port, wait_for


def _edge_module():
    spec = importlib.util.spec_from_file_location("nr_edge", ROOT / "deploy/varnish/edge.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def varnishd_available() -> bool:
    return bool(shutil.which("varnishd") or Path("/usr/sbin/varnishd").exists())


class Varnish:
    def __init__(
        self, app: str | list[str], *, purgers=None, port: int | None = None, own_session=False
    ):
        if not varnishd_available():
            pytest.skip("varnishd is not installed (apt-get install varnish varnish-modules)")
        self.port = port or free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="nr-varnish-"))
        self.log = self.dir / "varnishd.log"
        line = _edge_module().command(
            app=app, listen=f"127.0.0.1:{self.port}", workdir=self.dir, purgers=purgers,
            memory="64m",
        )  # fmt: skip
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                line, stdout=log, stderr=subprocess.STDOUT, start_new_session=own_session
            )
        try:
            wait_for(lambda: port_open(self.port), 30, "varnishd start")
        except TimeoutError:
            self.close()
            raise AssertionError(self.log.read_text()[-3000:]) from None
        self.url = f"http://127.0.0.1:{self.port}/"

    def request(self, path, *, cookies=None, method="GET", headers=None, source=None):
        """(status, {lower-case header: value}, body) of one request through the edge."""
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=10, source_address=(source, 0) if source else None
        )
        sent = {"Host": "127.0.0.1", **(headers or {})}
        if cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        try:
            connection.request(method, path, headers=sent)
            response = connection.getresponse()
            body = response.read()
            found: dict[str, str] = {}
            for name, value in response.getheaders():
                name = name.lower()
                found[name] = f"{found[name]}\n{value}" if name in found else value
            return response.status, found, body
        finally:
            connection.close()

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
