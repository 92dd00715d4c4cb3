"""The stakeholder's phone, server side: joining, the phone's read of where it is (and,
in the self-paced window, of the steps it moves through: ``pace``), and what every
step kind's phone rules share (errors, guards, the card pool).

Each kind's own rules live in ``pari.steps.<kind>.rules`` and build on these modules;
nothing here imports a kind's rules or Streamlit, except ``ui`` (the Streamlit parts
the kinds' phone screens share, loaded only by them and by the phone's page).

Every write is one short transaction: it checks the rules, writes, and moves the
workshop's ``version`` (``pari.versioning.bump``) so the presenter sees it. The
callers own the transaction (``pari.web.db()`` commits on success); a rule that
refuses raises a ``ParticipationError`` whose ``message`` is an English message
id the page translates (``err.localized()``).

Writes bump the version *before* their checks read what they guard: on SQLite
that UPDATE takes the database's write lock, so two taps of one phone are
serialised (the busy timeout waits); on PostgreSQL the ballot row is also locked
with ``SELECT ... FOR UPDATE``. The Ballot CHECK (spent <= budget) is the last
guard against racing taps either way.
"""
