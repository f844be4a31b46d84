"""Path converters. Importing this module registers them (accounts.urls and NewsroomConfig do).

`<id:pk>` is `<int:pk>` bounded to what a database id column holds (a signed 64-bit integer):
Django's `int` converter matches any number of digits, and a path such as
`/accounts/benachrichtigungen/99999999999999999999/` then overflowed in SQLite ("Python int
too large") or PostgreSQL (bigint out of range): a 500 instead of a 404.
"""

from django.urls import register_converter

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("out of range")  # the resolver tries the next pattern, then 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))


def parse_id(value) -> int | None:
    """An id from a query string or form field, or None if it is not one (never an error)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


register_converter(IdConverter, "id")
