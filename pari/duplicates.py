"""Duplicate suggestions for the facilitator: cards of one step that say nearly the same
thing, as merge candidates with a similarity figure (the facilitator decides).

Two scores, and a pair is offered when either says so (issue 22, measured on the
labelled cards of ``tests/data/themes`` by ``python -m pari.themes.evaluate``):
- rapidfuzz's ratio on texts folded for comparison (accents, case and punctuation
  dropped, words sorted), from ``FUZZ_THRESHOLD``: "Bus only twice a day" and "bus only
  twice a  day!" meet, typos and word order aside;
- the cosine of the cards' character n-grams and Snowball stems in their own language
  (``pari.themes.vectors``), from ``STEM_THRESHOLD``: inflected words meet their stem
  ("autobuses", "autobús"), and a paraphrase that keeps the telling words meets.
On the labelled set rapidfuzz alone finds 16 % of the duplicate pairs at precision
1.00; with the stems 23 % at precision 0.87 (README.md, "Theme suggestions for the
wall"). One matrix of at most ``MAX_CARDS`` × ``MAX_CARDS`` scores bounds the cost.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process, utils

from pari.models import Contribution
from pari.steps.ideas import is_on_the_wall
from pari.themes import vectors
from pari.themes.language import languages

FUZZ_THRESHOLD = 80  # rapidfuzz's ratio (0-100) from which two cards are offered
STEM_THRESHOLD = 50  # the stems' cosine (0-100) from which two cards are offered
THRESHOLD = min(FUZZ_THRESHOLD, STEM_THRESHOLD)  # the least similarity ever shown
MAX_CARDS = 400  # the newest cards compared; older ones are past moderation anyway
MAX_SUGGESTIONS = 12  # a list a facilitator reads between two questions


@dataclass(frozen=True)
class Suggestion:
    """Merge ``duplicate`` into ``keep`` (the older card): they are ``similarity`` % alike."""

    keep: Contribution
    duplicate: Contribution
    similarity: int


def fold(text: str) -> str:
    """A text as compared: accents off, lower case, no punctuation, words sorted (what
    ``fuzz.token_sort_ratio`` does per pair, done once per card)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(sorted(utils.default_process(bare).split()))


def two_scores(
    texts: Sequence[str], languages: Sequence[str | None]
) -> tuple[np.ndarray, np.ndarray]:
    """Each pair's rapidfuzz ratio and stems' cosine, both 0-100."""
    folded = [fold(t) for t in texts]
    # One worker: the server's other sessions need the other cores.
    by_fuzz = process.cdist(folded, folded, scorer=fuzz.ratio, workers=1)
    by_stems = 100 * vectors.similarities(vectors.METHODS["chars+stems"](texts, languages))
    return by_fuzz, by_stems


def similarity(texts: Sequence[str], languages: Sequence[str | None]) -> np.ndarray:
    """Each pair's similarity (0-100), 0 where neither score reaches its threshold."""
    by_fuzz, by_stems = two_scores(texts, languages)
    shown = np.maximum(by_fuzz, by_stems)
    return np.where((by_fuzz >= FUZZ_THRESHOLD) | (by_stems >= STEM_THRESHOLD), shown, 0)


@lru_cache(maxsize=32)
def _scores(texts: tuple[str, ...]) -> np.ndarray:
    """``similarity`` of a wall as it stands: the moderation panel asks every few
    seconds, and the wall has mostly not changed (about 40 ms for 80 cards, 0 when
    cached)."""
    scores = similarity(texts, languages(texts))
    scores.flags.writeable = False  # shared between callers
    return scores


def suggestions(
    cards: Sequence[Contribution],
    *,
    limit: int = MAX_SUGGESTIONS,
    dismissed: Collection[tuple[int, int]] = (),
) -> list[Suggestion]:
    """Pairs of cards on the wall that look alike, most alike first; each card is offered
    once (with the card it is most like), so one tap never conflicts with another. A
    pair the facilitator said is not the same, ``(keep id, duplicate id)`` in
    ``dismissed``, is not offered again; each of its cards may be offered with another."""
    newest = sorted((c for c in cards if is_on_the_wall(c)), key=lambda c: c.id)[-MAX_CARDS:]
    # A card of punctuation only folds to nothing, and two nothings are not one idea.
    folded = [(c, text) for c in newest if (text := fold(c.text))]
    if len(folded) < 2:
        return []
    shown = [c for c, _text in folded]
    scores = _scores(tuple(c.text for c in shown))
    pairs = sorted(
        (
            (round(float(scores[i, j])), int(i), int(j))
            for i, j in zip(*scores.nonzero(), strict=True)
            if i < j
        ),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    taken: set[int] = set()
    found: list[Suggestion] = []
    for alike, i, j in pairs:
        if i in taken or j in taken or (shown[i].id, shown[j].id) in dismissed:
            continue
        taken.update((i, j))
        found.append(Suggestion(keep=shown[i], duplicate=shown[j], similarity=alike))
        if len(found) == limit:
            break
    return found
