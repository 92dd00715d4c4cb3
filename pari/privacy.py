"""Privacy as promised at check-in (DESIGN section 2, issue 18 points 9 and 10).

Two rules, each kept here once and applied to the data before anything draws it:

- **Names in a plan**: a person's name is shown beside what they pledged only if they
  chose so ("Show my name in the local plan", ``Participant.name_in_plan``);
  otherwise their organisation, else their stakeholder group (``who``).
- **Small groups**: a breakdown by stakeholder group never shows a group with fewer
  people checked in than the workshop's ``min_group_size``. Such a group's rows keep
  counting in every total, under the one group value ``TOO_FEW`` ("too few to
  show"), so nothing a small group did can be read apart (``GroupRule.mask``).

Raw exports for coordinators keep every row as it is; this module is for what is
shown. No Streamlit, no figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlmodel import Session

from pari.i18n import N_, _
from pari.labels import group_label
from pari.models import Participant, StakeholderGroup, Workshop
from pari.steps.check_in.results import room

# The group value standing for every group too small to show (never a stored group).
TOO_FEW = "too_few"
TOO_FEW_TEXT = N_("Too few to show")
MIN_GROUP_SIZE = 1
MAX_GROUP_SIZE = 20
# The groups in the order breakdowns list them (pari.charts.GROUP_ORDER), small ones last.
ORDER = [g.value for g in StakeholderGroup] + ["", TOO_FEW]
# The columns of a frame holding a group value: a row's own group, and one worked out
# from the rows (the dot vote's group that gave a card the largest share of its dots).
GROUP_COLUMNS = ("group", "keenest_group")
# Frames listing what each person pledged beside who pledged it (the group standing in
# for a person who gave no name, as in the plan: ``who``): lists, not breakdowns.
LISTS = frozenset({"pledges"})


def group_text(group: StakeholderGroup | str | None, *, short: bool = False) -> str:
    """A group as a breakdown names it: its label, or "Too few to show"."""
    if group == TOO_FEW:
        return _(TOO_FEW_TEXT)
    return group_label(group or None, short=short)


@dataclass(frozen=True)
class GroupRule:
    """Which groups of one workshop a breakdown may show."""

    minimum: int
    sizes: Mapping[str, int]  # people checked in per group value ('' for none given)

    def shows(self, group: str) -> bool:
        return self.sizes.get(group or "", 0) >= self.minimum

    def mask(self, frame: pd.DataFrame, column: str | None = None) -> pd.DataFrame:
        """``frame`` with the value of every group too small to show replaced by
        ``TOO_FEW`` (rows kept, so totals stay right), in ``column`` or, when none is
        given, in every column holding a group (``GROUP_COLUMNS``): a group worked out
        from the rows (the dot vote's keenest group) would name a small group as
        surely as the rows do. A frame without such a column unchanged."""
        for name in (column,) if column else GROUP_COLUMNS:
            frame = self._mask_column(frame, name)
        return frame

    def _mask_column(self, frame: pd.DataFrame, column: str) -> pd.DataFrame:
        if column not in frame.columns or frame.empty:
            return frame
        # '*' is everyone together (the assessment's own line), never a group; in a
        # derived column '' means "no group" (not "group not given"), never a group.
        always = (TOO_FEW, "*") if column == "group" else (TOO_FEW, "*", "")
        keep = frame[column].map(lambda g: g in always or self.shows(g))
        return frame.assign(**{column: frame[column].where(keep, TOO_FEW)})

    def mask_frames(self, frames: Mapping[str, Any]) -> dict[str, Any]:
        """A step's frames as a breakdown may show them: ``mask`` applied to each frame
        but the lists of pledges (``LISTS``)."""
        return {
            key: self.mask(f) if isinstance(f, pd.DataFrame) and key not in LISTS else f
            for key, f in frames.items()
        }

    def room(self) -> pd.DataFrame:
        """The room (group, participants) as a breakdown may show it: the small groups
        pooled as one row of ``TOO_FEW`` (last), so the total is kept and no small
        group's count is shown."""
        room = pd.DataFrame(list(self.sizes.items()), columns=["group", "participants"])
        pooled = self.mask(room).groupby("group", as_index=False).participants.sum()
        pooled = pooled.sort_values("group", key=lambda s: s.map(ORDER.index))
        return pooled.astype({"participants": "int64"}).reset_index(drop=True)


def group_rule(*, session: Session, workshop_id: int) -> GroupRule:
    """The small-group rule of a workshop as it stands: its smallest group shown, and
    the people checked in per group."""
    sizes = room(session=session, workshop_id=workshop_id).set_index("group").participants
    workshop = session.get(Workshop, workshop_id)
    return GroupRule(workshop.min_group_size, {g: int(n) for g, n in sizes.items()})


def who(participant: Participant | None) -> str:
    """Who pledged, as a plan may name them: name (and organisation) only with their
    consent, else the organisation, else '' (the plan then shows the group)."""
    if participant is None:
        return ""
    organisation = participant.organisation.strip()
    name = participant.name.strip() if participant.name_in_plan else ""
    return ", ".join(x for x in (name, organisation) if x)
