"""The base of every form: WTForms' own messages spoken in the interface's language.

WTForms ships catalogs for Arabic and Polish but none for Urdu, and its wording would
differ from ours where it has one. So its messages are ours: marked below so that
``pybabel extract`` puts them in our catalogs, and looked up there when a validator
speaks (see ``Form.Meta.get_translations``).
"""

from __future__ import annotations

from typing import Any

from flask_babel import get_translations
from flask_wtf import FlaskForm


def _marks(_: Any, ngettext: Any) -> None:
    """Never run: the messages of the WTForms validators and fields our forms use, for
    the extractor (the same words WTForms passes to ``gettext``/``ngettext``)."""
    _("This field is required.")
    _("Field must be equal to %(other_name)s.")
    ngettext("Field must be at least %(min)d character long.",
             "Field must be at least %(min)d characters long.", 1)
    ngettext("Field cannot be longer than %(max)d character.",
             "Field cannot be longer than %(max)d characters.", 1)
    ngettext("Field must be exactly %(max)d character long.",
             "Field must be exactly %(max)d characters long.", 1)
    _("Field must be between %(min)d and %(max)d characters long.")
    _("Number must be at least %(min)s.")
    _("Number must be at most %(max)s.")
    _("Number must be between %(min)s and %(max)s.")
    _("Invalid input.")
    _("Not a valid choice.")
    _("Invalid Choice: could not coerce.")
    _("Invalid choice(s): one or more data inputs could not be coerced.")
    ngettext("'%(value)s' is not a valid choice for this field.",
             "'%(value)s' are not valid choices for this field.", 1)
    _("Not a valid integer value.")


class _OurCatalog:
    """WTForms' translations interface over the interface's own catalog."""

    def gettext(self, string: str) -> str:
        return str(get_translations().ugettext(string))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return str(get_translations().ungettext(singular, plural, n))


_CATALOG = _OurCatalog()


class Form(FlaskForm):  # type: ignore[misc]
    """A Flask-WTF form (CSRF, file uploads) whose messages follow the interface."""

    class Meta(FlaskForm.Meta):  # type: ignore[misc]
        def get_translations(self, form: Any) -> _OurCatalog:
            return _CATALOG
