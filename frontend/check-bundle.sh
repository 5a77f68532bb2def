#!/usr/bin/env bash
# Rebuild the editor bundle from a clean install and fail if it differs from the committed
# one in cbook/static/editor/ (or if edit.html's string catalogue is out of date).
# CI runs this; run it yourself before committing a change under frontend/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
npm ci --no-audit --no-fund
npm run build
node strings.mjs --check
cd "$here/.."
if ! git diff --exit-code --stat -- cbook/static/editor; then
  echo "check-bundle: the committed bundle differs from a fresh build; run 'npm run build' in frontend/ and commit cbook/static/editor/" >&2
  exit 1
fi
untracked="$(git ls-files --others --exclude-standard -- cbook/static/editor)"
if [ -n "$untracked" ]; then
  echo "check-bundle: files in cbook/static/editor are not committed: $untracked" >&2
  exit 1
fi
echo "check-bundle: bundle matches its source"
