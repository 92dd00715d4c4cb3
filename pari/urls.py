"""The URL path of every screen.

None equals the name of a module in ``pages/``: until ``st.navigation`` first runs
in a process (after every restart) Streamlit's legacy mode would answer such a
path with the bare module, a blank page, instead of running app.py (DESIGN
section 7). tests/pages/test_navigation.py checks this.
"""

WELCOME = "welcome"  # first start: create the first coordinator
START = "start"  # stakeholders type a code (the default page)
SIGN_IN = "sign-in"
SIGN_OUT = "sign-out"
TAKE_PART = "take-part"  # a stakeholder's phone
MY_WORKSHOPS = "my-workshops"
CONTROL = "control"  # the facilitator's run controls
SCREEN = "screen"  # the presenter screen for the projector
LOCAL_PLAN = "local-plan"  # results kept: the plan, report, exports, follow-up
OVERVIEW = "overview"  # coordinators: every workshop
ACCOUNTS = "accounts"
ACCESSIBILITY = "accessibility-statement"  # everyone, phones too (issue 20)
PUBLIC_RESULTS = "results"  # anyone with a workshop's public link: /results?r=KEY (issue 21)

ALL = (
    WELCOME,
    START,
    SIGN_IN,
    SIGN_OUT,
    TAKE_PART,
    MY_WORKSHOPS,
    CONTROL,
    SCREEN,
    LOCAL_PLAN,
    OVERVIEW,
    ACCOUNTS,
    ACCESSIBILITY,
    PUBLIC_RESULTS,
)

# What only a signed-in person sees. Opened signed out (a bookmark, the presenter's
# link on a projector), such a path shows the login form and, once signed in, the page
# (the sign-out page, reloaded after logging out, shows the join page).
SIGNED_IN = (MY_WORKSHOPS, CONTROL, SCREEN, LOCAL_PLAN, OVERVIEW, ACCOUNTS)
