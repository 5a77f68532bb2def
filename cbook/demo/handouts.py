"""The demo library's files: short guides, a worksheet and a checklist, as Markdown.

Written for the demo from the Pushing What Moves invitation. ``cbook init --demo`` turns
each into the PDF or DOCX named here with the platform's own pandoc and typst bridges and
attaches it to its resource (see :mod:`cbook.demo.files`), so no binary is committed.
"""

from typing import Final, Literal, TypedDict


class Handout(TypedDict):
    """One file of the demo library: the resource it belongs to (by key) and its text."""

    resource: str  # a key of cbook.demo.library.RESOURCES
    file_name: str
    format: Literal["pdf", "docx"]
    markdown: str


_CANVAS = """\
---
title: Barrier-to-enabler canvas
subtitle: A one-page worksheet for a trio
---

Use this canvas at the start of an experiment, and again when it ends. Fill it in
together: one pen, three voices. Keep each answer to a few lines.

## 1. The barrier in our real work

What gets in the way, in words a colleague would recognise? Describe what happens, not
who is to blame.

> \\
> \\
> \\

## 2. Who holds it in place

Which rules, meetings, budgets or habits keep it there? Who could change them, and who
would notice first if they did?

> \\
> \\
> \\

## 3. The enabler we want instead

If the barrier were gone, what would people do differently on a Tuesday morning?

> \\
> \\
> \\

## 4. The smallest experiment that would test it

| What we will try | Who is involved | When we will look again |
|---|---|---|
| | | |
| | | |

## 5. How we will know

Name one thing you will count and one story you will listen for, from the people the
change is meant to help.

- We will count:
- We will listen for:

*Tip:* a barrier you can name without blame is a barrier you can start to move.
"""

_PROCESS = """\
---
title: "How we ran Pushing What Moves"
subtitle: The process, codified, for the next group of leaders
---

Pushing What Moves is six months of working on real barriers in real work, with support.
This guide describes how the first cycle ran, so that the next group can repeat it and
improve it.

## June: the introductory workshop

A half-day workshop opens the cycle. It confirms the purpose (removing or redesigning the
cultural and structural barriers that get in the way of leading system change), explains
what people commit to, and identifies the leads of four trios. Everyone who attends gets
the learning resources, a monthly update and an invitation to the celebration event,
whether or not they lead a trio.

## July and August: personal coaching

Each trio lead has coaching from a professional coach every three weeks. The
conversations cover their ambitions for change, the pressures and barriers in their way,
the people they have asked to join their trio and how they mean to lead it. Leads keep a
reflective journal. The aim is psychological safety: feeling prepared to lead and to say
what is not working.

## September: storytelling and ambition setting

A full day for trio leads: personal stories of leadership and the barriers in them,
stories of places already turning barriers into enablers, and a first plan for each
trio's experiment.

## October: real-world experiments

Each trio removes or redesigns one barrier and tests a better way of working, meeting
regularly and drawing in other leaders as needed.

## November: the Culture Book

Trio leads co-write the Culture Book: a vision, five principles, and the tools, stories
and guidance they found useful, in whatever formats reach their audiences.

## December: the celebration event

Participants, contributors and leaders chosen by the trios celebrate progress, name the
impact and the difficulties, and volunteers offer to mentor the next cycle.

## What we would keep, and what we would change

- Keep: trios from different sectors; coaching before experiments; stories before plans.
- Change: start the impact measures in July, not November; protect time in diaries early.
"""

_PRESSURES = """\
---
title: Three system pressures
subtitle: Naming what holds leaders back
---

Trust and collaboration are at the heart of system leadership, and three pressures put
them at risk again and again. Naming them is the first step to shifting them.

## 1. Governance that holds power in place

Boards and committees exist to make good decisions, but their machinery can end up
keeping existing relationships of power exactly where they are. Partners attend but do
not decide; agendas are set by the same few people.

**Ask:** who sets the agenda, and when did this board last change its mind because of a
partner?

## 2. Boundaries that do not put people's lives first

Each organisation is accountable for its own part of a person's life, so nobody is
accountable for the whole of it. People are passed between services that each do their
job well.

**Ask:** whose life would be easier if we measured what they need rather than what we
provide?

## 3. Business as usual crowding out innovation

Immediate pressures fill every diary, so the time for longer-term change is always next
quarter.

**Ask:** what would we stop doing for six weeks to make room for one experiment?

## Using the framework

Take one pressure per conversation. Describe how it shows up in your real work, who holds
it in place, and the enabler you would put in its place. The barrier-to-enabler canvas in
the library gives you a page to do it on.
"""

_BOARD_CHECKLIST = """\
---
title: Board meeting checklist
subtitle: A companion to the webinar "Boards that face the system"
---

Use this before, during and after your next partnership board meeting. Tick what is true
today; pick one thing that is not, and change it next time.

## Before the meeting

- [ ] The agenda was set with partners, including someone from the voluntary and
  community sector.
- [ ] Papers went out a week before, short enough to read.
- [ ] One system challenge has at least forty minutes of the meeting.
- [ ] Residents affected by that challenge were asked what the board should hear.

## During the meeting

- [ ] Reports are taken as read; the time goes on the challenge.
- [ ] Everyone at the table speaks before anyone speaks twice.
- [ ] The risks of standing still are discussed as well as the risks of acting.
- [ ] A decision is made, not just noted, and it says who will do what.

## After the meeting

- [ ] The decision and the reasons for it are shared with the people it affects.
- [ ] Someone checks, a month later, whether anything changed.
- [ ] The board asks itself: what did we learn from a partner today?
"""

_NEW_SPACE = """\
---
title: "Case study: a new space for leaders who had never met"
subtitle: How one trio brought two groups of leaders into the same room
---

## The barrier

Two groups of leaders in the same borough, one from public services and one from
community organisations, had worked side by side for years without ever meeting. Each
knew the other only through referrals, funding bids and complaints.

## What the trio tried

The trio designed a monthly morning with no agenda beyond one question that mattered to
both groups: *what would make this neighbourhood easier to live in this winter?* They
met in a community centre, not a council building. Nobody presented slides. Each meeting
ended with one thing somebody would try before the next.

## What happened

The first morning was awkward. By the third, people were calling each other between
meetings. Two services changed how they made referrals; a community group was asked to
co-design a winter warmth scheme rather than bid for it.

## What kept people coming back

- The question was real, and it was theirs.
- Nobody had to represent their organisation; they could speak as themselves.
- Small promises were kept, and the next meeting started by saying so.

## What we would tell another trio

Start smaller than you think. Hold the space for longer than feels comfortable. Let the
groups decide what the space is for.
"""

HANDOUTS: Final[list[Handout]] = [
    {"resource": "canvas", "file_name": "barrier-to-enabler-canvas.docx", "format": "docx",
     "markdown": _CANVAS},
    {"resource": "process", "file_name": "how-we-ran-pushing-what-moves.pdf",
     "format": "pdf", "markdown": _PROCESS},
    {"resource": "pressures", "file_name": "three-system-pressures.pdf", "format": "pdf",
     "markdown": _PRESSURES},
    {"resource": "boards-webinar", "file_name": "board-meeting-checklist.pdf",
     "format": "pdf", "markdown": _BOARD_CHECKLIST},
    {"resource": "new-space", "file_name": "a-new-space-for-leaders.docx", "format": "docx",
     "markdown": _NEW_SPACE},
]
