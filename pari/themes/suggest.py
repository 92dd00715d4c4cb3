"""The method the app uses, as chosen by ``pari.themes.evaluate`` (README.md, "Theme
suggestions"): the similarity of cards, and the threshold under which groups stay apart."""

from __future__ import annotations

from collections.abc import Sequence

from pari.themes import cluster, vectors
from pari.themes.language import languages as read_languages

METHOD = "concepts+families"
THRESHOLD = 0.16


def themes(texts: Sequence[str], *, language: str | None = None) -> cluster.Themes:
    """Suggested themes for the cards ``texts``, named in ``language`` where they allow."""
    languages = read_languages(texts)
    similarity = vectors.similarities(vectors.METHODS[METHOD](texts, languages))
    return cluster.suggest(texts, languages, similarity, threshold=THRESHOLD, language=language)
