"""All tables of PARI Workshop, with the constraints that keep the data honest.

Enums are stored by their value (a short lower-case string), so CSV exports and
SQL reads see stable machine names; people see translated labels.
Newer kinds keep their tables in ``pari/steps/<kind>/models.py`` (``pari.steps`` loads them).
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Index, UniqueConstraint, false, true
from sqlalchemy import Enum as SAEnum
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def enum_column(enum_cls: type[enum.Enum], **kwargs: Any) -> Column:
    """Store an enum by value as a plain string (portable, readable in SQL and CSV)."""
    return Column(
        SAEnum(
            enum_cls,
            values_callable=lambda e: [m.value for m in e],
            native_enum=False,
            validate_strings=True,
            length=32,
            name=enum_cls.__name__.lower(),
        ),
        **kwargs,
    )


class Role(enum.StrEnum):
    COORDINATOR = "coordinator"
    FACILITATOR = "facilitator"


class StakeholderGroup(enum.StrEnum):
    """The six groups of DESIGN section 1; the order is the order shown everywhere."""

    SOCIAL_ECONOMY = "social_economy"
    PUBLIC_AUTHORITY = "public_authority"
    BUSINESS = "business"
    KNOWLEDGE = "knowledge"
    CIVIL_SOCIETY = "civil_society"
    SUPPORT = "support"


class StepKind(enum.StrEnum):
    CHECK_IN = "check_in"
    IDEAS = "ideas"
    DOT_VOTE = "dot_vote"
    MATRIX = "matrix"
    POLL = "poll"
    ASSESSMENT = "assessment"
    COMMITMENTS = "commitments"
    PLAN = "plan"
    QUESTIONS = "questions"
    WORD_CLOUD = "word_cloud"
    RATING = "rating"


class StepState(enum.StrEnum):
    NOT_STARTED = "not_started"
    OPEN = "open"
    CLOSED = "closed"
    RESULTS = "results"


class WorkshopStatus(enum.StrEnum):
    DRAFT = "draft"
    LIVE = "live"
    CLOSED = "closed"


class AnswerMode(enum.StrEnum):
    """How an answer was given (issue 21): in the room while the facilitator ran the
    step, or at the person's own pace in the workshop's self-paced window. Rows keep it
    as ``self_paced`` (a bool); exports write these values."""

    LIVE = "live"
    SELF_PACED = "self-paced"


class Template(enum.StrEnum):
    LOCAL_PLAN = "local_plan"
    MISSION_DEBRIEF = "mission_debrief"
    BLANK = "blank"


class CommitmentRole(enum.StrEnum):
    LEAD = "lead"
    SUPPORTING = "supporting"


class CommitmentKind(enum.StrEnum):
    TIME = "time"
    MONEY = "money"
    SPACE = "space"
    EXPERTISE = "expertise"
    NETWORK = "network"
    OTHER = "other"


class CommitmentStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


LANGUAGES = ("en", "sv", "es", "pt", "fr", "eu")

# Limits shared by the services and the CHECK constraints below.
MAX_DOT_BUDGET = 50
MAX_CARD_TEXT = 500
MAX_NAME = 120
MAX_TIMEZONE = 64
MAX_PUBLIC_KEY = 32  # a workshop's public results key (22 characters made)

# A new workshop's time zone, from its language (``Workshop.timezone``); the facilitator
# may choose another when setting the self-paced window.
DEFAULT_TIMEZONE = "Europe/Brussels"
TIMEZONE_BY_LANGUAGE = {
    "en": "Europe/Brussels",
    "fr": "Europe/Brussels",
    "sv": "Europe/Stockholm",
    "es": "Europe/Madrid",
    "eu": "Europe/Madrid",
    "pt": "Europe/Lisbon",
}


def self_paced_field() -> Any:
    """An answer's mode (``AnswerMode``): true when given in the self-paced window.
    Stamped by the phone's rules (``pari.phone.guards``), never sent by a phone."""
    return Field(default=False, sa_column_kwargs={"server_default": false()})


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=MAX_NAME)
    email: str | None = Field(default=None, max_length=254)
    password_hash: str = Field(max_length=128)
    role: Role = Field(sa_column=enum_column(Role, nullable=False))
    active: bool = Field(default=True)
    # The language this person chose for the app; None until they choose one
    # (then the link's ?lang= or the browser's language is used).
    language: str | None = Field(default=None, max_length=8)
    # Login cookies issued before this moment are refused: logout revokes them
    # (streamlit-authenticator's JWT cannot be revoked on its own, its issue #91).
    tokens_valid_after: datetime | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow)


