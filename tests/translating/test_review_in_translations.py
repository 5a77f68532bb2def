"""Proposals and comments work in a translation as in its original; a proposal on a
translated section whose original was deleted cannot be merged."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from cbook.books import trash
from cbook.editor import authority
from cbook.errors import Conflict
from cbook.review.models import ProposalStatus
from cbook.review.queries import Place
from cbook.review.service import comments, proposals
from cbook.roles import Role
from cbook.translating import service, staleness
from tests.support import make_user
from tests.translating.conftest import doc_of, translated_in


def _proposal_by_translator(session: Session, world: dict[str, Any]) -> Any:
    translator = make_user(session, Role.READER, "farah@example.org")
    urdu = service.start_translation(session, world["coordinator"], world["book"], "ur")
    service.add_translator(session, world["coordinator"], urdu, user=translator)
    section = translated_in(session, urdu, world["first"])
    proposal = proposals.open_proposal(session, translator, section, title="اردو متن")
    authority.replace_whole_document(
        session, proposal.document, doc_of(("a1", "اصل مسئلے سے شروع کریں", []),
                                           ("a2", "ان لوگوں کو لائیں", [])), translator)
    proposals.submit(session, translator, proposal)
    comments.add_comment(session, translator, Place(section.document, section),
                         body="کیا یہ ٹھیک ہے؟", from_=1, to=3, version=section.version)
    session.commit()
    return proposal, section


def test_a_translators_proposal_is_reviewed_and_merged_into_the_translation(
        session: Session, world: dict[str, Any]) -> None:
    proposal, section = _proposal_by_translator(session, world)
    editor = world["editor"]
    proposals.add_review(session, editor, proposal, verdict="approve", body="ٹھیک ہے")
    proposals.merge(session, editor, proposal, publish=True)
    session.commit()
    assert proposal.status == ProposalStatus.MERGED
    assert section.published_doc["content"][0]["content"][0]["text"] == "اصل مسئلے سے شروع کریں"
    assert staleness.state_of(section, section.source_section) == staleness.State.TRANSLATED


def test_a_proposal_on_a_translation_of_a_deleted_section_is_not_merged(
        session: Session, world: dict[str, Any]) -> None:
    proposal, _section = _proposal_by_translator(session, world)
    editor = world["editor"]
    proposals.add_review(session, editor, proposal, verdict="approve", body="ٹھیک ہے")
    trash.trash_section(session, editor, world["first"])
    session.commit()
    with pytest.raises(Conflict, match="source of this translated section was deleted"):
        proposals.merge(session, editor, proposal, publish=True)
    session.rollback()
    assert proposal.status == ProposalStatus.SUBMITTED
