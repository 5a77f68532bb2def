"""Imports every model so the metadata (and Alembic) sees all tables."""

from cbook.accounts.models import ApiToken, LoginSession, User
from cbook.audit.models import AuditEvent
from cbook.books.models import Book, Chapter, Section, TranslationMember, Trio, TrioMembership
from cbook.content_state.models import ContentState
from cbook.db import Base
from cbook.editor.models import Document, DocumentStep, Presence, Revision
from cbook.export.models import ExportJob
from cbook.invitations.models import Invitation
from cbook.library.models import PublishedCitation, Resource, ResourceTag
from cbook.mail.models import MailMessage
from cbook.notifications.models import NotificationPreference
from cbook.principles.models import Audience, Principle, PublishedPassage
from cbook.review.models import Comment, Notification, Proposal, Review, RevisionCredit
from cbook.search.models import SearchOutboxRow

__all__ = [
    "ApiToken", "Audience", "AuditEvent", "Base", "Book", "Chapter", "Comment", "ContentState",
    "Document", "DocumentStep", "ExportJob", "Invitation",
    "LoginSession", "MailMessage", "Notification", "NotificationPreference",
    "Presence", "Principle",
    "Proposal",
    "PublishedCitation", "PublishedPassage", "Resource", "ResourceTag", "Review", "Revision",
    "RevisionCredit", "SearchOutboxRow", "Section", "TranslationMember", "Trio",
    "TrioMembership", "User",
]
