"""The interface catalogs: every string a person can meet is extracted, translated in
every shipped language with the same placeholders and every plural form, and compiled."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask_babel import force_locale, ngettext

from cbook.editor.render import CALLOUT_LABELS
from cbook.export.forms import FORMAT_LABELS
from cbook.languages import CODES, DEFAULT
from cbook.library.models import KIND_LABELS, ResourceKind
from cbook.library.views import SORT_LABELS
from cbook.roles import SectionStatus
from cbook.search.views import FILTER_NAMES, TYPE_LABELS

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "cbook" / "translations"
TRANSLATED = [code for code in CODES if code != DEFAULT]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}|%[sd]")


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _ids(catalog: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_the_template_holds_every_string_the_code_has(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-k", "js_plural:1,2",
                    "--no-location",
                    "-o", str(fresh), "."], cwd=ROOT, check=True, capture_output=True)
    missing = _ids(_read(fresh)) - _ids(_read(FOLDER / "messages.pot"))
    assert not missing, f"run scripts/catalogs.sh update: {sorted(missing)[:10]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_string_is_translated_with_its_placeholders(code: str) -> None:
    template = _ids(_read(FOLDER / "messages.pot"))
    catalog = _read(FOLDER / code / "LC_MESSAGES" / "messages.po")
    assert template <= _ids(catalog), f"{code}: run scripts/catalogs.sh update"
    forms = catalog.num_plurals
    problems = []
    for message in catalog:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        if message.fuzzy:
            problems.append(f"fuzzy: {source}")
        translations = (message.string,) if isinstance(message.string, str) else message.string
        if message.pluralizable and len(translations) != forms:
            problems.append(f"{len(translations)} of {forms} plural forms: {source}")
        # Either English form may name a placeholder ("This section" / "These %(num)d").
        wanted = set(PLACEHOLDER.findall(" ".join(
            message.id if isinstance(message.id, tuple) else (message.id,))))
        # A plural form may leave the number unsaid ("one comment" in Arabic is a word):
        # the count, or any whole number it is chosen by ("at least %(min)d characters").
        optional = {p for p in wanted if p.startswith(("%(num)", "%(count)", "{count}"))
                    or p.endswith(")d")} if message.pluralizable else set()
        for text in translations:
            found = set(PLACEHOLDER.findall(text))
            if not text:
                problems.append(f"untranslated: {source}")
            elif not wanted - optional <= found <= wanted:
                problems.append(f"placeholders differ: {source!r} -> {text!r}")
    assert not catalog.obsolete, f"{code}: obsolete entries {list(catalog.obsolete)[:5]}"
    assert not problems, f"{code}: {len(problems)} problems, e.g. {problems[:8]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_compiled_catalog_is_the_one_committed(code: str) -> None:
    catalog = _read(FOLDER / code / "LC_MESSAGES" / "messages.po")
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    committed = (FOLDER / code / "LC_MESSAGES" / "messages.mo").read_bytes()
    assert compiled.getvalue() == committed, "run scripts/catalogs.sh compile"


def test_arabic_plurals_take_the_form_each_number_needs(app: Flask) -> None:
    with app.test_request_context(), force_locale("ar"):
        said = {n: ngettext("%(num)s comment", "%(num)s comments", n) for n in
                (0, 1, 2, 3, 11, 100)}
    # Zero, one, two, a few (3-10), many (11-99) and other (100+): six different forms.
    assert len({text.replace(str(n), "#") for n, text in said.items()}) == 6, said


def test_labels_translated_where_shown_are_in_the_catalog() -> None:
    # Pages translate these with _(label): the extractor cannot see a variable, so each
    # table marks its words; a label added unmarked would show in English everywhere.
    known = _ids(_read(FOLDER / "messages.pot"))
    shown = [*KIND_LABELS.values(), *CALLOUT_LABELS.values(), *TYPE_LABELS.values(),
             *SORT_LABELS.values(), *(str(label) for label in FORMAT_LABELS.values()),
             *(name.capitalize() for name in FILTER_NAMES),
             *(status.replace("_", " ").capitalize() for status in SectionStatus)]
    assert set(KIND_LABELS) == {kind.value for kind in ResourceKind}
    assert not [label for label in shown if label not in known]
