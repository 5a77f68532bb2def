"""The demo's review in progress: a proposal waiting for an editor, and comments on it.

So someone trying the demo finds the workflow already moving: the editor's inbox asks for
a review, the proposal's page shows word-level changes that merge cleanly, and the lead
author has been mentioned in a comment.
"""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books.models import Book, Chapter, Section, Trio, TrioMembership
from cbook.editor import authority
from cbook.editor.documents import parse_document
from cbook.editor.retarget import steps_towards
from cbook.review.queries import Place
from cbook.review.service import comments, proposals
from cbook.roles import SectionStatus

LEAD = "author@example.org"
EDITOR = "editor@example.org"
ADDITION = " In our trio that meant inviting the people who use services to the board table."


def _first_paragraph(doc: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    for index, block in enumerate(doc["content"]):
        if block["type"] == "paragraph" and block.get("content"):
            return index, block
    raise LookupError("no paragraph to propose a change to")


def load_review_demo(session: Session, book: Book) -> None:
    """A submitted proposal by the lead author, with a review comment and a text comment."""
    lead = session.scalar(select(User).where(User.email == LEAD))
    editor = session.scalar(select(User).where(User.email == EDITOR))
    section = session.scalar(
        select(Section).join(Chapter).where(Chapter.book_id == book.id,
                                            Chapter.trio_id.is_not(None),
                                            Section.status == SectionStatus.PUBLISHED)
        .where(Chapter.trio.has(Trio.memberships.any(
            TrioMembership.is_lead.is_(True) & TrioMembership.user.has(User.email == LEAD))))
        .order_by(Chapter.position, Section.position).limit(1)
    )
    if lead is None or editor is None or section is None:
        return
    proposal = proposals.open_proposal(
        session, lead, section, title="Say who we brought to the table",
        description="A concrete example makes the principle easier to act on.")
    current = authority.document_node(session, proposal.document)
    changed: dict[str, Any] = copy.deepcopy(dict(current.to_json()))
    index, paragraph = _first_paragraph(changed)
    paragraph["content"].append({"type": "text", "text": ADDITION})
    steps = steps_towards(current, parse_document(changed))
    authority.receive_steps(session, proposal.document, 0, steps, "demo", lead)
    session.expire(proposal.document, ["version"])
    proposals.submit(session, lead, proposal)
    proposals.add_review(session, editor, proposal, verdict="comment",
                         body="Good idea. @author could you name the service users' group?")
    start = 1 + sum(authority.document_node(session, section.document).child(i).node_size
                    for i in range(index))
    words = "".join(n.get("text", "") for n in paragraph["content"][:1])[:40]
    comments.add_comment(
        session, editor, Place(section.document, section),
        body="Is this still true after the spring reorganisation?",
        from_=start, to=start + len(words), version=section.document.version)

