"""The demo book's tagging vocabulary: its five principles and the audiences it serves."""

from typing import Final

from cbook.demo.shapes import AudienceData, PrincipleData

PRINCIPLES: Final[list[PrincipleData]] = [
    {
        "slug": "shared-purpose",
        "title": "Shared purpose",
        "statement": "We are anchored by a shared purpose and a bold, shared vision for change.",
        "description": (
            "Leaders from different organisations and sectors agree what they are ultimately "
            "for before arguing about who does what. A purpose held in common makes turf "
            "matter less and lets trust grow faster than any partnership agreement."
        ),
    },
    {
        "slug": "real-work",
        "title": "Real work, real challenges",
        "statement": (
            "We are driven by the real work in front of us and the real challenges it brings."
        ),
        "description": (
            "Every experiment starts from a live problem that someone is responsible for, not "
            "from a hypothetical case. That keeps learning grounded and means any progress "
            "lands where people actually need it."
        ),
    },
    {
        "slug": "human-experience",
        "title": "The human side of leadership",
        "statement": (
            "We acknowledge and engage with the human experience of leadership, including its "
            "messy reality and its effect on others."
        ),
        "description": (
            "Fear, fatigue, hope and doubt shape decisions as much as evidence does. We make "
            "room to talk about them honestly, because leaders who pretend otherwise become "
            "brittle and so do the systems they lead."
        ),
    },
    {
        "slug": "new-cultures",
        "title": "New cultures and structures",
        "statement": (
            "We are inspired by chances to create new cultures and structures that release "
            "the abundant leadership potential that already exists."
        ),
        "description": (
            "Greater Manchester is rich in leadership talent that current habits and "
            "structures hold back. We look for ways to redesign those habits and structures, "
            "especially for people who are rarely invited to lead."
        ),
    },
    {
        "slug": "better-outcomes",
        "title": "Better outcomes, measured",
        "statement": (
            "We connect our personal and collective leadership to better outcomes for the "
            "public, and we support efforts to assess and measure that impact."
        ),
        "description": (
            "Leadership is judged by what changes in people's lives, not by how busy leaders "
            "are. We are honest about what evidence we have, combining numbers with the "
            "accounts of the people affected."
        ),
    },
]

AUDIENCES: Final[list[AudienceData]] = [
    {
        "slug": "trio-leads",
        "name": "Trio leads",
        "description": (
            "Leaders who convene a trio, run real-world experiments and co-write this book."
        ),
    },
    {
        "slug": "board-members",
        "name": "Board members",
        "description": (
            "Chairs and members of boards and partnership bodies who hold formal authority "
            "over how decisions are made."
        ),
    },
    {
        "slug": "community-leaders",
        "name": "Community leaders",
        "description": (
            "Citizen and community leaders, formal and informal, who lead change from within "
            "neighbourhoods and the voluntary and community sector."
        ),
    },
    {
        "slug": "public",
        "name": "The public",
        "description": (
            "Residents of Greater Manchester who want to see what leaders have committed to "
            "and whether it is making a difference."
        ),
    },
]
