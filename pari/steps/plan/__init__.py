"""The local plan: the room sees what was decided (shows, takes no input, no settings)."""

from __future__ import annotations

from pari.i18n import N_
from pari.models import StepKind
from pari.steps.base import Kind


class Plan(Kind):
    kind = StepKind.PLAN
    label = N_("Local plan")
    takes_input = False

    # --- reading: results, charts, report

    # --- writing: the phone's rules, the editor


KIND = Plan()
