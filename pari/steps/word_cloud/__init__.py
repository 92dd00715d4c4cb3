"""Word cloud: each person sends up to N answers of one to three words; answers are
grouped without case, accents or stop words, and the facilitator may hide a word
from the cloud without deleting its answers (issue 19)."""

from __future__ import annotations

from pari.i18n import N_
from pari.models import StepKind
from pari.steps.base import Kind
from pari.steps.word_cloud.models import WordAnswer


class WordCloud(Kind):
    kind = StepKind.WORD_CLOUD
    label = N_("Word cloud")
    answer_model = WordAnswer


KIND = WordCloud()
