"""Two server processes on one database: a long-poll in one wakes for a step in the other."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.roles import Role
from tests.cli.helpers import CBOOK
from tests.support import api_token, make_user


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _call(url: str, headers: dict[str, str], body: Any = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method="POST" if data else "GET",
                                     headers={**headers, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture
def two_servers(database_url: str, tmp_path: Path) -> Iterator[list[str]]:
    env = {**os.environ, "CBOOK_INSTANCE": str(tmp_path / "instance"),
           "CBOOK_DATABASE_URL": database_url, "CBOOK_SECRET_KEY": "shared-secret"}
    ports = [_free_port(), _free_port()]
    servers = [subprocess.Popen([CBOOK, "serve", "--port", str(port), "--workers", "1"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for port in ports]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url in urls:
            for _ in range(150):
                try:
                    urllib.request.urlopen(f"{url}/api/v1/schema", timeout=2).close()
                    break
                except OSError:
                    time.sleep(0.1)
        yield urls
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)


def test_a_long_poll_wakes_for_a_step_accepted_by_another_process(
    two_servers: list[str], session: Session
) -> None:
    admin = make_user(session, Role.ADMIN)
    book = books.create_book(session, admin, title="Shared")
    chapter = books.create_chapter(session, admin, book, title="Chapter")
    section = books.create_section(session, admin, chapter, title="Section")
    session.commit()
    headers = api_token(session, admin)
    first, second = (f"{url}/api/v1/sections/{section.id}/steps" for url in two_servers)
    woke: dict[str, float] = {}

    def wait() -> None:
        body = _call(f"{first}?since=0&wait=20", headers)
        woke["at"] = time.monotonic()
        woke["version"] = body["version"]

    waiter = threading.Thread(target=wait)
    waiter.start()
    time.sleep(1.0)  # the long-poll is now waiting in the first process
    _call(second, headers, {"version": 0, "clientID": "other-process", "steps": [
        {"stepType": "replace", "from": 1, "to": 1,
         "slice": {"content": [{"type": "text", "text": "hello"}]}}]})
    accepted = time.monotonic()
    waiter.join(timeout=25)
    assert woke["version"] == 1
    assert woke["at"] - accepted < 0.5, f"woke after {woke['at'] - accepted:.3f} s"
