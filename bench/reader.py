"""Reader-page benchmark: a 1,000-section book behind the production server.

Starts ``cbook serve`` (gunicorn, threaded workers) on a loopback port against a fresh
SQLite instance, then drives a published section page and the contents page with
concurrent keep-alive clients and prints requests/s, p50 and p99 for each.

    python bench/reader.py [--sections 1000] [--clients 16] [--seconds 10] [--no-page-cache]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from cbook.books.models import Book, Chapter, Section
from cbook.config import Settings
from cbook.db import make_engine, make_session_factory, session_scope, utcnow
from cbook.editor.models import Document
from cbook.migrate import upgrade
from cbook.roles import SectionStatus

WORDS = ["leaders", "barriers", "enablers", "trust", "governance", "boundaries", "experiments",
         "community", "power", "purpose", "outcomes", "culture", "structures", "collaboration",
         "listening", "agency"]


def _paragraph(index: int, words: int = 60) -> dict[str, object]:
    text = " ".join(WORDS[(index * 7 + i) % len(WORDS)] for i in range(words))
    return {"type": "paragraph", "attrs": {"id": f"p{index}", "principles": [], "audiences": []},
            "content": [{"type": "text", "text": text.capitalize() + "."}]}


def build_book(url: str, sections: int) -> tuple[str, int]:
    """A published book of ``sections`` sections (about 300 words each) in 20 chapters."""
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(make_session_factory(engine)) as session:
        book = Book(slug="bench", title="Benchmark book")
        chapters = [Chapter(book=book, title=f"Chapter {c + 1}", position=c) for c in range(20)]
        doc = {"type": "doc", "content": [_paragraph(i) for i in range(5)]}
        now = utcnow()
        rows = [Section(chapter=chapters[i % 20], title=f"Section {i + 1}", position=i,
                        document=Document(version=1, snapshot=doc, snapshot_version=1),
                        status=SectionStatus.PUBLISHED, published_doc=doc, published_version=1,
                        published_at=now) for i in range(sections)]
        session.add_all([book, *chapters, *rows])
        session.flush()
        middle = rows[sections // 2].id
    engine.dispose()
    return "bench", middle


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _client(host: str, port: int, path: str, deadline: float,
                  latencies: list[float]) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: keep-alive\r\n\r\n".encode()
    errors = 0
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        writer.write(request)
        status_line = await reader.readline()
        length = 0
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        await reader.readexactly(length)
        latencies.append(time.perf_counter() - started)
        if b" 200 " not in status_line:
            errors += 1
    writer.close()
    return errors


async def drive(host: str, port: int, path: str, clients: int, seconds: float) -> dict[str, float]:
    """Run ``clients`` keep-alive connections against ``path`` for ``seconds``."""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    errors = await asyncio.gather(*(_client(host, port, path, deadline, latencies)
                                    for _ in range(clients)))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "errors": sum(errors),
        "rps": len(ordered) / elapsed,
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[int(len(ordered) * 0.99) - 1] * 1000,
    }


def wait_until_up(url: str, timeout: float = 30) -> None:
    until = time.time() + timeout
    while time.time() < until:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not start at {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--no-page-cache", action="store_true",
                        help="render every request (what signed-in readers get)")
    args = parser.parse_args()

    instance = Path(tempfile.mkdtemp(prefix="cbook-bench-"))
    settings = Settings.from_environment(instance)
    slug, section_id = build_book(settings.database_url, args.sections)
    port = free_port()
    cbook = shutil.which("cbook") or str(Path(sys.executable).with_name("cbook"))
    server = subprocess.Popen(
        [cbook, "serve", "--instance", str(instance), "--port", str(port),
         "--workers", str(args.workers)],
        env={**os.environ, "CBOOK_INSTANCE": str(instance),
             "CBOOK_PAGE_CACHE": "0" if args.no_page_cache else "1"},
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/books/{slug}")
        print(f"reader benchmark: {args.sections} sections, {args.clients} concurrent clients, "
              f"{args.seconds:.0f} s per page, gunicorn {args.workers} workers x 16 threads, "
              f"{os.cpu_count()} cores, page cache {'off' if args.no_page_cache else 'on'}")
        for label, path in (("section page", f"/sections/{section_id}"),
                            ("contents page", f"/books/{slug}")):
            asyncio.run(drive("127.0.0.1", port, path, args.clients, 1.0))  # warm up
            result = asyncio.run(drive("127.0.0.1", port, path, args.clients, args.seconds))
            print(f"{label:<14} {result['rps']:8.0f} req/s   p50 {result['p50_ms']:6.1f} ms   "
                  f"p99 {result['p99_ms']:6.1f} ms   ({result['requests']} requests, "
                  f"{result['errors']} errors)")
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
