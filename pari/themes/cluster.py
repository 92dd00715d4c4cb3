"""Themes from a wall's similarities: cards grouped bottom-up, groups named by their
own most telling words, and the cards the method is unsure of left unassigned.

Grouping is average-linkage agglomeration: the two groups whose cards are most alike
on average are joined, again and again, until no two groups are alike enough
(``threshold``). A group of at least ``MIN_CARDS`` cards is a theme; the cards of
smaller groups are unassigned, which is the method saying it is unsure: a facilitator
sorts a few odd cards faster than they undo a wrong theme.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pari.steps.word_cloud.words import fold
from pari.themes.vectors import stem, thesaurus, words

MIN_CARDS = 3
MAX_THEMES = 8  # a handful to accept from (the presenter's wall shows six columns)
NAME_WORDS = 2


@dataclass(frozen=True)
class Theme:
    """A suggested theme: its name and the positions of its cards (best fitting first)."""

    name: str
    cards: tuple[int, ...]


@dataclass(frozen=True)
class Themes:
    themes: tuple[Theme, ...]
    unassigned: tuple[int, ...]


def agglomerate(similarity: np.ndarray, threshold: float) -> list[list[int]]:
    """Groups of positions, average linkage, joined while two groups are at least
    ``threshold`` alike on average. O(n²) memory and O(n³) time in the worst case:
    400 cards take about 20 ms."""
    n = len(similarity)
    if n == 0:
        return []
    linkage = similarity.astype(np.float64, copy=True)
    np.fill_diagonal(linkage, -np.inf)
    sizes = np.ones(n)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    while len(members) > 1:
        flat = int(np.argmax(linkage))
        a, b = divmod(flat, n)
        if linkage[a, b] < threshold:
            break
        # Average linkage: the new group's similarity to each other group is the
        # size-weighted mean of its two parts' similarities.
        merged = (linkage[a] * sizes[a] + linkage[b] * sizes[b]) / (sizes[a] + sizes[b])
        linkage[a, :] = merged
        linkage[:, a] = merged
        linkage[a, a] = -np.inf
        linkage[b, :] = -np.inf
        linkage[:, b] = -np.inf
        sizes[a] += sizes[b]
        members[a] += members.pop(b)
    return sorted(members.values(), key=lambda g: (-len(g), min(g)))


def suggest(
    texts: Sequence[str],
    languages: Sequence[str | None],
    similarity: np.ndarray,
    *,
    threshold: float,
    language: str | None = None,
    min_cards: int = MIN_CARDS,
    max_themes: int = MAX_THEMES,
) -> Themes:
    """Themes for the cards ``texts`` (their ``similarity`` matrix given), named in
    ``language`` where the cards allow it."""
    groups = agglomerate(similarity, threshold)
    kept = [g for g in groups if len(g) >= min_cards][:max_themes]
    themes = []
    found = _read_words(texts, languages) if kept else None
    for group in kept:
        # Best fitting first: the cards most like the rest of their theme.
        fit = similarity[np.ix_(group, group)].sum(axis=1)
        ordered = tuple(group[i] for i in np.argsort(-fit, kind="stable"))
        themes.append(Theme(name=name(ordered, found, languages, language), cards=ordered))
    assigned = {i for g in kept for i in g}
    return Themes(
        themes=tuple(themes),
        unassigned=tuple(i for i in range(len(texts)) if i not in assigned),
    )


_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class _Words:
    """The words of a wall, read once for naming all its themes."""

    keys: list[set[str]]  # each card's word stems
    on_wall: Counter[str]  # how many cards have each stem
    spelled: dict[str, Counter[str]]  # how the cards write each stem
    concepts: dict[str, frozenset[str]]  # the thesaurus concepts a stem's words name


def _read_words(texts: Sequence[str], languages: Sequence[str | None]) -> _Words:
    keys: list[set[str]] = []
    spelled: dict[str, Counter[str]] = {}
    concepts: dict[str, frozenset[str]] = {}
    known = thesaurus()
    for text, lang in zip(texts, languages, strict=True):
        seen = set()
        for raw in _WORD.findall(text):
            folded = fold(raw)
            if not folded.isalpha() or folded not in words(folded):
                continue  # numbers ("17", "2018") and stop words name nothing
            key = stem(folded, lang)
            spelled.setdefault(key, Counter())[raw.lower()] += 1
            concepts[key] = concepts.get(key, frozenset()) | known.lookup(folded)
            seen.add(key)
        keys.append(seen)
    return _Words(keys, Counter(k for seen in keys for k in seen), spelled, concepts)


def name(
    group: Sequence[int],
    found: _Words,
    languages: Sequence[str | None],
    language: str | None,
) -> str:
    """The group's most telling words: frequent in the group, rare elsewhere on the wall
    (a class-based TF-IDF of stems), those of cards in ``language`` weighing more, words
    of the thesaurus before others (a place name or a verb says less of a theme), the
    second word naming another concept than the first ("Bus · Autobuses" says one
    thing twice); each shown as the cards most often write it."""
    in_group: Counter[str] = Counter()
    for i in group:
        weight = 1.5 if language and languages[i] == language else 1.0
        for key in found.keys[i]:
            in_group[key] += weight
    n = len(found.keys)
    scored = sorted(
        in_group,
        key=lambda k: (
            not found.concepts[k],
            -in_group[k] * np.log(1 + n / found.on_wall[k]),
            k,
        ),
    )
    chosen: list[str] = []
    for key in scored:
        if any(found.concepts[key] and found.concepts[key] <= found.concepts[c] for c in chosen):
            continue
        chosen.append(key)
        if len(chosen) == NAME_WORDS:
            break
    best = [found.spelled[k].most_common(1)[0][0] for k in chosen]
    # " / ", not " · ": the run page joins a card's facts with " · " already.
    return " / ".join(w[:1].upper() + w[1:] for w in best) or "…"
