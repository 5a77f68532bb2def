"""Reader-page benchmark: a 1,000-section book behind the production server.

Starts ``cbook serve`` (gunicorn, threaded workers) on a loopback port against a fresh
SQLite instance, then drives, with concurrent keep-alive clients, a published section page
and the contents page for an anonymous visitor, the section page for a signed-in reader and
the site's stylesheet, and prints requests/s, p50 and p99 for each.

With ``--baseline`` it also serves a trivial Flask app under gunicorn with the same worker
and thread shape, answering each of those URLs with the very bytes Culture Book sent, and
prints Culture Book's throughput as a ratio of that ceiling.

    python bench/reader.py [--baseline] [--sections 1000] [--clients 16] [--seconds 8]
                           [--workers 2] [--threads 16] [--no-page-cache]
                           [--pages anonymous,contents,signed-in,static]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import html
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from cbook.accounts.service import create_user
from cbook.books.models import Book, Chapter, Section
from cbook.config import Settings
from cbook.db import make_engine, make_session_factory, session_scope, utcnow
from cbook.editor.models import Document
from cbook.migrate import upgrade
from cbook.roles import Role, SectionStatus

WORDS = ["leaders", "barriers", "enablers", "trust", "governance", "boundaries", "experiments",
         "community", "power", "purpose", "outcomes", "culture", "structures", "collaboration",
         "listening", "agency"]
READER_EMAIL = "reader@bench.example"
READER_PASSWORD = "bench-reader-password"  # noqa: S105 - a throwaway benchmark instance
# The targets: anonymous pages at half the trivial app's rate with p99 under 50 ms,
# signed-in pages at a quarter.
TARGETS = {"anonymous": (0.5, 50.0), "signed-in": (0.25, None), "static": (None, None)}


def _paragraph(index: int, words: int = 60) -> dict[str, object]:
    text = " ".join(WORDS[(index * 7 + i) % len(WORDS)] for i in range(words))
    return {"type": "paragraph", "attrs": {"id": f"p{index}", "principles": [], "audiences": []},
            "content": [{"type": "text", "text": text.capitalize() + "."}]}


def build_book(url: str, sections: int) -> tuple[str, int]:
    """A published book of ``sections`` sections (about 300 words each) in 20 chapters,
    and a reader who can sign in."""
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
        create_user(session, READER_EMAIL, Role.READER, password=READER_PASSWORD)
        session.flush()
        middle = rows[sections // 2].id
    engine.dispose()
    return "bench", middle


def free_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Fetched:
    """One response, kept whole so the trivial app can send the same bytes."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes


def fetch(port: int, path: str, method: str = "GET", body: str | None = None,
          headers: dict[str, str] | None = None) -> Fetched:
    """One request over a fresh connection, redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Fetched(response.status, response.headers, response.read())
    finally:
        connection.close()


def _cookie(fetched: Fetched) -> str:
    values = [header.split(";", 1)[0] for header in fetched.headers.get_all("Set-Cookie") or []]
    return "; ".join(values)


def sign_in(port: int) -> str:
    """The Cookie header of a signed-in reader."""
    form = fetch(port, "/login")
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', form.body)
    if token is None:
        raise SystemExit("no CSRF token on the sign-in page")
    fields = urllib.parse.urlencode({"email": READER_EMAIL, "password": READER_PASSWORD,
                                     "csrf_token": html.unescape(token.group(1).decode())})
    answer = fetch(port, "/login", "POST", fields, {
        "Cookie": _cookie(form), "Content-Type": "application/x-www-form-urlencoded"})
    if answer.status != 302:
        raise SystemExit(f"sign-in failed: {answer.status}")
    cookie = _cookie(answer)
    # A browser keeps what the first page after signing in sets (the session's new CSRF
    # token); the load clients replay one Cookie header, so it must be that steady one.
    landed = fetch(port, "/", headers={"Cookie": cookie})
    return _cookie(landed) or cookie


def stylesheet_path(page: bytes) -> str:
    """The stylesheet URL a page links (fingerprinted or not), as a browser would fetch it."""
    found = re.search(rb'<link rel="stylesheet" href="([^"]+)">', page)
    if found is None:
        raise SystemExit("no stylesheet link on the page")
    return found.group(1).decode()


class _Client(asyncio.Protocol):
    """One keep-alive connection sending the same request again as soon as it is answered."""

    def __init__(self, request: bytes, deadline: float, latencies: list[float],
                 finished: asyncio.Future[int]) -> None:
        self.request = request
        self.deadline = deadline
        self.latencies = latencies
        self.finished = finished
        self.errors = 0
        self.buffer = bytearray()
        self.expected: int | None = None
        self.started = 0.0
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Send the first request."""
        self.transport = transport  # type: ignore[assignment]
        self._send()

    def _send(self) -> None:
        assert self.transport is not None
        if time.perf_counter() >= self.deadline:
            self.transport.close()
            return
        self.started = time.perf_counter()
        self.transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        """Collect the response; on its last byte, record it and ask again."""
        self.buffer += data
        if self.expected is None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buffer[:end]).lower()
            found = re.search(rb"\r\ncontent-length:\s*(\d+)", head)
            self.expected = end + 4 + (int(found.group(1)) if found else 0)
            if not head.startswith((b"http/1.1 200", b"http/1.0 200")):
                self.errors += 1
        if len(self.buffer) >= self.expected:
            self.latencies.append(time.perf_counter() - self.started)
            del self.buffer[:self.expected]
            self.expected = None
            self._send()

    def connection_lost(self, exc: Exception | None) -> None:
        """Report this connection's error count."""
        if not self.finished.done():
            self.finished.set_result(self.errors)


