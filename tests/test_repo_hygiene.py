"""Secrets never in the repository (issue 8), and the settings documented."""

from __future__ import annotations

import re
import subprocess

from pari.settings import ROOT


def tracked_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return out.splitlines()


def test_no_secrets_or_databases_are_tracked():
    files = tracked_files()
    assert not [f for f in files if f.endswith(("secrets.toml", ".sqlite3", ".env", ".pem"))]
    pattern = re.compile(r"(PARI_COOKIE_KEY|cookie_key)\s*[=:]\s*['\"][A-Za-z0-9_\-]{16,}")
    for name in files:
        path = ROOT / name
        if path.suffix in {".py", ".toml", ".cfg", ".ini", ".md", ".example", ".service"}:
            assert not pattern.search(path.read_text(errors="replace")), name


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    source = (ROOT / "pari" / "settings.py").read_text()
    for name in set(re.findall(r'env\.get\("([A-Z_]+)"', source)):
        assert f"`{name}`" in readme, name
