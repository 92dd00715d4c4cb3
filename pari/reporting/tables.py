"""The local plan's tables as the plan page shows them: headed and labelled in the
reader's language, one row per entry, ready for ``st.dataframe``. (The report's own
tables are in ``document``.) Every cell is text, so an empty one stays empty."""

from __future__ import annotations

import pandas as pd

from pari.i18n import _
from pari.labels import COMMITMENT_KIND_LABELS, COMMITMENT_ROLE_LABELS, group_label
from pari.models import CommitmentKind, CommitmentRole, CommitmentUpdate
from pari.privacy import group_text
from pari.reporting.blocks import amount_text, date_text
from pari.reporting.followup import status_label
from pari.reporting.plan import Totals


def room_table(plan: Totals) -> pd.DataFrame:
    """Who took part: people per stakeholder group, in the charts' order of groups, small
    groups pooled (a plan's ``room``; the public page's too)."""
    return pd.DataFrame(
        {
            _("Stakeholder group"): [group_text(g) for g in plan.room.group],
            _("People"): plan.room.participants.astype(int).tolist(),
        }
    )


def pledges_table(pledges: pd.DataFrame, *, public: bool = False) -> pd.DataFrame:
    """The plan's pledges (``plan.PLEDGE_COLUMNS``) with their follow-up: the pledge in
    one column (role · kind: what, as the report writes it) and its status right after,
    so a page as narrow as 1280 px shows every column. ``public``: as the public results
    page shows them, each pledge's stakeholder group in place of who made it, and no
    note (staff text that may name people)."""
    who_made_it = (
        {_("Stakeholder group"): [group_text(g or None, short=True) for g in pledges.group]}
        if public
        else {_("Who"): [who(p.owner, p.group) for p in pledges.itertuples()]}
    )
    table = {
        _("Priority"): pledges.priority,
        **who_made_it,
        _("Pledge"): [
            f"{_(COMMITMENT_ROLE_LABELS[CommitmentRole(p.role)])} · "
            f"{_(COMMITMENT_KIND_LABELS[CommitmentKind(p.kind)])}: {p.what}"
            for p in pledges.itertuples()
        ],
        _("Status"): [status_label(s) for s in pledges.status],
        _("Amount"): [amount_text(a, u) for a, u in zip(pledges.amount, pledges.unit, strict=True)],
        _("By when"): [date_text(d) for d in pledges.by_when],
        _("Updated"): [date_text(t) for t in pledges.status_at],
    }
    if not public:
        table[_("Latest note")] = pledges.note
    return pd.DataFrame(table, dtype=str)


def pledge_widths() -> dict[str, int]:
    """Column widths (px) of ``pledges_table`` on the page: every column fits at 1280
    px (the latest note takes what is left)."""
    return {
        _("Priority"): 170,
        _("Who"): 180,
        _("Pledge"): 250,
        _("Status"): 110,
        _("Amount"): 130,
        _("By when"): 95,
        _("Updated"): 95,
    }


def who(owner: str, group: str) -> str:
    """Who pledged (``privacy.who``: a name only with consent) and their group."""
    label = group_label(group or None, short=True)
    return f"{owner} · {label}" if owner else label


def pledge_names(pledges: pd.DataFrame) -> dict[int, str]:
    """Each pledge by its id as a list to choose from names it: number, priority, what,
    who, status. The number keeps two alike pledges apart (a selectbox tells its
    options by their label)."""
    names = {}
    for number, p in enumerate(pledges.itertuples(), start=1):
        who = p.owner or group_label(p.group or None, short=True)
        names[int(p.commitment_id)] = (
            f"{number}. {p.priority[:60]} — {p.what[:60]} ({who}) · {status_label(p.status)}"
        )
    return names


def history_table(updates: list[CommitmentUpdate]) -> pd.DataFrame:
    """A pledge's earlier updates (``followup.history``, oldest first), newest first."""
    newest_first = list(reversed(updates))
    return pd.DataFrame(
        {
            _("Date"): [u.created_at.date() for u in newest_first],
            _("Status"): [status_label(u.status) for u in newest_first],
            _("Note"): [u.note for u in newest_first],
        }
    )
