"""Library writes: adding, changing and removing resources and their files."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.editor.links import is_safe_href
from cbook.errors import Unprocessable
from cbook.languages import clean_language
from cbook.library import files
from cbook.library.models import Resource, ResourceKind, ResourceTag
from cbook.policy import Action, require
from cbook.principles.models import Audience, Principle
from cbook.principles.service import resolve_slugs
from cbook.textrules import clean_prose, clean_title

TAG_MAX = 60
TAGS_MAX = 20


def _kind(value: str) -> str:
    try:
        return ResourceKind(value).value
    except ValueError:
        kinds = ", ".join(kind.value for kind in ResourceKind)
        raise Unprocessable(f"kind must be one of: {kinds}") from None


def _url(value: str) -> str:
    value = value.strip()
    if value and not (is_safe_href(value) and value.startswith(("http://", "https://"))):
        raise Unprocessable("a resource link must be an http or https address")
    return value


def _tags(values: Iterable[str]) -> list[str]:
    tags = []
    for value in values:
        tag = " ".join(clean_prose(value, "tag", TAG_MAX).lower().split())
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise Unprocessable(f"at most {TAGS_MAX} tags")
    return tags


def _year(value: int | None) -> int | None:
    if value is not None and not 1000 <= value <= 2999:
        raise Unprocessable("year must be a four-digit year")
    return value


def _apply(session: Session, resource: Resource, fields: dict[str, Any]) -> None:
    if "title" in fields:
        resource.title = clean_title(fields["title"])
    if "kind" in fields:
        resource.kind = _kind(fields["kind"])
    if "url" in fields:
        resource.url = _url(fields["url"])
    if "authors" in fields:
        resource.authors = clean_prose(fields["authors"], "authors", 500)
    if "year" in fields:
        resource.year = _year(fields["year"])
    if "summary" in fields:
        resource.summary = clean_prose(fields["summary"], "summary")
    if "language" in fields:
        resource.language = clean_language(fields["language"])
    if "principles" in fields:
        resource.principles = resolve_slugs(session, Principle, fields["principles"])
    if "audiences" in fields:
        resource.audiences = resolve_slugs(session, Audience, fields["audiences"])
    if "tags" in fields:
        resource.tags = [ResourceTag(tag=tag) for tag in _tags(fields["tags"])]


def add_resource(session: Session, actor: User | None, **fields: Any) -> Resource:
    """Add a resource to the library (authors and above)."""
    require(actor, Action.EDIT_LIBRARY)
    resource = Resource(added_by_id=actor.id if actor else None)
    _apply(session, resource, {"url": "", "authors": "", "summary": "", **fields})
    session.add(resource)
    session.flush()
    return resource


def update_resource(session: Session, actor: User | None, resource: Resource,
                    **fields: Any) -> Resource:
    """Change any of a resource's fields."""
    require(actor, Action.EDIT_LIBRARY)
    if "tags" in fields:
        resource.tags = []
        session.flush()  # the old tags go before the new ones arrive (unique per resource)
    _apply(session, resource, fields)
    session.flush()
    return resource


def delete_resource(session: Session, actor: User | None, resource: Resource,
                    store: files.FileStore) -> None:
    """Remove a resource (editors and above, or whoever added it), and its file once committed."""
    require(actor, Action.DELETE_RESOURCE, resource)
    _forget_file(session, resource, store)
    session.delete(resource)
    session.flush()


def _forget_file(session: Session, resource: Resource, store: files.FileStore) -> None:
    if resource.file_stored_name:
        files.delete_after_commit(session, store.path(resource.file_stored_name))
    resource.file_name = resource.file_type = resource.file_sha256 = None
    resource.file_size = resource.file_stored_name = None


def attach_file(session: Session, actor: User | None, resource: Resource,
                store: files.FileStore, upload: IO[bytes], name: str,
                max_bytes: int = files.DEFAULT_MAX_BYTES) -> Resource:
    """Check a PDF, DOCX or ODT file and attach it to a resource, replacing any it had.

    A refused file (``files.FileRefused``) leaves nothing stored and the resource as it
    was. The replaced file's bytes go only when the transaction commits.
    """
    require(actor, Action.EDIT_LIBRARY)
    stored = store.save(upload, max_bytes)
    files.delete_unless_committed(session, store.path(stored.stored_name))
    _forget_file(session, resource, store)
    resource.file_name = files.clean_file_name(name, stored.file_type)
    resource.file_type = stored.file_type
    resource.file_size = stored.size
    resource.file_sha256 = stored.sha256
    resource.file_stored_name = stored.stored_name
    session.flush()
    return resource


def remove_file(session: Session, actor: User | None, resource: Resource,
                store: files.FileStore) -> Resource:
    """Detach a resource's file (nothing happens if it has none)."""
    require(actor, Action.EDIT_LIBRARY)
    _forget_file(session, resource, store)
    session.flush()
    return resource
