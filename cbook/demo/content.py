"""Demo data for Culture Book: the Pushing What Moves book, its principles, people and trios."""

from typing import Any, Final, Literal, TypedDict

from cbook.demo.prose import callout, doc, h, ol, p, quote, ul

# Shapes are declared as TypedDicts so a seeder type-checks against the data it loads.
Status = Literal["draft", "in_review", "published"]
RoleName = Literal["admin", "coordinator", "editor", "author", "reader"]


class PrincipleData(TypedDict):
    """One principle: slug, short title, the principle sentence and a short description."""

    slug: str
    title: str
    statement: str
    description: str


class AudienceData(TypedDict):
    """One audience the book speaks to."""

    slug: str
    name: str
    description: str


class UserData(TypedDict):
    """One demo user account."""

    email: str
    name: str
    role: RoleName


class TrioData(TypedDict):
    """One trio: a lead plus two members, all identified by email."""

    slug: str
    name: str
    description: str
    lead: str
    members: list[str]


class SectionData(TypedDict):
    """One section: metadata plus its ProseMirror document."""

    slug: str
    title: str
    status: Status
    principles: list[str]
    audiences: list[str]
    doc: dict[str, Any]


class ChapterData(TypedDict):
    """One chapter, optionally owned by a trio (by slug)."""

    slug: str
    title: str
    summary: str
    trio: str | None
    sections: list[SectionData]


class BookData(TypedDict):
    """The whole demo book."""

    slug: str
    title: str
    subtitle: str
    language: str
    description: str
    chapters: list[ChapterData]


# ---------------------------------------------------------------------------
# Principles and audiences
# ---------------------------------------------------------------------------

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

# ---------------------------------------------------------------------------
# People and trios (all names are invented)
# ---------------------------------------------------------------------------

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

# ---------------------------------------------------------------------------
# Chapter 1: Vision
# ---------------------------------------------------------------------------

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
                "and enablers* chapter, then work through the barrier-to-enabler canvas with "
                "one colleague. Thirty minutes is enough to make a start."
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

# ---------------------------------------------------------------------------
# Chapter 2: Our principles
# ---------------------------------------------------------------------------

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

# ---------------------------------------------------------------------------
# Chapter 3: Barriers and enablers
# ---------------------------------------------------------------------------

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
            "way a trio put these ideas to the test."
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
            "experiences it.",
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

# ---------------------------------------------------------------------------
# Chapter 4: Real-world experiments
# ---------------------------------------------------------------------------

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
            "drawing in other leaders from across the city-region as they need them."
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
            "review.**"
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

# ---------------------------------------------------------------------------
# Chapter 5: Tools and guidance
# ---------------------------------------------------------------------------

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
            "A printable version of the canvas is available from the coordinating team. You "
            "can also use it as a shared online document, as long as everyone can edit it."
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

# ---------------------------------------------------------------------------
# Chapter 6: Leadership stories (composite and illustrative)
# ---------------------------------------------------------------------------

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

# ---------------------------------------------------------------------------
# The book
# ---------------------------------------------------------------------------

BOOK: Final[BookData] = {
    "slug": "pushing-what-moves",
    "title": "Pushing What Moves",
    "subtitle": "A Culture Book for system-shifting leadership in Greater Manchester",
    "language": "en",
    "description": (
        "A living book co-written by trios of leaders from public services, the voluntary "
        "and community sector and communities across Greater Manchester. It sets out a "
        "shared vision and five principles, names the barriers that most often hold change "
        "back, and offers practical tools and stories for replacing them with enablers."
    ),
    "chapters": [
        {
            "slug": "vision",
            "title": "Vision: why a Culture Book",
            "summary": (
                "Why leaders across Greater Manchester are writing this book, the change we "
                "want to see, and how to find your way around it."
            ),
            "trio": None,
            "sections": [_WHY_A_CULTURE_BOOK, _THE_CHANGE_WE_WANT, _HOW_TO_USE_THIS_BOOK],
        },
        {
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
        },
        {
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
        },
        {
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
        },
        {
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
        },
        {
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
        },
    ],
}
