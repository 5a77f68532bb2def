"""Chapter 4, Real-world experiments: what trios tried and what they learned."""

from typing import Final

from cbook.demo.prose import callout, doc, h, ol, p, quote, ul
from cbook.demo.shapes import ChapterData, SectionData

_WHY_WE_EXPERIMENT: Final[SectionData] = {
    "slug": "why-we-experiment",
    "title": "Why we experiment",
    "status": "published",
    "principles": ["real-work", "better-outcomes"],
    "audiences": ["trio-leads", "board-members"],
    "doc": doc(
        p(
            "System change can sound vast and abstract. Experiments make it concrete. Each "
            "trio picks a barrier connected to its members' real work and designs a small, "
            "bounded test of a different way of working. If it helps, it can grow. If it does "
            "not, it was cheap to stop, and the learning is still valuable.",
            principles=["real-work"],
        ),
        h(2, "What makes a good experiment"),
        ul(
            "**Rooted in real work**: it tackles a barrier the trio meets in practice, not a "
            "theoretical one.",
            "**Small enough to start now**: it needs no new funding or restructure to begin.",
            "**Big enough to matter**: if it worked, someone's experience would noticeably "
            "improve.",
            "**Visible**: people with authority know about it and have said they will back it.",
            "**Learnable**: the trio agrees in advance what it will watch for.",
        ),
        h(2, "Four kinds of experiment"),
        p("The experiments in this chapter fall into four broad families:"),
        ol(
            "Redesigning board meetings so that members engage with system challenges rather "
            "than simply receiving reports.",
            "Redesigning relationships so that leaders in a field can reclaim the power and "
            "agency they have lost.",
            "Creating new spaces for deep collaboration between leaders who rarely meet.",
            "Strengthening community power and agency in a particular place.",
        ),
        callout(
            "reflection",
            "Before you start",
            p(
                "What would you need to see in six weeks to feel this experiment was worth "
                "continuing? Who else needs to agree with that answer?"
            ),
            principles=["better-outcomes"],
            audiences=["trio-leads"],
        ),
        p(
            "Experiments typically run for about two months, with trios meeting regularly and "
            "drawing in other leaders from across the city-region as they need them. The "
            "[case study of a new space for leaders](resource:new-space) shows one from "
            "start to finish."
        ),
        key="pushing-what-moves/why-we-experiment",
    ),
}

_REDESIGNING_BOARD_MEETINGS: Final[SectionData] = {
    "slug": "redesigning-board-meetings",
    "title": "Redesigning board meetings",
    "status": "published",
    "principles": ["new-cultures", "shared-purpose"],
    "audiences": ["board-members", "trio-leads"],
    "doc": doc(
        p("*Illustrative account, drawing on the work of several trios.*"),
        p(
            "A health and care partnership board had a familiar problem: two-hour meetings, "
            "forty-page packs and almost no discussion. Members agreed the system was under "
            "strain, but the meeting gave them no way to act on it together."
        ),
        h(2, "What the trio tried"),
        ol(
            "**One system question per meeting.** Instead of a standing agenda, each meeting "
            "focused on a single challenge, framed as a question the board could actually "
            "influence.",
            "**Lived experience first.** Every discussion opened with a resident or frontline "
            "worker describing the challenge in their own words, in person or on a short "
            "recorded clip.",
            "**Papers cut to two pages.** Routine reports moved to a written update, with "
            "questions taken in advance.",
            "**A decision or a test.** Every discussion had to end with a decision or an "
            "agreed small test, with a named owner.",
        ),
        h(2, "What changed"),
        p(
            "Within three meetings, members said they were talking *to* each other rather "
            "than *at* the chair. Voluntary sector members, who had rarely spoken before, led "
            "two of the discussions. The board agreed to pool a modest sum to test a joint "
            "response to one of the questions it had explored.",
            principles=["shared-purpose"],
            audiences=["board-members"],
        ),
        callout(
            "enabler",
            "What made it work",
            ul(
                "A chair willing to give up some control of the agenda.",
                "An officer who prepared residents' contributions properly, and made sure "
                "they were paid for their time.",
                "Agreement to review the format after three meetings rather than commit to it "
                "forever.",
            ),
            principles=["new-cultures"],
            audiences=["board-members"],
        ),
        p(
            "The trio's advice to other boards: **start with one meeting, not a governance "
            "review.** Their [Board meeting checklist](resource:boards-webinar) is in the "
            "library."
        ),
        key="pushing-what-moves/redesigning-board-meetings",
    ),
}

_REDESIGNING_RELATIONSHIPS: Final[SectionData] = {
    "slug": "redesigning-relationships",
    "title": "Redesigning relationships",
    "status": "published",
    "principles": ["human-experience", "new-cultures"],
    "audiences": ["trio-leads", "community-leaders"],
    "doc": doc(
        p("*Illustrative account, drawing on the work of several trios.*"),
        p(
            "Leaders working in early help for families across one borough described a slow "
            "loss of agency. Commissioning cycles, inspection regimes and short-term "
            "contracts had turned relationships between the council and local charities into "
            "something closer to supplier management. People who had once designed services "
            "together now met mainly to review performance data."
        ),
        h(2, "The barrier underneath"),
        p(
            "Nobody had chosen this. But each side had come to see the other through a "
            "narrow lens: the council as a funder with conditions, the charities as providers "
            "with invoices. Both felt powerless to change it.",
            principles=["human-experience"],
        ),
        h(2, "What the trio tried"),
        ul(
            "A series of *peer conversations*, with no contract business allowed, where "
            "council and charity leaders described what each of them was struggling with.",
            "A shared map of the families they were all working with, built from "
            "practitioners' knowledge rather than system data.",
            "A joint commitment to one small piece of co-designed work outside the contract "
            "framework.",
        ),
        quote(
            p(
                "For the first time in years I heard a commissioner say she was scared of "
                "getting it wrong. That was when we started being partners again."
            ),
            p("— charity chief executive (composite)"),
        ),
        h(2, "What they learned"),
        ul(
            "Power can be reclaimed through relationships before it is reclaimed formally.",
            "Honesty about pressure on both sides dissolved assumptions quickly.",
            "Practitioners need explicit permission to act on what these conversations reveal.",
        ),
        p(
            "The trio is now testing whether the next commissioning round can be designed "
            "with providers and families from the start.",
            principles=["new-cultures"],
            audiences=["community-leaders"],
        ),
        key="pushing-what-moves/redesigning-relationships",
    ),
}

