"""deploy/varnish/newsroom.vcl against a scripted origin: what the VCL keeps, for how long."""

import http.server
import threading
import time

import pytest

from tests.edge.varnish import Varnish


class _Origin(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/robots.txt":
            body = b"User-agent: *\n"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.server.hits += 1
        checked = self.server.checked()
        body = f"page {self.server.hits}".encode()
        self.send_response(200)
        self.send_header("Cache-Control", "public, max-age=0, s-maxage=3600")
        self.send_header("Surrogate-Control", "max-age=3600, stale-while-revalidate=30")
        self.send_header("xkey", "site thread-1")
        self.send_header("X-Edge-Checked", f"{checked:.3f}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def origin_and_edge():
    origin = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Origin)
    origin.hits, origin.checked = 0, time.time
    threading.Thread(target=origin.serve_forever, daemon=True).start()
    edge = Varnish(f"127.0.0.1:{origin.server_address[1]}")
    yield origin, edge
    edge.close()
    origin.shutdown()
    origin.server_close()


def test_a_fetch_in_flight_during_a_purge_is_kept_only_for_a_moment(origin_and_edge):
    """A render that read its versions before a write committed reached the edge after the
    write's purge and was kept for s-maxage: the comment stayed invisible at the edge."""
    origin, edge = origin_and_edge
    origin.checked = lambda: time.time() - 5  # read before the purge below
    assert edge.request("/p", method="PURGE", headers={"xkey-purge": "other"})[0] == 200
    assert edge.request("/p")[2] == b"page 1"
    assert edge.request("/p")[1]["x-edge-cache"] == "hit"
    time.sleep(0.5)
    origin.checked = time.time
    assert edge.request("/p")[2] == b"page 2"  # asked again
    time.sleep(0.5)
    assert edge.request("/p")[2] == b"page 2"  # and now kept
    assert "x-edge-checked" not in edge.request("/p")[1]


def test_a_purge_removes_the_tagged_copies(origin_and_edge):
    origin, edge = origin_and_edge
    edge.request("/a")
    assert edge.request("/a")[1]["x-edge-cache"] == "hit"
    assert edge.request("/", method="PURGE", headers={"xkey-purge": "thread-1"})[0] == 200
    assert edge.request("/a")[1]["x-edge-cache"] == "miss"
    status, _headers, _body = edge.request("/", method="PURGE")
    assert status == 400  # no keys: nothing to do
