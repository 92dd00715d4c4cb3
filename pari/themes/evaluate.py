"""Measure theme and duplicate suggestions on the labelled cards (``tests/data/themes``).

    python -m pari.themes.evaluate [--data DIR]

Prints, as Markdown tables, for each method tried:
- duplicates: precision and recall of the pairs suggested, at the threshold of
  highest recall whose precision is at least 0.8, per language and across languages;
- themes: the adjusted Rand index (ARI) of the suggested themes against the labels per
  room (an unassigned card counts as a theme of its own), the share of cards assigned,
  per language, and for cards of two languages of one room that share a theme the
  share put together;
- the CPU time per 100 cards;
- the language detection's accuracy per language.

Thresholds are chosen on the set, so the figures flatter; the "held out" columns
choose each room's threshold on the other rooms only, and are the honest ones.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from pari import duplicates
from pari.themes import cluster, language, vectors
from pari.themes.metrics import adjusted_rand_index, precision_recall

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "themes"
MIN_PRECISION = 0.8
DUPLICATE_THRESHOLDS = [round(t, 3) for t in np.arange(0.30, 0.99, 0.02)]
THEME_THRESHOLDS = [round(t, 3) for t in np.arange(0.02, 0.60, 0.02)]


@dataclass(frozen=True)
class Card:
    id: str
    room: str
    lang: str
    theme: str
    dup_of: str
    text: str


def load(data: Path = DATA) -> dict[str, list[Card]]:
    """The labelled cards, by room, in the files' order."""
    rooms: dict[str, list[Card]] = defaultdict(list)
    for path in sorted(data.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                rooms[row["room"]].append(Card(**{k: row[k].strip() for k in Card.__annotations__}))
    return dict(rooms)


def true_pairs(cards: Sequence[Card]) -> set[frozenset]:
    position = {c.id: i for i, c in enumerate(cards)}
    return {frozenset((position[c.id], position[c.dup_of])) for c in cards if c.dup_of}


# --- similarity per method -------------------------------------------------------------

Similarity = Callable[[Sequence[str], Sequence[str | None]], np.ndarray]


def _rapidfuzz(scorer: Callable) -> Similarity:
    def similarity(texts: Sequence[str], languages: Sequence[str | None]) -> np.ndarray:
        del languages
        folded = [duplicates.fold(t) for t in texts]
        return process.cdist(folded, folded, scorer=scorer, workers=1) / 100.0

    return similarity


def _vectors(method: vectors.Method) -> Similarity:
    def similarity(texts: Sequence[str], languages: Sequence[str | None]) -> np.ndarray:
        return vectors.similarities(method(texts, languages))

    return similarity


def _mean(*parts: Similarity) -> Similarity:
    def similarity(texts: Sequence[str], languages: Sequence[str | None]) -> np.ndarray:
        return sum(part(texts, languages) for part in parts) / len(parts)

    return similarity


def _app_duplicates(texts: Sequence[str], languages: Sequence[str | None]) -> np.ndarray:
    """The app's duplicate rule (``pari.duplicates``): either score at its threshold; as
    0-1 with the rule's own cut at 0.5, so the sweep can move it."""
    by_fuzz, by_stems = duplicates.two_scores(texts, languages)
    return np.maximum(by_fuzz / duplicates.FUZZ_THRESHOLD, by_stems / duplicates.STEM_THRESHOLD) / 2


APP_CUT = 0.5  # ``_app_duplicates``'s scale: either score at its own threshold
DUPLICATES_ONLY = {"app duplicates (rapidfuzz or chars+stems)"}
METHODS: dict[str, Similarity] = {
    "app duplicates (rapidfuzz or chars+stems)": _app_duplicates,
    "rapidfuzz ratio": _rapidfuzz(fuzz.ratio),
    "rapidfuzz token set": _rapidfuzz(fuzz.token_set_ratio),
    **{name: _vectors(method) for name, method in vectors.METHODS.items()},
    "rapidfuzz+chars": _mean(_rapidfuzz(fuzz.ratio), _vectors(vectors.chars)),
}


@dataclass
class Room:
    cards: list[Card]
    detected: list[str | None]
    matrix: np.ndarray
    seconds: float  # CPU time to tell the cards' languages and compute the similarities


def measure(rooms: dict[str, list[Card]], method: Similarity) -> dict[str, Room]:
    measured = {}
    first = [c.text for c in next(iter(rooms.values()))[:5]]
    method(first, language.languages(first))  # loads what it needs, once
    for name, cards in rooms.items():
        texts = [c.text for c in cards]
        language._confidences.cache_clear()  # read afresh, as new cards are
        start = time.process_time()
        detected = language.languages(texts)
        matrix = method(texts, detected)
        measured[name] = Room(cards, detected, matrix, time.process_time() - start)
    return measured


# --- duplicates --------------------------------------------------------------------------


def found_pairs(matrix: np.ndarray, threshold: float) -> set[frozenset]:
    i, j = np.nonzero(np.triu(matrix >= threshold, k=1))
    return {frozenset((int(a), int(b))) for a, b in zip(i, j, strict=True)}


def best_duplicate_threshold(rooms: Sequence[Room]) -> float:
    """The threshold of highest recall at precision ≥ MIN_PRECISION (else best F1)."""
    scored = []
    for t in DUPLICATE_THRESHOLDS:
        found = set()
        truth = set()
        for k, room in enumerate(rooms):
            found |= {(k, p) for p in found_pairs(room.matrix, t)}
            truth |= {(k, p) for p in true_pairs(room.cards)}
        p, r = precision_recall(found, truth)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        scored.append((p >= MIN_PRECISION, r if p >= MIN_PRECISION else f1, -t, t))
    return max(scored)[3]


def duplicate_figures(rooms: dict[str, Room], threshold: float) -> dict[str, tuple]:
    """Precision and recall by the pair's languages ('sv', 'sv/en', ...) and in all."""
    found_by: dict[str, set] = defaultdict(set)
    truth_by: dict[str, set] = defaultdict(set)
    for name, room in rooms.items():
        langs = [c.lang for c in room.cards]

        def kind(pair: frozenset, langs: list[str] = langs) -> str:
            a, b = sorted(langs[i] for i in pair)
            return a if a == b else f"{a}/{b}"

        for pair in found_pairs(room.matrix, threshold):
            found_by[kind(pair)].add((name, pair))
            found_by["all"].add((name, pair))
        for pair in true_pairs(room.cards):
            truth_by[kind(pair)].add((name, pair))
            truth_by["all"].add((name, pair))
    return {
        k: (*precision_recall(found_by[k], truth_by[k]), len(truth_by[k]))
        for k in sorted(set(found_by) | set(truth_by))
    }


# --- themes ------------------------------------------------------------------------------


def theme_labels(room: Room, threshold: float) -> list[object]:
    found = cluster.suggest(
        [c.text for c in room.cards], room.detected, room.matrix, threshold=threshold
    )
    labels: list[object] = [("unassigned", i) for i in range(len(room.cards))]
    for k, theme in enumerate(found.themes):
        for i in theme.cards:
            labels[i] = k
    return labels


def room_ari(room: Room, threshold: float) -> float:
    return adjusted_rand_index([c.theme for c in room.cards], theme_labels(room, threshold))


def best_theme_threshold(rooms: Sequence[Room]) -> float:
    return max(THEME_THRESHOLDS, key=lambda t: (np.mean([room_ari(r, t) for r in rooms]), -t))


def theme_figures(room: Room, threshold: float) -> dict[str, float]:
    labels = theme_labels(room, threshold)
    truth = [c.theme for c in room.cards]
    figures = {
        "ari": adjusted_rand_index(truth, labels),
        "assigned": float(np.mean([not isinstance(x, tuple) for x in labels])),
    }
    for lang in sorted({c.lang for c in room.cards}):
        idx = [i for i, c in enumerate(room.cards) if c.lang == lang]
        figures[lang] = adjusted_rand_index([truth[i] for i in idx], [labels[i] for i in idx])
    # Cards of two languages sharing a theme: the share suggested in one theme.
    cross = [
        (i, j)
        for i, j in combinations(range(len(truth)), 2)
        if truth[i] == truth[j] and room.cards[i].lang != room.cards[j].lang
    ]
    if cross:
        figures["across"] = float(np.mean([labels[i] == labels[j] for i, j in cross]))
    return figures


# --- report ------------------------------------------------------------------------------


def _f(x: float) -> str:
    return f"{x:.2f}"


def report(rooms: dict[str, list[Card]], methods: Sequence[str] | None = None) -> str:
    """The tables, for ``methods`` (names of ``METHODS``; all by default)."""
    out = [
        f"{sum(map(len, rooms.values()))} cards in {len(rooms)} rooms: "
        + ", ".join(
            f"{name} {len(cards)} ({len(true_pairs(cards))} duplicate pairs)"
            for name, cards in rooms.items()
        )
    ]
    dup_rows = [
        "| method | threshold | precision | recall | held out P / R | same language R "
        "| across languages R | CPU ms / 100 cards |",
        "|---|---|---|---|---|---|---|---|",
    ]
    theme_rows = [
        "| method | threshold | ARI (mean of rooms) | held out ARI | "
        + " | ".join(rooms)
        + " | assigned | across languages together | CPU ms / 100 cards |",
        "|---" * (8 + len(rooms)) + "|",
    ]
    lang_rows: dict[str, dict[str, float]] = {}
    for name in methods or METHODS:
        measured = measure(rooms, METHODS[name])
        cards = sum(len(r.cards) for r in measured.values())
        ms = 1000 * sum(r.seconds for r in measured.values()) / cards * 100
        # Duplicates.
        t = best_duplicate_threshold(list(measured.values()))
        figures = duplicate_figures(measured, t)
        p, r, _n = figures["all"]
        held_found, held_truth = set(), set()
        for room_name, room in measured.items():
            others = [x for k, x in measured.items() if k != room_name]
            t_other = best_duplicate_threshold(others)
            held_found |= {(room_name, q) for q in found_pairs(room.matrix, t_other)}
            held_truth |= {(room_name, q) for q in true_pairs(room.cards)}
        hp, hr = precision_recall(held_found, held_truth)
        same = [v for k, v in figures.items() if "/" not in k and k != "all"]
        across = [v for k, v in figures.items() if "/" in k]
        same_r = sum(v[1] * v[2] for v in same) / max(1, sum(v[2] for v in same))
        across_r = sum(v[1] * v[2] for v in across) / max(1, sum(v[2] for v in across))
        dup_rows.append(
            f"| {name} | {t:.2f} | {_f(p)} | {_f(r)} | {_f(hp)} / {_f(hr)} | {_f(same_r)} | "
            f"{_f(across_r)} | {ms:.1f} |"
        )
        if name in DUPLICATES_ONLY:
            # The app's own cut (0.5 on this scale), as it runs, not as swept.
            p, r, _n = duplicate_figures(measured, APP_CUT)["all"]
            dup_rows.append(
                f"| {name}, at the app's thresholds | {APP_CUT:.2f} | {_f(p)} | {_f(r)} "
                "| – | – | – | – |"
            )
            continue
        # Themes.
        start = time.process_time()
        t = best_theme_threshold(list(measured.values()))
        per_room = {k: theme_figures(room, t) for k, room in measured.items()}
        cluster_ms = 1000 * (time.process_time() - start) / len(THEME_THRESHOLDS) / cards * 100
        held = [
            room_ari(room, best_theme_threshold([x for k2, x in measured.items() if k2 != k]))
            for k, room in measured.items()
        ]
        across_values = [f["across"] for f in per_room.values() if "across" in f]
        theme_rows.append(
            f"| {name} | {t:.2f} | {_f(np.mean([f['ari'] for f in per_room.values()]))} | "
            f"{_f(np.mean(held))} | "
            + " | ".join(_f(per_room[k]["ari"]) for k in rooms)
            + f" | {_f(np.mean([f['assigned'] for f in per_room.values()]))} | "
            f"{_f(np.mean(across_values)) if across_values else '–'} | {ms + cluster_ms:.1f} |"
        )
        for f in per_room.values():
            for k, v in f.items():
                if len(k) == 2:
                    lang_rows.setdefault(name, {})[k] = v
    out += ["", "## Duplicates", "", *dup_rows, "", "## Themes", "", *theme_rows]
    langs = sorted({lang for v in lang_rows.values() for lang in v})
    out += [
        "",
        "## Themes per language (ARI on the cards of one language)",
        "",
        "| method | " + " | ".join(langs) + " |",
        "|---" * (1 + len(langs)) + "|",
    ]
    out += [
        f"| {m} | " + " | ".join(_f(v.get(lang, float("nan"))) for lang in langs) + " |"
        for m, v in lang_rows.items()
    ]
    out += [
        "",
        "## Language detection (lingua, low-accuracy mode, read per wall)",
        "",
        "| language | cards | right | none | wrong |",
        "|---|---|---|---|---|",
    ]
    by_lang: dict[str, list[str | None]] = defaultdict(list)
    for cards_ in rooms.values():
        for c, found in zip(cards_, language.languages([c.text for c in cards_]), strict=True):
            by_lang[c.lang].append(found)
    for lang, found in sorted(by_lang.items()):
        right = sum(x == lang for x in found)
        none = sum(x is None for x in found)
        out.append(f"| {lang} | {len(found)} | {right} | {none} | {len(found) - right - none} |")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--method", action="append", choices=list(METHODS), help="repeatable")
    args = parser.parse_args(argv)
    print(report(load(args.data), args.method))


if __name__ == "__main__":
    main()
