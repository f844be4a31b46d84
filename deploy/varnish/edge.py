#!/usr/bin/env python3
"""Start Varnish (deploy/varnish/newsroom.vcl) in front of a running app.

    python deploy/varnish/edge.py --app 127.0.0.1:8000 --listen 127.0.0.1:8080
    make edge APP_PORT=8000 EDGE_PORT=8080        # the same

Writes backend.vcl (the origin, and the `purgers` ACL: the app's addresses, loopback by
default; add more with --purger) into a work folder, puts it first on vcl_path and runs
varnishd in the foreground until Ctrl-C. Point the app at it with
NEWSROOM_EDGE_PURGE_URL=http://127.0.0.1:8080/ so writes purge it. Standard library only: the
tests (tests/edge) start their Varnish through `command()`.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


PROBE = """    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
    .probe = {
        .url = "/robots.txt";
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
    }"""


def backend_vcl(apps: list[str], purgers: list[str]) -> str:
    """backend.vcl: one backend per app (host:port), round-robin over several, and the ACL."""
    parts = ["# Written by deploy/varnish/edge.py: the origin(s) and who may purge."]
    for number, app in enumerate(apps):
        host, _, port = app.rpartition(":")
        name = "default" if len(apps) == 1 else f"app{number}"
        parts.append(
            f'backend {name} {{\n    .host = "{host or "127.0.0.1"}";\n'
            f'    .port = "{port}";\n{PROBE}\n}}'
        )
    if len(apps) > 1:
        adds = "\n".join(f"    origin.add_backend(app{n});" for n in range(len(apps)))
        parts.append(
            "import directors;\n"
            f"sub vcl_init {{\n    new origin = directors.round_robin();\n{adds}\n}}\n"
            "sub vcl_recv {\n    set req.backend_hint = origin.backend();\n}"
        )
    lines = []
    for purger in purgers:
        network = ipaddress.ip_network(purger, strict=False)
        address, prefix = str(network.network_address), network.prefixlen
        full = prefix == network.max_prefixlen
        lines.append(f'    "{address}";' if full else f'    "{address}"/{prefix};')
    parts.append("acl purgers {\n" + "\n".join(lines) + "\n}")
    return "\n\n".join(parts) + "\n"


def command(
    *,
    app: str | list[str],
    listen: str,
    workdir: Path,
    purgers: list[str] | None = None,
    memory: str = "128m",
    params: dict[str, str] | None = None,
) -> list[str]:
    """The varnishd command line (foreground), after writing backend.vcl into `workdir`."""
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    apps = [app] if isinstance(app, str) else list(app)
    vcl_dir = workdir / "vcl"
    vcl_dir.mkdir(parents=True, exist_ok=True)
    (vcl_dir / "backend.vcl").write_text(backend_vcl(apps, purgers or ["127.0.0.1", "::1"]))
    os.chmod(workdir, 0o755)
    os.chmod(vcl_dir, 0o755)
    line = [
        varnishd, "-F",
        "-n", str(workdir / "state"),
        "-a", listen,
        "-f", str(HERE / "newsroom.vcl"),
        "-p", f"vcl_path={vcl_dir}:{HERE}",
        "-s", f"malloc,{memory}",
        "-T", "none",
    ]  # fmt: skip
    for name, value in (params or {}).items():
        line += ["-p", f"{name}={value}"]
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--app", action="append", help="an origin host:port (repeat for round-robin)"
    )
    parser.add_argument("--listen", default="127.0.0.1:8080", help="where Varnish listens")
    parser.add_argument("--purger", action="append", default=[], help="extra purge address")
    parser.add_argument("--memory", default="256m")
    args = parser.parse_args()
    if not shutil.which("varnishd") and not Path("/usr/sbin/varnishd").exists():
        sys.exit("varnishd not found: apt-get install varnish varnish-modules")
    workdir = Path(tempfile.mkdtemp(prefix="nr-edge-"))
    apps = args.app or ["127.0.0.1:8000"]
    line = command(
        app=apps,
        listen=args.listen,
        workdir=workdir,
        purgers=["127.0.0.1", "::1", *args.purger],
        memory=args.memory,
    )
    sys.stderr.write(
        f"edge: Varnish on {args.listen} in front of {', '.join(apps)}; purges from loopback\n"
        f"      set NEWSROOM_EDGE_PURGE_URL=http://{args.listen}/ for the app\n"
    )
    os.execv(line[0], line)


if __name__ == "__main__":
    main()
