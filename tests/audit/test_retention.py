"""Events older than CBOOK_AUDIT_DAYS are purged; younger ones stay; 0 keeps everything."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.audit.models import AuditAction
from cbook.audit.service import purge_older_than, record
from cbook.config import ConfigError, Settings
from cbook.db import utcnow
from tests.audit.helpers import events
from tests.support import make_user, sign_in


def _aged(session: Session, days: float, label: str) -> None:
    event = record(session, AuditAction.SIGN_IN_FAILED, actor=None, target_kind="user",
                   target_label=label)
    event.at = utcnow() - timedelta(days=days)


def test_purge_removes_only_rows_past_the_retention_time(session: Session) -> None:
    _aged(session, 400, "old")
    _aged(session, 364.9, "young")
    _aged(session, 0, "new")
    session.commit()
    assert purge_older_than(session, 365) == 1
    session.commit()
    assert [e.target_label for e in events(session)] == ["young", "new"]
    assert purge_older_than(session, 0) == 0  # 0: kept for ever
    session.commit()
    assert len(events(session)) == 2


def test_the_setting_defaults_to_a_year_and_refuses_nonsense(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CBOOK_AUDIT_DAYS", raising=False)
    monkeypatch.setenv("CBOOK_SECRET_KEY", "x")
    assert Settings.from_environment(tmp_path).audit_days == 365
    monkeypatch.setenv("CBOOK_AUDIT_DAYS", "30")
    assert Settings.from_environment(tmp_path).audit_days == 30
    monkeypatch.setenv("CBOOK_AUDIT_DAYS", "a year")
    with pytest.raises(ConfigError, match="CBOOK_AUDIT_DAYS"):
        Settings.from_environment(tmp_path)


def test_opening_the_page_purges_with_the_configured_time(
        client: FlaskClient, session: Session, settings: Settings) -> None:
    client.application.config["CBOOK_SETTINGS"] = replace(settings, audit_days=7)
    _aged(session, 8, "a week ago and more")
    _aged(session, 6, "this week")
    session.commit()
    make_user(session, "admin", email="boss@test.example")
    sign_in(client, "boss@test.example")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "this week" in page and "a week ago and more" not in page
    assert "Events are kept for 7 days." in page
    assert "a week ago and more" not in [e.target_label for e in events(session)]
