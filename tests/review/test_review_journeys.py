"""What review and merge tell people: merge and publish, statuses, read notices, trios told.

Each test is something a person would notice: readers seeing (or not) the merged words,
the words of a flash, a status or an inbox entry, the unread count in the header.
"""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books import service as books
from cbook.books import trios
from cbook.books.models import Section
from cbook.review.models import Notification
from cbook.roles import Role
from tests.review.helpers import FIRST, Review, texts
from tests.support import api_token, csrf_token, make_user, sign_in

NEW = FIRST.replace("again and again", "in every sector")


def submitted(review: Review, title: str = "Sharper words") -> str:
    """A proposal changing the first paragraph, sent for review; its API path."""
    path = f"/proposals/{review.propose(title)['id']}"
    review.edit(path, review.as_author, 0, "again and again", "in every sector")
    assert review.call("POST", f"{path}/submit", review.as_author).status_code == 200
    return path


def publish_section(review: Review) -> None:
    response = review.call("POST", f"/sections/{review.section.id}/publish", review.as_editor, {})
    assert response.status_code == 200, response.get_json()


def reader_page(client: FlaskClient, section_id: int) -> str:
    """The section as a signed-out reader sees it."""
    with client.session_transaction() as state:
        state.clear()
    response = client.get(f"/sections/{section_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def words(html: str) -> str:
    """A page's visible text, tags stripped and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def kinds(session: Session, user_id: int, proposal_id: int | None = None) -> list[str]:
    query = select(Notification.kind).where(Notification.user_id == user_id)
    if proposal_id is not None:
        query = query.where(Notification.proposal_id == proposal_id)
    return list(session.scalars(query.order_by(Notification.id)))


# --- 1. merge and publish -------------------------------------------------------------

def test_merge_and_publish_puts_the_merged_words_in_front_of_readers(
    review: Review, client: FlaskClient, session: Session
) -> None:
    publish_section(review)
    path = submitted(review)
    merged = review.call("POST", f"{path}/merge", review.as_editor, {"publish": True})
    assert merged.status_code == 200, merged.get_json()
    assert merged.get_json()["published"] is True
    assert merged.get_json()["version"] == review.section_doc()["version"]
    page = reader_page(client, review.section.id)
    assert NEW in page and FIRST not in page
    proposal_id = int(path.rsplit("/", 1)[1])
    assert kinds(session, review.author.id, proposal_id)[-1] == "merged_published"


def test_merge_as_draft_leaves_readers_on_the_published_text(
    review: Review, client: FlaskClient, session: Session
) -> None:
    publish_section(review)
    path = submitted(review)
    merged = review.call("POST", f"{path}/merge", review.as_editor, {"publish": False})
    assert merged.status_code == 200, merged.get_json()
    assert merged.get_json()["published"] is False
    assert texts(review.section_doc()["doc"])[0] == NEW  # the draft has it ...
    page = reader_page(client, review.section.id)
    assert FIRST in page and NEW not in page  # ... readers do not, yet
    proposal_id = int(path.rsplit("/", 1)[1])
    assert kinds(session, review.author.id, proposal_id)[-1] == "merged"


def test_merge_without_publish_is_a_draft_merge(review: Review, client: FlaskClient) -> None:
    publish_section(review)
    merged = review.call("POST", f"{submitted(review)}/merge", review.as_editor, {})
    assert merged.get_json()["published"] is False
    assert NEW not in reader_page(client, review.section.id)


def test_merge_and_publish_publishes_a_section_never_published(
    review: Review, client: FlaskClient, session: Session
) -> None:
    assert client.get(f"/sections/{review.section.id}").status_code == 404
    merged = review.call("POST", f"{submitted(review)}/merge", review.as_editor,
                         {"publish": True})
    assert merged.get_json()["published"] is True
    assert NEW in reader_page(client, review.section.id)


def test_merging_into_a_draft_section_keeps_it_from_readers(
    review: Review, client: FlaskClient
) -> None:
    merged = review.call("POST", f"{submitted(review)}/merge", review.as_editor,
                         {"publish": False})
    assert merged.get_json()["published"] is False
    assert client.get(f"/sections/{review.section.id}").status_code == 404


def test_publish_must_be_true_or_false(review: Review) -> None:
    refused = review.call("POST", f"{submitted(review)}/merge", review.as_editor,
                          {"publish": "maybe"})
    assert refused.status_code in (400, 422)
    assert "error" in refused.get_json() or "errors" in refused.get_json()


def web_merge(client: FlaskClient, review: Review, path: str, publish: str) -> Any:
    sign_in(client, review.editor.email)
    return client.post(path + "/merge", data={"csrf_token": csrf_token(client),
                                              "publish": publish}, follow_redirects=True)


def test_the_review_page_offers_merge_and_publish_first_for_a_published_section(
    review: Review, client: FlaskClient
) -> None:
    publish_section(review)
    path = submitted(review)
    sign_in(client, review.editor.email)
    page = client.get(path).get_data(as_text=True)
    publish_at, draft_at = page.index("Merge and publish"), page.index("Merge as draft")
    assert publish_at < draft_at
    assert re.search(r'name="publish" value="1"[^>]*>\s*Merge and publish', page)


def test_the_review_page_offers_only_merge_for_an_unpublished_section(
    review: Review, client: FlaskClient
) -> None:
    path = submitted(review)
    sign_in(client, review.editor.email)
    page = client.get(path).get_data(as_text=True)
    assert "Merge and publish" not in page and "Merge as draft" not in page
    assert re.search(r'name="publish" value="0"[^>]*>\s*Merge\s*<', page)
    assert "not published yet" in page


def test_the_flash_after_merge_and_publish_says_readers_see_it(
    review: Review, client: FlaskClient
) -> None:
    publish_section(review)
    page = web_merge(client, review, submitted(review), "1").get_data(as_text=True)
    assert "Merged and published: readers see it now." in page
    assert NEW in page  # it lands on the section page, showing what readers see


def test_the_flash_after_merge_as_draft_says_readers_keep_the_published_version(
    review: Review, client: FlaskClient, session: Session
) -> None:
    publish_section(review)
    session.expire_all()
    section = session.get(Section, review.section.id)
    assert section is not None and section.published_at is not None
    day = str(section.published_at.day)
    page = words(web_merge(client, review, submitted(review), "0").get_data(as_text=True))
    assert re.search(r"Merged into the draft: readers still see the published version of "
                     rf"\w+ {day}, \d{{4}} until an editor publishes\.", page), page[:2000]
    assert "Merged into the draft by Esme Editor" in page
    assert "not yet published" in page
    assert "Everyone editing it sees the change now" not in page


def test_the_merged_proposal_page_says_merged_and_published(
    review: Review, client: FlaskClient
) -> None:
    publish_section(review)
    path = submitted(review)
    web_merge(client, review, path, "1")
    page = words(client.get(path).get_data(as_text=True))
    assert "Merged and published by Esme Editor" in page


def test_the_proposers_inbox_says_which_merge_happened(
    review: Review, client: FlaskClient
) -> None:
    publish_section(review)
    first = submitted(review, "Published one")
    second = f"/proposals/{review.propose('Draft one')['id']}"
    review.edit(second, review.as_author, 1, "Small", "Quick")
    review.call("POST", f"{second}/submit", review.as_author)
    web_merge(client, review, first, "1")
    web_merge(client, review, second, "0")
    sign_in(client, review.author.email)
    page = words(client.get("/inbox").get_data(as_text=True))
    assert "Esme Editor merged and published Published one : readers see it now" in page
    assert ("Esme Editor merged Draft one into the draft, not yet published: readers see "
            "it once an editor publishes") in page


# --- 2. statuses that name who did it -------------------------------------------------

def status_text(client: FlaskClient, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'data-testid="proposal-status">(.*?)</span>', page, re.S)
    assert match, "the review page shows a status"
    return words(match.group(1)).strip()


def test_statuses_name_the_person_who_did_the_thing(
    review: Review, client: FlaskClient
) -> None:
    draft = f"/proposals/{review.propose()['id']}"
    sign_in(client, review.author.email)
    assert status_text(client, draft) == "Draft, not yet sent for review"
    path = submitted(review)
    assert re.fullmatch(r"Waiting for review since \d{1,2} \w{3}", status_text(client, path))

    review.call("POST", f"{path}/reviews", review.as_editor,
                {"verdict": "request_changes", "body": "Name them?"})
    asked = status_text(client, path)
    assert asked == "Esme Editor asked for changes"
    assert "Ayo Author" not in asked  # the proposer did not ask for anything

    listing = words(client.get(f"/sections/{review.section.id}/proposals")
                    .get_data(as_text=True))
    assert "Sharper words proposed by Ayo Author · Esme Editor asked for changes" in listing

    review.call("POST", f"{path}/submit", review.as_author)
    assert status_text(client, path).startswith("Sent back to Esme Editor for another look")
    review.call("POST", f"{path}/reviews", review.as_editor, {"verdict": "approve"})
    assert status_text(client, path) == "Approved by Esme Editor"


def test_the_editors_queue_words_each_status(review: Review, client: FlaskClient) -> None:
    submitted(review)
    sign_in(client, review.editor.email)
    page = words(client.get("/inbox").get_data(as_text=True))
    assert re.search(r"Sharper words · S · proposed by Ayo Author · Waiting for review since "
                     r"\d{1,2} \w{3}", page)


# --- 3. notifications are read when opened -------------------------------------------

def unread_badge(client: FlaskClient) -> str | None:
    page = client.get("/inbox").get_data(as_text=True)
    match = re.search(r'class="count-badge">(\d+)', page)
    return match.group(1) if match else None


def test_opening_an_entry_marks_it_read_and_the_header_count_follows(
    review: Review, client: FlaskClient, session: Session
) -> None:
    submitted(review, "One")
    submitted(review, "Two")
    sign_in(client, review.editor.email)
    assert unread_badge(client) == "2"
    entry = session.scalars(select(Notification).where(
        Notification.user_id == review.editor.id).order_by(Notification.id)).first()
    assert entry is not None
    opened = client.get(f"/inbox/{entry.id}")
    assert opened.status_code == 302
    assert opened.headers["Location"].endswith(f"/proposals/{entry.proposal_id}")
    assert unread_badge(client) == "1"
    page = client.get("/inbox").get_data(as_text=True)
    assert page.count('data-read="yes"') == 1 and page.count('data-read="no"') == 1


def test_visiting_the_proposal_marks_its_entries_read(
    review: Review, client: FlaskClient
) -> None:
    path = submitted(review)
    sign_in(client, review.editor.email)
    assert unread_badge(client) == "1"
    client.get(path)
    assert unread_badge(client) is None


def test_opening_the_section_marks_its_comment_notices_read(
    review: Review, client: FlaskClient, session: Session
) -> None:
    posted = review.call("POST", f"/sections/{review.section.id}/comments", review.as_editor,
                         {"body": "What do you think, @Ayo Author?", "from": 1, "to": 8,
                          "version": 0})
    assert posted.status_code == 201, posted.get_json()
    sign_in(client, review.author.email)
    assert unread_badge(client) == "1"
    client.get(f"/sections/{review.section.id}/edit")
    assert unread_badge(client) is None


def test_mark_all_read_empties_the_count(review: Review, client: FlaskClient) -> None:
    submitted(review, "One")
    submitted(review, "Two")
    sign_in(client, review.editor.email)
    assert unread_badge(client) == "2"
    client.post("/inbox", data={"csrf_token": csrf_token(client)})
    assert unread_badge(client) is None
    assert "All read." in client.get("/inbox").get_data(as_text=True)


def test_an_entry_of_someone_else_cannot_be_opened(
    review: Review, client: FlaskClient, session: Session
) -> None:
    submitted(review)
    entry = session.scalars(select(Notification.id).where(
        Notification.user_id == review.editor.id)).first()
    sign_in(client, review.author.email)
    assert client.get(f"/inbox/{entry}").status_code == 404


# --- 5. the trio is told ----------------------------------------------------------------

def test_the_trio_is_told_when_an_outsider_proposes_a_change(
    review: Review, session: Session
) -> None:
    admin = session.scalars(select(User).where(User.role == Role.ADMIN)).first()
    mate = make_user(session, Role.AUTHOR, "mate@test.example", name="Mo Mate")
    outsider = make_user(session, Role.AUTHOR, "out@test.example", name="Olu Outside")
    section = session.get(Section, review.section.id)
    assert section is not None and section.chapter.trio is not None
    trios.set_trio_members(session, admin, section.chapter.trio, lead=review.author.email,
                           members=[mate.email])
    books.publish_section(session, admin, section)
    session.commit()
    as_outsider = api_token(session, outsider)
    opened = review.call("POST", f"/sections/{section.id}/proposals", as_outsider,
                         {"title": "From outside", "description": ""}).get_json()
    path = f"/proposals/{opened['id']}"
    assert review.call("POST", f"{path}/submit", as_outsider).status_code == 200
    assert kinds(session, review.author.id, opened["id"]) == ["proposed"]
    assert kinds(session, mate.id, opened["id"]) == ["proposed"]
    assert kinds(session, outsider.id, opened["id"]) == []  # not the proposer
    assert kinds(session, review.editor.id, opened["id"]) == ["review_requested"]
    # Sent back and resubmitted: the trio heard once already.
    review.call("POST", f"{path}/reviews", review.as_editor,
                {"verdict": "request_changes", "body": "More?"})
    review.call("POST", f"{path}/submit", as_outsider)
    assert kinds(session, mate.id, opened["id"]) == ["proposed"]


def test_a_trio_member_proposing_is_not_told_of_their_own_proposal(
    review: Review, session: Session
) -> None:
    path = submitted(review)
    assert kinds(session, review.author.id, int(path.rsplit("/", 1)[1])) == []


# --- 6. the merged section whole ---------------------------------------------------------

def test_the_review_page_shows_the_merged_section_as_readers_will_see_it(
    review: Review, client: FlaskClient
) -> None:
    path = submitted(review)
    review.edit(f"/sections/{review.section.id}", review.as_editor, 1, "Small", "Quick")
    sign_in(client, review.editor.email)
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'data-testid="merged-preview">(.*?)</div>', page, re.S)
    assert match, "the review page shows the merged section"
    merged = match.group(1)
    # Both sides' changes, rendered as reader paragraphs (with their block anchors).
    assert re.search(r'<p id="[^"]+">' + re.escape(NEW) + "</p>", merged), merged
    assert "Quick tests of change build trust." in merged
    assert "<ins>" not in merged and "<del>" not in merged


def test_a_draft_merge_can_be_published_from_the_proposal_and_then_says_so(
    review: Review, client: FlaskClient
) -> None:
    publish_section(review)
    path = submitted(review)
    web_merge(client, review, path, "0")
    page = words(client.get(path).get_data(as_text=True))
    assert "Readers do not see this merge yet" in page
    published = client.post(f"/sections/{review.section.id}/publish",
                            data={"csrf_token": csrf_token(client)}, follow_redirects=True)
    assert NEW in published.get_data(as_text=True)
    page = words(client.get(path).get_data(as_text=True))
    assert "Readers do not see this merge yet" not in page
    assert "Merged into the draft by Esme Editor" in page and "published since" in page
    sign_in(client, review.author.email)
    inbox_page = words(client.get("/inbox").get_data(as_text=True))
    assert "it has been published since, so readers see it" in inbox_page
