"""Collaborative-editing benchmark: many clients typing into one section at once.

1. In-process: the server time to validate and store a one-character step in a
   5,000-word section (cached document, SQLite commit included).
2. Over HTTP: ``cbook serve`` (gunicorn, threaded workers) on a fresh SQLite instance;
   N concurrent clients each type S steps into one section at a set pace, following the
   prosemirror-collab protocol (post every unconfirmed step at once; on 409, fetch the
   missed steps and retry), at a keystroke every 200 ms and every 50 ms. Prints steps
   accepted/s, POST p50/p95, conflicts, and how many steps were lost or doubled.
3. The storm: the official prosemirror-collab client's behaviour (send every unconfirmed
   step; on 409 fetch the missed steps and send again at once, no pause), 20 clients x 30
   edits into one section as fast as they can, against ``cbook serve`` and against an
   in-memory reference authority (bench/collab_reference.py) under the same gunicorn;
   prints the ratio of their wall times, and of the server CPU each request cost.

    python bench/collab.py [--clients 20] [--steps 200] [--storm-edits 30]
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
from cbook.app import make_sessions
from cbook.books import service as books
from cbook.config import Settings
from cbook.db import make_engine, session_scope
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


def prepare(url: str, words: int, sections: int) -> tuple[list[int], str]:
    """A migrated instance with an admin, a token and ``sections`` sections of ``words``
    words (one per run, so each run starts from the same document)."""
    engine = make_engine(url)
    upgrade(engine)
    factory = make_sessions(engine)
    with session_scope(factory) as session:
        admin = create_user(session, "bench@example.org", Role.ADMIN, password="bench password")  # noqa: S106
        book = books.create_book(session, admin, title="Bench")
        chapter = books.create_chapter(session, admin, book, title="Chapter")
        made = [books.create_section(session, admin, chapter, title=f"Busy {number}",
                                     doc=document_of(words)) for number in range(sections)]
        token = create_api_token(session, admin, "bench")
        section_ids = [section.id for section in made]
    engine.dispose()
    return section_ids, token


def time_single_steps(url: str, section_id: int, samples: int = 300) -> list[float]:
    """Milliseconds to validate, store and commit one one-character step, in process."""
    engine = make_engine(url)
    factory = make_sessions(engine)
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


async def _storm_client(number: int, port: int, section_id: int, token: str, edits: int,
                        stats: dict[str, Any]) -> None:
    """One editor as the official prosemirror-collab client behaves, with no pause between
    edits: send every unconfirmed step; on a 409, fetch the missed steps (ignoring any in
    the refusal) and send again at once."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    base = f"/api/v1/sections/{section_id}"
    _, state = await _request(reader, writer, "GET", base, token)
    version = state["version"]
    for index in range(edits):
        pending = [{"stepType": "replace", "from": 1, "to": 1,
                    "slice": {"content": [{"type": "text", "text": f"<{number}.{index}>"}]}}]
        while pending:
            started = time.perf_counter()
            status, body = await _request(reader, writer, "POST", f"{base}/steps", token,
                                          {"version": version, "steps": pending,
                                           "clientID": number})
            stats["latencies"].append((time.perf_counter() - started) * 1000)
            if status == 200:
                version = body["version"]
                pending = []
            elif status == 409:
                stats["conflicts"] += 1
                _, missed = await _request(reader, writer, "GET",
                                           f"{base}/steps?since={version}", token)
                version = missed["version"]
            else:
                raise RuntimeError(f"storm client {number}: {status} {body}")
    writer.close()


async def _count_lost(port: int, section_id: int, token: str, clients: int,
                      steps: int) -> tuple[int, int]:
    """How many of every client's markers are missing or doubled, and the final version."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    _, state = await _request(reader, writer, "GET", f"/api/v1/sections/{section_id}", token)
    writer.close()
    text = "".join(n.get("text", "") for n in state["doc"]["content"][0]["content"])
    lost = sum(1 for n in range(clients) for i in range(steps) if text.count(f"<{n}.{i}>") != 1)
    return lost, state["version"]


async def storm(port: int, section_id: int, token: str, clients: int,
                edits: int) -> dict[str, Any]:
    """Run the storm; its wall time, POST p95, conflicts and lost or doubled edits."""
    stats: dict[str, Any] = {"latencies": [], "conflicts": 0}
    started = time.perf_counter()
    await asyncio.gather(*(_storm_client(n, port, section_id, token, edits, stats)
                           for n in range(clients)))
    elapsed = time.perf_counter() - started
    lost, version = await _count_lost(port, section_id, token, clients, edits)
    ordered = sorted(stats["latencies"])
    return {"elapsed": elapsed, "conflicts": stats["conflicts"], "posts": len(ordered),
            "p95": ordered[int(len(ordered) * 0.95) - 1], "lost": lost, "version": version}


async def drive(port: int, section_id: int, token: str, clients: int, steps: int,
                interval: float) -> dict[str, Any]:
    stats: dict[str, Any] = {"latencies": [], "conflicts": 0, "posts": 0, "by_status": {}}
    started = time.perf_counter()
    await asyncio.gather(*(_client(n, port, section_id, token, steps, interval, stats)
                           for n in range(clients)))
    elapsed = time.perf_counter() - started
    lost, version = await _count_lost(port, section_id, token, clients, steps)
    ordered = sorted(stats["latencies"])
    return {"elapsed": elapsed, "accepted": clients * steps, "conflicts": stats["conflicts"],
            "posts": stats["posts"], "by_status": {
                str(key): (statistics.median(values), sorted(values)[int(len(values) * 0.95)])
                for key, values in stats["by_status"].items()},
            "p50": statistics.median(ordered), "p95": ordered[int(len(ordered) * 0.95) - 1],
            "lost": lost, "version": version}


def server_cpu_seconds(pid: int) -> float | None:
    """CPU seconds used so far by a server and its worker processes (Linux; else None).

    On a shared machine wall times swing with the neighbours' load; the CPU each request
    costs the server moves much less, so the storm reports both."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ticks = 0
        for process in [pid, *map(int, children)]:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, ValueError, IndexError):
        return None
    return ticks / os.sysconf("SC_CLK_TCK")


