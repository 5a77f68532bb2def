"""Comment anchors brought forward: listing writes nothing, the API listing keeps anchors
that lagged far behind, so a restarted process starts from them."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cbook.app.caches import clear_process_caches
from cbook.editor import authority
from cbook.review import queries
from cbook.review.comment_anchors import PERSIST_EVERY
from cbook.review.models import Comment
from tests.review.helpers import FIRST, Review

TYPED = {"stepType": "replace", "from": 1, "to": 1,
         "slice": {"content": [{"type": "text", "text": "x"}]}}


def _comment_on_barriers(review: Review) -> dict[str, Any]:
    start = 1 + FIRST.index("barriers")
    response = review.call("POST", f"/sections/{review.section.id}/comments", review.as_author,
                           {"body": "Which ones?", "from": start, "to": start + 8,
                            "version": review.section_doc()["version"]})
    assert response.status_code == 201, response.get_json()
    made: dict[str, Any] = response.get_json()
    return made


def _type_before_it(session: Session, review: Review, count: int) -> int:
    document = review.section.document
    version = authority.receive_steps(session, document, document.version, [TYPED] * count,
                                      "typist", None)
    session.commit()
    return version


def _listed(review: Review) -> list[dict[str, Any]]:
    response = review.call("GET", f"/sections/{review.section.id}/comments", review.as_author)
    assert response.status_code == 200, response.get_json()
    listed: list[dict[str, Any]] = response.get_json()
    return listed


def test_listing_threads_changes_no_row(review: Review, session: Session) -> None:
    made = _comment_on_barriers(review)
    _type_before_it(session, review, PERSIST_EVERY + 10)
    place = queries.section_place(session, review.editor, review.section.id)
    [thread] = queries.list_threads(session, place)
    assert thread.text == "barriers" and thread.from_ == made["from"] + PERSIST_EVERY + 10
    assert not session.dirty and not session.new


def test_far_lagging_anchors_are_kept_so_a_restart_starts_from_them(
    review: Review, session: Session
) -> None:
    made = _comment_on_barriers(review)
    version = _type_before_it(session, review, PERSIST_EVERY + 10)
    [before] = _listed(review)
    clear_process_caches()  # as a restarted process would start
    session.expire_all()
    row = session.get_one(Comment, made["id"])
    assert row.anchor_version == version  # kept by the listing, not PERSIST_EVERY behind
    [after] = _listed(review)
    assert (after["from"], after["to"], after["text"]) == (before["from"], before["to"],
                                                           "barriers")
    assert after["from"] == made["from"] + PERSIST_EVERY + 10


def test_anchors_that_lag_a_little_are_not_written_on_every_read(
    review: Review, session: Session
) -> None:
    made = _comment_on_barriers(review)
    _type_before_it(session, review, 3)
    [listed] = _listed(review)
    assert listed["from"] == made["from"] + 3
    session.expire_all()
    assert session.get_one(Comment, made["id"]).anchor_version == made["version"]
