"""Chapter 5, Tools and guidance: practical methods for leaders and trios."""

from typing import Final

from cbook.demo.prose import callout, doc, h, ol, p, quote, ul
from cbook.demo.shapes import ChapterData, SectionData

_BARRIER_TO_ENABLER_CANVAS: Final[SectionData] = {
    "slug": "barrier-to-enabler-canvas",
    "title": "The barrier-to-enabler canvas",
    "status": "published",
    "principles": ["real-work", "new-cultures"],
    "audiences": ["trio-leads", "board-members", "community-leaders"],
    "doc": doc(
        p(
            "The barrier-to-enabler canvas is a simple structured conversation. It helps a "
            "small group move from a shared frustration to a concrete experiment in about "
            "ninety minutes. It works best with three to six people who each meet the "
            "barrier from a different position."
        ),
        callout(
            "tool",
            "The barrier-to-enabler canvas",
            ol(
                "**Name the barrier** in one sentence, in the words of the people who meet "
                "it. Avoid jargon and avoid blame.",
                "**Describe how it shows up.** Collect three recent, specific examples from "
                "real work.",
                "**Trace what holds it in place.** List the rules, habits, incentives and "
                "relationships that keep the barrier where it is.",
                "**Notice who bears the cost.** Ask whose life is made harder, and whether "
                "they are part of this conversation.",
                "**Picture the enabler.** Describe what would be happening if the barrier had "
                "been replaced by something helpful.",
                "**Find the smallest real test.** Choose one thing you could change in the "
                "next month that moves towards that picture.",
                "**Agree permission and support.** Identify who needs to back the test and "
                "who will ask them.",
                "**Decide what you will watch.** Choose two or three signs that would tell "
                "you whether the test is helping.",
            ),
            principles=["real-work", "new-cultures"],
            audiences=["trio-leads"],
        ),
        h(2, "Tips for facilitators"),
        ul(
            "Spend longer on steps 3 and 4 than feels comfortable. That is where most of the "
            "insight comes from.",
            "If the group jumps to solutions at step 2, park the ideas on a separate sheet "
            "and come back to them at step 6.",
            "Keep the finished canvas. Revisiting it after the test is one of the richest "
            "sources of learning.",
            audiences=["trio-leads"],
        ),
        p(
            "A version of the canvas you can fill in, the [Barrier-to-enabler "
            "canvas](resource:canvas), is in the library. You can also use it as a shared "
            "online document, as long as everyone can edit it."
        ),
        key="pushing-what-moves/barrier-to-enabler-canvas",
    ),
}

_RUNNING_A_TRIO: Final[SectionData] = {
    "slug": "running-a-trio",
    "title": "Running a trio",
    "status": "published",
    "principles": ["human-experience", "real-work"],
    "audiences": ["trio-leads"],
    "doc": doc(
        p(
            "A trio is a group of three leaders who work together on barriers connected to "
            "their real work. It is small enough for honesty and large enough to bring "
            "different perspectives. This guidance draws on what trio leads have found "
            "helpful."
        ),
        h(2, "Choosing your trio"),
        p(
            "Look for people who meet the same barrier from different positions: for "
            "example a public sector manager, a voluntary sector leader and a resident or "
            "community organiser. Differences of role, sector, background and formal "
            "authority make a trio stronger, even when they make the first meetings harder.",
            principles=["new-cultures"],
            audiences=["trio-leads"],
        ),
        h(2, "A rhythm that works"),
        ul(
            "**Meet often**: every two to three weeks during the experiment, for ninety minutes.",
            "**Use a simple structure**: check-in, progress on the experiment, one barrier in "
            "depth, agreed actions, check-out.",
            "**Stay connected between meetings** with a messaging group for quick updates "
            "and encouragement.",
            "**Draw others in** when the experiment needs authority, expertise or lived "
            "experience the trio lacks.",
        ),
        h(2, "The role of the trio lead"),
        p(
            "The lead holds the space rather than holding all the answers. That means "
            "keeping momentum, making sure every voice is heard, and paying attention to how "
            "people are doing, not only to what they are doing. Leads receive personal "
            "coaching throughout, and using it to reflect on the trio's dynamics is "
            "encouraged.",
            principles=["human-experience"],
            audiences=["trio-leads"],
        ),
        callout(
            "reflection",
            "When a trio gets stuck",
            ul(
                "Is the barrier too big? Try narrowing it to one setting or one group of people.",
                "Is someone holding back? Ask privately what would help them contribute.",
                "Has the experiment lost its sponsor? Go back to whoever gave permission and "
                "renew it.",
                "Lost track of where you are in the six months? [How we ran Pushing What "
                "Moves](resource:process) sets out each step.",
            ),
            audiences=["trio-leads"],
        ),
        key="pushing-what-moves/running-a-trio",
    ),
}

