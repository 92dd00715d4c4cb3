"""The local plan's tables as the plan page shows them: headed and labelled in the
reader's language, one row per entry, ready for ``st.dataframe``. (The report's own
tables are in ``document``.)"""

from __future__ import annotations

import pandas as pd

from pari.i18n import _
from pari.labels import COMMITMENT_KIND_LABELS, COMMITMENT_ROLE_LABELS, group_label
from pari.models import CommitmentKind, CommitmentRole, CommitmentUpdate
from pari.reporting.followup import status_label
from pari.reporting.plan import Plan


def room_table(plan: Plan) -> pd.DataFrame:
    """Who took part: people per stakeholder group, in the charts' order of groups."""
    people = plan.people_by_group()
    return pd.DataFrame(
        {
            _("Stakeholder group"): [group_label(g or None) for g in people.index],
            _("People"): people.astype(int).tolist(),
        }
    )


def pledges_table(pledges: pd.DataFrame) -> pd.DataFrame:
    """The plan's pledges (``plan.PLEDGE_COLUMNS``) with their follow-up."""
    return pd.DataFrame(
        {
            _("Priority"): pledges.priority,
            _("Who"): pledges.owner,
            _("Stakeholder group"): [group_label(g or None, short=True) for g in pledges.group],
            _("Role"): [_(COMMITMENT_ROLE_LABELS[CommitmentRole(r)]) for r in pledges.role],
            _("Kind"): [_(COMMITMENT_KIND_LABELS[CommitmentKind(k)]) for k in pledges.kind],
            _("What"): pledges.what,
            _("Amount"): pledges.amount,
            _("Unit"): pledges.unit,
            _("By when"): pledges.by_when,
            _("Status"): [status_label(s) for s in pledges.status],
            _("Updated"): [
                None if t is None or pd.isna(t) else pd.Timestamp(t).date()
                for t in pledges.status_at
            ],
            _("Latest note"): pledges.note,
        }
    )


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
