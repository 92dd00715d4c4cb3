"""The per-run savings in ``pari.run_costs`` send exactly what Streamlit would."""

from __future__ import annotations

import gc

import pytest
from streamlit import config
from streamlit.proto.NewSession_pb2 import CustomThemeConfig
from streamlit.runtime import app_session

from pari import run_costs

SECTIONS = ["theme"] + [f"theme.{c.value}" for c in config.CustomThemeCategories]


@pytest.fixture
def streamlit_theme():
    """Streamlit's own theme function, and ours around it; the project's config.toml."""
    config.get_config_options(force_reparse=True)
    original = app_session._populate_theme_msg
    if isinstance(original, run_costs._ThemeSections):  # serve.py installed it already
        original = original._make
    yield original, run_costs._ThemeSections(original)
    config.get_config_options(force_reparse=True)


def _made(populate, section: str) -> bytes:
    msg = CustomThemeConfig()
    populate(msg, section)
    return msg.SerializeToString()


def test_every_theme_section_is_byte_for_byte_streamlits(streamlit_theme):
    original, cached = streamlit_theme
    assert _made(original, "theme"), "the project's config.toml sets a theme"
    for section in SECTIONS:
        assert _made(cached, section) == _made(original, section), section
        assert _made(cached, section) == _made(original, section), section  # from the cache


def test_an_unset_section_leaves_the_message_without_it(streamlit_theme):
    original, cached = streamlit_theme
    theme = CustomThemeConfig()
    cached(theme.light, "theme.light")
    assert not theme.HasField("light")
    original(theme.light, "theme.light")
    assert not theme.HasField("light")


def test_a_new_parse_of_the_configuration_makes_the_theme_again(streamlit_theme):
    original, cached = streamlit_theme
    before = _made(cached, "theme")
    config.set_option("theme.primaryColor", "#123456")  # as a re-read config.toml would
    config._config_options = dict(config._config_options)  # ... in a new options dict
    after = _made(cached, "theme")
    assert after != before
    assert after == _made(original, "theme")


def test_install_is_idempotent_and_keeps_streamlits_function():
    run_costs.install()
    first = app_session._populate_theme_msg
    run_costs.install()
    assert app_session._populate_theme_msg is first
    assert isinstance(first, run_costs._ThemeSections)
    assert not isinstance(first._make, run_costs._ThemeSections)


def test_what_the_server_imported_is_frozen_out_of_collections():
    run_costs.install()
    assert gc.get_freeze_count() > 0
    before = gc.get_freeze_count()
    run_costs._settled = False
    try:
        import pari.reporting.document  # noqa: F401 - what a page imports on first use

        run_costs.settle()
        assert gc.get_freeze_count() >= before
        assert run_costs._settled
    finally:
        gc.unfreeze()  # the test process goes on as Python's default