_REFLECTIVE_JOURNAL: Final[SectionData] = {
    "slug": "reflective-journal",
    "title": "Keeping a reflective journal",
    "status": "published",
    "principles": ["human-experience"],
    "audiences": ["trio-leads", "community-leaders"],
    "doc": doc(
        p(
            "Leading system change is demanding in ways that are easy to ignore until they "
            "become overwhelming. A reflective journal gives you a place to notice what is "
            "happening to you as a leader, and keeps a record of learning that would "
            "otherwise be lost."
        ),
        h(2, "How to keep one"),
        ul(
            "Write little and often: ten minutes after a significant meeting is worth more "
            "than an hour at the end of the month.",
            "Use whatever format suits you: a notebook, voice notes or a private document.",
            "Keep it private by default. You choose what to share with your coach or trio.",
        ),
        h(2, "Prompts to get started"),
        ol(
            "What happened today that I keep thinking about?",
            "What did I feel, and what did I do with that feeling?",
            "Where did I notice a barrier, and where did I notice an enabler?",
            "What did I say yes to that I should have questioned?",
            "Who did I learn from, and did I tell them?",
            "What will I do differently next time?",
        ),
        callout(
            "tool",
            "A monthly review",
            p(
                "Once a month, read back through your entries and write a short summary: the "
                "two or three patterns you notice, one thing you are proud of, and one "
                "question you want to take to your coach."
            ),
            principles=["human-experience"],
            audiences=["trio-leads"],
        ),
        quote(
            p(
                "Reading my journal back after three months, I realised I'd stopped "
                "apologising for asking for help. That was the biggest change in me."
            ),
            p("— trio lead (composite)"),
        ),
        p(
            "With permission, anonymised themes from journals can feed into the book's "
            "shared learning, helping others see they are not alone in the harder moments.",
            principles=["better-outcomes"],
        ),
        key="pushing-what-moves/reflective-journal",
    ),
}

_CAPTURING_IMPACT_AND_LEARNING: Final[SectionData] = {
    "slug": "capturing-impact-and-learning",
    "title": "Capturing impact and learning",
    "status": "in_review",
    "principles": ["better-outcomes", "real-work"],
    "audiences": ["trio-leads", "board-members", "public"],
    "doc": doc(
        p(
            "We want to know whether this work makes a difference, to leaders and above all "
            "to the people of Greater Manchester. That means capturing both what changes and "
            "what we learn along the way, without turning it into a reporting burden that "
            "smothers the experiments themselves."
        ),
        h(2, "What we capture"),
        ol(
            "**Learning and insight** from participants, gathered through structured "
            "reflection sessions run by the coordinating team.",
            "**A description of the process**, so that others can run it again and improve it.",
            "**Learning resources**, such as recorded conversations and reading lists, that "
            "grow out of the work.",
            "**Impact**, both on the barriers themselves and, where we can see them, early "
            "signs of change in residents' lives.",
        ),
        h(2, "Measuring honestly"),
        p(
            "Not everything that matters can be counted early. We use a mix of evidence: "
            "simple numbers where they exist, accounts from the people affected, and leaders' "
            "own descriptions of what has shifted. We say clearly which kind of evidence "
            "supports each claim.",
            principles=["better-outcomes"],
            audiences=["board-members", "public"],
        ),
        callout(
            "tool",
            "Three questions for every experiment",
            ul(
                "What did we set out to change, and for whom?",
                "What actually happened, including what surprised us or went wrong?",
                "What would we tell another trio starting the same experiment tomorrow?",
            ),
            principles=["better-outcomes", "real-work"],
            audiences=["trio-leads"],
        ),
        p(
            "Summaries of impact are published alongside this book. The "
            "[Greater Manchester Combined Authority](https://www.greatermanchester-ca.gov.uk/) "
            "and [Innovation Unit](https://www.innovationunit.org/) share wider learning "
            "from the programme as it develops."
        ),
        key="pushing-what-moves/capturing-impact-and-learning",
    ),
}

CHAPTER: Final[ChapterData] = {
    "slug": "tools-and-guidance",
    "title": "Tools and guidance",
    "summary": (
        "Practical methods for turning barriers into enablers, running a trio, "
        "reflecting on your leadership and capturing what changes."
    ),
    "trio": "neighbourhood-power",
    "sections": [
        _BARRIER_TO_ENABLER_CANVAS,
        _RUNNING_A_TRIO,
        _REFLECTIVE_JOURNAL,
        _CAPTURING_IMPACT_AND_LEARNING,
    ],
}
