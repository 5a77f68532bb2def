"""The form a person chooses their emails with: one set of three choices per category."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SubmitField
from wtforms.fields.choices import SelectChoice

from cbook.notifications.models import Category, Delivery
from cbook.web.forms import Form

CHOICES = [SelectChoice(Delivery.IMMEDIATE.value, _l("At once")),
           SelectChoice(Delivery.DIGEST.value, _l("In a daily digest")),
           SelectChoice(Delivery.NONE.value, _l("Never"))]


class EmailChoicesForm(Form):
    """A radio group per category, named by the category's value."""

    review_requested = RadioField(_l("Someone asks me to review, or proposes a change to my "
                                     "chapter"), choices=CHOICES)
    verdict = RadioField(_l("An editor approves my proposal or asks for changes"),
                         choices=CHOICES)
    merge = RadioField(_l("My proposal is merged"), choices=CHOICES)
    reply = RadioField(_l("Someone replies in a thread I am in"), choices=CHOICES)
    mention = RadioField(_l("Someone @mentions me"), choices=CHOICES)
    my_sections = RadioField(_l("Someone comments on my trio's sections, or moves one to the "
                                "trash"), choices=CHOICES)
    submit = SubmitField(_l("Save my choices"))

    def chosen(self) -> dict[str, str]:
        """Each category's choice as submitted."""
        return {category.value: str(getattr(self, category.value).data)
                for category in Category}


class StopForm(Form):
    """The unsubscribe page's button (its link's signature is the authority, not CSRF)."""

    class Meta:
        csrf = False

    submit = SubmitField(_l("Stop these emails"))
