"""The room benchmark's scenarios, by the name ``--scenario`` takes, in the order a full
run makes them.

Each starts the room (``bench/room.py``) on a fresh server, writes its figures into the
scenario's ``result`` and returns the phones it leaves open for the driver to close.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bench import server as srv
from bench.client import Phone
from bench.room import Options
from bench.scenarios.arrive import scenario_arrive
from bench.scenarios.bad import scenario_bad
from bench.scenarios.idle import scenario_idle
from bench.scenarios.locks import scenario_locks
from bench.scenarios.questions import scenario_questions
from bench.scenarios.vote import scenario_stress, scenario_vote
from bench.scenarios.words import scenario_words
from bench.targets.base import Target

Scenario = Callable[[Target, srv.Server, Options, dict], Awaitable[list[Phone]]]

SCENARIOS: dict[str, Scenario] = {
    "idle": scenario_idle,
    "vote": scenario_vote,
    "stress": scenario_stress,
    "bad": scenario_bad,
    "arrive": scenario_arrive,
    "locks": scenario_locks,
    "questions": scenario_questions,
    "words": scenario_words,
}
