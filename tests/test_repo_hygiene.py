"""Secrets never in the repository (issue 8), and the settings documented."""

from __future__ import annotations

import re
import subprocess

from pari.settings import ROOT

# A cookie key written into a file: the name, then a quoted value of 16 or more key characters.
SECRET = re.compile(r"(PARI_COOKIE_KEY|cookie_key)\s*[=:]\s*['\"][A-Za-z0-9_\-]{16,}")
SCANNED_SUFFIXES = {".py", ".toml", ".cfg", ".ini", ".md", ".example", ".service"}
SETTING = re.compile(r'env\.get\("([A-Z_]+)"')


def key_line(name: str, sep: str, value: str) -> str:
    """A line that writes a key, assembled here so this file's own text holds none."""
    return f'{name}{sep}"{value}"'


BAD_SAMPLE = key_line("PARI_COOKIE_KEY", " = ", "abcdefghijklmnopqrstuvwxyz012345")
HARMLESS_SAMPLE = 'key = env.get("PARI_COOKIE_KEY") or None'


def tracked_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return out.splitlines()


def test_the_secret_pattern_tells_a_key_from_its_mention():
    """The scan below proves nothing if its pattern matches nothing: check it on samples."""
    bad = [
        BAD_SAMPLE,
        key_line("PARI_COOKIE_KEY", "=", "abcdefghijklmnopqrstuvwxyz012345"),
        key_line("cookie_key", ": ", "0123456789abcdef-_ABCDEF"),
    ]
    harmless = [
        HARMLESS_SAMPLE,
        "PARI_COOKIE_KEY = os.environ['PARI_COOKIE_KEY']",
        "Set `PARI_COOKIE_KEY` to a long random string.",
        key_line("PARI_COOKIE_KEY", " = ", "short"),
    ]
    for sample in bad:
        assert SECRET.search(sample), sample
    for sample in harmless:
        assert not SECRET.search(sample), sample


def test_no_secrets_or_databases_are_tracked():
    files = tracked_files()
    assert not [f for f in files if f.endswith(("secrets.toml", ".sqlite3", ".env", ".pem"))]
    pattern = SECRET
    # The same compiled pattern the scan uses finds a key and passes over a mention of one.
    assert pattern.search(BAD_SAMPLE)
    assert not pattern.search(HARMLESS_SAMPLE)
    read: list[str] = []
    for name in files:
        path = ROOT / name
        if path.suffix in SCANNED_SUFFIXES:
            assert not pattern.search(path.read_text(errors="replace")), name
            read.append(name)
    # The scan looked at the files where a key would be written, not at nothing.
    assert len(read) > 10, read
    assert {"README.md", "pari/settings.py", "pyproject.toml"} <= set(read), read


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    source = (ROOT / "pari" / "settings.py").read_text()
    names = set(SETTING.findall(source))
    # A pattern that stopped matching would document nothing and pass: check what it found.
    assert {"DATABASE_URL", "PARI_COOKIE_KEY", "PARI_BASE_URL"} <= names, names
    for name in names:
        assert f"`{name}`" in readme, name
