"""``cbook import FILE --book SLUG [--chapter TITLE] [--as EMAIL]``.

The command acts as a user, so the same permission rules apply as on the web: ``--as``
names them, and without it the first active admin is used (an operator's tool).
"""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select

from cbook.clitools import UserError, instance_option, settings_for, unit_of_work
from cbook.errors import DomainError
from cbook.roles import Role

MAX_FILE_BYTES = 20 * 1024 * 1024  # as cbook.imports.reader, checked again there


@click.command("import")
@instance_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--book", "slug", required=True, help="The book's slug.")
@click.option("--chapter", "title", default=None,
              help="Title of the new chapter (default: the document's title or file name).")
@click.option("--as", "email", default=None,
              help="Act as this user (default: the first active admin).")
def import_command(instance: Path | None, file: Path, slug: str, title: str | None,
                   email: str | None) -> None:
    """Import a DOCX, ODT, Markdown or HTML FILE as a new chapter, one section per heading."""
    from cbook.accounts.models import User
    from cbook.accounts.service import find_user_by_email
    from cbook.books.queries import get_book
    from cbook.imports.images import ImageStore
    from cbook.imports.service import PendingImports, describe, save_import

    if file.stat().st_size > MAX_FILE_BYTES:
        raise UserError(f"{file.name}: the file is larger than 20 MB")
    data = file.read_bytes()
    settings = settings_for(instance)
    pending_store = PendingImports(settings.instance / "imports")
    with unit_of_work(settings) as session:
        if email is not None:
            actor = find_user_by_email(session, email)
            if actor is None or not actor.active:
                raise UserError(f"no active user with email {email}")
        else:
            actor = session.scalar(select(User).where(User.role == Role.ADMIN, User.active)
                                   .order_by(User.id).limit(1))
            if actor is None:
                raise UserError("no active admin to act as: name a user with --as")
        book = get_book(session, slug)
        try:
            pending = pending_store.create(actor, book, data, file.name)
        except DomainError as error:
            raise UserError(f"{file.name}: {error.message}") from error
        try:
            chapter = save_import(session, actor, book, pending,
                                  pending_store.staged_images(pending.token),
                                  ImageStore.for_instance(settings.instance),
                                  title=title)
            session.flush()
            chapter_title, chapter_id = chapter.title, chapter.id
        finally:
            pending_store.discard(pending.token)
    click.echo(f"Created chapter {chapter_title!r} (id {chapter_id}) in {slug} with "
               f"{describe(pending)}:")
    for section in pending.imported.sections:
        click.echo(f"  {section.title}")
    if pending.images:
        click.echo(f"Stored {len(pending.images)} image{'s' if len(pending.images) != 1 else ''}.")
    for note in pending.imported.notes:
        click.echo(f"Note: {note}", err=True)
