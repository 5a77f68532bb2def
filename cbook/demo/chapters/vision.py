"""Chapter 1, Vision: why leaders are writing a Culture Book and how to use it."""

from typing import Final

from cbook.demo.prose import callout, doc, h, ol, p, quote, ul
from cbook.demo.shapes import ChapterData, SectionData

_WHY_A_CULTURE_BOOK: Final[SectionData] = {
    "slug": "why-a-culture-book",
    "title": "Why a Culture Book",
    "status": "published",
    "principles": ["shared-purpose", "new-cultures"],
    "audiences": ["trio-leads", "board-members", "public"],
    "doc": doc(
        p(
            "Greater Manchester is not short of leaders. It is full of people in councils, "
            "health services, charities, faith groups, tenants' associations and street-level "
            "networks who want life to be fairer for the people around them. What holds them "
            "back is rarely a lack of skill or will. More often it is the *system around "
            "them*: the meeting that cannot make a decision, the budget line that cannot "
            "bend, the form that asks the wrong question."
        ),
        p(
            "This book exists because we kept running into the same walls from different "
            "sides. A housing officer, a youth worker and a resident organiser can describe "
            "the same barrier in three different vocabularies, each assuming it is their "
            "problem alone. Writing things down together turns private frustration into "
            "shared knowledge, and shared knowledge is where collective action starts.",
            principles=["shared-purpose"],
        ),
        h(2, "A book about culture, not a manual"),
        p(
            "We call it a *Culture Book* because the barriers we care about live as much in "
            "habits, expectations and unspoken rules as in formal structures. Nobody wrote a "
            "rule saying community voices go last on the agenda, yet somehow they often do. "
            "Changing that takes more than a new policy. It takes leaders who notice, name "
            "and redesign the everyday patterns that shape how power moves.",
            principles=["new-cultures"],
        ),
        p("This book is:"),
        ul(
            "**Co-written** by trios of leaders from public services, the voluntary and "
            "community sector and communities themselves.",
            "**Practical**, with tools you can use next week rather than theory you admire "
            "and then shelve.",
            "**Living**: sections move from draft to review to published, and they will keep "
            "changing as we learn.",
        ),
        quote(
            p(
                "We didn't need another strategy. We needed somewhere honest to write down "
                "what actually gets in the way, and what we did about it."
            ),
            p("— trio lead, first cycle (composite voice)"),
        ),
        p(
            "The programme behind this book, *Pushing What Moves*, is led by the "
            "[Greater Manchester Combined Authority](https://www.greatermanchester-ca.gov.uk/) "
            "working with [Innovation Unit](https://www.innovationunit.org/). The words here "
            "belong to the leaders who wrote them."
        ),
        key="pushing-what-moves/why-a-culture-book",
    ),
}

_THE_CHANGE_WE_WANT: Final[SectionData] = {
    "slug": "the-change-we-want",
    "title": "The change we want to see",
    "status": "published",
    "principles": ["shared-purpose", "better-outcomes"],
    "audiences": ["board-members", "community-leaders", "public"],
    "doc": doc(
        p(
            "Our ambition is simple to say and hard to do. We want the systems of Greater "
            "Manchester to make good leadership easier rather than harder, so that "
            "inequalities narrow and people's lives improve in ways they would recognise "
            "themselves.",
            principles=["shared-purpose"],
            audiences=["public"],
        ),
        h(2, "From barriers to enablers"),
        p(
            "Every barrier in this book has a mirror image. Governance that protects the "
            "status quo can become governance that shares power. Accountability that stops "
            "at an organisation's front door can become accountability for what happens in a "
            "person's life. Calendars packed with routine can be rebalanced to protect time "
            "for trying something new. We describe these shifts as moving from **barriers** "
            "to **enablers**, and we treat each one as something leaders can actually work "
            "on.",
            principles=["new-cultures"],
        ),
        h(2, "What success looks like"),
        h(3, "Soon"),
        ul(
            "A growing network of leaders, established and emerging, who trust each other "
            "enough to say what is really going on.",
            "Confidence that a barrier can be named out loud and shifted together, and a "
            "shared sense of how to do it.",
            "Early, visible movement in the real work each trio has chosen.",
        ),
        h(3, "In a few years"),
        ul(
            "New habits and structures that make collaboration the path of least resistance.",
            "Leaders with more energy and confidence, and the skills to lead across boundaries.",
            "Communities shaping decisions rather than being consulted after them.",
            audiences=["community-leaders"],
        ),
        h(3, "Over the long run"),
        p(
            "A wider, more diverse and more distributed community of system leaders, working "
            "in ways that outlast any one programme, with changes in people's lives that can "
            "be seen and counted.",
            principles=["better-outcomes"],
            audiences=["public"],
        ),
        p(
            "None of this happens because a document says so. It happens when leaders use "
            "their own positions, formal or informal, to change one meeting, one relationship "
            "or one rule at a time, and then tell others what they learned."
        ),
        key="pushing-what-moves/the-change-we-want",
    ),
}

_HOW_TO_USE_THIS_BOOK: Final[SectionData] = {
    "slug": "how-to-use-this-book",
    "title": "How to use this book",
    "status": "published",
    "principles": ["real-work"],
    "audiences": ["trio-leads", "board-members", "community-leaders"],
    "doc": doc(
        p(
            "You do not need to read this book from start to finish. It is built to be "
            "dipped into when you are stuck, preparing for a difficult meeting, or starting "
            "something new with people you have not worked with before."
        ),
        h(2, "Finding your way around"),
        ol(
            "**Vision** sets out why the book exists and what we hope will change.",
            "**Our principles** describes the five commitments that hold the work together.",
            "**Barriers and enablers** names the patterns that most often stop progress, and "
            "what can replace them.",
            "**Real-world experiments** shows the kinds of change trios have tried.",
            "**Tools and guidance** gives practical methods you can run yourself.",
            "**Leadership stories** offers composite accounts of what this work feels like "
            "from the inside.",
        ),
        h(2, "Reading by role"),
        p(
            "Passages are tagged for the people they are most useful to. Look for the "
            "audience labels as you read:"
        ),
        ul(
            "**Trio leads** will find coaching prompts, facilitation notes and ways to keep "
            "momentum between meetings.",
            "**Board members** will find questions to ask of their own governance and ideas "
            "for changing how meetings run.",
            "**Community leaders** will find ways to claim space in decisions and to hold "
            "institutions to account.",
            "**The public** can see what leaders have committed to and judge whether they "
            "are keeping their word.",
        ),
        callout(
            "tool",
            "A quick way in",
            p(
                "Pick one barrier you met this week. Find the closest match in the *Barriers "
                "and enablers* chapter, then work through the [Barrier-to-enabler "
                "canvas](resource:canvas) with one colleague. Thirty minutes is enough to "
                "make a start."
            ),
            principles=["real-work"],
            audiences=["trio-leads"],
        ),
        p(
            "Every section shows its status. *Published* sections have been reviewed by an "
            "editor; sections *in review* or in *draft* are work in progress, shared openly "
            "because learning in public is part of the point."
        ),
        key="pushing-what-moves/how-to-use-this-book",
    ),
}

CHAPTER: Final[ChapterData] = {
    "slug": "vision",
    "title": "Vision: why a Culture Book",
    "summary": (
        "Why leaders across Greater Manchester are writing this book, the change we "
        "want to see, and how to find your way around it."
    ),
    "trio": None,
    "sections": [_WHY_A_CULTURE_BOOK, _THE_CHANGE_WE_WANT, _HOW_TO_USE_THIS_BOOK],
}
