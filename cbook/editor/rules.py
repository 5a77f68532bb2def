"""Content rules checked on incoming steps before they touch a document.

The schema says what may nest where; these rules say what values are acceptable: link and
image targets, image alt text, block ids, tag slugs, cited resources, nesting depth. They
are checked on the step JSON (small) rather than on the whole document after every
keystroke.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from cbook.editor.links import is_safe_href
from cbook.editor.references import Kind
from cbook.errors import InvalidInput, TooLarge, Unprocessable

# Which of some slugs or ids of a kind exist (see cbook.editor.references).
Existing = Callable[[Kind, Collection[str | int]], set[str | int]]

MAX_DEPTH = 32
BLOCK_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
TAG_ATTRS = ("principles", "audiences")
MAX_RESOURCE_ID = 2**31 - 1  # the largest id the resources table can hold
MAX_REFERENCE_TITLE = 300  # as long as a resource's title may be


@dataclass
class StepFindings:
    """Tag slugs and resource ids the steps use, to be checked against the database in one go."""

    principles: set[str] = field(default_factory=set)
    audiences: set[str] = field(default_factory=set)
    resources: set[int] = field(default_factory=set)


def _check_attr(name: str, value: Any, node_type: str | None, found: StepFindings) -> None:
    if name in TAG_ATTRS:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidInput(f"{name} must be a list of slugs")
        if len(value) > 50:
            raise Unprocessable(f"too many {name} on one block")
        getattr(found, name).update(value)
    elif name == "id":
        if value is not None and not (isinstance(value, str) and BLOCK_ID.fullmatch(value)):
            raise InvalidInput("block ids are 1-64 letters, digits, '-' or '_'")
    elif name == "src":
        if not is_safe_href(value):
            raise Unprocessable("images must come from http(s) or this site", value)
    elif name == "alt" and node_type in (None, "image"):
        if not isinstance(value, str) or not value.strip():
            raise Unprocessable("every image needs alt text describing it")
    elif name == "href" and not is_safe_href(value):
        raise Unprocessable("links must be http, https, mailto or relative", value)
    elif name == "resource":
        if isinstance(value, bool) or not isinstance(value, int) or not (
                0 < value <= MAX_RESOURCE_ID):
            raise InvalidInput("a cited resource is named by its id, a whole number")
        found.resources.add(value)
    elif name == "title" and node_type == "resource_ref" and (
            not isinstance(value, str) or len(value) > MAX_REFERENCE_TITLE):
        raise InvalidInput(f"a cited resource's title is text of at most "
                           f"{MAX_REFERENCE_TITLE} characters")


def check_step_json(step: Any, found: StepFindings) -> None:
    """Check one step's JSON for unsafe values; collect the tag slugs it uses."""
    if not isinstance(step, dict) or not isinstance(step.get("stepType"), str):
        raise InvalidInput("every step is an object with a stepType")
    if step["stepType"] in ("attr", "docAttr"):
        _check_attr(str(step.get("attr")), step.get("value"), None, found)
    stack: list[tuple[Any, int]] = [(step, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH * 2:  # JSON nesting is about twice the document nesting
            raise TooLarge(f"content nests deeper than {MAX_DEPTH} levels")
        if isinstance(item, dict):
            attrs = item.get("attrs")
            if isinstance(attrs, dict):
                node_type = item.get("type") if isinstance(item.get("type"), str) else None
                for name, value in attrs.items():
                    _check_attr(str(name), value, node_type, found)
            stack.extend((value, depth + 1) for value in item.values()
                         if isinstance(value, dict | list))
        elif isinstance(item, list):
            stack.extend((value, depth + 1) for value in item if isinstance(value, dict | list))


def check_references_exist(found: StepFindings, existing: Existing) -> None:
    """Every principle, audience and library resource the steps name must exist.

    ``existing(kind, wanted)`` answers which of ``wanted`` exist; it is asked only about
    the kinds the steps actually name, so a plain keystroke costs no lookup at all.
    """
    if found.principles or found.audiences:
        unknown = (sorted(found.principles - existing(Kind.PRINCIPLE, found.principles))
                   + sorted(found.audiences - existing(Kind.AUDIENCE, found.audiences)))
        if unknown:
            raise Unprocessable(f"unknown principle or audience: {', '.join(unknown)}",
                                unknown)
    if found.resources:
        cited = sorted(found.resources - existing(Kind.RESOURCE, found.resources))
        if cited:
            raise Unprocessable(
                f"unknown library resource: {', '.join(str(i) for i in cited)}", cited)
