"""Labels people see for the stored machine names (groups, step kinds, dimensions ...).

Every label is marked with ``N_`` and translated where it is drawn (``label(...)``
calls ``_``), so one process serves every language (DESIGN section 7).
"""

from __future__ import annotations

from pari.i18n import N_, _
from pari.models import (
    CommitmentKind,
    CommitmentRole,
    StakeholderGroup,
    StepKind,
    StepState,
    Template,
    WorkshopStatus,
)

GROUP_LABELS: dict[StakeholderGroup, str] = {
    StakeholderGroup.SOCIAL_ECONOMY: N_("Social economy organisations"),
    StakeholderGroup.PUBLIC_AUTHORITY: N_("Local and regional authorities"),
    StakeholderGroup.BUSINESS: N_("Businesses and entrepreneurs"),
    StakeholderGroup.KNOWLEDGE: N_("Knowledge and training bodies"),
    StakeholderGroup.CIVIL_SOCIETY: N_("Civil society and residents"),
    StakeholderGroup.SUPPORT: N_("Support and intermediary bodies"),
}
GROUP_SHORT_LABELS: dict[StakeholderGroup, str] = {
    StakeholderGroup.SOCIAL_ECONOMY: N_("Social economy"),
    StakeholderGroup.PUBLIC_AUTHORITY: N_("Public authorities"),
    StakeholderGroup.BUSINESS: N_("Business"),
    StakeholderGroup.KNOWLEDGE: N_("Knowledge"),
    StakeholderGroup.CIVIL_SOCIETY: N_("Civil society"),
    StakeholderGroup.SUPPORT: N_("Support bodies"),
}
NO_GROUP = N_("Group not given")

STEP_STATE_LABELS: dict[StepState, str] = {
    StepState.NOT_STARTED: N_("Not started"),
    StepState.OPEN: N_("Open for input"),
    StepState.CLOSED: N_("Closed"),
    StepState.RESULTS: N_("Results shown"),
}

WORKSHOP_STATUS_LABELS: dict[WorkshopStatus, str] = {
    WorkshopStatus.DRAFT: N_("Draft"),
    WorkshopStatus.LIVE: N_("Live"),
    WorkshopStatus.CLOSED: N_("Closed"),
}

TEMPLATE_LABELS: dict[Template, str] = {
    Template.LOCAL_PLAN: N_("CSEI local plan"),
    Template.MISSION_DEBRIEF: N_("Mission debrief"),
    Template.BLANK: N_("Blank"),
}

COMMITMENT_KIND_LABELS: dict[CommitmentKind, str] = {
    CommitmentKind.TIME: N_("Time"),
    CommitmentKind.MONEY: N_("Money"),
    CommitmentKind.SPACE: N_("Space"),
    CommitmentKind.EXPERTISE: N_("Expertise"),
    CommitmentKind.NETWORK: N_("Network"),
    CommitmentKind.OTHER: N_("Other"),
}

COMMITMENT_ROLE_LABELS: dict[CommitmentRole, str] = {
    CommitmentRole.LEAD: N_("Lead"),
    CommitmentRole.SUPPORTING: N_("Supporting"),
}

# CSEI readiness dimensions (DESIGN section 2); the key is what Assessment.dimension stores.
READINESS_DIMENSIONS: dict[str, str] = {
    "vision": N_("Shared vision and strategy"),
    "diversity": N_("Diversity of actors"),
    "trust": N_("Cooperation and trust"),
    "governance": N_("Governance and coordination"),
    "resources": N_("Resources and economic model"),
    "policy": N_("Enabling public policy"),
    "services": N_("Joint services and innovation"),
    "impact": N_("Impact and learning"),
}


def group_label(group: StakeholderGroup | str | None, *, short: bool = False) -> str:
    """The translated name of a stakeholder group ('Group not given' for None)."""
    if group is None or group == "":
        return _(NO_GROUP)
    group = StakeholderGroup(group)
    return _((GROUP_SHORT_LABELS if short else GROUP_LABELS)[group])


def kind_label(kind: StepKind | str) -> str:
    from pari import steps  # the registry reads the dimensions below at import

    return _(steps.get(kind).label)


def state_label(state: StepState | str) -> str:
    return _(STEP_STATE_LABELS[StepState(state)])


def status_label(status: WorkshopStatus | str) -> str:
    return _(WORKSHOP_STATUS_LABELS[WorkshopStatus(status)])


def template_label(template: Template | str) -> str:
    return _(TEMPLATE_LABELS[Template(template)])


def dimension_label(key: str) -> str:
    """A readiness dimension's label: a built-in one translated, a custom one as written."""
    return _(READINESS_DIMENSIONS[key]) if key in READINESS_DIMENSIONS else key


def text_label(stored: str) -> str:
    """A facilitator-side text stored as written (step title, category, option).

    Texts that came from a template are English message ids and get translated;
    texts a facilitator typed are returned unchanged (no catalog has them).
    """
    return _(stored) if stored else stored
