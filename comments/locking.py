"""Per-thread locks for writes that renumber a comment tree (see DESIGN.md, "The comment tree")."""

from django.conf import settings
from django.db import connection

# First key of pg_advisory_xact_lock(int4, int4); the second is the tree id. Any constant
# works as long as no other code uses it for a different purpose ("Cm" in ASCII).
TREE_LOCK_NAMESPACE = 0x436D


def tree_lock(tree_id: int) -> None:
    """Hold the lock on thread `tree_id` until the surrounding transaction ends.

    Must be called inside transaction.atomic(): outside a transaction the advisory lock
    would end with its own statement and protect nothing. On SQLite, IMMEDIATE
    transactions already serialize all writers, so there is nothing to take.
    """
    if connection.vendor != "postgresql" or not settings.COMMENT_TREE_LOCKING:
        return
    if not connection.in_atomic_block:
        raise RuntimeError("tree_lock() needs a transaction")
    with connection.cursor() as cursor:
        # Both keys must be int4: an un-cast large key turns bigint and the call fails.
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s::int4, %s::int4)", [TREE_LOCK_NAMESPACE, tree_id]
        )
