"""Chapter 3, Barriers and enablers: what stalls change and what replaces it."""

from typing import Final

from cbook.demo.prose import callout, doc, h, ol, p, quote, ul
from cbook.demo.shapes import ChapterData, SectionData

_GOVERNANCE_AND_POWER: Final[SectionData] = {
    "slug": "governance-and-power",
    "title": "Governance that holds power in place",
    "status": "published",
    "principles": ["new-cultures", "shared-purpose"],
    "audiences": ["board-members", "community-leaders"],
    "doc": doc(
        p(
            "Governance exists to make good decisions and to keep public money and public "
            "trust safe. Over time, though, the machinery of boards, committees and sign-off "
            "can start to serve a different purpose: keeping existing relationships of power "
            "exactly where they are."
        ),
        callout(
            "barrier",
            "Governance that protects the status quo",
            p(
                "Agendas are set by the same few people. Papers arrive too late to read "
                "properly. Partners from the voluntary and community sector are invited to "
                "*attend* rather than to decide. Risk registers list every danger of acting "
                "and none of the dangers of standing still. Partnership is talked about, but "
                "formal authority never actually moves."
            ),
            principles=["new-cultures"],
            audiences=["board-members"],
        ),
        h(2, "How it shows up"),
        ul(
            "Decisions are *noted* rather than made, and the real choices happen elsewhere.",
            "Community representatives are asked for their views after the options have "
            "already been closed down.",
            "The format of the meeting, with reports received in silence and questions taken "
            "at the end, leaves no room for solving problems together.",
        ),
        callout(
            "enabler",
            "Governance that shares power",
            p(
                "Boards agree what they are collectively for, then redesign how they meet to "
                "serve that purpose. Agendas are set with partners, including residents. Time "
                "is protected for genuine deliberation on one or two system challenges "
                "rather than a tour of every report. Where partnership is claimed, votes, "
                "budgets or delegated decisions are genuinely shared."
            ),
            principles=["shared-purpose", "new-cultures"],
            audiences=["board-members", "community-leaders"],
        ),
        h(2, "Questions to ask of your own board"),
        ol(
            "Who decides what goes on the agenda, and who has never been asked?",
            "When did this board last change its mind because of something a partner said?",
            "Which decision could we hand to the people most affected by it?",
        ),
        p(
            "The experiment on redesigning board meetings, in the next chapter, shows one "
            "way a trio put these ideas to the test. The [Webinar: boards that face the "
            "system](resource:boards-webinar) comes with a checklist for your next meeting."
        ),
        key="pushing-what-moves/governance-and-power",
    ),
}

_BOUNDARIES_AND_ACCOUNTABILITIES: Final[SectionData] = {
    "slug": "boundaries-and-accountabilities",
    "title": "Boundaries that don't put people's lives first",
    "status": "published",
    "principles": ["better-outcomes", "real-work"],
    "audiences": ["trio-leads", "board-members", "public"],
    "doc": doc(
        p(
            "Every organisation has a remit, a budget and a set of targets. These boundaries "
            "help organisations know what they are responsible for. The trouble starts when "
            "they become the lens through which a person's life is seen, so that someone is "
            "treated as three separate cases by three separate services, none of them "
            "accountable for how things turn out for that person overall."
        ),
        callout(
            "barrier",
            "Accountability that stops at the front door",
            p(
                "Success is measured by what happens *inside* each service: waiting times "
                "met, cases closed, contracts delivered. A family can be failed by the system "
                "as a whole while every organisation involved hits its targets. Staff who try "
                "to work across the line risk being told it is *not our job*."
            ),
            principles=["better-outcomes"],
            audiences=["board-members"],
        ),
        h(2, "What people tell us"),
        quote(
            p(
                "I told my story five times that month. Every person was kind. None of them "
                "could do the thing I actually needed."
            ),
            p("— resident, reflecting on support after a housing crisis (composite)"),
        ),
        callout(
            "enabler",
            "Accountability for lives, not just services",
            p(
                "Partners agree shared outcomes framed around what people say matters to "
                "them, and take joint responsibility for progress. Frontline staff are given "
                "explicit permission, and a small flexible budget, to act across boundaries. "
                "Data follows a person's journey rather than each service's slice of it."
            ),
            ul(
                "Start with one group of people and map every service that touches them.",
                "Agree one or two outcomes that all partners will report on together.",
                "Give named staff the authority to do *whatever it takes*, within agreed limits.",
            ),
            principles=["better-outcomes", "new-cultures"],
            audiences=["trio-leads", "board-members"],
        ),
        p(
            "Redrawing accountabilities does not mean abolishing them. It means making sure "
            "that somebody, somewhere, is accountable for the whole picture as the person "
            "experiences it. [Three system pressures](resource:pressures) names this as one "
            "of the pressures that hold leaders back.",
            principles=["better-outcomes"],
            audiences=["public"],
        ),
        key="pushing-what-moves/boundaries-and-accountabilities",
    ),
}

