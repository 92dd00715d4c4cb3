"""The translation glossary (issue 23): docs/glossary.csv names, for each English term, the
word each language uses and the words it must not use (Portuguese *junto* for "merged",
Basque *zuzendu* for "run" ...). A catalog that brings an avoided word back fails here.

The table's columns: ``term`` (as people say it), ``matches`` (a regular expression over the
English message ids that speak of the term), one column per language (the chosen word, for
translators; not checked, as words inflect), ``avoid`` (``lang: word | word; lang: word``)
and ``note`` (why). docs/TRANSLATING.md tells a reviewer how to use it.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from pari import i18n

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "glossary.csv"
LANGS = ("sv", "es", "pt", "fr", "eu")
COLUMNS = ["term", "matches", *LANGS, "avoid", "note"]


def read_glossary(path: Path = GLOSSARY) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fp:
        reader = csv.DictReader(fp)
        assert reader.fieldnames == COLUMNS, f"{path.name} columns: {reader.fieldnames}"
        return list(reader)


def avoided(row: dict[str, str]) -> dict[str, list[str]]:
    """``"pt: junto | junta; eu: zuzendu"`` -> ``{"pt": ["junto", "junta"], "eu": ["zuzendu"]}``."""
    found: dict[str, list[str]] = {}
    for part in filter(None, (p.strip() for p in row["avoid"].split(";"))):
        lang, _, words = part.partition(":")
        found.setdefault(lang.strip(), []).extend(w.strip() for w in words.split("|") if w.strip())
    return found


def _word(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)


def _texts(value: str | tuple | None) -> list[str]:
    if not value:
        return []
    return [s for s in (value if isinstance(value, tuple) else (value,)) if s]


def violations(rows: list[dict[str, str]], lang: str, catalog) -> list[str]:
    """Every message whose English speaks of a term and whose translation uses a word the
    glossary says to avoid for that term in ``lang``."""
    found = []
    for row in rows:
        words = avoided(row).get(lang, [])
        if not words:
            continue
        english = re.compile(row["matches"], re.IGNORECASE)
        for message in catalog:
            if not message.id or not any(english.search(i) for i in _texts(message.id)):
                continue
            for text in _texts(message.string):
                for word in words:
                    if _word(word).search(text):
                        found.append(f"{row['term']!r}: {message.id!r} -> {text!r} uses «{word}»")
                        break
    return found


def _catalog(lang: str):
    with i18n.po_path(lang).open("rb") as fp:
        return read_po(fp, locale=lang)


@pytest.fixture(scope="module")
def glossary() -> list[dict[str, str]]:
    return read_glossary()


@pytest.mark.parametrize("lang", LANGS)
def test_no_catalog_uses_an_avoided_word(glossary, lang):
    found = violations(glossary, lang, _catalog(lang))
    assert not found, (
        f"{lang}: words docs/glossary.csv says to avoid (see its note column):\n  "
        + "\n  ".join(found)
    )


def test_the_glossary_is_complete_and_every_term_is_in_use(glossary):
    english = [m.id for m in _catalog("sv") if m.id]
    for row in glossary:
        assert row["term"] and all(row[lang] for lang in LANGS), row
        assert set(avoided(row)) <= set(LANGS), row["avoid"]
        pattern = re.compile(row["matches"], re.IGNORECASE)
        assert any(pattern.search(t) for m in english for t in _texts(m)), (
            f"{row['term']!r}: no message matches {row['matches']!r}; fix or drop the row"
        )


def test_french_has_no_middle_dot_forms():
    """Inclusive forms like *inscrit·e*, *animateur·rice* are hard for older readers and
    screen readers: French uses epicene wording ("la personne qui anime")."""
    dotted = re.compile(r"\w·\w")
    found = [
        f"{m.id!r} -> {t!r}" for m in _catalog("fr") if m.id for t in _texts(m.string)
        if dotted.search(t)
    ]  # fmt: skip
    assert not found, "\n  ".join(found)


def test_the_check_catches_an_avoided_word(tmp_path):
    sample = tmp_path / "glossary.csv"
    sample.write_text(
        ",".join(COLUMNS) + "\n"
        "merge,\\bmerg(e|ed)\\b,slå ihop,unir,fundir,fusionner,batu,pt: junto | juntar,\n"
        "run,\\brun\\b,leda,dirigir,conduzir,animer,dinamizatu,eu: zuzendu,\n",
        encoding="utf-8",
    )
    rows = read_glossary(sample)
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="pt")
    catalog.add("Merged into", "Junto a")
    catalog.add("Merge these duplicates into it", "Fundir estes duplicados com este")
    catalog.add("How could we answer together?", "Como podemos responder juntos?")
    catalog.add(("{n} card merged", "{n} cards merged"), ("{n} cartão fundido", "{n} juntar"))
    found = violations(rows, "pt", catalog)
    assert len(found) == 2 and "Junto a" in found[0] and "juntar" in found[1]
    basque = Catalog(locale="eu")
    basque.add("Run", "Zuzendu")
    basque.add("Run this workshop", "Dinamizatu tailer hau")
    assert [f for f in violations(rows, "eu", basque) if "Zuzendu" in f]
    assert len(violations(rows, "eu", basque)) == 1
