"""The permission matrix: every route x every role x draft/published, allow or deny.

A route added to the app without a row here fails ``test_every_route_is_in_the_matrix``,
so no page or endpoint can slip in unchecked.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.accounts import service as accounts
from cbook.roles import Role
from tests.policy.world import MATRIX_PDF, ROLES, STATES, World, build_world
from tests.support import csrf_token, sign_in

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
STAFF = frozenset({"editor", "coordinator", "admin"})
WRITERS = STAFF | {"author"}  # "author" belongs to the chapter's trio; "outsider" does not
MANAGERS = frozenset({"coordinator", "admin"})
CONTRIBUTORS = SIGNED_IN - {"reader"}  # anyone who writes, in a trio or not
ADMINS = frozenset({"admin"})
# Who may invite at all: managers, and trio leads ("author" leads the chapter's trio,
# "outsider" another one); an author into the chapter's trio: not the other trio's lead.
INVITERS = MANAGERS | {"author", "outsider"}
INTO_THE_TRIO = MANAGERS | {"author"}
# The translation's writers: staff, its named translator (the reader) and the trio named
# for it (the outsider's); not the trio writing the original.
TRANSLATORS = STAFF | {"reader", "outsider"}


NO_IMPORT = "0" * 32  # a pending import that does not exist: allowed roles are sent back


@dataclass(frozen=True)
class Case:
    """One route: how to call it and who may, per section state."""

    endpoint: str
    method: str
    url: Callable[[World, str], str]
    allowed: Callable[[str], frozenset[str]]
    body: Callable[[World], dict[str, Any]] | None = None
    upload: bytes | None = None  # sent as the raw body, named by Content-Disposition

    @property
    def is_api(self) -> bool:
        return self.endpoint.startswith("api_")


def same(roles: frozenset[str]) -> Callable[[str], frozenset[str]]:
    return lambda _state: roles


def readable(state: str) -> frozenset[str]:
    return EVERYONE if state == "published" else WRITERS


def deletable(state: str) -> frozenset[str]:
    return STAFF if state == "published" else WRITERS


def section_url(suffix: str = "", api: bool = False) -> Callable[[World, str], str]:
    prefix = "/api/v1" if api else ""
    return lambda w, _role: f"{prefix}/sections/{w.section_id}{suffix}"


def translated_url(suffix: str = "", api: bool = False) -> Callable[[World, str], str]:
    prefix = "/api/v1" if api else ""
    return lambda w, _role: f"{prefix}/sections/{w.translated_section_id}{suffix}"


def chapter_url(suffix: str = "", api: bool = False) -> Callable[[World, str], str]:
    prefix = "/api/v1" if api else ""
    return lambda w, _role: f"{prefix}/chapters/{w.chapter_id}{suffix}"


def proposal_url(suffix: str = "", draft: bool = False) -> Callable[[World, str], str]:
    return lambda w, _r: (f"/api/v1/proposals/{w.draft_proposal_id if draft else w.proposal_id}"
                          f"{suffix}")


def proposable(state: str) -> frozenset[str]:
    return WRITERS | {"outsider"} if state == "published" else WRITERS


def fixed(path: str) -> Callable[[World, str], str]:
    return lambda _w, _role: path


def own_token_url(w: World, role: str) -> str:
    return f"/account/tokens/{w.token_ids.get(role, 999_999)}/revoke"


CASES: list[Case] = [
    # Reader pages
    Case("books.home", "GET", fixed("/"), same(EVERYONE)),
    Case("home.books", "GET", fixed("/books"), same(EVERYONE)),
    Case("books.contents", "GET", lambda w, _r: f"/books/{w.book_slug}", same(EVERYONE)),
    Case("books.chapter", "GET", chapter_url(), readable),
    Case("books.section", "GET", section_url(), readable),
    Case("principles.index", "GET", fixed("/principles"), same(EVERYONE)),
    Case("principles.principle", "GET", lambda w, _r: f"/principles/{w.principle_slug}",
         same(EVERYONE)),
    Case("library.index", "GET", fixed("/library?kind=report"), same(EVERYONE)),
    Case("library.resource", "GET", lambda w, _r: f"/library/{w.resource_id}", same(EVERYONE)),
    Case("library.export_csv", "GET", fixed("/library/export.csv"), same(EVERYONE)),
    # Editions: coordinators (and admins) make them; published ones are for everyone,
    # drafts previews only for those who may make them.
    Case("exports.book_exports", "GET", lambda w, _r: f"/books/{w.book_slug}/exports",
         same(EVERYONE)),
    Case("exports.book_exports", "POST", lambda w, _r: f"/books/{w.book_slug}/exports",
         same(MANAGERS), lambda _w: {"format": "markdown", "audience": "", "paper": "a4",
                                     "contents_depth": "2"}),
    Case("exports.download", "GET", lambda w, _r: f"/exports/{w.export_id}/download",
         same(EVERYONE)),
    Case("exports.download", "GET", lambda w, _r: f"/exports/{w.draft_export_id}/download",
         same(MANAGERS)),
    Case("exports.upload_cover", "POST", lambda w, _r: f"/books/{w.book_slug}/cover",
         same(MANAGERS), lambda _w: {"remove": "y"}),
    Case("exports.cover_image", "GET", lambda w, _r: f"/books/{w.book_slug}/cover",
         same(EVERYONE)),
    Case("api_exports.request_export", "POST",
         lambda w, _r: f"/api/v1/books/{w.book_slug}/exports", same(MANAGERS),
         lambda _w: {"format": "markdown"}),
    Case("api_exports.list_exports", "GET",
         lambda w, _r: f"/api/v1/books/{w.book_slug}/exports", same(EVERYONE)),
    Case("api_exports.export_status", "GET", lambda w, _r: f"/api/v1/exports/{w.export_id}",
         same(EVERYONE)),
    Case("api_exports.export_status", "GET",
         lambda w, _r: f"/api/v1/exports/{w.draft_export_id}", same(MANAGERS)),
    # Everyone may search; what each finds (drafts, comments) is tested in test_search_sync.
    Case("search.search_page", "GET", fixed("/search?q=trust"), same(EVERYONE)),
    Case("api_search.search", "GET", fixed("/api/v1/search?q=trust"), same(EVERYONE)),
    Case("library.import_csv", "GET", fixed("/library/import"), same(CONTRIBUTORS)),
    Case("library.import_csv", "POST", fixed("/library/import"), same(CONTRIBUTORS)),
    Case("api_library.export_resources", "GET", fixed("/api/v1/resources/csv"),
         same(EVERYONE)),
    Case("api_library.import_resources", "POST", fixed("/api/v1/resources/csv"),
         same(CONTRIBUTORS), lambda _w: {"csv": "kind,title\nreport,From a spreadsheet\n"}),
    Case("library.new_resource", "GET", fixed("/library/new"), same(CONTRIBUTORS)),
    Case("library.new_resource", "POST", fixed("/library/new"), same(CONTRIBUTORS),
         lambda _w: {"title": "A webinar", "kind": "webinar", "tags": "silos, trust"}),
    Case("library.edit_resource", "GET", lambda w, _r: f"/library/{w.resource_id}/edit",
         same(CONTRIBUTORS)),
    Case("library.edit_resource", "POST", lambda w, _r: f"/library/{w.resource_id}/edit",
         same(CONTRIBUTORS), lambda _w: {"title": "Renamed", "kind": "report"}),
    Case("library.delete_resource", "POST", lambda w, _r: f"/library/{w.resource_id}/delete",
         same(STAFF | {"author"})),
    Case("library.download_file", "GET", lambda w, _r: f"/library/{w.resource_id}/file",
         same(EVERYONE)),
    Case("static", "GET", fixed("/static/css/site.css"), same(EVERYONE)),
    # Accounts
    Case("accounts.login", "GET", fixed("/login"), same(EVERYONE)),
    Case("accounts.logout", "GET", fixed("/logout"), same(EVERYONE)),
    Case("accounts.logout", "POST", fixed("/logout"), same(EVERYONE)),
    Case("accounts.account", "GET", fixed("/account"), same(SIGNED_IN)),
    Case("accounts.account", "POST", fixed("/account"), same(SIGNED_IN),
         lambda _w: {"label": "x"}),
    Case("accounts.revoke_token", "POST", own_token_url, same(SIGNED_IN)),
    Case("accounts.change_password", "POST", fixed("/account/password"), same(SIGNED_IN),
         lambda _w: {"current": "correct horse battery", "new": "a brand new password"}),
    # Choosing one's emails; an unsubscribe link that was never signed opens for nobody
    # (signed links: tests/notifications).
    Case("notifications.choices", "GET", fixed("/account/notifications"), same(SIGNED_IN)),
    Case("notifications.choices", "POST", fixed("/account/notifications"), same(SIGNED_IN),
         lambda _w: {"review_requested": "immediate", "verdict": "immediate",
                     "merge": "digest", "reply": "immediate", "mention": "none",
                     "my_sections": "digest"}),
    Case("notifications.unsubscribe", "GET", fixed("/unsubscribe/not-a-link"),
         same(frozenset())),
    Case("notifications.unsubscribe", "POST", fixed("/unsubscribe/not-a-link"),
         same(frozenset())),
    Case("accounts.change_profile", "POST", fixed("/account/profile"), same(SIGNED_IN),
         lambda _w: {"name": "Matrix person", "pronouns": "they/them", "bio": "Hello"}),
    Case("accounts.person", "GET", lambda w, _r: f"/people/{w.users['admin'].id}",
         same(SIGNED_IN)),
    # An email-change link that was never issued opens for nobody (tests/accounts).
    Case("accounts.confirm_email", "GET", fixed("/account/email/confirm/not-a-link"),
         same(frozenset())),
    Case("accounts.confirm_email", "POST", fixed("/account/email/confirm/not-a-link"),
         same(frozenset())),
    # The interface language: anyone may pick one (tests/home/test_languages.py).
    Case("language.choose", "GET", fixed("/language"), same(EVERYONE)),
    Case("language.switch", "GET", fixed("/language/pl"), same(EVERYONE)),
    # Password reset: anyone may ask (the answer never says whether an account exists);
    # a link that was never issued opens for nobody. Links themselves: test_password_reset.
    Case("password_reset.forgot", "GET", fixed("/password/forgot"), same(EVERYONE)),
    Case("password_reset.forgot", "POST", fixed("/password/forgot"), same(EVERYONE),
         lambda _w: {"email": "someone@matrix.example"}),
    Case("password_reset.reset", "GET", fixed("/password/reset/not-a-link"), same(frozenset())),
    Case("password_reset.reset", "POST", fixed("/password/reset/not-a-link"),
         same(frozenset()), lambda _w: {"new": "a long enough password",
                                        "repeat": "a long enough password"}),
    Case("accounts.change_email", "POST", fixed("/account/email"), same(SIGNED_IN),
         lambda _w: {"email": "fresh@matrix.example", "password": "correct horse battery"}),
    # Writing the book's structure
    Case("books.new_book", "GET", fixed("/books/new"), same(MANAGERS)),
    Case("books.new_book", "POST", fixed("/books/new"), same(MANAGERS),
         lambda _w: {"title": "Another book", "language": "en"}),
    Case("books.book_settings", "GET", lambda w, _r: f"/books/{w.book_slug}/settings",
         same(MANAGERS)),
    Case("books.book_settings", "POST", lambda w, _r: f"/books/{w.book_slug}/settings",
         same(MANAGERS), lambda _w: {"title": "Renamed", "language": "en"}),
    Case("books.add_chapter", "POST", lambda w, _r: f"/books/{w.book_slug}/chapters",
         same(WRITERS | {"outsider"}), lambda _w: {"title": "New chapter"}),
    # Importing a document: whoever may add chapters (a POST without a file shows the form)
    Case("imports.start", "GET", lambda w, _r: f"/books/{w.book_slug}/import",
         same(CONTRIBUTORS)),
    Case("imports.start", "POST", lambda w, _r: f"/books/{w.book_slug}/import",
         same(CONTRIBUTORS)),
    Case("imports.preview", "GET", lambda w, _r: f"/books/{w.book_slug}/import/{NO_IMPORT}",
         same(CONTRIBUTORS)),
    Case("imports.save", "POST",
         lambda w, _r: f"/books/{w.book_slug}/import/{NO_IMPORT}/save", same(CONTRIBUTORS)),
    Case("imports.image", "GET", lambda w, _r: f"/uploads/images/{w.image_name}",
         same(EVERYONE)),
    Case("books.chapter_settings", "GET", chapter_url("/settings"), same(WRITERS)),
    Case("books.chapter_settings", "POST", chapter_url("/settings"), same(WRITERS),
         lambda w: {"title": "Renamed chapter", "summary": "", "trio": str(w.trio_id)}),
    Case("books.move_chapter", "POST", chapter_url("/move"), same(WRITERS),
         lambda _w: {"direction": "down"}),
    Case("books.publish_chapter", "GET", chapter_url("/publish"), same(STAFF)),
    Case("books.publish_chapter", "POST", chapter_url("/publish"), same(STAFF)),
    # Deleting moves to the trash, after a confirmation page; writers restore, admins purge
    Case("trash.delete_chapter", "GET", chapter_url("/delete"), same(STAFF)),
    Case("trash.delete_chapter", "POST", chapter_url("/delete"), same(STAFF)),
    Case("trash.book_trash", "GET", lambda w, _r: f"/books/{w.book_slug}/trash",
         same(WRITERS | {"outsider"})),  # the outsider sees only its own trio's items
    Case("trash.restore", "POST", lambda w, _r: f"/trash/{w.trash_id}/restore", same(WRITERS)),
    Case("trash.purge", "GET", lambda w, _r: f"/trash/{w.trash_id}/purge", same(ADMINS)),
    Case("trash.purge", "POST", lambda w, _r: f"/trash/{w.trash_id}/purge", same(ADMINS)),
    Case("books.add_section", "POST", chapter_url("/sections"), same(WRITERS),
         lambda _w: {"title": "New section"}),
    Case("books.section_settings", "GET", section_url("/settings"), same(WRITERS)),
    Case("editor.edit", "GET", section_url("/edit"), same(WRITERS)),
    Case("editor.history", "GET", section_url("/history"), same(WRITERS)),
    Case("editor.save_revision", "POST", section_url("/history/revisions"), same(WRITERS),
         lambda _w: {"message": "A milestone"}),
    Case("editor.restore", "POST", lambda w, _r: f"/sections/{w.section_id}/history/"
         f"{w.revision_id}/restore", same(WRITERS)),
    Case("api_collab.post_steps", "POST", section_url("/steps", api=True), same(WRITERS),
         lambda _w: {"version": 0, "steps": [{"stepType": "replace", "from": 1, "to": 1,
                     "slice": {"content": [{"type": "text", "text": "x"}]}}], "clientID": "m"}),
    Case("api_collab.get_steps", "GET", section_url("/steps?since=0", api=True),
         same(WRITERS)),
    Case("api_collab.post_presence", "POST", section_url("/presence", api=True),
         same(WRITERS), lambda _w: {"clientID": "m", "version": 0, "anchor": 1, "head": 1}),
    Case("api_collab.delete_presence", "DELETE", section_url("/presence?clientID=m", api=True),
         same(WRITERS)),
    Case("api_collab.list_revisions", "GET", section_url("/revisions", api=True),
         same(WRITERS)),
    Case("api_collab.create_revision", "POST", section_url("/revisions", api=True),
         same(WRITERS), lambda _w: {"message": "m"}),
    Case("api_collab.get_revision", "GET", lambda w, _r: f"/api/v1/sections/{w.section_id}"
         f"/revisions/{w.revision_id}", same(WRITERS)),
    Case("api_collab.restore_revision", "POST", lambda w, _r: f"/api/v1/sections/"
         f"{w.section_id}/revisions/{w.revision_id}/restore", same(WRITERS), lambda _w: {}),
    Case("api_collab.diff", "GET", lambda w, _r: f"/api/v1/sections/{w.section_id}/diff?"
         f"from={w.revision_id}&to=v:0", same(WRITERS)),
    Case("books.section_settings", "POST", section_url("/settings"), same(WRITERS),
         lambda _w: {"title": "Renamed section", "status": "in_review"}),
    Case("books.publish_section", "POST", section_url("/publish"), same(STAFF)),
    Case("books.unpublish_section", "POST", section_url("/unpublish"), same(STAFF)),
    Case("books.move_section", "POST", section_url("/move"), same(WRITERS),
         lambda _w: {"direction": "up"}),
    Case("trash.delete_section", "GET", section_url("/delete"), deletable),
    Case("trash.delete_section", "POST", section_url("/delete"), deletable),
    # Translations: anyone sees them, managers start them and name translators, the
    # translation's own translators write it (a role per translation, on top of the policy).
    Case("translating.translations", "GET", lambda w, _r: f"/books/{w.book_slug}/translations",
         same(EVERYONE)),
    Case("translating.translations", "POST",
         lambda w, _r: f"/books/{w.book_slug}/translations", same(MANAGERS),
         lambda _w: {"language": "ar"}),
    Case("translating.progress", "GET", lambda w, _r: f"/books/{w.translation_slug}/progress",
         same(EVERYONE)),
    Case("translating.add_translator", "POST",
         lambda w, _r: f"/books/{w.translation_slug}/translators", same(MANAGERS),
         lambda _w: {"email": "author@matrix.example"}),
    Case("translating.remove_translator", "POST",
         lambda w, _r: f"/translators/{w.translator_id}/remove", same(MANAGERS)),
    Case("translating.caught_up", "POST", translated_url("/caught-up"), same(TRANSLATORS)),
    Case("editor.edit", "GET", translated_url("/edit"), same(TRANSLATORS)),
    Case("books.section", "GET", translated_url(),
         lambda state: EVERYONE if state == "published" else TRANSLATORS),
    Case("api_collab.post_steps", "POST", translated_url("/steps", api=True),
         same(TRANSLATORS),
         lambda _w: {"version": 0, "steps": [{"stepType": "replace", "from": 1, "to": 1,
                     "slice": {"content": [{"type": "text", "text": "x"}]}}], "clientID": "m"}),
    Case("api_books.update_section", "PATCH", translated_url(api=True), same(TRANSLATORS),
         lambda _w: {"title": "Przetłumaczony"}),
    Case("api_translations.list_translations", "GET",
         lambda w, _r: f"/api/v1/books/{w.book_slug}/translations", same(EVERYONE)),
    Case("api_translations.start_translation", "POST",
         lambda w, _r: f"/api/v1/books/{w.book_slug}/translations", same(MANAGERS),
         lambda _w: {"language": "ar"}),
    Case("api_translations.bring_up_to_date", "POST", translated_url("/caught-up", api=True),
         same(TRANSLATORS), lambda _w: {}),
    # Administration
    Case("admin.dashboard", "GET", fixed("/admin/"), same(MANAGERS)),
    Case("admin.users", "GET", fixed("/admin/users"), same(ADMINS)),
    Case("admin.users", "POST", fixed("/admin/users"), same(ADMINS),
         lambda _w: {"email": "new@matrix.example", "role": "reader",
                     "password": "a long enough password"}),
    Case("admin.edit_user", "GET", lambda w, _r: f"/admin/users/{w.users['reader'].id}",
         same(ADMINS)),
    Case("admin.edit_user", "POST", lambda w, _r: f"/admin/users/{w.users['reader'].id}",
         same(ADMINS), lambda _w: {"name": "Renamed", "role": "author", "active": "y"}),
    Case("admin.send_password_reset", "POST",
         lambda w, _r: f"/admin/users/{w.users['reader'].id}/send-reset", same(ADMINS)),
    Case("admin.change_user_email", "POST",
         lambda w, _r: f"/admin/users/{w.users['reader'].id}/email", same(ADMINS),
         lambda _w: {"email": "renamed@matrix.example", "confirmed": "yes"}),
    # Trio membership from a person's page follows the trios pages: coordinators too.
    Case("admin.add_to_trio", "POST",
         lambda w, _r: f"/admin/users/{w.users['reader'].id}/trios", same(MANAGERS),
         lambda w: {"trio": str(w.trio_id)}),
    Case("admin.make_trio_lead", "POST",
         lambda w, _r: f"/admin/users/{w.users['author'].id}/trios/{w.trio_id}/lead",
         same(MANAGERS)),
    Case("admin.remove_from_trio", "POST",
         lambda w, _r: f"/admin/users/{w.users['author'].id}/trios/{w.trio_id}/remove",
         same(MANAGERS), lambda _w: {"confirmed": "yes"}),
    Case("admin.principles", "GET", fixed("/admin/principles"), same(MANAGERS)),
    Case("admin.principles", "POST", fixed("/admin/principles"), same(MANAGERS),
         lambda _w: {"title": "New principle", "statement": "We try things."}),
    Case("admin.edit_principle", "GET", lambda w, _r: f"/admin/principles/{w.principle_slug}",
         same(MANAGERS)),
    Case("admin.edit_principle", "POST",
         lambda w, _r: f"/admin/principles/{w.principle_slug}", same(MANAGERS),
         lambda _w: {"title": "Renamed", "statement": "Still real work."}),
    Case("admin.delete_principle", "POST",
         lambda w, _r: f"/admin/principles/{w.principle_slug}/delete", same(MANAGERS)),
    Case("admin.audiences", "GET", fixed("/admin/audiences"), same(MANAGERS)),
    Case("admin.audiences", "POST", fixed("/admin/audiences"), same(MANAGERS),
         lambda _w: {"name": "Funders"}),
    Case("admin.edit_audience", "GET", lambda w, _r: f"/admin/audiences/{w.audience_slug}",
         same(MANAGERS)),
    Case("admin.edit_audience", "POST", lambda w, _r: f"/admin/audiences/{w.audience_slug}",
         same(MANAGERS), lambda _w: {"name": "Boards"}),
    Case("admin.delete_audience", "POST",
         lambda w, _r: f"/admin/audiences/{w.audience_slug}/delete", same(MANAGERS)),
    Case("admin.trio_list", "GET", fixed("/admin/trios"), same(MANAGERS)),
    Case("admin.trio_list", "POST", fixed("/admin/trios"), same(MANAGERS),
         lambda _w: {"name": "New trio", "lead": "author@matrix.example"}),
    Case("admin.edit_trio", "GET", lambda w, _r: f"/admin/trios/{w.trio_id}", same(MANAGERS)),
    Case("admin.edit_trio", "POST", lambda w, _r: f"/admin/trios/{w.trio_id}", same(MANAGERS),
         lambda _w: {"name": "Renamed trio", "lead": "author@matrix.example"}),
    Case("admin.delete_trio", "POST", lambda w, _r: f"/admin/trios/{w.trio_id}/delete",
         same(MANAGERS)),
    Case("audit.events", "GET", fixed("/admin/audit"), same(ADMINS)),
    # The mail outbox (a message no longer there: admins are sent back to the list)
    Case("mail.outbox", "GET", fixed("/admin/mail"), same(ADMINS)),
    Case("mail.retry", "POST", fixed("/admin/mail/999999/retry"), same(ADMINS)),
    # Invitations (the world has one pending: an author into the chapter's trio). Previewing
    # a CSV is open to every inviter: a row they may not send is reported in the preview.
    Case("invitations.pending", "GET", fixed("/invitations"), same(INVITERS)),
    Case("invitations.new", "GET", fixed("/invitations/new"), same(INVITERS)),
    Case("invitations.new", "POST", fixed("/invitations/new"), same(INTO_THE_TRIO),
         lambda w: {"email": "new@matrix.example", "role": "author", "trio": w.trio_slug}),
    Case("invitations.cohort_upload", "GET", fixed("/invitations/cohort"), same(INVITERS)),
    Case("invitations.cohort_upload", "POST", fixed("/invitations/cohort"), same(INVITERS),
         lambda w: {"file": (io.BytesIO(f"email,role,trio\nnew@matrix.example,author,"
                                        f"{w.trio_slug}\n".encode()), "cohort.csv")}),
    Case("invitations.resend", "POST", lambda w, _r: f"/invitations/{w.invitation_id}/resend",
         same(INTO_THE_TRIO)),
    Case("invitations.revoke", "GET", lambda w, _r: f"/invitations/{w.invitation_id}/revoke",
         same(INTO_THE_TRIO)),
    Case("invitations.revoke", "POST", lambda w, _r: f"/invitations/{w.invitation_id}/revoke",
         same(INTO_THE_TRIO)),
    # The link is for its invitee: anyone signed in as somebody else is refused (403).
    Case("invitations.accept", "GET", lambda w, _r: f"/invitations/{w.invitation_token}",
         same(frozenset({"anonymous"}))),
    Case("invitations.accept", "POST", lambda w, _r: f"/invitations/{w.invitation_token}",
         same(frozenset({"anonymous"})),
         lambda _w: {"name": "New Person", "password": "a long enough password",
                     "repeat": "a long enough password"}),
    # JSON API
    Case("api-docs.openapi_json", "GET", fixed("/api/v1/openapi.json"), same(EVERYONE)),
    Case("api_invitations.send_invitation", "POST", fixed("/api/v1/invitations"),
         same(INTO_THE_TRIO),
         lambda w: {"email": "new@matrix.example", "role": "author", "trio": w.trio_slug}),
    Case("api_invitations.list_invitations", "GET", fixed("/api/v1/invitations"),
         same(INVITERS)),
    Case("api_invitations.revoke_invitation", "DELETE",
         lambda w, _r: f"/api/v1/invitations/{w.invitation_id}", same(INTO_THE_TRIO)),
    Case("api_meta.get_schema", "GET", fixed("/api/v1/schema"), same(EVERYONE)),
    Case("api_books.list_books", "GET", fixed("/api/v1/books"), same(EVERYONE)),
    Case("api_books.create_book", "POST", fixed("/api/v1/books"), same(MANAGERS),
         lambda _w: {"title": "API book"}),
    Case("api_books.get_book", "GET", lambda w, _r: f"/api/v1/books/{w.book_slug}",
         same(EVERYONE)),
    Case("api_books.update_book", "PATCH", lambda w, _r: f"/api/v1/books/{w.book_slug}",
         same(MANAGERS), lambda _w: {"title": "Renamed"}),
    Case("api_books.create_chapter", "POST",
         lambda w, _r: f"/api/v1/books/{w.book_slug}/chapters", same(WRITERS | {"outsider"}),
         lambda _w: {"title": "API chapter"}),
    Case("api_books.update_chapter", "PATCH", chapter_url(api=True), same(WRITERS),
         lambda _w: {"title": "Renamed"}),
    Case("api_books.delete_chapter", "DELETE", chapter_url(api=True), same(STAFF)),
    Case("api_books.create_section", "POST", chapter_url("/sections", api=True), same(WRITERS),
         lambda _w: {"title": "API section"}),
    Case("api_books.get_section", "GET", section_url(api=True), readable),
    Case("api_books.update_section", "PATCH", section_url(api=True), same(WRITERS),
         lambda _w: {"title": "Renamed"}),
    Case("api_books.delete_section", "DELETE", section_url(api=True), deletable),
    Case("api_books.list_trash", "GET", lambda w, _r: f"/api/v1/books/{w.book_slug}/trash",
         same(WRITERS | {"outsider"})),
    Case("api_books.restore_from_trash", "POST",
         lambda w, _r: f"/api/v1/trash/{w.trash_id}/restore", same(WRITERS), lambda _w: {}),
    Case("api_books.purge_from_trash", "DELETE", lambda w, _r: f"/api/v1/trash/{w.trash_id}",
         same(ADMINS)),
    Case("api_books.publish_section", "POST", section_url("/publish", api=True), same(STAFF),
         lambda _w: {}),
    Case("api_books.unpublish_section", "POST", section_url("/unpublish", api=True),
         same(STAFF)),
    # Review: proposals, reviews, merges, comments, the inbox
    Case("review.section_proposals", "GET", section_url("/proposals"),
         lambda state: SIGNED_IN if state == "published" else WRITERS),
    Case("review.section_proposals", "POST", section_url("/proposals"), proposable,
         lambda _w: {"title": "A proposal", "description": ""}),
    Case("review.edit_proposal", "GET", lambda w, _r: f"/proposals/{w.proposal_id}/edit",
         same(WRITERS)),
    Case("review.proposal", "GET", lambda w, _r: f"/proposals/{w.proposal_id}",
         same(WRITERS)),
    Case("review.submit", "POST", lambda w, _r: f"/proposals/{w.draft_proposal_id}/submit",
         same(WRITERS)),
    Case("review.close", "POST", lambda w, _r: f"/proposals/{w.proposal_id}/close",
         same(WRITERS)),
    Case("review.add_review", "POST", lambda w, _r: f"/proposals/{w.proposal_id}/reviews",
         same(STAFF), lambda _w: {"verdict": "approve", "body": "Good."}),
    Case("review.merge", "POST", lambda w, _r: f"/proposals/{w.proposal_id}/merge",
         same(STAFF)),
    Case("review.inbox_page", "GET", fixed("/inbox"), same(SIGNED_IN)),
    # Opening an entry is for its owner alone; to everyone else it does not exist.
    Case("review.open_entry", "GET", lambda w, _r: f"/inbox/{w.notification_id}",
         same(frozenset({"editor"}))),
    Case("review.inbox_page", "POST", fixed("/inbox"), same(SIGNED_IN)),
    Case("api_proposals.open_proposal", "POST", section_url("/proposals", api=True),
         proposable, lambda _w: {"title": "A proposal"}),
    Case("api_proposals.list_proposals", "GET", section_url("/proposals", api=True),
         readable),
    Case("api_proposals.get_proposal", "GET", proposal_url(), same(WRITERS)),
    Case("api_proposals.update_proposal", "PATCH", proposal_url(), same(WRITERS),
         lambda _w: {"title": "Renamed"}),
    Case("api_proposals.post_steps", "POST", proposal_url("/steps"), same(WRITERS),
         lambda _w: {"version": 0, "steps": [{"stepType": "replace", "from": 1, "to": 1,
                     "slice": {"content": [{"type": "text", "text": "x"}]}}], "clientID": "m"}),
    Case("api_proposals.get_steps", "GET", proposal_url("/steps?since=0"), same(WRITERS)),
    Case("api_proposals.submit", "POST", proposal_url("/submit", draft=True), same(WRITERS)),
    Case("api_proposals.close", "POST", proposal_url("/close"), same(WRITERS)),
    Case("api_proposals.add_review", "POST", proposal_url("/reviews"), same(STAFF),
         lambda _w: {"verdict": "approve", "body": "Good."}),
    Case("api_proposals.diff", "GET", proposal_url("/diff?against=current"), same(WRITERS)),
    Case("api_proposals.merge_preview", "GET", proposal_url("/merge-preview"), same(WRITERS)),
    Case("api_proposals.merge", "POST", proposal_url("/merge"), same(STAFF), lambda _w: {}),
    Case("api_comments.comment_on_section", "POST", section_url("/comments", api=True),
         same(WRITERS), lambda _w: {"body": "A note", "from": 1, "to": 2, "version": 0}),
    Case("api_comments.section_comments", "GET", section_url("/comments", api=True),
         same(WRITERS)),
    Case("api_comments.comment_on_proposal", "POST", proposal_url("/comments"),
         same(WRITERS), lambda _w: {"body": "A note", "from": 1, "to": 2, "version": 0}),
    Case("api_comments.proposal_comments", "GET", proposal_url("/comments"), same(WRITERS)),
    Case("api_comments.resolve", "POST", lambda w, _r: f"/api/v1/comments/{w.comment_id}"
         "/resolve", same(WRITERS)),
    Case("api_comments.reopen", "POST", lambda w, _r: f"/api/v1/comments/{w.comment_id}"
         "/reopen", same(WRITERS)),
    # Who can be @mentioned, and whom a comment's text would tell: those who may comment.
    Case("api_comments.section_people", "GET", section_url("/people", api=True),
         same(WRITERS)),
    Case("api_comments.proposal_people", "GET", proposal_url("/people"), same(WRITERS)),
    Case("api_comments.section_mentions", "POST", section_url("/mentions", api=True),
         same(WRITERS), lambda _w: {"text": "Thanks @editor"}),
    Case("api_comments.proposal_mentions", "POST", proposal_url("/mentions"),
         same(WRITERS), lambda _w: {"text": "Thanks @editor"}),
    Case("api_comments.list_inbox", "GET", fixed("/api/v1/inbox"), same(SIGNED_IN)),
    Case("api_comments.read_all", "POST", fixed("/api/v1/inbox/read"), same(SIGNED_IN)),
    # Only its owner can mark a notification read; to everyone else it does not exist.
    Case("api_comments.read_one", "POST", lambda w, _r: f"/api/v1/inbox/{w.notification_id}"
         "/read", same(frozenset({"editor"}))),
    # The resource library: anyone browses, writers add and edit
    Case("api_library.list_resources", "GET", fixed("/api/v1/resources?kind=report"),
         same(EVERYONE)),
    Case("api_library.create_resource", "POST", fixed("/api/v1/resources"), same(CONTRIBUTORS),
         lambda _w: {"title": "A podcast", "kind": "podcast", "url": "https://example.org/"}),
    Case("api_library.get_resource", "GET", lambda w, _r: f"/api/v1/resources/{w.resource_id}",
         same(EVERYONE)),
    Case("api_library.update_resource", "PATCH",
         lambda w, _r: f"/api/v1/resources/{w.resource_id}", same(CONTRIBUTORS),
         lambda _w: {"year": 2024}),
    Case("api_library.update_resource", "PUT",
         lambda w, _r: f"/api/v1/resources/{w.resource_id}", same(CONTRIBUTORS),
         lambda _w: {"tags": ["silos"]}),
    Case("api_library.delete_resource", "DELETE",
         lambda w, _r: f"/api/v1/resources/{w.resource_id}", same(STAFF | {"author"})),
    Case("api_library.put_file", "PUT", lambda w, _r: f"/api/v1/resources/{w.resource_id}/file",
         same(CONTRIBUTORS), upload=MATRIX_PDF),
    Case("api_library.delete_file", "DELETE",
         lambda w, _r: f"/api/v1/resources/{w.resource_id}/file", same(CONTRIBUTORS)),
    Case("api_taxonomy.list_principles", "GET", fixed("/api/v1/principles"), same(EVERYONE)),
    Case("api_taxonomy.create_principle", "POST", fixed("/api/v1/principles"), same(MANAGERS),
         lambda _w: {"title": "API principle", "statement": "We measure."}),
    Case("api_taxonomy.get_principle", "GET",
         lambda w, _r: f"/api/v1/principles/{w.principle_slug}", same(EVERYONE)),
    Case("api_taxonomy.update_principle", "PATCH",
         lambda w, _r: f"/api/v1/principles/{w.principle_slug}", same(MANAGERS),
         lambda _w: {"title": "Renamed"}),
    Case("api_taxonomy.update_principle", "PUT",
         lambda w, _r: f"/api/v1/principles/{w.principle_slug}", same(MANAGERS),
         lambda _w: {"title": "Renamed"}),
    Case("api_taxonomy.delete_principle", "DELETE",
         lambda w, _r: f"/api/v1/principles/{w.principle_slug}", same(MANAGERS)),
    Case("api_taxonomy.list_audiences", "GET", fixed("/api/v1/audiences"), same(EVERYONE)),
    Case("api_taxonomy.create_audience", "POST", fixed("/api/v1/audiences"), same(MANAGERS),
         lambda _w: {"name": "API audience"}),
    Case("api_taxonomy.get_audience", "GET",
         lambda w, _r: f"/api/v1/audiences/{w.audience_slug}", same(EVERYONE)),
    Case("api_taxonomy.update_audience", "PATCH",
         lambda w, _r: f"/api/v1/audiences/{w.audience_slug}", same(MANAGERS),
         lambda _w: {"name": "Renamed"}),
    Case("api_taxonomy.update_audience", "PUT",
         lambda w, _r: f"/api/v1/audiences/{w.audience_slug}", same(MANAGERS),
         lambda _w: {"name": "Renamed"}),
    Case("api_taxonomy.delete_audience", "DELETE",
         lambda w, _r: f"/api/v1/audiences/{w.audience_slug}", same(MANAGERS)),
]


def _request(client: FlaskClient, case: Case, world: World, role: str) -> Any:
    url = case.url(world, role)
    body = case.body(world) if case.body else {}
    if case.is_api:
        headers = {}
        if role != "anonymous":
            headers = {"Authorization": f"Bearer {world_tokens[role]}"}
        if case.upload is not None:
            headers["Content-Disposition"] = 'attachment; filename="matrix.pdf"'
            return client.open(url, method=case.method, data=case.upload, headers=headers)
        return client.open(url, method=case.method, json=body if case.method != "GET" else None,
                           headers=headers)
    if case.method == "GET":
        return client.get(url)
    return client.open(url, method=case.method, data={**body, "csrf_token": csrf_token(client)})


world_tokens: dict[str, str] = {}


def _allowed(response: Any, case: Case) -> bool:
    if case.is_api:
        assert response.status_code in {200, 201, 202, 204, 401, 403, 404}, (
            response.status_code, response.get_data(as_text=True)[:300])
        return response.status_code < 400
    assert response.status_code in {200, 302, 303, 401, 403, 404}, (
        response.status_code, response.get_data(as_text=True)[:300])
    if response.status_code in (302, 303):
        return not response.headers["Location"].startswith("/login")
    return response.status_code == 200


def _matrix() -> list[Any]:
    cells = []
    for case in CASES:
        states = STATES if case.allowed("draft") != case.allowed("published") else ("draft",)
        for state in states:
            for role in ROLES:
                cells.append(pytest.param(case, state, role,
                                          id=f"{case.method} {case.endpoint}-{state}-{role}"))
    return cells


@pytest.mark.parametrize(("case", "state", "role"), _matrix())
def test_permission_matrix(matrix_world: World, client: FlaskClient, session: Session,
                           case: Case, state: str, role: str) -> None:
    world = matrix_world
    if case.is_api and role != "anonymous":
        world_tokens[role] = accounts.create_api_token(session, world.users[role], "cell")
        session.commit()
    elif role != "anonymous":
        sign_in(client, f"{role}@matrix.example")
    response = _request(client, case, world, role)
    response.close()
    expected = role in case.allowed(state)
    assert _allowed(response, case) == expected, (
        f"{role} {'should' if expected else 'should not'} be able to "
        f"{case.method} {case.url(world, role)} when the section is {state}: "
        f"got {response.status_code}")


# Signing in is open to everyone by design; its behaviour (including the rate limit) is
# tested in tests/accounts/test_auth.py rather than as an allow/deny cell.
NOT_A_PERMISSION = {("accounts.login", "POST")}


def test_every_route_is_in_the_matrix(app: Flask) -> None:
    covered = {(case.endpoint, case.method) for case in CASES} | NOT_A_PERMISSION
    missing = []
    for rule in app.url_map.iter_rules():
        for method in rule.methods or set():
            if method in {"HEAD", "OPTIONS"}:
                continue
            if (rule.endpoint, method) not in covered:
                missing.append(f"{method} {rule.rule} ({rule.endpoint})")
    assert not missing, "routes without a permission-matrix row:\n" + "\n".join(missing)


def test_a_user_cannot_revoke_someone_elses_token(client: FlaskClient,
                                                  session: Session) -> None:
    world = build_world(session, "draft")
    sign_in(client, "reader@matrix.example")
    response = client.post(f"/account/tokens/{world.token_ids['editor']}/revoke",
                           data={"csrf_token": csrf_token(client)})
    assert response.status_code == 404


def test_authors_cannot_hand_chapters_to_another_trio(client: FlaskClient,
                                                      session: Session) -> None:
    world = build_world(session, "draft")
    headers = {"Authorization": "Bearer " + accounts.create_api_token(
        session, world.users["author"], "x")}
    session.commit()
    response = client.patch(f"/api/v1/chapters/{world.chapter_id}", json={"trio": None},
                            headers=headers)
    assert response.status_code == 403


def test_role_is_enum_everywhere() -> None:
    assert {r.value for r in Role} == {"admin", "coordinator", "editor", "author", "reader"}
