"""The language a card is written in, among the app's six (lingua, offline).

lingua's low-accuracy mode (trigram models only) is used: loaded lazily, about 20 MB
for the six languages, about 0.1 ms a card; measured on the labelled set by
``pari.themes.evaluate``. A text too short or too mixed to tell gets ``None``, never a
guess: the tag is a help for the facilitator, and nothing is hidden by it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

LANGUAGES = ("en", "sv", "es", "pt", "fr", "eu")
# The least confidence (0-1, lingua's relative confidence) with which a card's language
# is named; under it the card has no tag.
MIN_CONFIDENCE = 0.5
MIN_LETTERS = 3


@cache
def _detector() -> LanguageDetector:
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


@lru_cache(maxsize=4096)
def detect(text: str) -> str | None:
    """The ISO 639-1 code of the language of ``text`` among ``LANGUAGES``, or None."""
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None
    values = _detector().compute_language_confidence_values(text)
    if not values or values[0].value < MIN_CONFIDENCE:
        return None
    return values[0].language.iso_code_639_1.name.lower()


def language_counts(texts: Iterable[str]) -> Counter[str]:
    """How many of ``texts`` are written in each language that can be told."""
    return Counter(lang for t in texts if (lang := detect(t)))
