"""The rating scale on the phone: each statement with its scale as large buttons and
"Don't know", saved on each tap and changeable while the step is open; once the
facilitator reveals hidden results, a few lines of them per statement."""

from __future__ import annotations

import html

import streamlit as st

from pari import steps, web
from pari.i18n import _, ngettext
from pari.labels import text_label
from pari.phone import ui
from pari.reveal import Reveal
from pari.steps.rating import DONT_KNOW_TEXT, SCALE_0_10, SCALE_AGREE, RatingConfig, rules
from pari.steps.rating.chart import mean_words, median_text, value_name
from pari.text import md_escape

DK = "dk"  # the "Don't know" button's option (stored as None)
# The scale's buttons: at least 48 px high; 0-10 in rows of six, the agree scale one
# answer a line (its labels are words); "Don't know" on a line of its own.
CSS = """<style>
[class*="st-key-pari_rate_"] [data-testid="stButtonGroup"] > div { display: grid;
  gap: .45rem; grid-template-columns: repeat(var(--pari-cols), minmax(0, 1fr)); }
[class*="st-key-pari_rate_"] [data-testid="stButtonGroup"] button { min-height: 3rem;
  width: 100%; justify-content: center; }
[class*="st-key-pari_rate_"] [data-testid="stButtonGroup"] button p { font-size: 1.15rem; }
/* A label wraps rather than ending in "…" (text at 200 % on a phone: "Strongly …"
   would read the same for agree and disagree). */
[class*="st-key-pari_rate_"] [data-testid="stButtonGroup"] button :is(div, span, p) {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[class*="st-key-pari_rate_"] [data-testid="stButtonGroup"] button { height: auto; }
[class*="st-key-pari_rate_"] [data-testid="stButtonGroup"] button:last-child {
  grid-column: 1 / -1; }
[class*="st-key-pari_rate_"] [data-testid="stButtonGroup"] button[aria-checked="true"] {
  background: #1B5E20 !important; border: 2px solid #0B2E0F !important;
  color: #FFFFFF !important; }  /* also while hovered or focused after the tap */
[class*="st-key-pari_rate_"] [data-testid="stButtonGroup"] button[aria-checked="true"] p {
  color: #FFFFFF !important; font-weight: 700; }
[class*="st-key-pari_rate_"] [data-testid="stButtonGroup"] button[aria-checked="true"] p::before {
  content: "✓ " / ""; }
.pari-rate-saved { font-size: 1.05rem; font-weight: 700; color: #1B5E20; margin: 0; }
.pari-rate-unset { font-size: 1.05rem; color: #333333; margin: 0; }
[class*="st-key-pari_rate_agree_"] { --pari-cols: 1; }
[class*="st-key-pari_rate_0_10_"] { --pari-cols: 6; }
[class*="st-key-pari_rate_1_5_"] { --pari-cols: 5; }
</style>"""
SCALE_KEYS = {SCALE_AGREE: "agree", SCALE_0_10: "0_10"}


def draw(view) -> None:
    _rating_fragment(view.step.id)


def _option_text(cfg: RatingConfig, option: int | str) -> str:
    return _(DONT_KNOW_TEXT) if option == DK else value_name(cfg, int(option))


def _key(step_id: int, index: int) -> str:
    return f"rate_{step_id}_{index}"


@st.fragment
def _rating_fragment(step_id: int) -> None:
    step, is_open, view = ui.step_and_open(step_id)
    if step is None:
        st.info(_(ui.MOVED_ON))
        return
    cfg: RatingConfig = steps.config(step)
    with web.db() as session:
        mine = rules.my_ratings(session=session, participant_id=ui.pid(), step_id=step_id)
    st.html(CSS)
    reveal = Reveal.of(step)
    if reveal.hidden and reveal.visible:  # revealed: the room's results come first
        _results(step.id, view.workshop.stage_version, cfg)
    if cfg.scale == SCALE_AGREE:  # the step's prompt asks the question
        st.caption(_("Your answer is saved when you tap."))
    else:
        st.caption(
            _("{low} = lowest, {high} = highest. Your answer is saved when you tap.").format(
                low=cfg.low, high=cfg.high
            )
        )
    shown = [i for i, s in enumerate(cfg.statements) if s]
    st.markdown(
        _("**{done} of {total}** answered").format(
            done=sum(1 for i in shown if i in mine), total=len(shown)
        )
    )
    options: list[int | str] = [*cfg.values, DK]
    scale_key = SCALE_KEYS.get(cfg.scale, "1_5")
    for index in shown:
        saved = mine.get(index, "unset")
        chosen = None if saved == "unset" else (DK if saved is None else saved)
        key = _key(step_id, index)
        if st.session_state.get(key) != chosen:
            st.session_state[key] = chosen
        with st.container(border=True, key=f"pari_rate_{scale_key}_{index}"):
            st.markdown("**" + md_escape(text_label(cfg.statements[index])) + "**")
            st.pills(
                # A screen reader names the choices by this, as written (not Markdown).
                text_label(cfg.statements[index]),
                options=options,
                format_func=lambda o: _option_text(cfg, o),
                key=key,
                disabled=not is_open,
                on_change=_save,
                args=(step_id, index, chosen),
                label_visibility="collapsed",
                width="stretch",
            )
            if chosen is None:
                st.html(f'<p class="pari-rate-unset">{html.escape(_("Not answered yet"))}</p>')
            else:
                saved_text = _("Saved: {answer}").format(answer=_option_text(cfg, chosen))
                st.html(f'<p class="pari-rate-saved">✓ {html.escape(saved_text)}</p>')
            ui.show_flash(f"rate{index}")


def _save(step_id: int, index: int, before: int | str | None) -> None:
    key = _key(step_id, index)
    option = st.session_state.get(key)
    if option is None:  # a tap on the chosen answer: it stays chosen
        st.session_state[key] = before
        return
    ok, result = ui.call(
        rules.rate, step_id=step_id, ratings={index: None if option == DK else int(option)}
    )
    if not ok:
        st.session_state[key] = before
        ui.flash(f"rate{index}", False, result)


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _summary(step_id: int, stage_version: int):
    """Everyone's figures per statement, read once per step version for every phone of
    this process (a reveal moves the stage version)."""
    del stage_version  # cache key only
    from pari.models import Step
    from pari.steps.rating.results import counts, summary

    with web.db() as session:
        step = session.get(Step, step_id)
        return summary(counts(session=session, step=step), steps.config(step))


def _results(step_id: int, stage_version: int, cfg: RatingConfig) -> None:
    """The revealed results as plain text (statements are never Markdown here)."""
    lines = [_("Results")]
    for r in _summary(step_id, stage_version).itertuples():
        if not r.text:
            continue
        lines.append(f"{int(r.statement) + 1}. {text_label(r.text)}")
        lines.append(
            "   "
            + _("Mean {mean} · median {median}").format(
                mean=mean_words(r.mean, cfg), median=median_text(r.median)
            )
            + " · "
            + ngettext("{n} answer", "{n} answers", int(r.n)).format(n=int(r.n))
            + " · "
            + _("Don't know: {n}").format(n=int(r.dont_know))
        )
    st.text("\n".join(lines), width="stretch")
