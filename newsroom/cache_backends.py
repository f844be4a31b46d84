"""Cache backends for the counters that protect the site (CACHES["ratelimit"]).

Both add `hit(key, timeout, delta=1) -> int`: add to a counter atomically and return the new
count, with the expiry set when the key is created (a fixed window). `newsroom.ratelimit` uses `hit`
where it exists and falls back to add()+incr() for other backends.

Why not the stock backends:
- Django's DatabaseCache increments with get() then set() (two workers both read 4 and both
  write 5), and culls a third of all rows, expired or not, once MAX_ENTRIES is reached: a
  flood of new keys would wipe lockouts. `LimitsDatabaseCache` locks the row (SELECT ... FOR
  UPDATE on PostgreSQL, after an INSERT ... ON CONFLICT DO NOTHING for the first hit; SQLite's
  IMMEDIATE transactions serialise writers) and only ever deletes expired rows.
- Django's RedisCache.incr() checks EXISTS and then INCRs; a key that expires in between is
  re-created by INCR *without* a TTL and would lock someone out forever. `LimitsRedisCache`
  sends SET NX EX and INCR in one MULTI transaction.
"""

from __future__ import annotations

import base64
import pickle
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, models, router, transaction
from django.utils.timezone import now as tz_now

from newsroom.resilient_cache import ResilientRedisCache

# The table the migration newsroom/migrations/0001 creates (same layout as createcachetable).
LIMITS_TABLE = "newsroom_ratelimit"


class LimitsDatabaseCache(DatabaseCache):
    def __init__(self, table, params):
        params = {**params}
        options = {**params.get("OPTIONS", {})}
        # Expired rows are deleted once the table holds this many; live rows never are.
        options.setdefault("MAX_ENTRIES", 50_000)
        params["OPTIONS"] = options
        super().__init__(table or LIMITS_TABLE, params)

    def _cull(self, db, cursor, now, num):
        connection = connections[db]
        quote = connection.ops.quote_name
        cursor.execute(
            f"DELETE FROM {quote(self._table)} WHERE {quote('expires')} < %s",
            [connection.ops.adapt_datetimefield_value(now)],
        )

    def _expires(self, connection, value):
        expression = models.Expression(output_field=models.DateTimeField())
        for converter in connection.ops.get_db_converters(
            expression
        ) + expression.get_db_converters(connection):
            value = converter(value, expression, connection)
        return value

    def _expiry(self, timeout):
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            exp = datetime.max
        else:
            exp = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        return exp.replace(microsecond=0)

    def _locked_row(self, connection, cursor, key):
        """Lock the row; return (exists, value), value None when missing or expired."""
        quote = connection.ops.quote_name
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        cursor.execute(
            f"SELECT {quote('value')}, {quote('expires')} FROM {quote(self._table)} "
            f"WHERE {quote('cache_key')} = %s{lock}",
            [key],
        )
        row = cursor.fetchone()
        if row is None:
            return False, None
        value, expires = row
        if self._expires(connection, expires) < tz_now():
            return True, None
        return True, pickle.loads(base64.b64decode(connection.ops.process_clob(value).encode()))

    def _encode(self, value) -> str:
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")

    def _update(self, connection, cursor, key, value, exp=None):
        quote = connection.ops.quote_name
        sets, params = [f"{quote('value')} = %s"], [self._encode(value)]
        if exp is not None:
            sets.append(f"{quote('expires')} = %s")
            params.append(connection.ops.adapt_datetimefield_value(exp))
        cursor.execute(
            f"UPDATE {quote(self._table)} SET {', '.join(sets)} WHERE {quote('cache_key')} = %s",
            [*params, key],
        )

    def hit(self, key, timeout=DEFAULT_TIMEOUT, version=None, delta=1) -> int:
        """Add `delta`; a missing or expired key starts again from 0 with a new expiry."""
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        exp = self._expiry(timeout)
        with transaction.atomic(using=db), connection.cursor() as cursor:
            # The first hit creates the row; a parallel first hit waits for it (PostgreSQL)
            # and then does nothing, instead of failing on the primary key.
            cursor.execute(
                f"INSERT INTO {quote(self._table)} ({quote('cache_key')}, {quote('value')}, "
                f"{quote('expires')}) VALUES (%s, %s, %s) "
                f"ON CONFLICT ({quote('cache_key')}) DO NOTHING",
                [key, self._encode(delta), connection.ops.adapt_datetimefield_value(exp)],
            )
            if cursor.rowcount == 1:
                return delta
            _exists, current = self._locked_row(connection, cursor, key)
            if current is None:  # expired: a new window
                self._update(connection, cursor, key, delta, exp)
                return delta
            count = int(current) + delta
            self._update(connection, cursor, key, count)
            return count

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        with transaction.atomic(using=db), connection.cursor() as cursor:
            _exists, current = self._locked_row(connection, cursor, key)
            if current is None:
                raise ValueError(f"Key '{key}' not found.")
            value = current + delta
            self._update(connection, cursor, key, value)
            return value


class LimitsRedisCache(ResilientRedisCache):
    """Counters in Redis, under ResilientRedisCache's short timeouts and breaker.

    settings pairs it with OPTIONS["FALLBACK"] = the database store (LimitsDatabaseCache):
    while Redis is down or hanging the counters go on there, so limits and lockouts stay in
    force; if the database fails too, the error reaches the reader as the 503 page and the
    attempt is refused (login fails closed, never uncounted).
    """

    def hit(self, key, timeout=DEFAULT_TIMEOUT, version=None, delta=1) -> int:
        # Without a fallback (not how settings configures it) a lost Redis counts afresh.
        return self.guarded("hit", self._redis_hit, delta, key, timeout, version, delta=delta)

    def _redis_hit(self, key, timeout=DEFAULT_TIMEOUT, version=None, delta=1) -> int:
        key = self.make_and_validate_key(key, version=version)
        client = self._cache.get_client(key, write=True)
        timeout = self.get_backend_timeout(timeout)
        pipe = client.pipeline(transaction=True)  # MULTI ... EXEC: nothing runs in between
        if timeout is None:
            pipe.set(key, 0, nx=True)
        else:
            pipe.set(key, 0, nx=True, ex=max(1, timeout))  # RedisCache: relative seconds
        pipe.incrby(key, delta)
        return int(pipe.execute()[-1])