async def _one_client(port: int, request: bytes, deadline: float,
                      latencies: list[float]) -> int:
    loop = asyncio.get_running_loop()
    errors = 0
    # A connection the server closes early (keep-alive timeout) is opened again.
    while time.perf_counter() < deadline:
        finished: asyncio.Future[int] = loop.create_future()
        await loop.create_connection(
            functools.partial(_Client, request, deadline, latencies, finished), "127.0.0.1", port)
        errors += await finished
    return errors


async def drive(port: int, path: str, clients: int, seconds: float,
                cookie: str = "") -> dict[str, float]:
    """Run ``clients`` keep-alive connections against ``path`` for ``seconds``."""
    extra = f"Cookie: {cookie}\r\n" if cookie else ""
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
               f"Connection: keep-alive\r\n{extra}\r\n").encode()
    latencies: list[float] = []
    started = time.perf_counter()
    deadline = started + seconds
    errors = await asyncio.gather(*(_one_client(port, request, deadline, latencies)
                                    for _ in range(clients)))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "errors": sum(errors),
        "rps": len(ordered) / elapsed,
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[max(int(len(ordered) * 0.99) - 1, 0)] * 1000,
    }


def measure(port: int, path: str, clients: int, seconds: float,
            cookie: str = "") -> dict[str, float]:
    """Warm up for a second, then measure."""
    asyncio.run(drive(port, path, clients, 1.0, cookie))
    return asyncio.run(drive(port, path, clients, seconds, cookie))


def wait_until_up(url: str, timeout: float = 30) -> None:
    """Poll ``url`` until it answers 200."""
    until = time.time() + timeout
    while time.time() < until:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not start at {url}")


def serve_trivial(pages: Path, port: int, workers: int, threads: int) -> None:
    """The ceiling: Flask answering ``/<name>`` with stored bytes, under the same gunicorn
    shape as ``cbook serve`` (run in its own process by ``--serve-trivial``)."""
    from flask import Flask, Response
    from gunicorn.app.base import BaseApplication

    kinds: dict[str, str] = json.loads((pages / "kinds.json").read_text())
    stored = {name: ((pages / name).read_bytes(), kind) for name, kind in kinds.items()}
    app = Flask("trivial")

    @app.get("/<name>")
    def page(name: str) -> Response:
        body, kind = stored[name]
        return Response(body, content_type=kind)

    class Trivial(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in {"bind": f"127.0.0.1:{port}", "workers": workers,
                               "threads": threads, "worker_class": "gthread", "keepalive": 5,
                               "accesslog": None, "loglevel": "warning"}.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return app

    Trivial().run()


def _row(label: str, result: dict[str, float]) -> str:
    return (f"  {label:<10} {result['rps']:7.0f} req/s   p50 {result['p50_ms']:6.1f} ms   "
            f"p99 {result['p99_ms']:6.1f} ms   ({result['requests']:.0f} requests, "
            f"{result['errors']:.0f} errors)")


def _verdict(kind: str, ratio: float, p99: float) -> str:
    least, p99_limit = TARGETS[kind]
    if least is None:
        return ""
    met = ratio >= least and (p99_limit is None or p99 < p99_limit)
    wanted = f">= {least}x" + (f", p99 < {p99_limit:.0f} ms" if p99_limit else "")
    return f"   target {wanted}: {'met' if met else 'NOT met'}"


def _start(command: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, env={**os.environ, **(env or {})})


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=20)


