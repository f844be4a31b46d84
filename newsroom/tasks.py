"""The project's own background tasks: edge purges (newsroom.purge)."""

from newsroom import purge
from newsroom.jobs import retried_task


@retried_task(delays_setting="EDGE_PURGE_RETRY_DELAYS")
def edge_purge(*, keys: list[str]) -> int:
    """Purge pages tagged with any of `keys` at every edge; raises (and is retried) on failure."""
    purge.purge_now(keys)
    return len(keys)
