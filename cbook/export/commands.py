"""``cbook export``: write an edition of a book to a file, with progress on stderr."""

from __future__ import annotations

import time
from pathlib import Path

import click
from sqlalchemy import select

from cbook.clitools import UserError, instance_option, settings_for, show_progress, unit_of_work
from cbook.errors import DomainError
from cbook.export.covers import cover_path
from cbook.export.edition import EditionOptions, gather
from cbook.export.formats import CONTRACT_FORMATS, Format, get_format
from cbook.principles.models import Audience

_progress_shown: list[bool] = []


def _progress(step: str, fraction: float) -> None:
    _progress_shown.append(True)
    show_progress(step, fraction)


@click.command("export")
@instance_option
@click.argument("slug")
@click.option("--format", "fmt", required=True, type=click.Choice(CONTRACT_FORMATS))
@click.option("--audience", default=None, help="An audience slug (default: everyone).")
@click.option("-o", "--output", required=True,
              type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--drafts", is_flag=True, help="Preview the working drafts, marked as such.")
@click.option("--untranslated", type=click.Choice(["source", "omit"]), default="source",
              show_default=True, help="A translation's sections behind or not translated "
              "yet: in the original with a notice, or left out.")
def export_command(instance: Path | None, slug: str, fmt: str, audience: str | None,
                   output: Path, drafts: bool, untranslated: str) -> None:
    """Write the book SLUG as an edition in one format."""
    started = time.perf_counter()
    options = EditionOptions(audience=audience, drafts=drafts, untranslated=untranslated)
    try:
        chosen = get_format(fmt)
    except DomainError as error:
        raise UserError(error.message) from error
    try:
        _export(instance, slug, chosen, options, output)
    except UserError:
        if _progress_shown:
            click.echo("", err=True)  # end the progress line before the error
        raise
    click.echo(f"Wrote {output} ({output.stat().st_size:,} bytes) in "
               f"{time.perf_counter() - started:.1f} s.")


def _export(instance: Path | None, slug: str, chosen: Format, options: EditionOptions,
            output: Path) -> None:
    from cbook.books.queries import get_book

    audience = options.audience
    settings = settings_for(instance)
    with unit_of_work(settings) as session:
        book = get_book(session, slug)
        if audience is not None and session.scalar(
                select(Audience.id).where(Audience.slug == audience)) is None:
            raise UserError(f"no audience with slug {audience!r}")
        _progress("reading the book", 0.1)
        content = gather(session, book, options, cover_path(settings.instance, book))
    if not content.chapters:
        raise UserError("nothing to export: no published section for this audience")
    _progress(f"writing {chosen.name} ({content.word_count:,} words)", 0.4)
    try:
        chosen.write(content, options, output)
    except DomainError as error:
        raise UserError(error.message) from error
    _progress("done", 1.0)
