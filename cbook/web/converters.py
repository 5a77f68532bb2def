"""URL converters that keep impossible ids away from the database."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map

# Ids are 32-bit INTEGER columns on PostgreSQL; a larger number can never name a row,
# and passing it to the database is an error (an overflow) rather than "not found".
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:...>`` limited to positive database ids, so others are a plain 404."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)
