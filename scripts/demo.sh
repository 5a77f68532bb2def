#!/usr/bin/env bash
# Install Culture Book into ./.venv and serve the demo book on http://127.0.0.1:5000/
# with the embedded defaults (SQLite in ./instance, or $CBOOK_INSTANCE).
# Safe to re-run: the demo book is loaded only when the instance has no database yet;
# later runs just migrate it. Extra arguments go to `cbook serve` (e.g. --port 8000).
set -euo pipefail
# A relative $CBOOK_INSTANCE means relative to where we were started, so resolve it first.
if [ -n "${CBOOK_INSTANCE:-}" ]; then
    CBOOK_INSTANCE="$(realpath -m -- "$CBOOK_INSTANCE")"
fi
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1

# shellcheck source=scripts/venv.sh
source scripts/venv.sh

echo "==> Installing Culture Book into .venv"
ensure_venv demo.sh
.venv/bin/python -m pip install -q .

instance="${CBOOK_INSTANCE:-$PWD/instance}"
export CBOOK_INSTANCE="$instance"

database_exists() {
    if [ -z "${CBOOK_DATABASE_URL:-}" ]; then
        [ -e "$instance/cbook.sqlite3" ]
    else  # a server database: initialised once it has Alembic's version table
        .venv/bin/python - <<'PY'
import os, sys
from sqlalchemy import create_engine, inspect
engine = create_engine(os.environ["CBOOK_DATABASE_URL"])
try:
    sys.exit(0 if inspect(engine).has_table("alembic_version") else 1)
finally:
    engine.dispose()
PY
    fi
}

if database_exists; then
    echo "==> Migrating the existing database in $instance"
    .venv/bin/cbook init
    echo "    (The demo book is already loaded; its logins were printed on the first run."
    echo "     Delete $instance to start over with fresh demo logins.)"
else
    echo "==> Creating the database and loading the demo book in $instance"
    .venv/bin/cbook init --demo
fi

echo "==> Starting cbook serve (127.0.0.1:5000 unless overridden; Ctrl-C to stop)"
exec .venv/bin/cbook serve --host 127.0.0.1 --port 5000 "$@"
