"""How suggestions compare with labels: the adjusted Rand index of two groupings, and
the precision and recall of suggested pairs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable, Sequence
from math import comb


def adjusted_rand_index(truth: Sequence[Hashable], found: Sequence[Hashable]) -> float:
    """Hubert and Arabie's adjusted Rand index: 1 for the same grouping, about 0 for a
    grouping by chance (it can go below 0). Give each unassigned card a label of its
    own in ``found``: it then agrees with no pair."""
    if len(truth) != len(found):
        raise ValueError("two labels per card")
    n = len(truth)
    if n < 2:
        return 1.0
    both = sum(comb(c, 2) for c in Counter(zip(truth, found, strict=True)).values())
    rows = sum(comb(c, 2) for c in Counter(truth).values())
    columns = sum(comb(c, 2) for c in Counter(found).values())
    expected = rows * columns / comb(n, 2)
    best = (rows + columns) / 2
    if best == expected:
        return 1.0
    return (both - expected) / (best - expected)


def precision_recall(
    found: Collection[frozenset], truth: Collection[frozenset]
) -> tuple[float, float]:
    """Of the pairs ``found``, the share that are true; of the ``truth``, the share found
    (1.0 where there is nothing to share)."""
    hits = len(set(found) & set(truth))
    return (hits / len(found) if found else 1.0, hits / len(truth) if truth else 1.0)
