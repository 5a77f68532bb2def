"""Collaborative-editing benchmark: many clients typing into one section at once.

1. In-process: the server time to validate and store a one-character step in a
   5,000-word section (cached document, SQLite commit included).
2. Over HTTP: ``cbook serve`` (gunicorn, threaded workers) on a fresh SQLite instance;
   N concurrent clients each type S steps into one section at a set pace, following the
   prosemirror-collab protocol (post every unconfirmed step at once; on 409, fetch the
   missed steps and retry). Prints steps
   accepted/s, POST p50/p95, conflicts, and how many steps were lost or doubled.

    python bench/collab.py [--clients 20] [--steps 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from reader import free_port, wait_until_up

from cbook.accounts.service import create_api_token, create_user
from cbook.books import service as books
from cbook.config import Settings
from cbook.db import make_engine, make_session_factory, session_scope
from cbook.editor import authority
from cbook.migrate import upgrade
from cbook.roles import Role

WORDS = ["leaders", "barriers", "enablers", "trust", "governance", "boundaries", "community",
         "power", "purpose", "outcomes", "culture", "structures", "listening", "agency"]


def document_of(words: int) -> dict[str, Any]:
    """A section of ``words`` words in 20-word paragraphs, each with a block id."""
    paragraphs = []
    for index in range(words // 20):
        text = " ".join(WORDS[(index * 3 + i) % len(WORDS)] for i in range(20))
        paragraphs.append({"type": "paragraph", "attrs": {"id": f"p{index}"},
                           "content": [{"type": "text", "text": text.capitalize() + "."}]})
    return {"type": "doc", "content": paragraphs}


def prepare(url: str, words: int) -> tuple[int, str]:
    """A migrated instance with an admin, a token and one section of ``words`` words."""
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        admin = create_user(session, "bench@example.org", Role.ADMIN, password="bench password")  # noqa: S106
        book = books.create_book(session, admin, title="Bench")
        chapter = books.create_chapter(session, admin, book, title="Chapter")
        section = books.create_section(session, admin, chapter, title="Busy",
                                       doc=document_of(words))
        token = create_api_token(session, admin, "bench")
        section_id = section.id
    engine.dispose()
    return section_id, token


def time_single_steps(url: str, section_id: int, samples: int = 300) -> list[float]:
    """Milliseconds to validate, store and commit one one-character step, in process."""
    engine = make_engine(url)
    factory = make_session_factory(engine)
    timings = []
    from cbook.books.models import Section

    for index in range(samples):
        session = factory()
        started = time.perf_counter()
        section = session.get(Section, section_id)
        assert section is not None
        step = {"stepType": "replace", "from": 1, "to": 1,
                "slice": {"content": [{"type": "text", "text": "x"}]}}
        authority.receive_steps(session, section.document, section.document.version, [step],
                                f"timing-{index % 3}", None)
        session.commit()
        timings.append((time.perf_counter() - started) * 1000)
        session.close()
    engine.dispose()
    return timings


async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, method: str,
                   path: str, token: str, body: Any = None) -> tuple[int, Any]:
    payload = json.dumps(body).encode() if body is not None else b""
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n")
    writer.write(head.encode() + payload)
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return status, json.loads(await reader.readexactly(length))


async def _client(number: int, port: int, section_id: int, token: str, steps: int,
                  interval: float, stats: dict[str, Any]) -> None:
    """One editor: a typist adds a step every ``interval`` seconds; the sender behaves like
    prosemirror-collab, posting every unconfirmed step at once and, on a 409, fetching the
    steps it missed and trying again."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    base = f"/api/v1/sections/{section_id}"
    _, state = await _request(reader, writer, "GET", base, token)
    version = state["version"]
    pending: list[dict[str, Any]] = []
    typed = streak = 0

    async def typist() -> None:
        nonlocal typed
        for index in range(steps):
            text = {"type": "text", "text": f"<{number}.{index}>"}
            pending.append({"stepType": "replace", "from": 1, "to": 1,
                            "slice": {"content": [text]}})
            typed += 1
            await asyncio.sleep(interval)

    typing = asyncio.create_task(typist())
    while typed < steps or pending:
        if not pending:
            await asyncio.sleep(0.005)
            continue
        batch = pending[:500]
        started = time.perf_counter()
        status, body = await _request(reader, writer, "POST", f"{base}/steps", token,
                                      {"version": version, "steps": batch, "clientID": number})
        elapsed_ms = (time.perf_counter() - started) * 1000
        stats["latencies"].append(elapsed_ms)
        stats["by_status"].setdefault(status, []).append(elapsed_ms)
        if status == 200:
            streak = 0
            version = body["version"]
            del pending[:len(batch)]
            stats["posts"] += 1
        elif status == 409 and "steps" in body:
            # The refusal carries the missed steps: rebase on them and go again, after a
            # short random pause that grows with repeated refusals, so twenty clients that
            # all lost the same race don't all retry in the same millisecond.
            stats["conflicts"] += 1
            version = body["version"]
            streak += 1
            await asyncio.sleep(random.uniform(0, min(0.25, 0.005 * 2 ** streak)))
        elif status == 409:
            stats["conflicts"] += 1
            started = time.perf_counter()
            _, missed = await _request(reader, writer, "GET", f"{base}/steps?since={version}",
                                       token)
            stats["by_status"].setdefault("GET", []).append(
                (time.perf_counter() - started) * 1000)
            version = missed["version"]
        else:
            raise RuntimeError(f"client {number}: {status} {body}")
    await typing
    writer.close()


