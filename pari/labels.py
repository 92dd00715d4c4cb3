"""Labels people see for the stored machine names (groups, step kinds, dimensions ...).

Every label is marked with ``N_`` and translated where it is drawn (``label(...)``
calls ``_``), so one process serves every language (DESIGN section 7). An English
word with two meanings is marked with ``NC_`` and a context (one of the ``*_CONTEXT``
names below) and drawn with ``pgettext``, so each language can choose its own word
for each meaning ("Closed" as a step state and as a workshop status).
"""

from __future__ import annotations

from collections.abc import Iterable

from pari.i18n import N_, NC_, _, pgettext
from pari.models import (
    CommitmentKind,
    CommitmentRole,
    StakeholderGroup,
    StepKind,
    StepState,
    Template,
    WorkshopStatus,
)

# Message contexts (msgctxt) of the words that serve two meanings in English. The NC_
# marks write them out (the extractor reads literals only); text_label and the
# *_label functions translate with these names.
GROUP_CONTEXT = "stakeholder group"
ASSET_CONTEXT = "asset category"
CHALLENGE_CONTEXT = "challenge category"
STEP_STATE_CONTEXT = "step state"
WORKSHOP_STATUS_CONTEXT = "workshop status"

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
    StakeholderGroup.KNOWLEDGE: NC_("stakeholder group", "Knowledge"),
    StakeholderGroup.CIVIL_SOCIETY: N_("Civil society"),
    StakeholderGroup.SUPPORT: N_("Support bodies"),
}
NO_GROUP = N_("Group not given")

STEP_STATE_LABELS: dict[StepState, str] = {
    StepState.NOT_STARTED: N_("Not started"),
    StepState.OPEN: N_("Open for input"),
    StepState.CLOSED: NC_("step state", "Closed"),
    StepState.RESULTS: N_("Results shown"),
}

WORKSHOP_STATUS_LABELS: dict[WorkshopStatus, str] = {
    WorkshopStatus.DRAFT: N_("Draft"),
    WorkshopStatus.LIVE: N_("Live"),
    WorkshopStatus.CLOSED: NC_("workshop status", "Closed"),
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
    if short:
        return _group_short(GROUP_SHORT_LABELS[group])
    return _(GROUP_LABELS[group])


def _group_short(message: str) -> str:
    return pgettext(GROUP_CONTEXT, message) if message == "Knowledge" else _(message)


def kind_label(kind: StepKind | str) -> str:
    from pari import steps  # the registry reads the dimensions below at import

    return _(steps.get(kind).label)


def state_label(state: StepState | str) -> str:
    message = STEP_STATE_LABELS[StepState(state)]
    return pgettext(STEP_STATE_CONTEXT, message) if message == "Closed" else _(message)


def status_label(status: WorkshopStatus | str) -> str:
    message = WORKSHOP_STATUS_LABELS[WorkshopStatus(status)]
    return pgettext(WORKSHOP_STATUS_CONTEXT, message) if message == "Closed" else _(message)


def template_label(template: Template | str) -> str:
    return _(TEMPLATE_LABELS[Template(template)])


def dimension_label(key: str) -> str:
    """A readiness dimension's label: a built-in one translated, a custom one as written."""
    return _(READINESS_DIMENSIONS[key]) if key in READINESS_DIMENSIONS else key


# Template categories whose English word has another meaning elsewhere: the stored
# text (what Step.config and Contribution.category hold, in workshops old and new) and
# the context it is translated with (pari.templates marks them with these contexts).
CATEGORY_CONTEXTS: dict[str, str] = {
    "Social": CHALLENGE_CONTEXT,
    "Ecological": CHALLENGE_CONTEXT,
    "Economic": CHALLENGE_CONTEXT,
    "Knowledge": ASSET_CONTEXT,
}


def text_label(stored: str, *, among: Iterable[str] = ()) -> str:
    """A facilitator-side text stored as written (step title, category, option).

    Texts that came from a template are English message ids and get translated (a
    category of ``CATEGORY_CONTEXTS`` with its context); texts a facilitator typed are
    returned unchanged (no catalog has them). ``among``: the other categories of the
    step, when known; "Knowledge" next to the stakeholder groups ("Who is missing?")
    is the group, otherwise the asset.
    """
    if not stored:
        return stored
    context = CATEGORY_CONTEXTS.get(stored)
    if context is None:
        return _(stored)
    if stored == "Knowledge" and _are_groups(among):
        return pgettext(GROUP_CONTEXT, stored)
    return pgettext(context, stored)


def category_label(stored: str, categories: Iterable[str] = ()) -> str:
    """A card category as people read it; ``categories``: all the categories of its step."""
    return text_label(stored, among=categories)


def _are_groups(categories: Iterable[str]) -> bool:
    others = set(GROUP_SHORT_LABELS.values()) - {"Knowledge"}
    return bool(others & set(categories))
