"""Who a text @mentions among the people who may read it (names or addresses, any case)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from cbook.accounts.models import User

# Where a mention starts: an @ not inside a word or an address ("ayo@example.org").
_MENTION_START = re.compile(r"(?<![\w@])@")
# The word after an @ that matched nobody, to say so: "@bob" or "@bob@example.org".
_HANDLE = re.compile(r"[\w.%+-]+(?:@[\w.-]+\.\w{2,})?")
_MENTION_LOOKAHEAD = 120  # characters after an @ a name or address can span
# Letters NFKD leaves whole, spelled as people type them on an English keyboard.
_PLAIN_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "æ": "ae", "œ": "oe",
                                "\u0131": "i", "þ": "th", "ð": "d"})


def plain(text: str) -> str:
    """Text folded for matching names: no accents, no case, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_PLAIN_LETTERS))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", bare).strip()


def mention_keys(user: User) -> set[str]:
    """What may follow an @ to mean this person: their name (whole, first, or run
    together), the part of their address before the @, or the whole address."""
    name = plain(user.name or "")
    email = plain(user.email or "")
    keys = {email, email.split("@", 1)[0]}
    if name:
        words = name.split(" ")
        keys |= {name, words[0], "".join(words), ".".join(words), "_".join(words)}
    return {key for key in keys if key}


@dataclass
class Mentions:
    """Who a text mentions among the people who may read it, and what matched no one."""

    users: list[User] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # "@bob": nobody of that name
    ambiguous: list[str] = field(default_factory=list)  # "@sam": more than one person


def _ends_word(rest: str, length: int) -> bool:
    return length >= len(rest) or not (rest[length].isalnum() or rest[length] in "_-@")


def resolve_mentions(text: str, candidates: Sequence[User]) -> Mentions:
    """The people among ``candidates`` that ``text`` mentions with @name or @address.

    The longest name that follows an @ wins ("@Grace Okafor" over "@Grace"); matching
    ignores case and accents. A name shared by several people mentions none of them.
    """
    keyed: dict[str, list[User]] = {}
    for user in candidates:
        for key in mention_keys(user):
            keyed.setdefault(key, []).append(user)
    found = Mentions()
    chosen: dict[int, User] = {}
    for start in _MENTION_START.finditer(text):
        raw = text[start.end():start.end() + _MENTION_LOOKAHEAD]
        rest = plain(raw) if raw[:1].strip() else ""
        best = max((key for key in keyed if rest.startswith(key) and _ends_word(rest, len(key))),
                   key=len, default=None)
        handle = _HANDLE.match(raw)
        written = "@" + (handle.group(0).rstrip(".") if handle else "")
        if best is None:
            if handle and written not in found.unknown:
                found.unknown.append(written)
        elif len(keyed[best]) > 1:
            if written not in found.ambiguous:
                found.ambiguous.append(written)
        else:
            chosen.setdefault(keyed[best][0].id, keyed[best][0])
    found.users = sorted(chosen.values(), key=lambda user: user.id)
    return found


def mentioned_users(text: str, candidates: Sequence[User]) -> list[User]:
    """The people a text mentions (see resolve_mentions); unknown names are left out."""
    return resolve_mentions(text, candidates).users
