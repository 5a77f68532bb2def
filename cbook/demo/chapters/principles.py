"""Chapter 2, Our principles: the five commitments and how to live them."""

from typing import Final

from cbook.demo.prose import callout, doc, h, p, quote, ul
from cbook.demo.shapes import ChapterData, SectionData

_PRINCIPLES_AT_A_GLANCE: Final[SectionData] = {
    "slug": "principles-at-a-glance",
    "title": "Five principles at a glance",
    "status": "published",
    "principles": ["shared-purpose", "new-cultures", "better-outcomes"],
    "audiences": ["trio-leads", "board-members", "public"],
    "doc": doc(
        p(
            "Five principles hold this work together. They are not values to frame on a "
            "wall; they are commitments we use to test decisions, design experiments and "
            "hold one another to account. Each has a page of its own listing every passage "
            "in the book that speaks to it."
        ),
        h(2, "1. Shared purpose"),
        p(
            "**We are anchored by a shared purpose and a bold, shared vision for change.** "
            "When leaders from different organisations agree what they are ultimately for, "
            "turf matters less and trust grows faster.",
            principles=["shared-purpose"],
        ),
        h(2, "2. Real work, real challenges"),
        p(
            "**We are driven by the real work in front of us.** Experiments start from a "
            "live problem that someone is responsible for, not from a hypothetical case "
            "study, so learning lands where it is needed.",
            principles=["real-work"],
        ),
        h(2, "3. The human side of leadership"),
        p(
            "**We take the human experience of leadership seriously**, including its mess "
            "and its effect on others. Fear, fatigue and hope shape decisions as much as "
            "evidence does, and pretending otherwise makes leaders brittle.",
            principles=["human-experience"],
        ),
        h(2, "4. New cultures and structures"),
        p(
            "**We look for chances to build new cultures and structures** that release the "
            "leadership potential already present in Greater Manchester, especially in "
            "people who have rarely been asked to lead.",
            principles=["new-cultures"],
        ),
        h(2, "5. Better outcomes, measured"),
        p(
            "**We connect our leadership to better outcomes for the public** and support "
            "honest efforts to assess and measure the difference we make.",
            principles=["better-outcomes"],
            audiences=["public"],
        ),
        quote(
            p("If a principle never costs you anything, it is probably a preference."),
            p("— from a coaching conversation, shared with permission (composite)"),
        ),
        key="pushing-what-moves/principles-at-a-glance",
    ),
}

_LIVING_THE_PRINCIPLES: Final[SectionData] = {
    "slug": "living-the-principles",
    "title": "Living the principles day to day",
    "status": "in_review",
    "principles": ["human-experience", "real-work"],
    "audiences": ["trio-leads", "community-leaders"],
    "doc": doc(
        p(
            "Principles are easy to agree with in a workshop and hard to hold on a Tuesday "
            "afternoon with a deadline looming. This section collects what trio leads have "
            "learned about keeping them alive through ordinary working weeks."
        ),
        h(2, "Small habits that make a difference"),
        ul(
            "**Open with purpose.** Begin partnership meetings by restating, in one sentence, "
            "who the work is ultimately for. It takes a minute and changes the tone of what "
            "follows.",
            "**Bring a live case.** Ask each person to bring one current situation where the "
            "system is getting in the way. Abstract discussion drifts; real cases focus "
            "attention.",
            "**Check in as people.** A short round on how everyone is actually doing is not a "
            "luxury. It surfaces the pressures that would otherwise leak into decisions.",
            "**Invite the missing voice.** Before agreeing an action, ask who is affected but "
            "not in the room, and what it would take to bring them in next time.",
            "**Name the evidence.** Agree what you would expect to see if the change is "
            "working, even if the first measure is rough.",
        ),
        callout(
            "reflection",
            "Questions for your journal",
            ul(
                "Which principle did I find easiest to honour this week, and why?",
                "Where did I trade one principle against another, and was I honest about it?",
                "Whose experience of my leadership would I most like to hear about?",
            ),
            principles=["human-experience"],
            audiences=["trio-leads"],
        ),
        p(
            "Living the principles also means accepting that you will fall short. The trios "
            "that made most progress were not the ones that never slipped. They were the ones "
            "that noticed quickly, said so out loud and adjusted together.",
            principles=["human-experience"],
            audiences=["trio-leads", "community-leaders"],
        ),
        key="pushing-what-moves/living-the-principles",
    ),
}

_WHEN_PRINCIPLES_PULL_APART: Final[SectionData] = {
    "slug": "when-principles-pull-apart",
    "title": "When principles pull in different directions",
    "status": "draft",
    "principles": ["better-outcomes", "human-experience", "new-cultures"],
    "audiences": ["trio-leads", "board-members"],
    "doc": doc(
        p(
            "*Draft for discussion: the trio is still writing this section and it has not "
            "yet been reviewed.*"
        ),
        p(
            "The five principles usually reinforce one another, but not always. Real "
            "leadership involves moments when honouring one seems to mean neglecting another. "
            "Naming these tensions openly is more useful than pretending they do not exist."
        ),
        h(2, "Tensions we have noticed"),
        h(3, "Measurement versus messiness"),
        p(
            "Funders and boards rightly want evidence of impact. Yet some of the most "
            "important early shifts, such as a relationship moving from suspicion to trust, "
            "are hard to count. Pushing for numbers too early can steer experiments towards "
            "what is easy to measure rather than what matters.",
            principles=["better-outcomes", "human-experience"],
            audiences=["board-members"],
        ),
        h(3, "Pace versus inclusion"),
        p(
            "Working on real challenges creates urgency, and urgency favours the people who "
            "are already in the room. Slowing down to involve residents or frontline staff "
            "can feel like losing momentum, even when it makes the change far more likely to "
            "last.",
            principles=["real-work", "new-cultures"],
        ),
        h(3, "Bold vision versus present pressure"),
        p(
            "A shared vision needs room to breathe, but leaders are judged on this quarter's "
            "performance. Protecting time for longer-term work can look like neglecting the "
            "day job."
        ),
        h(2, "Working with the tension"),
        ul(
            "Say which principle you are prioritising, and why, rather than leaving it implicit.",
            "Agree a point at which you will revisit the choice.",
            "Ask someone outside your trio whether the trade-off looks fair from where they stand.",
        ),
        p(
            "We would welcome other tensions readers have met. Add them as review comments so "
            "the next version can draw on them."
        ),
        key="pushing-what-moves/when-principles-pull-apart",
    ),
}

CHAPTER: Final[ChapterData] = {
    "slug": "our-principles",
    "title": "Our principles",
    "summary": (
        "The five commitments that anchor this work, and what it takes to live them "
        "when the pressure is on."
    ),
    "trio": "boards-that-listen",
    "sections": [
        _PRINCIPLES_AT_A_GLANCE,
        _LIVING_THE_PRINCIPLES,
        _WHEN_PRINCIPLES_PULL_APART,
    ],
}
