"""Rules every stored string obeys, whatever door it came in by."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from cbook.errors import InvalidInput, Unprocessable

_SLUG_STRIP = re.compile(r"[^a-z0-9]+")


def find_unstorable(value: str) -> str | None:
    """Why a string cannot be stored (NUL or an unpaired surrogate), or None if it can.

    PostgreSQL rejects both, and SQLite would store text that later breaks UTF-8 output,
    so they are refused at the door for every backend alike.
    """
    if "\x00" in value:
        return "text contains a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "text contains an unpaired surrogate"
    return None


def iter_strings(value: Any) -> Iterator[str]:
    """Every string in a JSON value, keys included, without recursion limits."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


# What a JSON body must contain for a string in it to hold a NUL or an unpaired surrogate:
# a NUL byte, an escaped NUL or surrogate, or a surrogate encoded as UTF-8 bytes (which
# json.loads lets through). A body without any of these needs no walk over its strings.
_MAYBE_UNSTORABLE = re.compile(rb"\x00|\\u0000|\\u[dD][89a-fA-F]|\xed[\xa0-\xbf]")


def may_hold_unstorable(body: bytes) -> bool:
    """Whether a raw JSON body could hold an unstorable string (False: it certainly can't)."""
    return _MAYBE_UNSTORABLE.search(body) is not None


def check_storable(value: Any) -> None:
    """Raise InvalidInput if any string inside a JSON value cannot be stored."""
    for text in iter_strings(value):
        problem = find_unstorable(text)
        if problem:
            raise InvalidInput(problem)


def clean_title(value: str, field: str = "title", max_length: int = 300) -> str:
    """A title as stored: surrounding whitespace trimmed, never empty, bounded in length."""
    problem = find_unstorable(value)
    if problem:
        raise InvalidInput(f"{field}: {problem}")
    cleaned = value.strip()
    if not cleaned:
        raise Unprocessable(f"{field} must not be empty")
    if len(cleaned) > max_length:
        raise Unprocessable(f"{field} is longer than {max_length} characters")
    return cleaned


def slugify(text: str, fallback: str = "item", max_length: int = 80) -> str:
    """A URL or file-name slug from any text: ASCII letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _SLUG_STRIP.sub("-", ascii_text.lower()).strip("-")[:max_length].strip("-")
    return slug or fallback


# Words, runs of whitespace and single punctuation marks: the units word-level diffs and
# inline merges compare, so both see the same edits.
_WORD_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def word_tokens(text: str) -> list[str]:
    """The text cut into words, whitespace runs and punctuation marks, in order."""
    return _WORD_TOKENS.findall(text)


def check_slug(value: str) -> str:
    """A caller-chosen slug, validated rather than silently rewritten."""
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value) or len(value) > 80:
        raise Unprocessable("slug must be lowercase letters, digits and single hyphens")
    return value


def clean_prose(value: str, field: str, max_length: int = 20_000) -> str:
    """Free text as stored (a description, a comment): storable, bounded, trimmed."""
    problem = find_unstorable(value)
    if problem:
        raise Unprocessable(f"{field}: {problem}")
    if len(value) > max_length:
        raise Unprocessable(f"{field} is longer than {max_length} characters")
    return value.strip()