def storm_on(server: subprocess.Popen[bytes], port: int, section_id: int, token: str,
             clients: int, edits: int) -> dict[str, Any]:
    """The storm against a running server, with the server CPU it cost per request."""
    before = server_cpu_seconds(server.pid)
    figures = asyncio.run(storm(port, section_id, token, clients, edits))
    after = server_cpu_seconds(server.pid)
    requests = figures["posts"] + figures["conflicts"]  # every 409 costs a catch-up GET
    figures["cpu_ms"] = (None if before is None or after is None
                         else (after - before) * 1000 / requests)
    return figures


def _serve(command: list[str], port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(command, env=env)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/")
    except BaseException:
        server.terminate()
        raise
    return server


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    server.wait(timeout=20)


def _print_paced(result: dict[str, Any], clients: int, steps: int, interval: float,
                 workers: int) -> None:
    print(f"{clients} clients x {steps} steps (a keystroke every {interval * 1000:.0f} ms "
          f"each), one section, gunicorn {workers} workers, SQLite, {os.cpu_count()} cores:")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--type-intervals", type=float, nargs="*", default=[0.2, 0.05],
                        help="seconds between one client's keystrokes, one run each")
    parser.add_argument("--storm-edits", type=int, default=30,
                        help="edits per client in the storm (0: no storm)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=16)
    args = parser.parse_args()

    instance = Path(tempfile.mkdtemp(prefix="cbook-collab-"))
    settings = Settings.from_environment(instance)
    env = {**os.environ, "CBOOK_INSTANCE": str(instance)}
    try:
        runs = len(args.type_intervals) + (1 if args.storm_edits else 0)
        section_ids, token = prepare(settings.database_url, args.words, runs + 1)
        timings = sorted(time_single_steps(settings.database_url, section_ids[-1]))
        print(f"one-character step into a {args.words}-word section (validate + store + "
              f"commit, in process): p50 {statistics.median(timings):.2f} ms, "
              f"p95 {timings[int(len(timings) * 0.95) - 1]:.2f} ms")

        port = free_port()
        cbook = shutil.which("cbook") or str(Path(sys.executable).with_name("cbook"))
        server = _serve([cbook, "serve", "--instance", str(instance), "--port", str(port),
                         "--workers", str(args.workers), "--threads", str(args.threads)],
                        port, env)
        try:
            for section_id, interval in zip(section_ids, args.type_intervals, strict=False):
                result = asyncio.run(drive(port, section_id, token, args.clients, args.steps,
                                           interval))
                _print_paced(result, args.clients, args.steps, interval, args.workers)
            if args.storm_edits:
                ours = storm_on(server, port, section_ids[runs - 1], token, args.clients,
                                args.storm_edits)
        finally:
            _stop(server)
        if not args.storm_edits:
            return

        doc_file = instance / "reference-doc.json"
        doc_file.write_text(json.dumps(document_of(args.words)))
        port = free_port()
        app = f"collab_reference:make_app({token!r}, {section_ids[runs - 1]}, {str(doc_file)!r})"
        reference = _serve([sys.executable, "-m", "gunicorn", "--chdir", str(Path(__file__).parent),
                            "--worker-class", "gthread", "--workers", "1",
                            "--threads", str(args.threads), "--bind", f"127.0.0.1:{port}",
                            "--log-level", "warning", app], port, env)
        try:
            theirs = storm_on(reference, port, section_ids[runs - 1], token, args.clients,
                              args.storm_edits)
        finally:
            _stop(reference)
        print(f"storm: {args.clients} clients x {args.storm_edits} edits, official "
              f"prosemirror-collab client (on 409 fetch, then send again at once):")
        for label, figures in (("cbook serve", ours), ("in-memory reference", theirs)):
            print(f"  {label}: {figures['elapsed']:.2f} s, {figures['posts']} POSTs "
                  f"(p95 {figures['p95']:.1f} ms), {figures['conflicts']} conflicts, "
                  f"lost or doubled {figures['lost']}")
        print(f"  ratio of wall times: {ours['elapsed'] / theirs['elapsed']:.1f}x the reference")
        if ours["cpu_ms"] and theirs["cpu_ms"]:
            print(f"  server CPU per request: {ours['cpu_ms']:.2f} ms against "
                  f"{theirs['cpu_ms']:.2f} ms = {ours['cpu_ms'] / theirs['cpu_ms']:.1f}x")
    finally:
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