class AppSecret(SQLModel, table=True):
    """Small process-wide values every replica must share (the cookie key, setup lock)."""

    __tablename__ = "app_secret"
    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=512)
    created_at: datetime = Field(default_factory=utcnow)


class RateEvent(SQLModel, table=True):
    """One failed attempt (login, join code), counted in a sliding window.

    Kept in the database so every replica counts the same attempts.
    """

    __tablename__ = "rate_event"
    __table_args__ = (Index("ix_rate_event_bucket_at", "bucket", "created_at"),)
    id: int | None = Field(default=None, primary_key=True)
    bucket: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class Workshop(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint(
            f"dot_budget >= 1 AND dot_budget <= {MAX_DOT_BUDGET}", name="dot_budget_range"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=6, min_length=6, unique=True, index=True)
    title: str = Field(max_length=200)
    territory: str = Field(default="", max_length=120)
    held_on: date | None = Field(default=None)
    language: str = Field(default="en", max_length=8)
    template: Template = Field(sa_column=enum_column(Template, nullable=False))
    dot_budget: int = Field(default=5)
    status: WorkshopStatus = Field(
        default=WorkshopStatus.DRAFT,
        sa_column=enum_column(WorkshopStatus, nullable=False, default=WorkshopStatus.DRAFT),
    )
    owner_id: int = Field(foreign_key="user.id", index=True)
    # The step every phone follows; a plain id (no FK) to avoid a cycle with step.
    current_step_id: int | None = Field(default=None)
    # Moved on every write the presenter should see (DESIGN section 7): cache key of
    # its heavy reads.
    version: int = Field(default=0)
    # Moved only when what phones show changes (current step, its state, its settings,
    # moderation of cards phones vote on): the watcher reruns phones on this alone.
    stage_version: int = Field(default=0)
    next_steps: str = Field(default="", max_length=5000)
    # A breakdown by stakeholder group shows no group smaller than this (issue 18).
    min_group_size: int = Field(default=3, sa_column_kwargs={"server_default": "3"})
    # The self-paced window (issue 21): phones may answer the chosen steps
    # (``Step.self_paced``) at their own pace from ``self_paced_from`` (UTC, included)
    # until ``self_paced_until`` (excluded), while the room is not being run live
    # (``pari.workshops.window``). Both None: no window.
    self_paced_from: datetime | None = Field(default=None)
    self_paced_until: datetime | None = Field(default=None)
    # The IANA zone the facilitator gives the window's dates and times in.
    timezone: str = Field(
        default=DEFAULT_TIMEZONE,
        max_length=MAX_TIMEZONE,
        sa_column_kwargs={"server_default": DEFAULT_TIMEZONE},
    )
    # The public results page (issue 21): read-only, no names, no tokens, at
    # ``/results?r=public_key`` while ``public_results`` is on (``pari.reporting.public``).
    # The key is random and apart from the join code, which lets a phone in; it is made
    # the first time the page is switched on and kept, so a link already printed works
    # again when the page is switched back on.
    public_results: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    public_key: str | None = Field(default=None, max_length=MAX_PUBLIC_KEY, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class WorkshopShare(SQLModel, table=True):
    """A facilitator other than the owner who may run this workshop."""

    __tablename__ = "workshop_share"
    workshop_id: int = Field(foreign_key="workshop.id", primary_key=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")


class Step(SQLModel, table=True):
    __table_args__ = (Index("ix_step_workshop_position", "workshop_id", "position"),)
    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True, ondelete="CASCADE")
    position: int = Field(default=0)
    kind: StepKind = Field(sa_column=enum_column(StepKind, nullable=False))
    title: str = Field(max_length=200)
    prompt: str = Field(default="", max_length=2000)
    state: StepState = Field(
        default=StepState.NOT_STARTED,
        sa_column=enum_column(StepState, nullable=False, default=StepState.NOT_STARTED),
    )
    # The earlier step whose cards a dot vote, matrix or commitments step draws from.
    source_step_id: int | None = Field(default=None, foreign_key="step.id", ondelete="SET NULL")
    # Kind-specific settings: categories, budget, per_card_cap, criteria, options,
    # multiple, dimensions. Validated by pari.workshops, never trusted raw.
    config: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # Results live (the default), or hidden from the presenter and phones until the
    # facilitator reveals them; input may stay open after a reveal (issue 18).
    results_hidden: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    revealed: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # A top-N reveal: N, and how many of those ranks are shown, counted from the last.
    reveal_top: int | None = Field(default=None)
    reveal_shown: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # A countdown on this step, kept here so it survives a restart and every replica
    # agrees: running until timer_ends_at (UTC), or paused with timer_left seconds.
    timer_ends_at: datetime | None = Field(default=None)
    timer_left: float | None = Field(default=None)
    timer_closes_input: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # Part of the workshop's self-paced window ("chosen steps"; issue 21), if it takes input.
    self_paced: bool = Field(default=True, sa_column_kwargs={"server_default": true()})


class Participant(SQLModel, table=True):
    """A stakeholder in one workshop; identified by a secret token kept only hashed."""

    __table_args__ = (CheckConstraint("length(token_hash) = 64", name="token_hash_sha256"),)
    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True, index=True)
    group: StakeholderGroup | None = Field(
        default=None, sa_column=enum_column(StakeholderGroup, nullable=True)
    )
    name: str = Field(default="", max_length=MAX_NAME)
    organisation: str = Field(default="", max_length=MAX_NAME)
    place: str = Field(default="", max_length=MAX_NAME)
    language: str | None = Field(default=None, max_length=8)
    # The phone's larger text (issue 20), kept for this person, not for the phone: a
    # reload or the link reopened keeps it; another person on the same phone starts without.
    larger_text: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    consented: bool = Field(default=False)
    # A separate, explicit yes to the name appearing in the local plan and its report
    # (otherwise the organisation or the stakeholder group is shown; issue 18).
    name_in_plan: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    checked_in_at: datetime | None = Field(default=None)
    # Set when a facilitator entered paper input on this person's behalf.
    entered_by_user_id: int | None = Field(default=None, foreign_key="user.id")
    # 0 for a phone's own person; 1, 2, ... for each more person who chose "someone
    # else on this phone" (a shared phone), which the facilitator sees counted.
    seat: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # Checked in during the self-paced window rather than in the room (issue 21).
    self_paced: bool = self_paced_field()
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime | None = Field(default=None)


class Contribution(SQLModel, table=True):
    """A card written in an ideas step (or on paper, entered by a facilitator)."""

    __table_args__ = (
        # A resend after a dropped connection carries the same nonce: one card, not two.
        UniqueConstraint("participant_id", "client_nonce", name="uq_contribution_nonce"),
        CheckConstraint("length(text) >= 1", name="contribution_text_not_empty"),
    )
    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True, ondelete="CASCADE")
    step_id: int = Field(foreign_key="step.id", index=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    text: str = Field(max_length=MAX_CARD_TEXT)
    category: str = Field(default="", max_length=120)
    hidden: bool = Field(default=False)
    withdrawn: bool = Field(default=False)
    merged_into_id: int | None = Field(
        default=None, foreign_key="contribution.id", ondelete="SET NULL"
    )
    client_nonce: str | None = Field(default=None, max_length=64)
    entered_by_user_id: int | None = Field(default=None, foreign_key="user.id")
    self_paced: bool = self_paced_field()
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Ballot(SQLModel, table=True):
    """One participant's dots in one vote step: the row the budget lives on.

    ``spent`` is kept equal to the sum of the participant's Vote rows in the same
    transaction; the CHECK makes overspending impossible even for racing writers.
    """

    __table_args__ = (
        UniqueConstraint("step_id", "participant_id", name="uq_ballot_step_participant"),
        CheckConstraint("spent >= 0 AND spent <= budget", name="ballot_within_budget"),
        CheckConstraint(f"budget >= 1 AND budget <= {MAX_DOT_BUDGET}", name="ballot_budget"),
    )
    id: int | None = Field(default=None, primary_key=True)
    step_id: int = Field(foreign_key="step.id", index=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    budget: int
    spent: int = Field(default=0)
    updated_at: datetime = Field(default_factory=utcnow)


class Vote(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("step_id", "participant_id", "contribution_id", name="uq_vote"),
        CheckConstraint(f"dots >= 1 AND dots <= {MAX_DOT_BUDGET}", name="vote_dots_range"),
    )
    id: int | None = Field(default=None, primary_key=True)
    step_id: int = Field(foreign_key="step.id", index=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    contribution_id: int = Field(foreign_key="contribution.id", index=True, ondelete="CASCADE")
    dots: int
    entered_by_user_id: int | None = Field(default=None, foreign_key="user.id")
    self_paced: bool = self_paced_field()
    created_at: datetime = Field(default_factory=utcnow)


class Score(SQLModel, table=True):
    """A matrix score: one card, one criterion (0 or 1), 1 to 5; no value: "I pass"."""

    __table_args__ = (
        UniqueConstraint(
            "step_id", "participant_id", "contribution_id", "criterion", name="uq_score"
        ),
        CheckConstraint("value IS NULL OR (value >= 1 AND value <= 5)", name="score_range"),
        CheckConstraint("criterion >= 0 AND criterion <= 1", name="score_criterion"),
    )
    id: int | None = Field(default=None, primary_key=True)
    step_id: int = Field(foreign_key="step.id", index=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    contribution_id: int = Field(foreign_key="contribution.id", index=True, ondelete="CASCADE")
    criterion: int
    value: int | None = None  # None: the person passed on this card (criterion 0)
    self_paced: bool = self_paced_field()
    created_at: datetime = Field(default_factory=utcnow)


class PollAnswer(SQLModel, table=True):
    __tablename__ = "poll_answer"
    __table_args__ = (
        UniqueConstraint("step_id", "participant_id", "option", name="uq_poll_answer"),
        CheckConstraint("option >= -1", name="poll_option_index"),  # -1: "No opinion"
    )
    id: int | None = Field(default=None, primary_key=True)
    step_id: int = Field(foreign_key="step.id", index=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    option: int
    self_paced: bool = self_paced_field()
    created_at: datetime = Field(default_factory=utcnow)


class Assessment(SQLModel, table=True):
    """A readiness rating 0-10 of one dimension; NULL means "don't know"."""

    __table_args__ = (
        UniqueConstraint("step_id", "participant_id", "dimension", name="uq_assessment"),
        CheckConstraint("value IS NULL OR (value >= 0 AND value <= 10)", name="assessment_range"),
    )
    id: int | None = Field(default=None, primary_key=True)
    step_id: int = Field(foreign_key="step.id", index=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    dimension: str = Field(max_length=64)
    value: int | None = Field(default=None)
    self_paced: bool = self_paced_field()
    created_at: datetime = Field(default_factory=utcnow)


class Commitment(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("participant_id", "client_nonce", name="uq_commitment_nonce"),
        CheckConstraint("amount IS NULL OR amount >= 0", name="commitment_amount"),
    )
    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True, ondelete="CASCADE")
    step_id: int = Field(foreign_key="step.id", index=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    # The priority pledged to: a card of an earlier step, or free text.
    contribution_id: int | None = Field(
        default=None, foreign_key="contribution.id", ondelete="SET NULL"
    )
    priority_text: str = Field(default="", max_length=MAX_CARD_TEXT)
    role: CommitmentRole = Field(sa_column=enum_column(CommitmentRole, nullable=False))
    kind: CommitmentKind = Field(sa_column=enum_column(CommitmentKind, nullable=False))
    what: str = Field(max_length=MAX_CARD_TEXT)
    amount: float | None = Field(default=None)
    unit: str = Field(default="", max_length=40)
    by_when: date | None = Field(default=None)
    status: CommitmentStatus = Field(
        default=CommitmentStatus.PLANNED,
        sa_column=enum_column(CommitmentStatus, nullable=False, default=CommitmentStatus.PLANNED),
    )
    withdrawn: bool = Field(default=False)
    client_nonce: str | None = Field(default=None, max_length=64)
    entered_by_user_id: int | None = Field(default=None, foreign_key="user.id")
    self_paced: bool = self_paced_field()
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class CommitmentUpdate(SQLModel, table=True):
    """A dated status note on a pledge, written after the workshop."""

    __tablename__ = "commitment_update"
    id: int | None = Field(default=None, primary_key=True)
    commitment_id: int = Field(foreign_key="commitment.id", index=True, ondelete="CASCADE")
    status: CommitmentStatus = Field(sa_column=enum_column(CommitmentStatus, nullable=False))
    note: str = Field(default="", max_length=2000)
    user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow)
