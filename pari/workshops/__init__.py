"""Workshops: create from a template, edit steps, duplicate, share, and run them live.

Each public function is one use case: it checks the person's rights
(``pari.permissions``) and the rules, then writes and moves the workshop's
version numbers (``pari.versioning.bump``) in the same transaction. The caller
commits (``pari.web.db`` does). Rules that protect what stakeholders entered:

- a step that has input (cards, dots, scores, answers, ratings, pledges) cannot
  be removed, and its source cannot change;
- a dot vote with ballots keeps its budget and per-card cap; a matrix with scores
  keeps its criteria; a poll with answers can only get options added at the end;
  an assessment keeps every dimension somebody rated; an ideas step keeps every
  category a card uses. Titles and prompts can always be fixed;
- a closed workshop is read-only (reopen it, or duplicate it).

What a kind's settings are, and what a change of them may not undo, is the kind's own
(``pari.steps``); this package asks the registry and never branches on ``StepKind``.
Callers use the names below (``from pari import workshops``); the modules are:

- ``access``: the errors, looking up workshops and steps, may this person change it;
- ``checks``: texts, titles, budgets, each kind's settings, sources and order;
- ``design``: a workshop created, its details changed, duplicated;
- ``step_editing``: its steps added, edited, removed, reordered;
- ``sharing``: other facilitators let in and out;
- ``running``: the current step, input open or closed, results revealed, the status;
- ``window``: the self-paced window (issue 21): its rule, set and cleared, its steps,
  who answered live and self-paced (``from pari.workshops import window``).
"""

from pari.permissions import NotAllowed
from pari.workshops.access import (
    INPUT_KINDS,
    NEEDS_SOURCE,
    SOURCE_KINDS,
    InvalidInput,
    NotFound,
    StepHasInput,
    WorkshopError,
    WorkshopIsClosed,
    current_step,
    get_by_code,
    get_workshop,
    input_count,
    list_steps,
    list_workshops,
    still_allowed,
)
from pari.workshops.checks import (
    MAX_PROMPT,
    MAX_STEPS,
    MAX_TITLE,
    kind_name,
    step_config,
    validate_budget,
    validate_config,
)
from pari.workshops.design import create_workshop, duplicate_workshop, update_workshop
from pari.workshops.running import (
    close_step,
    go_back,
    go_next,
    hide_results,
    make_current,
    open_step,
    participant_count,
    reveal_next,
    reveal_results,
    set_status,
    show_results,
    start_top_reveal,
)
from pari.workshops.sharing import share_workshop, shared_with, unshare_workshop
from pari.workshops.step_editing import (
    add_step,
    move_step,
    remove_step,
    reorder_steps,
    update_step,
)

__all__ = [
    "INPUT_KINDS",
    "MAX_PROMPT",
    "MAX_STEPS",
    "MAX_TITLE",
    "NEEDS_SOURCE",
    "SOURCE_KINDS",
    "InvalidInput",
    "NotAllowed",
    "NotFound",
    "StepHasInput",
    "WorkshopError",
    "WorkshopIsClosed",
    "add_step",
    "close_step",
    "create_workshop",
    "current_step",
    "duplicate_workshop",
    "get_by_code",
    "get_workshop",
    "go_back",
    "go_next",
    "hide_results",
    "input_count",
    "kind_name",
    "list_steps",
    "list_workshops",
    "make_current",
    "move_step",
    "open_step",
    "participant_count",
    "remove_step",
    "reorder_steps",
    "reveal_next",
    "reveal_results",
    "set_status",
    "share_workshop",
    "shared_with",
    "show_results",
    "start_top_reveal",
    "step_config",
    "still_allowed",
    "unshare_workshop",
    "update_step",
    "update_workshop",
    "validate_budget",
    "validate_config",
]
