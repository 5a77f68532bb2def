"""The `cbook` command as a user runs it: exit statuses, messages, real effects."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.cli.helpers import CBOOK, assert_one_line_error, run


def test_init_is_repeatable_and_demo_prints_one_login_per_role(env: dict[str, str]) -> None:
    assert run("init", env=env).returncode == 0
    assert run("init", env=env).returncode == 0
    demo = run("init", "--demo", env=env)
    assert demo.returncode == 0, demo.stderr
    for role in ("admin", "coordinator", "editor", "author", "reader"):
        assert f"{role}@example.org" in demo.stdout
    assert "demo password 1" in demo.stdout
    again = run("init", "--demo", env=env)
    assert_one_line_error(again, "already loaded")


def test_user_add_and_token_create(env: dict[str, str], tmp_path: Path) -> None:
    added = run("user", "add", "Lead@Example.org", "--role", "editor", "--name", "Aisha",
                "--password-stdin", env=env, stdin="a long password\n")
    assert added.returncode == 0, added.stderr
    assert "lead@example.org" in added.stdout
    assert_one_line_error(
        run("user", "add", "lead@example.org", "--role", "reader", env=env), "already exists")
    token = run("token", "create", "lead@example.org", env=env)
    assert token.returncode == 0, token.stderr
    secret = token.stdout.strip()
    assert secret.startswith("cbk_")
    assert_one_line_error(run("token", "create", "nobody@example.org", env=env), "no user")

    from cbook.app import create_app
    from cbook.config import Settings

    # TESTING: no background search writer or export runner, which would outlive this test
    # and, on a shared PostgreSQL test database, consume later tests' outbox rows.
    app = create_app({"TESTING": True}, settings=Settings(instance=tmp_path / "instance",
                                       database_url=env["CBOOK_DATABASE_URL"],
                                       secret_key="x"))
    try:
        response = app.test_client().post(
            "/api/v1/sections/1/publish", headers={"Authorization": f"Bearer {secret}"})
        # The token signs in as the editor: the section is missing (404), not forbidden.
        assert response.status_code == 404
    finally:
        app.extensions["cbook.engine"].dispose()


@pytest.mark.parametrize("args", [
    ("user", "add", "x@example.org", "--role", "wizard"),
    ("user", "add", "--role", "reader"),
    ("token", "create"),
    ("frobnicate",),
    ("serve", "--port", "99999"),
])
def test_bad_usage_exits_2(env: dict[str, str], args: tuple[str, ...]) -> None:
    result = run(*args, env=env)
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr


def test_bad_input_is_a_one_line_error(env: dict[str, str]) -> None:
    assert_one_line_error(run("user", "add", "not-an-email", "--role", "reader", env=env),
                          "not a valid email")
    assert_one_line_error(
        run("user", "add", "short@example.org", "--role", "reader", "--password-stdin",
            env=env, stdin="short\n"), "at least 10")


def test_commands_before_init_say_so(tmp_path: Path) -> None:
    fresh = {**os.environ, "CBOOK_INSTANCE": str(tmp_path / "new")}
    fresh.pop("CBOOK_DATABASE_URL", None)
    assert_one_line_error(run("user", "add", "a@example.org", "--role", "reader", env=fresh),
                          "cbook init")
    assert_one_line_error(run("serve", env=fresh), "cbook init")


def test_an_unusable_instance_folder_is_a_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run("init", "--instance", str(blocker / "inside"),
                 env={k: v for k, v in os.environ.items() if k != "CBOOK_DATABASE_URL"})
    assert_one_line_error(result, "cannot use instance folder")


def test_serve_runs_the_production_server(env: dict[str, str]) -> None:
    assert run("init", "--demo", env=env).returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([CBOOK, "serve", "--port", str(port), "--workers", "1"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        body = b""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/books",
                                            timeout=2) as response:
                    body = response.read()
                    assert response.headers["Server"].startswith("gunicorn")
                break
            except OSError:
                time.sleep(0.1)
        # The demo book (and its translations, books of their own).
        assert "pushing-what-moves" in [book["slug"] for book in json.loads(body)]
    finally:
        server.terminate()
        server.wait(timeout=20)
        assert server.stderr is not None
        server.stderr.close()
