"""How a word cloud groups answers: the key of "La Cooperación!" is "cooperacion".

The key is the answer in lower case (``casefold``), accents folded (Unicode NFKD,
combining marks left out), punctuation and symbols taken as spaces, and the stop words
of the six languages (en, sv, es, pt, fr, eu) left out, whatever language the person
wrote in: "Cooperación", "cooperacion" and "la COOPERACIÓN" share one key.

The stop words are Stopwords ISO (package ``stopwordsiso``, MIT, ISO 639-1 codes): of
the lists checked here it is the one maintained package that covers all six
languages, Basque and Swedish included, and holds every article, preposition and
pronoun of each (``stop-words`` has no Basque; ``stopwords`` misses "de", "y", "à";
``many-stop-words`` has no Basque and was last released in 2017). Its lists were
made for searching documents, so they also carry words that are answers in their own
right ("together", "tillsammans", "trabajo", "apoio", "personne"): ``KEEP`` names
those, as read from the lists, and they stay in the key. No Streamlit, no queries.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import stopwordsiso

LANGUAGES = ("en", "sv", "es", "pt", "fr", "eu")
MAX_WORDS = 3

# Words of the Stopwords ISO lists that answer "what does cooperation mean here?" on
# their own: nouns, adjectives and verbs of meaning, kept in the key (each is in its
# language's list: tests/test_word_cloud.py checks it).
KEEP: dict[str, str] = {
    "en": (
        "act area areas best better big case changes clear different early effect fact "
        "fire free full general give giving good goods great greater group groups help "
        "high home important importance information interest interests join keep kind "
        "large little long member members new novel old open opening order own part "
        "parts place places point present problem problems research right room self "
        "serious show similar small state system together useful value welcome whole "
        "work worked working works world young year years"
    ),
    "sv": (
        "tillsammans bra viktig viktigt viktigare viktigast beslut lika olika stor stora "
        "stort större god goda gott fin enkel enkelt enkla möjlig möjligt nödvändig "
        "nödvändigt rätt tack liten litet små lätt hög högre bäst bättre dag dagar del"
    ),
    "es": (
        "trabajo trabajar junto acuerdo valor tiempo verdad bien lugar mejor igual nuevo "
        "nueva nuevos nuevas gran grandes mayor posible manera modo uso fin buena bueno "
        "buen diferente diferentes respecto momento parte propio"
    ),
    "pt": (
        "trabalho trabalhar pessoas povo apoio caminho valor tempo bom novo verdade "
        "verdadeiro conhecido parte maioria"
    ),
    "fr": "personne personnes état bon force valeur parole nouveau nouveaux plein juste haut",
    "eu": "",
}


def fold(text: str) -> str:
    """Lower case, accents folded, punctuation and symbols as spaces, one space between
    words: "¡La COOPERACIÓN!" -> "la cooperacion"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    out = []
    for ch in decomposed:
        category = unicodedata.category(ch)
        if category == "Mn":  # a combining accent: folded away
            continue
        out.append(" " if category[0] in "PSZC" else ch)
    return " ".join("".join(out).split())


@cache
def stop_words() -> frozenset[str]:
    """The stop words of the six languages, folded as keys are, less ``KEEP``."""
    kept = {fold(w) for words in KEEP.values() for w in words.split()}
    listed = {fold(w) for w in stopwordsiso.stopwords(list(LANGUAGES))}
    # A listed "word" may fold to two ("aujourd'hui"): each part is then a stop word
    # only if it is one on its own.
    return frozenset(w for w in listed if w and " " not in w) - kept


def tokens(text: str) -> list[str]:
    """The folded words of ``text``."""
    return fold(text).split()


def key(text: str) -> str:
    """The grouping key: the folded words that are not stop words, in order ("" when
    every word is one)."""
    stop = stop_words()
    return " ".join(w for w in tokens(text) if w not in stop)
