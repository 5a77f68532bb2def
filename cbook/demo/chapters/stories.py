"""Chapter 6, Leadership stories: composite, illustrative accounts from the inside."""

from typing import Final

from cbook.demo.prose import callout, doc, p, ul
from cbook.demo.shapes import ChapterData, SectionData

_STORY_THE_REPORT_NOBODY_READ: Final[SectionData] = {
    "slug": "story-the-report-nobody-read",
    "title": "Story: the report nobody read",
    "status": "published",
    "principles": ["new-cultures", "human-experience"],
    "audiences": ["board-members", "trio-leads", "public"],
    "doc": doc(
        p(
            "*This is a composite, illustrative story. It draws on the experiences of "
            "several leaders; names and details are invented.*"
        ),
        callout(
            "story",
            "The report nobody read",
            p(
                "Joy chaired a partnership board in a borough where child poverty had risen "
                "three years running. Each quarter, a detailed report arrived showing the "
                "trend. Each quarter, the board noted it and moved on. Nobody was careless. "
                "The report simply had nowhere to go."
            ),
            p(
                "After a coaching session, Joy tried something uncomfortable. At the next "
                "meeting she set the report aside and asked a mother from a local food "
                "network to describe a typical week. The room went quiet. Then a housing "
                "director asked a question, a head teacher answered it, and for the first "
                "time Joy could remember the board talked for forty minutes without looking "
                "at a slide."
            ),
            p(
                "The meeting ended with three partners agreeing to test a joint way of "
                "helping families before they reached crisis. It was small. It was also the "
                "first decision the board had taken *on* child poverty, rather than *about* "
                "it."
            ),
            principles=["new-cultures"],
            audiences=["board-members"],
        ),
        callout(
            "reflection",
            "Questions to consider",
            ul(
                "What information does your board receive that has nowhere to go?",
                "What would it cost you, personally, to change the format of a meeting you chair?",
                "Whose voice would change the conversation if it were heard first rather "
                "than last?",
            ),
            principles=["human-experience"],
            audiences=["board-members", "trio-leads"],
        ),
        p(
            "Joy said later that the hardest part was not the change itself but the week "
            "before it, worrying that colleagues would think her naive. None of them did.",
            principles=["human-experience"],
        ),
        key="pushing-what-moves/story-the-report-nobody-read",
    ),
}

_STORY_THE_ESTATE_THAT_WROTE_ITS_OWN_BRIEF: Final[SectionData] = {
    "slug": "story-the-estate-that-wrote-its-own-brief",
    "title": "Story: the estate that wrote its own brief",
    "status": "published",
    "principles": ["new-cultures", "better-outcomes"],
    "audiences": ["community-leaders", "public"],
    "doc": doc(
        p("*A composite, illustrative story. Names, places and details are invented.*"),
        callout(
            "story",
            "The estate that wrote its own brief",
            p(
                "Marcus had lived on the estate for twenty years and chaired the residents' "
                "group for five. He had lost count of the consultations. Each one began with "
                "a plan already drawn up and ended with a promise to *feed back*."
            ),
            p(
                "When a neighbourhood trio invited him in, he expected more of the same. "
                "Instead he was asked to bring ten neighbours together and decide what the "
                "problem actually was. They spent two evenings on it. Their answer surprised "
                "the agencies: not more organised activities for teenagers, but somewhere "
                "safe for them simply to be, with adults they already trusted."
            ),
            p(
                "A small budget was pooled and handed to the residents' group. Within months "
                "a disused community room had reopened, run by two parents and a youth worker "
                "the young people already knew. Complaints about antisocial behaviour nearby "
                "began to fall, though Marcus is careful to say that nobody can yet prove why."
            ),
            principles=["new-cultures", "better-outcomes"],
            audiences=["community-leaders"],
        ),
        callout(
            "reflection",
            "Questions to consider",
            ul(
                "Where are you asking communities for views when you could be handing them "
                "decisions?",
                "What would you need to let go of to make that possible?",
                "How will you know whether the change is working, in ways residents would "
                "recognise?",
            ),
            principles=["better-outcomes"],
            audiences=["community-leaders", "board-members"],
        ),
        p(
            "Marcus now mentors residents in other neighbourhoods who want to try the same "
            "approach.",
            audiences=["community-leaders"],
        ),
        key="pushing-what-moves/story-the-estate-that-wrote-its-own-brief",
    ),
}

_STORY_THE_PERMISSION_WE_ALREADY_HAD: Final[SectionData] = {
    "slug": "story-the-permission-we-already-had",
    "title": "Story: the permission we already had",
    "status": "draft",
    "principles": ["human-experience", "real-work"],
    "audiences": ["trio-leads", "board-members"],
    "doc": doc(
        p(
            "*Draft composite story. Names and details are invented, and the trio is still "
            "refining this account.*"
        ),
        callout(
            "story",
            "The permission we already had",
            p(
                "Anita managed a team of social workers who kept meeting the same families in "
                "the same cycle of crisis. She had an idea for working differently with a "
                "local charity, but assumed it would need sign-off from several layers above "
                "her. For eighteen months she waited for the right moment to ask."
            ),
            p(
                "In her trio, a colleague from the voluntary sector asked a simple question: "
                "*who, exactly, would say no?* Anita went to find out. Her director's answer "
                "was immediate: she did not need permission, and never had. The barrier was "
                "real in Anita's mind, shaped by years of a cautious culture, but it was not "
                "written down anywhere."
            ),
            p("The pilot started three weeks later."),
            principles=["human-experience"],
            audiences=["trio-leads"],
        ),
        callout(
            "reflection",
            "Questions to consider",
            ul(
                "Which of the rules you work around have you actually checked?",
                "What stories about permission does your organisation tell, and who benefits "
                "from them?",
                "How could senior leaders make it clearer what people are already free to do?",
            ),
            principles=["human-experience", "new-cultures"],
            audiences=["trio-leads", "board-members"],
        ),
        p(
            "Not every barrier is imaginary. But some of the strongest are held in place only "
            "by habit, and can be lifted by someone willing to ask."
        ),
        key="pushing-what-moves/story-the-permission-we-already-had",
    ),
}

CHAPTER: Final[ChapterData] = {
    "slug": "leadership-stories",
    "title": "Leadership stories",
    "summary": (
        "Composite, illustrative stories of what system-shifting leadership feels "
        "like from the inside, each with questions for reflection."
    ),
    "trio": "boards-that-listen",
    "sections": [
        _STORY_THE_REPORT_NOBODY_READ,
        _STORY_THE_ESTATE_THAT_WROTE_ITS_OWN_BRIEF,
        _STORY_THE_PERMISSION_WE_ALREADY_HAD,
    ],
}