_TIME_FOR_INNOVATION: Final[SectionData] = {
    "slug": "time-for-innovation",
    "title": "When business as usual crowds out innovation",
    "status": "published",
    "principles": ["real-work", "human-experience"],
    "audiences": ["trio-leads", "board-members"],
    "doc": doc(
        p(
            "Most leaders in public and community services will recognise the feeling: a "
            "diary full by Monday morning, an inbox that never empties, and a nagging sense "
            "that the work which could really change things is always scheduled for *next "
            "month*."
        ),
        callout(
            "barrier",
            "No time to think, let alone to try",
            p(
                "Routine demands expand to fill every available hour. Improvement work is "
                "treated as an extra, done in the evenings or squeezed between crises. When "
                "pressure rises, innovation is the first thing to be cut, which guarantees "
                "that next year's pressures look exactly like this year's."
            ),
            principles=["real-work"],
            audiences=["trio-leads"],
        ),
        h(2, "Why it persists"),
        ul(
            "Performance frameworks reward delivering today's service, not learning about "
            "tomorrow's.",
            "Time spent experimenting is visible and questioned; time spent in routine "
            "meetings is invisible and assumed.",
            "Leaders feel guilty protecting time for change when colleagues are stretched.",
        ),
        callout(
            "enabler",
            "Protected time, shared openly",
            p(
                "Leaders agree a deliberate balance between running today's system and "
                "changing it, and defend that balance in public. Teams audit their recurring "
                "meetings and stop or shorten the ones that add least. Time for experiments "
                "is written into job plans and reported on like any other commitment."
            ),
            ol(
                "List every recurring meeting for a month and note what each one decided.",
                "Stop one meeting, shorten two, and give the time back to improvement work.",
                "Tell your board or manager what you have done, and why.",
            ),
            principles=["new-cultures", "human-experience"],
            audiences=["trio-leads", "board-members"],
        ),
        p(
            "Protecting time is not selfish. Exhausted leaders make narrower decisions, and "
            "the people who rely on our services bear the cost of that narrowness.",
            principles=["human-experience"],
        ),
        key="pushing-what-moves/time-for-innovation",
    ),
}

_NAMING_BARRIERS_WITHOUT_BLAME: Final[SectionData] = {
    "slug": "naming-barriers-without-blame",
    "title": "Naming barriers without blame",
    "status": "published",
    "principles": ["human-experience", "shared-purpose"],
    "audiences": ["trio-leads", "community-leaders"],
    "doc": doc(
        p(
            "Before a barrier can be shifted, somebody has to say it exists. That sounds "
            "obvious, but in many settings naming a barrier feels like criticising a "
            "colleague, a partner organisation or a decision a senior leader made years ago. "
            "So barriers go unnamed, and people work around them quietly until they burn out."
        ),
        h(2, "Separate the pattern from the person"),
        p(
            "Most barriers are nobody's fault. They are the accumulated result of reasonable "
            "decisions made for other purposes. Describing a barrier as a pattern (*what "
            "keeps happening*) rather than a failing (*who let it happen*) makes it far "
            "easier for people with power to engage instead of defending themselves.",
            principles=["human-experience"],
        ),
        callout(
            "example",
            "A useful form of words",
            p(
                "“I notice that when this happens, that tends to follow, and the people "
                "affected are these. I don't think anyone intends it. Can we look at it "
                "together?”"
            ),
            audiences=["trio-leads"],
        ),
        h(2, "Make it safe to speak"),
        ul(
            "Agree ground rules in your trio: what is said in the room is used to learn, not "
            "to judge.",
            "Leaders with formal authority go first, naming a barrier they are part of.",
            "Record barriers in the language of the people who experience them, not "
            "translated into official terms.",
            "Thank people for raising uncomfortable issues, visibly and specifically.",
        ),
        p(
            "Community leaders often see barriers most clearly because they meet them from "
            "the outside. Their observations deserve the same weight as an internal audit, "
            "and they frequently arrive sooner.",
            principles=["new-cultures"],
            audiences=["community-leaders"],
        ),
        quote(
            p("The first time our director said “this one's on us”, the whole room changed."),
            p("— trio member, voluntary sector (composite)"),
        ),
        key="pushing-what-moves/naming-barriers-without-blame",
    ),
}

CHAPTER: Final[ChapterData] = {
    "slug": "barriers-and-enablers",
    "title": "Barriers and the enablers that replace them",
    "summary": (
        "The patterns that most often stall change across Greater Manchester, and "
        "what leaders have put in their place."
    ),
    "trio": "reclaiming-agency",
    "sections": [
        _GOVERNANCE_AND_POWER,
        _BOUNDARIES_AND_ACCOUNTABILITIES,
        _TIME_FOR_INNOVATION,
        _NAMING_BARRIERS_WITHOUT_BLAME,
    ],
}
