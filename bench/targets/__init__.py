"""What the load generator drives: the PARI app, or the bare floor app, behind one
interface (``base.Target``).

Each target knows how to lay out a fresh database, how the facilitator changes step
(in this process, through the same services a click calls, against the same database),
what a phone taps (found by widget kind, key and label, listed in ``base.RELIES_ON``),
and how to read back what was stored.
"""

from __future__ import annotations

from bench.targets.app import PariTarget
from bench.targets.base import Target
from bench.targets.floor import FloorTarget

TARGETS: dict[str, type[Target]] = {"app": PariTarget, "floor": FloorTarget}
