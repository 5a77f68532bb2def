"""The demo library: the programme's learning resources, webinars and planned reports.

Drawn from the Pushing What Moves invitation: its reading list of podcasts, reports, videos
and blogs, the webinars the coordinating team records with system change leaders, the tools
and guidance it promises, and the learning and impact reports it plans. Everything is the
programme's own material: recordings, lists and reports link to the programme's own site
(on the reserved example.org domain, so no demo link points at a real third party), and
the guides, worksheet, checklist and case study come with files made from
:mod:`cbook.demo.handouts` when the demo is loaded.
"""

from typing import Final

from cbook.demo.shapes import ResourceData

TEAM = "Pushing What Moves coordinating team"

RESOURCES: Final[list[ResourceData]] = [
    {
        "key": "boards-webinar",
        "kind": "webinar",
        "title": "Webinar: boards that face the system",
        "authors": TEAM,
        "year": None,
        "url": "https://pushingwhatmoves.example.org/webinars/boards-that-face-the-system",
        "summary": (
            "A conversation between a coordinating team member and a partnership board chair "
            "who redesigned meetings so that members engage with system challenges and "
            "respond to them, instead of receiving reports. The recording comes with a "
            "one-page checklist to use at your next board meeting."
        ),
        "principles": ["new-cultures", "real-work"],
        "audiences": ["board-members", "trio-leads"],
        "tags": ["governance", "board meetings"],
    },
    {
        "key": "agency-webinar",
        "kind": "webinar",
        "title": "Webinar: reclaiming agency in a field of practice",
        "authors": TEAM,
        "year": None,
        "url": "https://pushingwhatmoves.example.org/webinars/reclaiming-agency",
        "summary": (
            "Leaders from one field of practice talk about redesigning relationships so they "
            "could rediscover the agency and power they felt they had lost, and what it cost "
            "them personally along the way."
        ),
        "principles": ["human-experience", "new-cultures"],
        "audiences": ["trio-leads"],
        "tags": ["power", "relationships"],
    },
    {
        "key": "community-webinar",
        "kind": "webinar",
        "title": "Webinar: community power in a neighbourhood",
        "authors": TEAM,
        "year": None,
        "url": "https://pushingwhatmoves.example.org/webinars/community-power",
        "summary": (
            "A community leader and a public sector manager describe how decisions about one "
            "neighbourhood moved closer to the people who live there, and how they knew it "
            "was making a difference."
        ),
        "principles": ["new-cultures", "better-outcomes"],
        "audiences": ["community-leaders", "public"],
        "tags": ["community power", "citizen leadership"],
    },
    {
        "key": "reading-list",
        "kind": "reading",
        "title": "Reading list: cutting-edge leadership theory",
        "authors": TEAM,
        "year": None,
        "url": "https://pushingwhatmoves.example.org/learning/reading-list",
        "summary": (
            "The programme's core reading list on system leadership, kept short on purpose: a "
            "handful of pieces on leading without formal authority, on trust between "
            "organisations, and on why structures outlast the people who designed them."
        ),
        "principles": ["shared-purpose", "new-cultures"],
        "audiences": ["trio-leads"],
        "tags": ["system leadership", "trust"],
    },
    {
        "key": "listening-list",
        "kind": "podcast",
        "title": "Listening list: podcasts on leading system change",
        "authors": TEAM,
        "year": None,
        "url": "https://pushingwhatmoves.example.org/learning/podcasts",
        "summary": (
            "Podcast episodes chosen from the reading list for leaders who learn on the move: "
            "conversations about collaboration across sectors and about staying hopeful "
            "when change is slow."
        ),
        "principles": ["human-experience"],
        "audiences": ["trio-leads", "community-leaders"],
        "tags": ["collaboration", "silos"],
    },
    {
        "key": "safety-films",
        "kind": "video",
        "title": "Short films: psychological safety for leaders",
        "authors": TEAM,
        "year": None,
        "url": "https://pushingwhatmoves.example.org/learning/films/psychological-safety",
        "summary": (
            "Three short videos used in the personal coaching months, on feeling emotionally "
            "prepared to lead a trio, on saying what is not working, and on keeping a "
            "reflective journal."
        ),
        "principles": ["human-experience"],
        "audiences": ["trio-leads"],
        "tags": ["psychological safety", "coaching"],
    },
    {
        "key": "trio-blog",
        "kind": "blog",
        "title": "Blog series: notes from the trios",
        "authors": "Trio leads",
        "year": None,
        "url": "https://pushingwhatmoves.example.org/blog/notes-from-the-trios",
        "summary": (
            "Short posts written by trio leads while their real-world experiments ran: what "
            "they tried, what got in the way and what surprised them. One of the formats the "
            "Culture Book takes for readers who will not open a long document."
        ),
        "principles": ["real-work", "human-experience"],
        "audiences": ["public", "trio-leads"],
        "tags": ["storytelling", "experiments"],
    },
    {
        "key": "learning-report",
        "kind": "report",
        "title": "Learning report: what the first cycle taught us",
        "authors": TEAM,
        "year": None,
        "url": "https://pushingwhatmoves.example.org/reports/learning-first-cycle",
        "summary": (
            "The report the coordinating team and trio leads are co-producing from the "
            "learning and insights participants generate, captured through a process the "
            "team designs and facilitates."
        ),
        "principles": ["shared-purpose", "better-outcomes"],
        "audiences": ["trio-leads", "board-members"],
        "tags": ["learning", "insights"],
    },
    {
        "key": "impact-report",
        "kind": "report",
        "title": "Impact report: barriers removed and early signs for citizens",
        "authors": TEAM,
        "year": None,
        "url": "https://pushingwhatmoves.example.org/reports/impact",
        "summary": (
            "Planned with trio leads: the impact participants achieve in removing or "
            "redesigning barriers, and the early signs of impact on the people of Greater "
            "Manchester, combining measures with residents' own accounts."
        ),
        "principles": ["better-outcomes"],
        "audiences": ["public", "board-members"],
        "tags": ["impact", "measurement"],
    },
    {
        "key": "process",
        "kind": "guidance",
        "title": "How we ran Pushing What Moves: the process, codified",
        "authors": TEAM,
        "year": None,
        "url": "",
        "summary": (
            "A description of how the six months ran, from the introductory workshop and "
            "coaching to the experiments, the Culture Book and the celebration event, so the "
            "next group of leaders can repeat and improve it."
        ),
        "principles": ["shared-purpose", "new-cultures"],
        "audiences": ["trio-leads", "board-members"],
        "tags": ["programme design"],
    },
    {
        "key": "pressures",
        "kind": "framework",
        "title": "Three system pressures: naming what holds leaders back",
        "authors": TEAM,
        "year": None,
        "url": "",
        "summary": (
            "A framework for the pressures that put trust and collaboration at risk: "
            "governance that holds power relationships in place, boundaries and "
            "accountabilities that do not put people's lives first, and business as usual "
            "crowding out time for innovation."
        ),
        "principles": ["real-work", "shared-purpose"],
        "audiences": ["board-members", "trio-leads"],
        "tags": ["governance", "organisational boundaries", "time for innovation"],
    },
    {
        "key": "canvas",
        "kind": "tool",
        "title": "Barrier-to-enabler canvas",
        "authors": TEAM,
        "year": None,
        "url": "",
        "summary": (
            "A one-page worksheet for a trio: name the barrier in your real work, say who "
            "holds it in place, describe the enabler you want instead, and plan the smallest "
            "experiment that would test it."
        ),
        "principles": ["real-work", "new-cultures"],
        "audiences": ["trio-leads", "community-leaders"],
        "tags": ["experiments", "red tape"],
    },
    {
        "key": "new-space",
        "kind": "case_study",
        "title": "Case study: a new space for leaders who had never met",
        "authors": "Trio leads",
        "year": None,
        "url": "",
        "summary": (
            "How one trio designed a space for deep collaboration between groups of leaders "
            "from different backgrounds who had worked side by side for years without "
            "meeting, and what kept them coming back."
        ),
        "principles": ["new-cultures", "human-experience"],
        "audiences": ["community-leaders", "trio-leads"],
        "tags": ["silos", "collaboration"],
    },
]