async def drive(port: int, section_id: int, token: str, clients: int, steps: int,
                interval: float) -> dict[str, Any]:
    stats: dict[str, Any] = {"latencies": [], "conflicts": 0, "posts": 0, "by_status": {}}
    started = time.perf_counter()
    await asyncio.gather(*(_client(n, port, section_id, token, steps, interval, stats)
                           for n in range(clients)))
    elapsed = time.perf_counter() - started
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    _, state = await _request(reader, writer, "GET", f"/api/v1/sections/{section_id}", token)
    writer.close()
    text = "".join(n.get("text", "") for n in state["doc"]["content"][0]["content"])
    lost = sum(1 for n in range(clients) for i in range(steps) if text.count(f"<{n}.{i}>") != 1)
    ordered = sorted(stats["latencies"])
    return {"elapsed": elapsed, "accepted": clients * steps, "conflicts": stats["conflicts"],
            "posts": stats["posts"], "by_status": {
                str(key): (statistics.median(values), sorted(values)[int(len(values) * 0.95)])
                for key, values in stats["by_status"].items()},
            "p50": statistics.median(ordered), "p95": ordered[int(len(ordered) * 0.95) - 1],
            "lost": lost, "version": state["version"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--type-interval", type=float, default=0.05,
                        help="seconds between one client's keystrokes (0.05 = 20 per second)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=16)
    args = parser.parse_args()

    instance = Path(tempfile.mkdtemp(prefix="cbook-collab-"))
    settings = Settings.from_environment(instance)
    try:
        section_id, token = prepare(settings.database_url, args.words)
        timings = sorted(time_single_steps(settings.database_url, section_id))
        print(f"one-character step into a {args.words}-word section (validate + store + "
              f"commit, in process): p50 {statistics.median(timings):.2f} ms, "
              f"p95 {timings[int(len(timings) * 0.95) - 1]:.2f} ms")

        port = free_port()
        cbook = shutil.which("cbook") or str(Path(sys.executable).with_name("cbook"))
        server = subprocess.Popen([cbook, "serve", "--instance", str(instance), "--port",
                                   str(port), "--workers", str(args.workers),
                                   "--threads", str(args.threads)],
                                  env={**os.environ, "CBOOK_INSTANCE": str(instance)})
        try:
            wait_until_up(f"http://127.0.0.1:{port}/")
            result = asyncio.run(drive(port, section_id, token, args.clients, args.steps,
                                       args.type_interval))
        finally:
            server.terminate()
            server.wait(timeout=20)
        print(f"{args.clients} clients x {args.steps} steps (a keystroke every "
              f"{args.type_interval * 1000:.0f} ms each), one section, gunicorn "
              f"{args.workers} workers, SQLite, {os.cpu_count()} cores:")
        print(f"  accepted {result['accepted']} steps in {result['elapsed']:.1f} s = "
              f"{result['accepted'] / result['elapsed']:.0f} steps/s")
        print(f"  POST p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms "
              f"(every POST, conflicts included)")
        print(f"  {result['posts']} accepted POSTs ({result['accepted'] / result['posts']:.1f} "
              f"steps each); conflicts (409, rebased and retried): {result['conflicts']}")
        for key, (p50, p95) in result["by_status"].items():
            label = {"200": "accepted POST", "409": "refused POST (409)",
                     "GET": "catch-up GET"}.get(key, key)
            print(f"    {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
        print(f"  lost or doubled: {result['lost']}; final version {result['version']}")
    finally:
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
