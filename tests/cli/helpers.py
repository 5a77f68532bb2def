"""Running the real `cbook` command as a user does, and checking what it prints.

Used by the CLI tests and by the other packages' tests of their own commands; the
``env`` fixture (tests/conftest.py) is the environment such a user runs it in.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

CBOOK = shutil.which("cbook") or str(Path(sys.executable).with_name("cbook"))


def run(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run ``cbook *args`` to completion and capture what it prints."""
    return subprocess.run([CBOOK, *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=120, check=False)


def assert_one_line_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    """The command failed with exit status 1 and one plain line (no traceback) on stderr."""
    assert result.returncode == 1, result
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert fragment in result.stderr
