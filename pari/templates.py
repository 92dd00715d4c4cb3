"""The seeded workshop templates of DESIGN section 3, copied into a workshop on creation.

Titles, prompts, categories and options are English message ids marked with
``N_``: they are stored as written and translated where they are drawn
(``pari.labels.text_label``; words with two meanings carry a context, ``NC_``, that
``text_label`` knows), so a workshop reads in each person's language
until a facilitator edits a text (which then stays as typed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pari.i18n import N_, NC_
from pari.labels import GROUP_SHORT_LABELS, READINESS_DIMENSIONS
from pari.models import StepKind, Template


@dataclass(frozen=True)
class StepSpec:
    kind: StepKind
    title: str
    prompt: str = ""
    config: dict[str, Any] = field(default_factory=dict)
    # Index (in the same template) of the earlier ideas step this step draws from.
    source: int | None = None


# The three pillars of sustainability (social, ecological, economic challenges): marked
# with a context, as the words have other meanings ("Social economy" ...);
# pari.labels.text_label translates the stored English with the same context.
CHALLENGE_CATEGORIES = [
    NC_("challenge category", "Social"),
    NC_("challenge category", "Ecological"),
    NC_("challenge category", "Economic"),
]

LOCAL_PLAN: list[StepSpec] = [
    StepSpec(
        StepKind.CHECK_IN,
        N_("Welcome: who is in the room?"),
        N_("Tell us which stakeholder group you speak for."),
    ),
    StepSpec(
        StepKind.WORD_CLOUD,
        N_("What does cooperation mean here?"),
        N_("In one to three words: what does cooperation mean here?"),
        {"max_answers": 3},
    ),
    StepSpec(
        StepKind.IDEAS,
        N_("Who is missing?"),
        N_("Which actors should be part of the cluster but are not in the room?"),
        {"categories": list(GROUP_SHORT_LABELS.values())},
    ),
    StepSpec(
        StepKind.MATRIX,
        N_("Where do they stand?"),
        N_("Score each missing actor on their power and their interest."),
        {"criteria": [N_("Power"), N_("Interest")]},
        source=2,
    ),
    StepSpec(
        StepKind.ASSESSMENT,
        N_("How ready are we?"),
        N_("Rate our territory on each dimension from 0 to 10, or say you don't know."),
        {"dimensions": list(READINESS_DIMENSIONS)},
    ),
    StepSpec(
        StepKind.IDEAS,
        N_("Assets and resources"),
        N_("What can we build on? Name people, places, funding, knowledge ..."),
        {
            "categories": [
                N_("People"),
                N_("Organisations"),
                N_("Places"),
                N_("Funding"),
                NC_("asset category", "Knowledge"),
                N_("Nature and culture"),
            ]
        },
    ),
    StepSpec(
        StepKind.IDEAS,
        N_("Challenges"),
        N_("Which challenges should the cluster take on?"),
        {"categories": CHALLENGE_CATEGORIES},
    ),
    StepSpec(
        StepKind.DOT_VOTE,
        N_("Challenge priorities"),
        N_("Spread your dots over the challenges that matter most."),
        {"budget": 5, "per_card_cap": 3},
        source=6,
    ),
    StepSpec(
        StepKind.IDEAS,
        N_("Innovation paths"),
        N_("How could we answer these challenges together?"),
        {"categories": CHALLENGE_CATEGORIES},
    ),
    StepSpec(
        StepKind.MATRIX,
        N_("Which paths?"),
        N_("Score each path on its impact and its feasibility."),
        {"criteria": [N_("Impact"), N_("Feasibility")]},
        source=8,
    ),
    StepSpec(
        StepKind.COMMITMENTS,
        N_("Commitments"),
        N_("What will you or your organisation bring, and by when?"),
        source=8,
    ),
    StepSpec(
        StepKind.POLL,
        N_("Governance"),
        N_("How should the cluster be organised?"),
        {
            "options": [
                N_("Informal network"),
                N_("Association"),
                N_("Cooperative"),
                N_("Hosted by the municipality"),
                N_("Other"),
            ],
            "multiple": False,
        },
    ),
    StepSpec(
        StepKind.RATING,
        N_("Confidence check"),
        N_("How much do you agree? Say “don't know” if you cannot tell."),
        {
            "statements": [
                N_("The cluster will have a coordinator by summer."),
                N_("We have the resources to start the first path."),
                N_("The municipality will back the plan."),
            ],
            "scale": "agree",
        },
    ),
    StepSpec(
        StepKind.PLAN,
        N_("Our local plan"),
        N_("Priorities, commitments and next steps."),
    ),
]

MISSION_DEBRIEF: list[StepSpec] = [
    StepSpec(
        StepKind.CHECK_IN,
        N_("Welcome back: who is here?"),
        N_("Tell us which stakeholder group you speak for."),
    ),
    StepSpec(
        StepKind.QUESTIONS,
        N_("Questions to our hosts"),
        N_("Ask our hosts what you want to know, and vote up the questions you want answered."),
        {"names": True},
    ),
    StepSpec(
        StepKind.IDEAS,
        N_("Observations"),
        N_("What did you see on the visit?"),
    ),
    StepSpec(
        StepKind.IDEAS,
        N_("Success factors"),
        N_("What made it work there?"),
    ),
    StepSpec(
        StepKind.IDEAS,
        N_("Challenges"),
        N_("What was hard for them, or would be hard here?"),
        {"categories": CHALLENGE_CATEGORIES},
    ),
    StepSpec(
        StepKind.DOT_VOTE,
        N_("Lessons to take home"),
        N_("Which success factors should we try at home? Spread your dots."),
        {"budget": 5, "per_card_cap": 3},
        source=3,
    ),
    StepSpec(
        StepKind.COMMITMENTS,
        N_("Commitments to try at home"),
        N_("What will you try at home, and by when?"),
        source=3,
    ),
]

BLANK: list[StepSpec] = [
    StepSpec(
        StepKind.CHECK_IN,
        N_("Welcome: who is in the room?"),
        N_("Tell us which stakeholder group you speak for."),
    ),
]

TEMPLATES: dict[Template, list[StepSpec]] = {
    Template.LOCAL_PLAN: LOCAL_PLAN,
    Template.MISSION_DEBRIEF: MISSION_DEBRIEF,
    Template.BLANK: BLANK,
}


def steps_of(template: Template) -> list[StepSpec]:
    return TEMPLATES[Template(template)]
