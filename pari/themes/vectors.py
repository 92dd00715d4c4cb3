"""Cards as vectors, one row per card, each row of unit length (so a dot product is the
cosine similarity), in the ways ``pari.themes.evaluate`` compares:

- ``chars``: TF-IDF of the character 3- to 5-grams of each folded word, stop words
  left out. Shared stems meet ("autobus", "autobuses", "autobusak"), across the
  languages of a room too, where words are cognates ("energia", "energía", "energi").
- ``stems``: TF-IDF of the words' Snowball stems in the card's language (snowballstemmer,
  all six languages, Basque too; a card whose language cannot be told is folded only).
  simplemma's lemmas were tried first: 325 MB of memory for five languages, no Basque.
- ``embed``: wordllama's static word vectors (the ``l2_supercat`` weights in its
  wheel, 256 dimensions), averaged over a card's tokens; installed for the evaluation
  only (requirements-dev.txt): it did not earn its 120 MB in a server process.
- ``concepts``: the CSEI thesaurus (``thesaurus/``) maps words of the six languages to
  concepts, so "buss", "autobús" and "autobusa" meet; ``+families`` adds each concept's
  theme area, so a card on buses and one on roads meet too.
- a mix of them: rows side by side, each weighted, then made unit length again.

The IDF is the wall's own: a word all cards share says little about any of them.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import snowballstemmer

from pari.steps.word_cloud.words import fold, stop_words

SNOWBALL = {
    "en": "english",
    "sv": "swedish",
    "es": "spanish",
    "pt": "portuguese",
    "fr": "french",
    "eu": "basque",
}
NGRAMS = (3, 4, 5)
MIN_WORD = 2


def words(text: str) -> list[str]:
    """The folded words of a card that carry meaning: stop words and one-letter words out."""
    stop = stop_words()
    return [w for w in fold(text).split() if len(w) >= MIN_WORD and w not in stop]


def char_grams(text: str) -> list[str]:
    grams = []
    for word in words(text):
        padded = f" {word} "
        for n in NGRAMS:
            grams += [padded[i : i + n] for i in range(max(1, len(padded) - n + 1))]
    return grams


@cache
def _stemmer(language: str):  # snowballstemmer makes a class per language
    return snowballstemmer.stemmer(SNOWBALL[language])


def stem(word: str, language: str | None) -> str:
    """The stem of a folded word in ``language`` (the word itself for no language)."""
    if language not in SNOWBALL:
        return word
    return _stemmer(language).stemWord(word) or word


def stems(text: str, language: str | None = None) -> list[str]:
    return [stem(w, language) for w in words(text)]


def tfidf(documents: Sequence[Sequence[str]]) -> np.ndarray:
    """Rows of unit length: each term's count (log-damped) times its inverse document
    frequency on these documents; a document with no term is a row of zeros."""
    vocabulary: dict[str, int] = {}
    for doc in documents:
        for term in doc:
            vocabulary.setdefault(term, len(vocabulary))
    matrix = np.zeros((len(documents), max(1, len(vocabulary))), dtype=np.float32)
    frequency = Counter(term for doc in documents for term in set(doc))
    n = len(documents)
    for row, doc in enumerate(documents):
        for term, count in Counter(doc).items():
            idf = math.log((1 + n) / (1 + frequency[term])) + 1
            matrix[row, vocabulary[term]] = (1 + math.log(count)) * idf
    return unit_rows(matrix)


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def chars(texts: Sequence[str], languages: Sequence[str | None]) -> np.ndarray:
    del languages
    return tfidf([char_grams(t) for t in texts])


def stem_vectors(texts: Sequence[str], languages: Sequence[str | None]) -> np.ndarray:
    return tfidf([stems(t, lang) for t, lang in zip(texts, languages, strict=True)])


@cache
def _wordllama():
    # The weights and the tokenizer are inside the wheel; ``load`` looks for the
    # tokenizer under "tokenizer/" beside the module but the wheel has "tokenizers/",
    # which is where it looks in a cache directory: the package's own directory is
    # given as the cache, and downloads are off, so nothing is fetched at run time.
    import wordllama

    return wordllama.WordLlama.load(
        cache_dir=Path(wordllama.__file__).parent, disable_download=True
    )


def embed(texts: Sequence[str], languages: Sequence[str | None]) -> np.ndarray:
    del languages
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    return unit_rows(np.asarray(_wordllama().embed(list(texts), norm=True), dtype=np.float32))


Method = Callable[[Sequence[str], Sequence[str | None]], np.ndarray]


def mix(*parts: tuple[Method, float]) -> Method:
    """A method whose rows are the given methods' rows side by side, each weighted."""

    def vectors(texts: Sequence[str], languages: Sequence[str | None]) -> np.ndarray:
        blocks = [weight * method(texts, languages) for method, weight in parts]
        return unit_rows(np.hstack(blocks))

    return vectors


