#!/usr/bin/env bash
# Install everything into ./.venv and run the checks: ruff, mypy, the editor's JavaScript
# unit tests (npm test in frontend/), then the whole pytest suite on 2 cores. Arguments
# go to pytest (e.g. -k auth, -x, -n 0).
# Set CBOOK_TEST_DATABASE_URL=postgresql+psycopg://USER@HOST:PORT/DB to run the suite
# against PostgreSQL instead of SQLite (see tests/conftest.py).
# Exits non-zero if any step fails; pytest's "no tests collected" (5) is a failure too.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1

# shellcheck source=scripts/venv.sh
source scripts/venv.sh

echo "==> Installing Culture Book and test tools into .venv"
ensure_venv test.sh
.venv/bin/python -m pip install -q -e '.[test]'

# Debian packages the tests drive for real: chromium (browser tests), EPUBCheck,
# poppler's pdftotext/pdffonts (reading exported PDFs), and Node.js with npm (the editor's
# unit tests, and tests/test_schema_identity.py builds the editor's schema with node).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -f /usr/share/java/epubcheck.jar ] || missing+=(epubcheck)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -ne 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "==> Installing Debian's ${missing[*]} for the tests"
        DEBIAN_FRONTEND=noninteractive apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
    else
        echo "WARNING: ${missing[*]} not installed and we are not root: the tests needing them" \
             "will be skipped (under CI=true they fail). Install: sudo apt-get install ${missing[*]}" >&2
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
# The editor's unit tests (node's own test runner; frontend/README.md). Its packages come
# from package-lock.json; a clone has none until the first `npm ci`.
frontend_tests() {
    if ! command -v npm >/dev/null 2>&1; then
        echo "npm is not installed: the editor's unit tests cannot run" >&2
        return 1
    fi
    (cd frontend && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm test)
}
step "npm test (frontend/)" frontend_tests
step "pytest -n 2${CBOOK_TEST_DATABASE_URL:+ (PostgreSQL)}" .venv/bin/python -m pytest -n 2 "$@"

if [ "${#failed[@]}" -ne 0 ]; then
    echo "FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "All checks passed."
