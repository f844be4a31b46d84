"""Read replicas against a real streaming replica (tests/replica/cluster.py makes one).

Skipped cleanly when the clusters cannot be created (no PostgreSQL server binaries, ports
taken). The scenario runs in a fresh interpreter because settings (DATABASES, the router)
are read once per process.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.replica.cluster import ReplicaCluster

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def findings():
    cluster = ReplicaCluster.create()
    if cluster is None:
        pytest.skip(f"no streaming replica here: {ReplicaCluster.why_not}")
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSROOM_"))}
        env.pop("CACHE_URL", None)
        env.update(
            DJANGO_SETTINGS_MODULE="newsroom.settings",
            DATABASE_URL=cluster.primary_url,
            DATABASE_REPLICA_URLS=cluster.replica_url,
            NEWSROOM_SPAM_MIN_SECONDS="0",
            NEWSROOM_RATE_LIMIT_MULTIPLIER="0",
        )
        result = subprocess.run(
            [sys.executable, "tests/replica/scenario.py"],
            cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
        return json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        cluster.stop()


def test_setup_reaches_the_replica(findings):
    assert findings["replicated_setup"]


def test_an_author_sees_their_post_at_once_while_the_replica_lags(findings):
    assert findings["post_status"] == 302
    assert findings["pin_cookie"]
    assert not findings["on_replica_yet"], "replay was paused: the replica must lag"
    assert findings["author_sees_at_once"]


def test_other_readers_read_from_the_replica(findings):
    assert findings["reader_reads_replica"]
    assert not findings["reader_sees_unreplicated"]


def test_everyone_sees_the_post_once_replicated(findings):
    assert findings["everyone_sees_once_replicated"]


def test_an_edge_purge_waits_until_the_replica_replayed_the_write(findings):
    assert findings["purge_waits_while_lagging"]
    assert findings["purge_goes_once_replayed"]


def test_the_task_worker_claims_its_rows_on_the_primary(findings):
    """With DATABASE_REPLICA_URLS set, db_worker opened its transaction on a replica and
    every claim failed ("select_for_update cannot be used outside of a transaction")."""
    assert findings["worker_claims_on_primary"] is True