def similarities(vectors: np.ndarray) -> np.ndarray:
    """Cosine similarity of every pair of rows (rows are of unit length)."""
    return np.clip(vectors @ vectors.T, -1.0, 1.0)


# --- the CSEI thesaurus ------------------------------------------------------------------

THESAURUS = Path(__file__).with_name("thesaurus")  # one CSV per pair of families


@dataclass(frozen=True)
class Thesaurus:
    """Words of the six languages mapped to concepts (``bus``, ``empty_house``), each
    concept in a family (``mobility``): written for this project from the PARI theme
    areas, blind to the labelled cards (README.md, "Theme suggestions for the wall")."""

    concepts: tuple[str, ...]
    families: dict[str, str]  # concept -> family
    exact: dict[str, set[str]]  # word -> concepts
    prefixes: dict[str, set[str]]  # stem -> concepts
    infixes: tuple[tuple[str, str], ...]  # (part, concept)

    def lookup(self, word: str) -> set[str]:
        found = set(self.exact.get(word, ()))
        for n in range(4, len(word) + 1):
            found |= self.prefixes.get(word[:n], set())
        found |= {concept for part, concept in self.infixes if part in word}
        return found


def thesaurus_rows() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted(THESAURUS.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            rows += list(csv.DictReader(f))
    return rows


@cache
def thesaurus() -> Thesaurus:
    exact: dict[str, set[str]] = {}
    prefixes: dict[str, set[str]] = {}
    infixes: list[tuple[str, str]] = []
    families: dict[str, str] = {}
    for row in thesaurus_rows():
        concept = row["concept"].strip()
        families[concept] = row["family"].strip()
        for raw in row["terms"].split("|"):
            term = raw.strip().casefold()
            word = fold(term.strip("*"))
            if not word:
                continue
            if term.startswith("*") and term.endswith("*"):
                infixes.append((word, concept))
            elif term.endswith("*"):
                prefixes.setdefault(word, set()).add(concept)
            else:
                exact.setdefault(word, set()).add(concept)
    return Thesaurus(tuple(families), families, exact, prefixes, tuple(infixes))


def concept_terms(text: str, *, family_weight: int = 0) -> list[str]:
    """A card's concepts, each once per word naming it, and (``family_weight`` times)
    their families."""
    known = thesaurus()
    found: list[str] = []
    for word in fold(text).split():
        for concept in sorted(known.lookup(word)):
            found.append(concept)
            found += [f"family:{known.families[concept]}"] * family_weight
    return found


def concepts(texts: Sequence[str], languages: Sequence[str | None]) -> np.ndarray:
    del languages
    return tfidf([concept_terms(t) for t in texts])


def concepts_families(texts: Sequence[str], languages: Sequence[str | None]) -> np.ndarray:
    del languages
    return tfidf([concept_terms(t, family_weight=1) for t in texts])


METHODS: dict[str, Method] = {
    "chars": chars,
    "stems": stem_vectors,
    "embed": embed,
    "chars+stems": mix((chars, 1.0), (stem_vectors, 1.0)),
    "chars+embed": mix((chars, 1.0), (embed, 0.7)),
    "stems+embed": mix((stem_vectors, 1.0), (embed, 0.7)),
    "chars+stems+embed": mix((chars, 1.0), (stem_vectors, 1.0), (embed, 0.7)),
    "concepts": concepts,
    "concepts+chars": mix((concepts, 1.0), (chars, 1.0)),
    "concepts+families": concepts_families,
    "concepts+families+chars": mix((concepts_families, 1.0), (chars, 0.7)),
    "concepts+families+chars+embed": mix((concepts_families, 1.0), (chars, 0.7), (embed, 0.5)),
    "stems+concepts": mix((stem_vectors, 1.0), (concepts, 0.7)),
    "chars+stems+concepts": mix((chars, 1.0), (stem_vectors, 1.0), (concepts, 0.7)),
    "stems+concepts+embed": mix((stem_vectors, 1.0), (concepts, 0.7), (embed, 0.5)),
}
