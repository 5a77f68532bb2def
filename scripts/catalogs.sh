#!/usr/bin/env bash
# The interface catalogs (cbook/translations): see docs/translating.md.
#   bash scripts/catalogs.sh extract   # messages.pot from every _() in cbook/ and templates/
#   bash scripts/catalogs.sh update    # extract, then bring each language's .po up to date
#   bash scripts/catalogs.sh compile   # the .mo files the app reads (committed with the .po)
# tests/app/test_catalogs.py checks they are complete and current.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
pybabel=.venv/bin/pybabel
folder=cbook/translations

extract() {
    "$pybabel" extract -F babel.cfg -k _l -k lazy_gettext -k js_plural:1,2 --no-location --sort-output \
        --project "Culture Book" --copyright-holder "Culture Book contributors" \
        -o "$folder/messages.pot" . >/dev/null
}

case "${1:-}" in
    extract) extract ;;
    update)
        extract
        "$pybabel" update -i "$folder/messages.pot" -d "$folder" \
            --no-fuzzy-matching --ignore-obsolete
        ;;
    compile) "$pybabel" compile -d "$folder" --statistics ;;
    *) echo "usage: scripts/catalogs.sh extract|update|compile" >&2; exit 2 ;;
esac
