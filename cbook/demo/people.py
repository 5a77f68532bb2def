"""The demo book's people: staff accounts, trio members and the trios they form.

All names are invented.
"""

from typing import Final

from cbook.demo.shapes import TrioData, UserData

STAFF_USERS: Final[list[UserData]] = [
    {"email": "admin@example.org", "name": "Sam Whitaker", "role": "admin"},
    {"email": "coordinator@example.org", "name": "Nadia Rahman", "role": "coordinator"},
    {"email": "editor@example.org", "name": "Owen Lloyd", "role": "editor"},
    {"email": "author@example.org", "name": "Amara Okafor", "role": "author"},
    {"email": "reader@example.org", "name": "Chris Doyle", "role": "reader"},
]

# The demo author (author@example.org, in STAFF_USERS) leads the first trio; it is not
# repeated here so that seeding STAFF_USERS + TRIO_USERS never creates a user twice.
TRIO_USERS: Final[list[UserData]] = [
    {"email": "tomasz.nowak@example.org", "name": "Tomasz Nowak", "role": "author"},
    {"email": "grace.mensah@example.org", "name": "Grace Mensah", "role": "author"},
    {"email": "priya.raman@example.org", "name": "Priya Raman", "role": "author"},
    {"email": "declan.hughes@example.org", "name": "Declan Hughes", "role": "author"},
    {"email": "yusuf.abdi@example.org", "name": "Yusuf Abdi", "role": "author"},
    {"email": "bronwen.pryce@example.org", "name": "Bronwen Pryce", "role": "author"},
    {"email": "kwame.asante@example.org", "name": "Kwame Asante", "role": "author"},
    {"email": "mei.chan@example.org", "name": "Mei Lin Chan", "role": "author"},
    {"email": "rashida.begum@example.org", "name": "Rashida Begum", "role": "author"},
    {"email": "liam.ogara@example.org", "name": "Liam O'Gara", "role": "author"},
    {"email": "sinead.gallagher@example.org", "name": "Sinéad Gallagher", "role": "author"},
]

TRIOS: Final[list[TrioData]] = [
    {
        "slug": "boards-that-listen",
        "name": "Boards that Listen",
        "description": (
            "An NHS partnerships lead, a housing association board chair and the chief "
            "officer of a voluntary sector network, redesigning how partnership boards meet "
            "so members can act on system challenges together."
        ),
        "lead": "author@example.org",
        "members": ["tomasz.nowak@example.org", "grace.mensah@example.org"],
    },
    {
        "slug": "reclaiming-agency",
        "name": "Reclaiming Agency",
        "description": (
            "A council head of early help, a youth work manager and a citizen organiser, "
            "rebuilding relationships between commissioners, charities and families."
        ),
        "lead": "priya.raman@example.org",
        "members": ["declan.hughes@example.org", "yusuf.abdi@example.org"],
    },
    {
        "slug": "common-ground",
        "name": "Common Ground",
        "description": (
            "A social care commissioning director, the founder of a peer-support charity and "
            "a primary care network lead, creating spaces where leaders who rarely meet can "
            "collaborate deeply."
        ),
        "lead": "bronwen.pryce@example.org",
        "members": ["kwame.asante@example.org", "mei.chan@example.org"],
    },
    {
        "slug": "neighbourhood-power",
        "name": "Neighbourhood Power",
        "description": (
            "A tenants' association chair, a neighbourhood police inspector and a housing "
            "community development worker, testing how residents can hold real power over "
            "decisions in their place."
        ),
        "lead": "rashida.begum@example.org",
        "members": ["liam.ogara@example.org", "sinead.gallagher@example.org"],
    },
]

# Translators of the demo's Urdu and Polish translations (cbook.demo.translations): a
# community interpreter and a volunteer, readers by role (a translation's translators
# write it whatever their role). The Neighbourhood Power trio translates into Urdu too.
TRANSLATOR_USERS: Final[list[UserData]] = [
    {"email": "farah.iqbal@example.org", "name": "Farah Iqbal", "role": "reader"},
    {"email": "zofia.kowalska@example.org", "name": "Zofia Kowalska", "role": "reader"},
]
