"""The permission matrix's world: one book with a trio-owned chapter and one section, and
something of every kind a route acts on (proposals, a comment, a resource and its file,
editions, an imported image, a trashed section, tokens), for every role."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts import service as accounts
from cbook.accounts.models import User
from cbook.books import service as books
from cbook.books import trios
from cbook.books.models import Section
from cbook.editor.models import Revision
from cbook.export.models import ExportJob, JobStatus
from cbook.imports.images import ImageStore
from cbook.invitations import service as invitations
from cbook.library import service as library
from cbook.library.files import FileStore
from cbook.principles import service as tagging
from cbook.review.models import Notification
from cbook.review.queries import Place
from cbook.review.service import comments, proposals
from cbook.translating import service as translation
from tests.support import make_user

ROLES = ("anonymous", "reader", "author", "outsider", "editor", "coordinator", "admin")
STATES = ("draft", "published")


@dataclass
class World:
    """One book with a trio-owned chapter holding one section (draft or published)."""

    users: dict[str, User]
    book_slug: str
    chapter_id: int
    section_id: int
    principle_slug: str
    audience_slug: str
    trio_id: int
    revision_id: int = 0
    token_ids: dict[str, int] = field(default_factory=dict)
    proposal_id: int = 0  # submitted, by the trio's author
    draft_proposal_id: int = 0
    comment_id: int = 0  # on the section, by the trio's author
    notification_id: int = 0  # the editor's "review requested"
    resource_id: int = 0  # added by the trio's author
    export_id: int = 0  # a finished edition of published text, its file on disk
    draft_export_id: int = 0  # a finished drafts preview
    image_name: str = ""  # an image brought in by an import
    trash_id: int = 0  # a second draft section of the chapter, in the book's trash
    trio_slug: str = ""
    invitation_id: int = 0  # pending: an author into the trio, sent by the admin
    invitation_token: str = ""  # its link's token
    # A Polish translation of the book: its translators are the reader (by name) and the
    # other trio (so the outsider); the trio's author, writing the original, is not one.
    translation_slug: str = ""
    translated_section_id: int = 0  # the section's translation, not translated yet
    translator_id: int = 0  # the reader's place among the translators


MATRIX_PDF = b"%PDF-1.4\n%%EOF\n"
MATRIX_PNG = b"\x89PNG\r\n\x1a\n" + bytes(16)


def build_world(session: Session, state: str, uploads: Path | None = None) -> World:
    """Build and commit the world, its section state; files go under uploads."""
    users = {role: make_user(session, role if role != "outsider" else "author",
                             email=f"{role}@matrix.example")
             for role in ROLES if role != "anonymous"}
    admin = users["admin"]
    trio = trios.create_trio(session, admin, name="Matrix trio")
    trios.set_trio_members(session, admin, trio, lead="author@matrix.example", members=[])
    outsiders = trios.create_trio(session, admin, name="Other trio")
    trios.set_trio_members(session, admin, outsiders, lead="outsider@matrix.example",
                           members=[])
    principle = tagging.create_principle(session, admin, title="Real work",
                                         statement="We are driven by real work.")
    audience = tagging.create_audience(session, admin, name="Board members")
    book = books.create_book(session, admin, title="Matrix book")
    chapter = books.create_chapter(session, admin, book, title="Chapter", trio=trio)
    section = books.create_section(session, admin, chapter, title="Section", doc={
        "type": "doc", "content": [{"type": "paragraph", "attrs": {"id": "p1"},
                                    "content": [{"type": "text", "text": "Real work."}]}]})
    books.update_section(session, admin, section, principles=[principle.slug])
    if state == "published":
        books.publish_section(session, admin, section)
    author = users["author"]
    proposal = proposals.open_proposal(session, author, section, title="Better words")
    proposals.submit(session, author, proposal)
    draft = proposals.open_proposal(session, author, section, title="Still drafting")
    comment = comments.add_comment(session, author, Place(section.document, section),
                                   body="Is this right?", from_=1, to=2, version=0)
    resource = library.add_resource(session, author, title="A report", kind="report")
    if uploads is not None:
        library.attach_file(session, author, resource, FileStore(uploads),
                            io.BytesIO(MATRIX_PDF), "report.pdf")
    if uploads is not None:  # the book's cover for editions
        covers = uploads.parent / "covers"
        covers.mkdir(parents=True, exist_ok=True)
        (covers / "matrix.png").write_bytes(b"\x89PNG\r\n\x1a\n")
        book.cover_file = "matrix.png"
    export_ids = []
    for drafts in (False, True):
        job = ExportJob(book_id=book.id, format="markdown", options={"drafts": drafts},
                        status=JobStatus.DONE, progress=1.0, file_name=f"matrix-{drafts}.md",
                        requested_by_id=users["coordinator"].id)
        session.add(job)
        session.flush()
        export_ids.append(job.id)
        if uploads is not None:
            folder = uploads.parent.parent / "exports"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / job.file_name).write_text("# Matrix book\n")
    invited = invitations.invite(session, admin, "invitee@matrix.example", "author", trio,
                                 lambda token: f"http://localhost/invitations/{token}")
    binned = books.create_section(session, admin, chapter, title="Binned")
    trash_id = books.delete_section(session, admin, binned).id
    polish = translation.start_translation(session, admin, book, "pl")
    named = translation.add_translator(session, admin, polish, user=users["reader"])
    translation.add_translator(session, admin, polish, trio=outsiders)
    translated = session.scalars(select(Section).where(
        Section.source_section_id == section.id)).one()
    token_ids = {}
    for role, user in users.items():
        accounts.create_api_token(session, user, "matrix")
        session.flush()
        token_ids[role] = max(t.id for t in session.query(accounts.ApiToken)
                              .filter_by(user_id=user.id))
    session.commit()
    revision_id = session.scalar(select(Revision.id).where(
        Revision.document_id == section.document_id).order_by(Revision.id))
    return World(users, book.slug, chapter.id, section.id, principle.slug, audience.slug,
                 trio.id, revision_id or 0, token_ids, proposal.id, draft.id, comment.id,
                 session.scalar(select(Notification.id).where(
                     Notification.user_id == users["editor"].id)) or 0, resource.id,
                 export_ids[0], export_ids[1],
                 ImageStore(uploads.parent / "images").save(MATRIX_PNG) if uploads else "",
                 trash_id, trio.slug, invited.invitation.id,
                 invited.link.rsplit("/", 1)[1], polish.slug, translated.id, named.id)
