#!/usr/bin/env bash
# Install everything into ./.venv and run the checks: ruff, mypy, then the whole
# pytest suite on 2 cores. Arguments go to pytest (e.g. -k auth, -x, -n 0).
# Set CBOOK_TEST_DATABASE_URL=postgresql+psycopg://USER@HOST:PORT/DB to run the suite
# against PostgreSQL instead of SQLite (see tests/conftest.py).
# Exits non-zero if any step fails; pytest's "no tests collected" (5) is a failure too.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1

ensure_venv() {
    if [ -x .venv/bin/python ] && .venv/bin/python -m pip --version >/dev/null 2>&1; then
        return
    fi
    rm -rf .venv  # missing or broken (e.g. left by a failed `python3 -m venv`)
    if python3 -m venv .venv >/dev/null 2>&1; then
        return
    fi
    rm -rf .venv
    if [ "$(id -u)" -ne 0 ]; then
        echo "test.sh: 'python3 -m venv' does not work here; install python3-venv (sudo apt-get install python3-venv) and re-run" >&2
        exit 1
    fi
    echo "==> python3 -m venv is unavailable: installing Debian's python3-venv"
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
    python3 -m venv .venv
}

echo "==> Installing Culture Book and test tools into .venv"
ensure_venv
.venv/bin/python -m pip install -q -e '.[test]'

if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "==> Installing Debian's chromium for the browser tests"
        DEBIAN_FRONTEND=noninteractive apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
    else
        echo "WARNING: chromium is not installed and we are not root: browser tests will be" \
             "skipped (under CI=true they fail). Install it: sudo apt-get install chromium" >&2
    fi
fi

failed=()
step() {  # step NAME COMMAND...: run it, remember a failure, go on with the next step
    local name=$1 rc=0
    shift
    echo "==> $name"
    "$@" || rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "!!! $name failed (exit $rc)" >&2
        failed+=("$name (exit $rc)")
    fi
}

# Only folders that exist: git keeps no empty folder, so a fresh clone may lack bench/.
lint_paths=()
for path in cbook tests bench; do
    [ -d "$path" ] && lint_paths+=("$path")
done

step "ruff check ${lint_paths[*]}" .venv/bin/python -m ruff check "${lint_paths[@]}"
step "mypy" .venv/bin/python -m mypy
step "pytest -n 2${CBOOK_TEST_DATABASE_URL:+ (PostgreSQL)}" .venv/bin/python -m pytest -n 2 "$@"

if [ "${#failed[@]}" -ne 0 ]; then
    echo "FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "All checks passed."