def run(args: argparse.Namespace) -> None:
    """Build the book, start the servers, measure every page and print the figures."""
    instance = Path(tempfile.mkdtemp(prefix="cbook-bench-"))
    settings = Settings.from_environment(instance)
    slug, section_id = build_book(settings.database_url, args.sections)
    port = free_port()
    cbook = shutil.which("cbook") or str(Path(sys.executable).with_name("cbook"))
    # As a deployment would: `cbook init` builds the search index before the server starts,
    # so no worker spends the measurement indexing 1,000 sections in the background.
    subprocess.run([cbook, "init", "--instance", str(instance)], check=True,
                   env={**os.environ, "CBOOK_INSTANCE": str(instance)}, stdout=subprocess.DEVNULL)
    servers = [_start(
        [cbook, "serve", "--instance", str(instance), "--port", str(port),
         "--workers", str(args.workers), "--threads", str(args.threads)],
        {"CBOOK_INSTANCE": str(instance), "CBOOK_PAGE_CACHE": "0" if args.no_page_cache else "1"},
    )]
    try:
        wait_until_up(f"http://127.0.0.1:{port}/books/{slug}")
        section = f"/sections/{section_id}"
        cookie = sign_in(port)
        sample = fetch(port, section)
        every_page = {
            "anonymous": ("anonymous section page", "anonymous", section, ""),
            "contents": ("anonymous contents page", "anonymous", f"/books/{slug}", ""),
            "signed-in": ("signed-in section page", "signed-in", section, cookie),
            "static": ("static stylesheet", "static", stylesheet_path(sample.body), ""),
        }
        pages = [every_page[name] for name in args.pages]
        trivial_port = free_port()
        if args.baseline:
            stored = instance / "trivial-pages"
            stored.mkdir()
            kinds = {}
            for number, (_, _, path, page_cookie) in enumerate(pages):
                got = fetch(port, path, headers={"Cookie": page_cookie} if page_cookie else {})
                kinds[f"p{number}"] = got.headers.get("Content-Type") or "text/html"
                (stored / f"p{number}").write_bytes(got.body)
            (stored / "kinds.json").write_text(json.dumps(kinds))
            servers.append(_start([sys.executable, __file__, "--serve-trivial", str(stored),
                                   "--port", str(trivial_port), "--workers", str(args.workers),
                                   "--threads", str(args.threads)]))
            wait_until_up(f"http://127.0.0.1:{trivial_port}/p0")
        print(f"reader benchmark: {args.sections} sections, {args.clients} concurrent keep-alive "
              f"clients, {args.seconds:.0f} s per page, gunicorn {args.workers} workers x "
              f"{args.threads} threads, {os.cpu_count()} cores, page cache "
              f"{'off' if args.no_page_cache else 'on'}")
        for number, (label, kind, path, page_cookie) in enumerate(pages):
            size = len(fetch(port, path, headers={"Cookie": page_cookie} if page_cookie
                             else {}).body)
            print(f"{label} ({path}, {size / 1024:.1f} KB)")
            ours = measure(port, path, args.clients, args.seconds, page_cookie)
            print(_row("cbook", ours))
            if args.baseline:
                ceiling = measure(trivial_port, f"/p{number}", args.clients, args.seconds)
                ratio = ours["rps"] / ceiling["rps"]
                print(_row("trivial", ceiling))
                print(f"  ratio {ratio:.2f}x{_verdict(kind, ratio, ours['p99_ms'])}")
    finally:
        for server in servers:
            _stop(server)
        shutil.rmtree(instance, ignore_errors=True)


PAGE_NAMES = ("anonymous", "contents", "signed-in", "static")


def _page_names(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = sorted(set(names) - set(PAGE_NAMES))
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"pages are among {', '.join(PAGE_NAMES)}")
    return names


def main() -> None:
    """Parse the arguments and run the benchmark (or, internally, the trivial server)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--baseline", action="store_true",
                        help="also measure a trivial Flask app sending the same bytes")
    parser.add_argument("--sections", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--no-page-cache", action="store_true",
                        help="render every request (what signed-in readers get)")
    parser.add_argument("--pages", type=_page_names, default=list(PAGE_NAMES),
                        help="which pages to measure, comma-separated (default: all of "
                             f"{','.join(PAGE_NAMES)})")
    parser.add_argument("--serve-trivial", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_trivial:
        serve_trivial(args.serve_trivial, args.port, args.workers, args.threads)
        return
    run(args)


if __name__ == "__main__":
    main()
