"""A Babel extraction method that reads Python through its syntax tree.

Babel's own Python extractor reads tokens, and before Python 3.12 an f-string is
one token: ``f"{_('Join code')}: {code}"`` hides its message from it, so the
string would never reach a catalog. Parsing the file finds every call of a
keyword (``_``, ``N_``, ``i18n.ngettext`` ...) wherever it sits, f-strings
included. babel.cfg names this method (``[pari.babel_extract.extract: **.py]``).

Comments in the line above a call that start with a comment tag (``-c
Translators:``) go to the catalog as notes for translators.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _value(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def extract(
    fileobj: IO[bytes],
    keywords: dict[str, Any],
    comment_tags: list[str],
    options: dict[str, Any],
) -> Iterator[tuple[int, str, str | tuple[str | None, ...], list[str]]]:
    encoding = options.get("encoding", "utf-8")
    source = fileobj.read().decode(encoding)
    lines = source.splitlines()
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name not in keywords:
            continue
        values = tuple(_value(arg) for arg in node.args)
        if not values or all(v is None for v in values):
            continue
        yield (
            node.lineno,
            name,
            values[0] if len(values) == 1 else values,
            _comments(lines, node.lineno, comment_tags),
        )


def _comments(lines: list[str], lineno: int, tags: list[str]) -> list[str]:
    """The comment lines right above ``lineno`` when the first starts with a tag."""
    if not tags:
        return []
    found: list[str] = []
    i = lineno - 2
    while i >= 0 and lines[i].strip().startswith("#"):
        found.insert(0, lines[i].strip()[1:].strip())
        i -= 1
    if found and any(found[0].startswith(tag) for tag in tags):
        return found
    return []


# The same settings as the Makefile's i18n-extract, for tests and scripts.
KEYWORDS: dict[str, Any] = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "NC_": ((1, "c"), 2),
    "N_plural": (1, 2),
}
SOURCES = ("app.py", "serve.py", "pages", "pari")


def extract_catalog(root: str | Path):
    """A fresh Catalog of every message id in the code under ``root`` (the repository)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir, extract_from_file

    root = Path(root)
    method = f"{__name__}.extract"
    catalog = Catalog(project="PARI Workshop")
    for source in SOURCES:
        path = root / source
        if path.is_dir():
            found = (
                (str(Path(source) / name), lineno, msg, comments, context)
                for name, lineno, msg, comments, context in extract_from_dir(
                    path,
                    method_map=[("**.py", method)],
                    keywords=KEYWORDS,
                    comment_tags=("Translators:",),
                    strip_comment_tags=True,
                )
            )
        else:
            found = (
                (source, lineno, msg, comments, context)
                for lineno, msg, comments, context in extract_from_file(
                    method,
                    path,
                    keywords=KEYWORDS,
                    comment_tags=("Translators:",),
                    strip_comment_tags=True,
                )
            )
        for filename, lineno, msg, comments, context in found:
            catalog.add(msg, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog
