"""Duplicate suggestions for the facilitator: cards of one step that say nearly the same
thing, as merge candidates with a similarity figure (the facilitator decides).

The score is rapidfuzz's token sort ratio on texts folded for comparison (accents,
case and punctuation dropped), so "Bus only twice a day", "bus only twice a  day!" and
"Only two buses a day" meet; word order does not count. One matrix of at most
``MAX_CARDS`` × ``MAX_CARDS`` scores bounds the cost (300 cards: under 10 ms).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from pari.models import Contribution
from pari.steps.ideas import is_on_the_wall

THRESHOLD = 80  # a similarity (0-100) from which two cards are offered as duplicates
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


def suggestions(
    cards: Sequence[Contribution],
    *,
    threshold: int = THRESHOLD,
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
    texts = [text for _card, text in folded]
    # One worker: the server's other sessions need the other cores.
    scores = process.cdist(texts, texts, scorer=fuzz.ratio, score_cutoff=threshold, workers=1)
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
    for similarity, i, j in pairs:
        if i in taken or j in taken or (shown[i].id, shown[j].id) in dismissed:
            continue
        taken.update((i, j))
        found.append(Suggestion(keep=shown[i], duplicate=shown[j], similarity=similarity))
        if len(found) == limit:
            break
    return found
