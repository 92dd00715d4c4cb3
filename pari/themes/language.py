"""The language a card is written in, among the app's six (lingua, offline).

lingua's low-accuracy mode (trigram models only) is used: loaded lazily, about 20 MB
for the six languages, about 0.1 ms a card. A text too short or too mixed to tell gets
``None``, never a guess: the tag is a help for the facilitator, and nothing is hidden
by it. Two things a room's cards taught (``pari.themes.evaluate``, 310 labelled cards):

- a place name says nothing of the language around it ("Centro de día en Lakuntza"
  read as Basque): capitalised words after the first are left out when there is
  enough else to read (299 right of 310 before, 304 after);
- a wall is written in few languages: ``languages`` reads a wall's cards twice, the
  second time choosing among the languages of at least a tenth of its cards, so two
  Spanish cards stop reading as Portuguese in a Spanish and Basque room (309 of 310).
  A lone card in a third language is then named as one of the room's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

from lingua import (
    ConfidenceValue,
    IsoCode639_1,
    Language,
    LanguageDetector,
    LanguageDetectorBuilder,
)

LANGUAGES = ("en", "sv", "es", "pt", "fr", "eu")
# The least confidence (0-1, lingua's relative confidence) with which a card's language
# is named; under it the card has no tag.
MIN_CONFIDENCE = 0.5
MIN_LETTERS = 3
NAMES_OUT_LETTERS = 10  # names are left out only if this many letters remain
ROOM_SHARE = 0.1  # a language of at least this share of a wall's cards is the room's


@cache
def _detector() -> LanguageDetector:
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _without_names(text: str) -> str:
    """``text`` less its capitalised words after the first (place and people's names),
    unless too little is left to read."""
    words = text.split()
    rest = " ".join(w for i, w in enumerate(words) if i == 0 or not w[:1].isupper())
    return rest if _letters(rest) >= NAMES_OUT_LETTERS else text


@lru_cache(maxsize=4096)
def _confidences(text: str) -> tuple[tuple[str, float], ...]:
    """Each language's confidence for ``text``, most likely first (none for too few
    letters)."""
    if _letters(text) < MIN_LETTERS:
        return ()
    values: list[ConfidenceValue] = _detector().compute_language_confidence_values(
        _without_names(text)
    )
    return tuple((v.language.iso_code_639_1.name.lower(), v.value) for v in values)


def detect(text: str) -> str | None:
    """The ISO 639-1 code of the language of ``text`` among ``LANGUAGES``, or None."""
    values = _confidences(text)
    if not values or values[0][1] < MIN_CONFIDENCE:
        return None
    return values[0][0]


def languages(texts: Sequence[str]) -> list[str | None]:
    """The language of each card of one wall, read knowing the wall's languages."""
    first = [detect(t) for t in texts]
    counts = Counter(lang for lang in first if lang)
    room = {lang for lang, n in counts.items() if n >= ROOM_SHARE * len(texts)}
    if not room:
        return first
    found: list[str | None] = []
    for text, lang in zip(texts, first, strict=True):
        if lang is None or lang in room:
            found.append(lang)
            continue
        # Named outside the room's languages: the room's likeliest, if any is likely.
        among = [(code, value) for code, value in _confidences(text) if code in room]
        found.append(among[0][0] if among and among[0][1] > 0 else lang)
    return found


def language_counts(texts: Iterable[str]) -> Counter[str]:
    """How many of ``texts`` (one wall, or one workshop's walls) are written in each
    language that can be told."""
    return Counter(lang for lang in languages(list(texts)) if lang)
