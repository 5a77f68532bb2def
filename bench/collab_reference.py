"""A reference collab authority for bench/collab.py: in memory, the same protocol.

What a minimal prosemirror-collab server does (like the ProseMirror collab demo's): one
process keeps the document and its step log in memory, applies each accepted batch with
prosemirror-py, refuses a batch made against an old version with 409, and serves the
steps since a version. No database, no sessions, no permission checks beyond a bearer
token compared with one string. Served by gunicorn (one worker: the state is in memory),
so the ratio of wall times measures what our authority costs over the bare protocol.

    gunicorn --chdir bench --worker-class gthread --workers 1 --threads 16 \\
        'collab_reference:make_app("<token>", <section id>, "<doc.json>")'
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from prosemirror.model import Node
from prosemirror.transform import Step

from cbook.editor import steps as _registers_markset_step  # noqa: F401 - side effect
from cbook.editor.schema import schema

Environ = dict[str, Any]
StartResponse = Callable[[str, list[tuple[str, str]]], Any]
_STEPS = re.compile(r"^/api/v1/sections/(\d+)/steps$")
_SECTION = re.compile(r"^/api/v1/sections/(\d+)$")


class Authority:
    """One document in memory: its current node, version and step log."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.node = Node.from_json(schema(), doc)
        self.steps: list[Any] = []
        self.client_ids: list[Any] = []
        self.lock = threading.Lock()

    def receive(self, version: int, steps: list[Any], client_id: Any) -> tuple[int, Any]:
        """Apply a batch made at ``version``; 409 with the current version if behind."""
        with self.lock:
            if version != len(self.steps):
                return 409, {"error": "version conflict", "version": len(self.steps)}
            node = self.node
            for step_json in steps:
                result = Step.from_json(schema(), step_json).apply(node)
                if result.failed or result.doc is None:
                    return 422, {"error": "step does not apply"}
                node = result.doc
            self.node = node
            self.steps.extend(steps)
            self.client_ids.extend([client_id] * len(steps))
            return 200, {"version": len(self.steps)}

    def since(self, version: int) -> tuple[int, Any]:
        """The steps after ``version`` and the client each came from."""
        with self.lock:
            if not 0 <= version <= len(self.steps):
                return 422, {"error": f"no version {version}"}
            return 200, {"version": len(self.steps), "steps": self.steps[version:],
                         "clientIDs": self.client_ids[version:]}

    def state(self) -> tuple[int, Any]:
        """The document now, as the section API shows it."""
        with self.lock:
            return 200, {"version": len(self.steps), "doc": self.node.to_json()}


def make_app(token: str, section_id: int, doc_file: str) -> Callable[..., Iterable[bytes]]:
    """The WSGI app serving one section's document from ``doc_file``."""
    authority = Authority(json.loads(Path(doc_file).read_text()))
    expected = f"Bearer {token}"

    def app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        status, body = _route(environ)
        payload = json.dumps(body).encode()
        start_response(f"{status} {'OK' if status == 200 else 'Refused'}",
                       [("Content-Type", "application/json"),
                        ("Content-Length", str(len(payload)))])
        return [payload]

    def _route(environ: Environ) -> tuple[int, Any]:
        path, method = environ.get("PATH_INFO", ""), environ["REQUEST_METHOD"]
        if path == "/":
            return 200, {"ok": True}
        if environ.get("HTTP_AUTHORIZATION") != expected:
            return 401, {"error": "sign in"}
        if (match := _SECTION.match(path)) and int(match[1]) == section_id:
            return authority.state()
        if not (match := _STEPS.match(path)) or int(match[1]) != section_id:
            return 404, {"error": "not found"}
        if method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = json.loads(environ["wsgi.input"].read(length))
            return authority.receive(body["version"], body["steps"], body["clientID"])
        query = dict(part.partition("=")[::2]
                     for part in environ.get("QUERY_STRING", "").split("&") if part)
        return authority.since(int(query.get("since", "0")))

    return app
