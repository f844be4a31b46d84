"""A throwaway PostgreSQL primary with a streaming replica, for the read-replica tests.

    python tests/replica/cluster.py start    # prints the two URLs; Ctrl-C (or stop) ends them
    python tests/replica/cluster.py stop DIR

The primary is a fresh `initdb` cluster on a spare port (never the shared server's), the
replica a `pg_basebackup -R` copy of it streaming on the next port. Needs PostgreSQL's
server binaries; as root the clusters run as the `postgres` user. `ReplicaCluster.create()`
returns None, with the reason in `ReplicaCluster.why_not`, when anything is missing.
"""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PRIMARY_PORT = int(os.environ.get("NEWSROOM_REPLICA_TEST_PORT", "8127"))


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class ReplicaCluster:
    why_not = ""

    def __init__(self, root: Path, as_user: list[str]):
        self.root = root
        self.as_user = as_user
        self.primary = root / "primary"
        self.replica = root / "replica"
        self.primary_url = f"postgres://postgres@127.0.0.1:{PRIMARY_PORT}/postgres"
        self.replica_url = f"postgres://postgres@127.0.0.1:{PRIMARY_PORT + 1}/postgres"

    def _run(self, *args, check=True):
        return subprocess.run(
            [*self.as_user, *args], check=check, capture_output=True, text=True, timeout=120
        )

    @classmethod
    def create(cls) -> "ReplicaCluster | None":
        tools = {name: _bin(name) for name in ("initdb", "pg_ctl", "pg_basebackup")}
        if not all(tools.values()):
            cls.why_not = f"PostgreSQL server binaries missing: {tools}"
            return None
        as_user = []
        root = Path(tempfile.mkdtemp(prefix="nr-replica-"))
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(root, "postgres")
        cluster = cls(root, as_user)
        cluster.tools = tools
        try:
            cluster._start()
        except (subprocess.SubprocessError, OSError) as error:
            output = getattr(error, "stderr", "") or ""
            cls.why_not = f"could not create the clusters: {error} {output[-500:]}"
            cluster.stop()
            return None
        return cluster

    def _start(self) -> None:
        t = self.tools
        self._run(t["initdb"], "-D", str(self.primary), "-U", "postgres", "--auth=trust", "-E",
                  "UTF8", "--no-sync")  # fmt: skip
        with open(self.primary / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nport = {PRIMARY_PORT}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.root}'\nwal_level = replica\n"
                "max_wal_senders = 4\nfsync = off\nsynchronous_commit = off\n"
                "full_page_writes = off\n"
            )
        with open(self.primary / "pg_hba.conf", "a") as hba:
            hba.write("\nhost replication all 127.0.0.1/32 trust\n")
        self._run(t["pg_ctl"], "-D", str(self.primary), "-l", str(self.root / "primary.log"),
                  "-w", "start")  # fmt: skip
        self._run(t["pg_basebackup"], "-h", "127.0.0.1", "-p", str(PRIMARY_PORT), "-U",
                  "postgres", "-D", str(self.replica), "-R", "-X", "stream")  # fmt: skip
        with open(self.replica / "postgresql.auto.conf", "a") as conf:
            conf.write(f"\nport = {PRIMARY_PORT + 1}\nhot_standby = on\n")
        self._run(t["pg_ctl"], "-D", str(self.replica), "-l", str(self.root / "replica.log"),
                  "-w", "start")  # fmt: skip
        deadline = time.time() + 30
        while time.time() < deadline:  # the replica is streaming once it answers
            done = subprocess.run(
                ["psql", self.replica_url, "-Atc", "select pg_is_in_recovery()"],
                capture_output=True, text=True,
            )  # fmt: skip
            if done.stdout.strip() == "t":
                return
            time.sleep(0.3)
        raise subprocess.SubprocessError("the replica did not come up")

    def stop(self) -> None:
        pg_ctl = getattr(self, "tools", {}).get("pg_ctl") or _bin("pg_ctl")
        for data in (self.replica, self.primary):
            if pg_ctl and (data / "postmaster.pid").exists():
                self._run(pg_ctl, "-D", str(data), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["stop"]:
        ReplicaCluster(Path(sys.argv[2]), ["runuser", "-u", "postgres", "--"]).stop()
    else:
        cluster = ReplicaCluster.create()
        if cluster is None:
            sys.exit(f"no replica: {ReplicaCluster.why_not}")
        print(f"primary {cluster.primary_url}\nreplica {cluster.replica_url}\ndir {cluster.root}")  # noqa: T201
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            cluster.stop()
