"""axe-core in a real page (issue 20): the WCAG 2.2 A and AA rules, run by Chromium.

axe-core comes pinned inside ``axe-playwright-python`` (requirements-dev.txt); nothing
is fetched at test time. It is loaded into every frame of the page (the login cookie
writer draws in a same-origin iframe, which axe tests only when it is loaded there
too), then run from the main frame. ``check`` returns the findings that fail a page
(serious and critical) and keeps every finding, the minor ones too, in
``artifacts/axe/`` for the checklist (docs/accessibility-checklist.md).
"""

from __future__ import annotations

import json

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import expect

from tests.browser.conftest import ROOT, wait_idle

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("serious", "critical")
FINDINGS = ROOT / "artifacts" / "axe"


def run(page, *, tags: list[str] | None = None) -> list[dict]:
    """axe's violations on the page as it is now, for rules with ``tags``."""
    for frame in page.frames:
        if not frame.is_detached() and not frame.evaluate("() => typeof axe !== 'undefined'"):
            frame.evaluate(AXE_SCRIPT)
    options = {"runOnly": {"type": "tag", "values": tags or WCAG}, "resultTypes": ["violations"]}
    result = page.evaluate("(options) => axe.run(document, options)", options)
    return result["violations"]


def check(page, where: str) -> list[str]:
    """Run the WCAG rules on a settled page; keep what axe found under ``where`` and
    return one line per failing finding (serious or critical), empty when it passes.
    Best-practice rules run in the same pass, for the record only."""
    wait_idle(page)
    # A widget whose code the browser is still loading is drawn as a skeleton first
    # (the matrix's score buttons, on a first visit): check what a person gets.
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)
    everything = run(page, tags=[*WCAG, "best-practice"])
    found = [v for v in everything if set(v["tags"]) & set(WCAG)]
    practice = [v for v in everything if not set(v["tags"]) & set(WCAG)]
    FINDINGS.mkdir(parents=True, exist_ok=True)
    (FINDINGS / f"{where}.json").write_text(
        json.dumps(
            {"url": page.url, "wcag": _brief(found), "best_practice": _brief(practice)},
            indent=1,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return [
        f"{where}: {v['id']} ({v['impact']}) {v['help']} at "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
        for v in found
        if v["impact"] in BLOCKING
    ]


def _brief(violations: list[dict]) -> list[dict]:
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [{"target": n["target"], "html": n["html"][:200]} for n in v["nodes"][:5]],
        }
        for v in violations
    ]


def wait_language(page, lang: str) -> None:
    page.wait_for_function("(lang) => document.documentElement.lang === lang", arg=lang)
