"""Many clients typing into one section at once over HTTP: all converge, nothing lost."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections import Counter
from typing import Any

from sqlalchemy.orm import Session

from cbook.app.caches import clear_process_caches
from cbook.books import service as books
from cbook.editor import authority
from cbook.roles import Role
from tests.support import api_token, make_user

CLIENTS = 10
EDITS_EACH = 10


def _call(url: str, headers: dict[str, str], body: Any = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method="POST" if data else "GET",
                                     headers={**headers, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_concurrent_clients_converge_with_nothing_lost_or_doubled(
    live_server: str, session: Session
) -> None:
    admin = make_user(session, Role.ADMIN)
    book = books.create_book(session, admin, title="Busy book")
    chapter = books.create_chapter(session, admin, book, title="Chapter")
    section = books.create_section(session, admin, chapter, title="Busy section")
    session.commit()
    headers = api_token(session, admin)
    url = f"{live_server}/api/v1/sections/{section.id}/steps"
    conflicts = Counter[int]()
    failures: list[Any] = []

    def client(number: int) -> None:
        version = 0
        for edit in range(EDITS_EACH):
            token = f"[{number}:{edit}]"
            step = {"stepType": "replace", "from": 1, "to": 1,
                    "slice": {"content": [{"type": "text", "text": token}]}}
            for _attempt in range(200):
                status, body = _call(url, headers, {"version": version, "steps": [step],
                                                    "clientID": f"client-{number}"})
                if status == 200:
                    version = body["version"]
                    break
                if status != 409:
                    failures.append((status, body))
                    return
                conflicts[number] += 1
                # Catch up like prosemirror-collab does: fetch what we missed, then retry.
                _, missed = _call(f"{url}?since={version}", headers)
                version = missed["version"]
            else:
                failures.append(("gave up", token))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures[:3]

    status, state = _call(f"{live_server}/api/v1/sections/{section.id}", headers)
    assert status == 200
    assert state["version"] == CLIENTS * EDITS_EACH
    text = "".join(n.get("text", "") for n in state["doc"]["content"][0].get("content", []))
    for number in range(CLIENTS):
        for edit in range(EDITS_EACH):
            assert text.count(f"[{number}:{edit}]") == 1, f"[{number}:{edit}] lost or doubled"
    # Every client saw the others' steps in full: the log rebuilds the same document.
    _, log = _call(f"{url}?since=0", headers)
    assert len(log["steps"]) == CLIENTS * EDITS_EACH
    clear_process_caches()  # rebuilt from the database alone
    session.expire_all()
    rebuilt = authority.document_json(session, section.document)
    assert rebuilt == state["doc"]
    assert sum(conflicts.values()) > 0, "the clients never raced: the test proved nothing"