_SPACES_FOR_DEEP_COLLABORATION: Final[SectionData] = {
    "slug": "spaces-for-deep-collaboration",
    "title": "New spaces for deep collaboration",
    "status": "in_review",
    "principles": ["new-cultures", "shared-purpose"],
    "audiences": ["trio-leads", "community-leaders"],
    "doc": doc(
        p("*Illustrative account, currently in review with the trio.*"),
        p(
            "Some of the most important collaboration in a city-region never happens because "
            "the right people are never in the same room. Faith leaders, grassroots groups, "
            "clinicians, housing managers and local business owners may all care about the "
            "same neighbourhood and never once meet on equal terms."
        ),
        h(2, "Designing a different kind of space"),
        p(
            "One trio set out to create a regular gathering for leaders from very different "
            "backgrounds who shared a concern about loneliness among older residents. Their "
            "design choices were deliberate:"
        ),
        ul(
            "**Neutral ground.** Meetings rotated between a community café, a mosque hall and "
            "a library rather than a council office.",
            "**No titles.** Everyone introduced themselves by what they cared about, not by "
            "their job.",
            "**Stories before solutions.** The first hour of each session was given over to "
            "listening.",
            "**Food and time.** Sessions ran long enough for informal conversation, which is "
            "where most connections were made.",
        ),
        callout(
            "example",
            "A small but telling detail",
            p(
                "The trio paid for childcare and travel for anyone whose time was not covered "
                "by an employer. Three community leaders said it was the first time a "
                "partnership meeting had treated their time as equal to a professional's."
            ),
            principles=["new-cultures"],
            audiences=["community-leaders"],
        ),
        h(2, "Early signs"),
        p(
            "After four sessions, participants had started two joint initiatives that no "
            "single organisation could have run alone, and a GP practice had begun referring "
            "patients to a befriending group it had not known existed.",
            principles=["better-outcomes"],
        ),
        p(
            "*Reviewer's note: the trio is checking these details with participants before "
            "publication.*"
        ),
        key="pushing-what-moves/spaces-for-deep-collaboration",
    ),
}

_COMMUNITY_POWER_IN_A_PLACE: Final[SectionData] = {
    "slug": "community-power-in-a-place",
    "title": "Community power and agency in a place",
    "status": "draft",
    "principles": ["new-cultures", "better-outcomes"],
    "audiences": ["community-leaders", "public"],
    "doc": doc(
        p("*Draft: the Neighbourhood Power trio is still writing this up. Comments welcome.*"),
        p(
            "Much talk of community empowerment ends at consultation. Residents are asked "
            "for their views, a report is written, and decisions are made somewhere else. "
            "This experiment asked what it would take for people in one neighbourhood to "
            "hold real power over something that mattered to them."
        ),
        h(2, "The starting point"),
        p(
            "An estate with a strong tenants' association had spent years raising concerns "
            "about the state of its shared spaces and the lack of anything for young people "
            "to do. Responses came from several agencies, each dealing with its own piece and "
            "none with the authority to act on the whole."
        ),
        h(2, "What the trio is testing"),
        ol(
            "**Residents set the brief.** A resident-led group decides what the problem is "
            "before any agency proposes solutions.",
            "**A pooled budget.** A small fund, contributed by three partners, is allocated "
            "by residents through an open vote.",
            "**Staff as resources.** Agency staff attend resident meetings to help, not to chair.",
            "**Public reporting.** Progress is reported at an open meeting every six weeks, "
            "in plain language.",
        ),
        callout(
            "barrier",
            "What has got in the way so far",
            ul(
                "Procurement rules that assume money can only be spent through formal contracts.",
                "Nervousness among some officers about decisions they cannot control.",
                "Residents' well-founded scepticism after earlier promises fell through.",
            ),
            principles=["new-cultures"],
            audiences=["community-leaders", "board-members"],
        ),
        p(
            "**Open questions for this draft:** how do we show impact without burdening "
            "residents with monitoring, and how does this approach survive a change of "
            "senior leadership?",
            principles=["better-outcomes"],
            audiences=["community-leaders"],
        ),
        key="pushing-what-moves/community-power-in-a-place",
    ),
}

CHAPTER: Final[ChapterData] = {
    "slug": "real-world-experiments",
    "title": "Real-world experiments",
    "summary": (
        "Four kinds of experiment that trios have run to turn barriers into "
        "enablers: what they tried and what they learned."
    ),
    "trio": "common-ground",
    "sections": [
        _WHY_WE_EXPERIMENT,
        _REDESIGNING_BOARD_MEETINGS,
        _REDESIGNING_RELATIONSHIPS,
        _SPACES_FOR_DEEP_COLLABORATION,
        _COMMUNITY_POWER_IN_A_PLACE,
    ],
}
