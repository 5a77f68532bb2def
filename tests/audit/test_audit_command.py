"""``cbook audit`` prints the trail, filtered like the page, as lines or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy.orm import Session

from cbook.app import make_sessions
from cbook.audit.commands import audit_command
from cbook.audit.models import AuditAction
from cbook.audit.service import record
from tests.support import make_user

Run = Callable[..., Result]


@pytest.fixture
def run_audit(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("CBOOK_DATABASE_URL", database_url)

    def run(*args: str) -> Result:
        # As the `cbook` group runs it: the composition root's sessions in the context.
        return CliRunner().invoke(audit_command, ["--instance", str(tmp_path / "cli"), *args],
                                  obj={"make_sessions": make_sessions})
    return run


@pytest.fixture
def trail(session: Session) -> None:
    ana = make_user(session, "author", email="ana@test.example", name="Ana")
    early = record(session, AuditAction.TOKEN_CREATED, actor=ana, target_kind="api_token",
                   target_id=7, target_label="laptop", origin="192.0.2.1")
    early.at = datetime(2026, 1, 10, 9, 30, tzinfo=UTC)
    record(session, AuditAction.SIGN_IN_FAILED, actor=None, target_kind="user",
           target_id=ana.id, target_label="ana@test.example", origin="198.51.100.2")
    record(session, AuditAction.SIGNED_IN, actor=make_user(session, "editor"),
           target_kind="user", origin="cli")
    session.commit()


@pytest.mark.usefixtures("trail")
def test_prints_one_line_per_event_oldest_first(run_audit: Run) -> None:
    result = run_audit()
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 3
    assert lines[0] == ("2026-01-10 09:30:00Z  token.created  Ana <ana@test.example>  "
                        "api_token 7 'laptop'  from 192.0.2.1")
    assert "user.sign_in_failed  -  user" in lines[1] and "from 198.51.100.2" in lines[1]


@pytest.mark.usefixtures("trail")
def test_filters_by_action_user_and_since(run_audit: Run) -> None:
    failed = run_audit("--action", "user.sign_in_failed").output.splitlines()
    assert len(failed) == 1 and "198.51.100.2" in failed[0]
    assert len(run_audit("--user", "ANA@test.example").output.splitlines()) == 2
    assert len(run_audit("--since", "2026-01-11").output.splitlines()) == 2
    assert len(run_audit("--since", "2026-01-10T09:00").output.splitlines()) == 3


@pytest.mark.usefixtures("trail")
def test_json_is_one_object_per_line(run_audit: Run) -> None:
    result = run_audit("--json", "--action", "token.created")
    [line] = result.output.splitlines()
    assert json.loads(line) == {
        "id": 1, "at": "2026-01-10T09:30:00+00:00", "action": "token.created",
        "actor": {"id": 1, "name": "Ana", "email": "ana@test.example"},
        "target": {"kind": "api_token", "id": 7, "label": "laptop"},
        "origin": "192.0.2.1", "details": {}}


def test_bad_input_is_one_line_and_exit_status_1(run_audit: Run) -> None:
    result = run_audit("--since", "last week")
    assert result.exit_code == 1 and "--since wants a date" in result.output
    assert run_audit("--action", "no.such").exit_code == 2  # click's own usage error
    empty = run_audit()
    assert empty.exit_code == 0 and "No events match." in empty.output
