"""``cbook search`` and ``cbook reindex``: the web search's engine from the command line."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from cbook.api.schemas import SearchResultsSchema
from cbook.clitools import UserError, instance_option, session_maker, settings_for
from cbook.db import make_engine
from cbook.errors import InvalidInput
from cbook.search import sync
from cbook.search.models import SearchOutboxRow
from cbook.search.outbox import ALL
from cbook.search.searcher import Search, open_search

REINDEX_WAIT_SECONDS = 300.0


def _open(instance: Path | None) -> tuple[Search, sessionmaker[Session], Engine]:
    from cbook.migrate import is_current

    settings = settings_for(instance)
    engine = make_engine(settings.database_url)
    try:
        current = is_current(engine)
    except OperationalError as error:
        engine.dispose()
        raise UserError(f"cannot use the database: {error.orig}") from error
    if not current:
        engine.dispose()
        raise UserError("the database is not initialised or is out of date: "
                        "run `cbook init` first")
    factory = session_maker()(engine)
    return open_search(factory, settings.instance), factory, engine


@click.command("search")
@instance_option
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON answer.")
@click.option("--page", default=1, type=click.IntRange(1, 100_000), show_default=True)
@click.option("--per-page", default=20, type=click.IntRange(1, 100), show_default=True)
@click.option("--lang", "language", default="", metavar="TAG",
              help="Search this language's content (e.g. ur); every language's if it has none.")
def search_command(instance: Path | None, query: str, as_json: bool, page: int,
                   per_page: int, language: str) -> None:
    """Search published content and the library (as a reader sees it)."""
    search, _factory, engine = _open(instance)
    try:
        # Apply pending changes first, unless a running server is the writer (it will).
        search.writer.catch_up()
        try:
            results = search.query(query, language=language or None, page=page,
                                   per_page=per_page)
        except InvalidInput as error:
            raise UserError(error.message) from error
    finally:
        search.close()
        engine.dispose()
    if as_json:
        # The API's answer, without the paging the command line has no use for.
        answer = SearchResultsSchema(exclude=("page", "per_page")).dump(results)
        click.echo(json.dumps(answer, ensure_ascii=False, indent=2))
        return
    if results.widened:
        click.echo(f"Nothing in {language}: showing every language.")
    if results.suggestion:
        click.echo(f"Did you mean: {results.suggestion}?"
                   + (" Showing its results." if results.corrected else ""))
    click.echo(f"{results.total} result{'s' if results.total != 1 else ''}")
    for hit in results.results:
        snippet = hit.snippet.replace("<mark>", "[").replace("</mark>", "]")
        click.echo(f"\n[{hit.type}] {hit.title}  {hit.url}")
        click.echo(f"  {_unescape(snippet)}")


def _unescape(html: str) -> str:
    import html as html_module

    return html_module.unescape(html)


@click.command("reindex")
@instance_option
def reindex_command(instance: Path | None) -> None:
    """Rebuild the search index from the database."""
    search, factory, engine = _open(instance)
    try:
        if search.writer.lock.try_acquire():
            started = time.perf_counter()
            count = sync.full_build(factory, search.index, search.writer.folder)
            click.echo(f"Indexed {count} documents in {time.perf_counter() - started:.1f} s.")
            return
        # A running server is the writer: ask it to rebuild and wait until it has.
        with factory() as session:
            row_id = session.execute(
                insert(SearchOutboxRow).values(ref=ALL).returning(SearchOutboxRow.id)
            ).scalar_one()
            session.commit()
            deadline = time.monotonic() + REINDEX_WAIT_SECONDS
            while session.scalar(select(SearchOutboxRow.id).where(SearchOutboxRow.id == row_id)):
                if time.monotonic() > deadline:
                    raise UserError("the running server has not rebuilt the index yet; "
                                    "it will when it can")
                time.sleep(0.2)
                session.rollback()  # a fresh snapshot for the next look
        click.echo("Rebuilt by the running server.")
    finally:
        search.close()
        engine.dispose()

