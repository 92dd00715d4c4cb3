"""Rating scale: one or more statements rated on the step's scale (1-5, 0-10, or
agree-disagree), "don't know" counted apart (issue 19)."""

from __future__ import annotations

from pari.i18n import N_
from pari.models import StepKind
from pari.steps.base import Kind
from pari.steps.rating.models import Rating


class RatingScale(Kind):
    kind = StepKind.RATING
    label = N_("Rating scale")
    answer_model = Rating


KIND = RatingScale()
