"""Questions: people send questions or comments to a panel and upvote each other's
(one upvote per question per person, taken back with a second tap); the facilitator
may approve before a question shows, pins the one being answered, marks answered,
hides (issue 19)."""

from __future__ import annotations

from pari.i18n import N_
from pari.models import StepKind
from pari.steps.base import Kind
from pari.steps.questions.models import Question


class Questions(Kind):
    kind = StepKind.QUESTIONS
    label = N_("Questions")
    answer_model = Question


KIND = Questions()
