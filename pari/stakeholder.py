"""A phone's identity in Streamlit: ``?join=CODE`` becomes ``?p=TOKEN`` in the same run.

Query parameters survive a reload, so a reload of ``?p=`` finds the same
participant and never makes a second one (DESIGN section 7). The token is
written back into the URL on every run, because some navigation drops it.
"""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

import streamlit as st

from pari import web
from pari.codes import DEVICE_COOKIE, looks_like_device
from pari.i18n import _
from pari.models import Participant
from pari.phone import joining
from pari.ratelimit import RateLimited

PARTICIPANT_KEY = "pari_participant_id"
WORKSHOP_KEY = "pari_workshop_id"
TOKEN_KEY = "pari_token"  # noqa: S105 - a session_state key, not a secret
JOIN_ERROR_KEY = "pari_join_error"
RETURNING_KEY = "pari_returning"  # this run's join found the person this phone made before


def client_key() -> str:
    """This browser session, for the wrong-code limit."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return f"session:{ctx.session_id if ctx else 'none'}"


LOCAL = "local"  # a peer on this machine that no setting trusts
UNKNOWN = "unknown"  # no connection to ask (bare mode, AppTest)
_MAX_ADDRESS = 64


def client_address() -> str:
    """The phone's (or browser's) network address, for the looser per-address limits.

    Read from the TCP peer, and from ``X-Forwarded-For`` only when that peer is a
    proxy ``PARI_TRUSTED_PROXIES`` names (the shipped nginx: 127.0.0.1). Any other
    peer on this machine counts as itself, "local", whatever header it sends (issue 16).
    """
    try:
        peer = _peer_address()
        forwarded = st.context.headers.get_all("X-Forwarded-For")
    except Exception:  # noqa: BLE001 - no browser context
        return UNKNOWN
    s = web.settings()
    return resolve_address(
        peer=peer,
        forwarded=forwarded,
        trusted=s.trusted_proxies,
        server_rewrites=s.server_rewrites_untrusted_peers,
    )


def _peer_address() -> str | None:
    """The connection's peer as the web server reports it.

    ``st.context.ip_address`` turns 127.0.0.1 and ::1 into None, which hides
    whether the peer is a trusted proxy; the client context underneath keeps it.
    """
    from streamlit import runtime
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None or not runtime.exists():
        return None
    client = runtime.get_instance().get_client(ctx.session_id)
    context = getattr(client, "client_context", None) if client is not None else None
    return context.remote_ip if context is not None else None


def resolve_address(
    *,
    peer: str | None,
    forwarded: Sequence[str],
    trusted: Sequence[IPv4Network | IPv6Network],
    server_rewrites: bool,
) -> str:
    """The client's address from the peer and the ``X-Forwarded-For`` values sent.

    The header is believed only from a trusted peer, and then read from the right:
    the last hop no trusted proxy added is the client. ``server_rewrites``: the web
    server (uvicorn, ``FORWARDED_ALLOW_IPS``, by default loopback) may already have put
    a header value in place of a peer we do not trust; a peer that equals one of the
    header's hops may then be made up by whoever sent it, so it counts as "local".
    """
    parts = [part.strip() for value in forwarded for part in value.split(",")]
    hops = [h for h in (_hop(part) for part in parts) if h]
    if not peer:
        return UNKNOWN
    address = _ip(peer)
    # Whatever uvicorn took from an entry (its host, or the whole entry when it could
    # not read a port) is one of these; and a real TCP peer is an IP address.
    seen_in_header = {_normal(h) for h in [*parts, *hops]}
    if server_rewrites and parts and (address is None or _normal(peer) in seen_in_header):
        return LOCAL
    if address is None:
        return _clip(peer)
    if not _trusted(address, trusted):
        return LOCAL if address.is_loopback else str(address)
    for hop in reversed(hops):
        ip = _ip(hop)
        if ip is None:
            return UNKNOWN  # not an address: nothing a proxy of ours wrote
        if not _trusted(ip, trusted):
            return LOCAL if ip.is_loopback else str(ip)
    return LOCAL if address.is_loopback else str(address)  # a proxy of ours asking itself


def _hop(part: str) -> str:
    """One X-Forwarded-For entry without its port (``1.2.3.4:80``, ``[::1]:80``)."""
    part = part.strip()
    if part.startswith("["):
        return part[1 : part.find("]")] if "]" in part else part
    if part.count(":") == 1:
        return part.rsplit(":", 1)[0]
    return part


def _ip(value: str) -> IPv4Address | IPv6Address | None:
    try:
        ip = ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(ip, IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _normal(value: str) -> str:
    ip = _ip(value)
    return str(ip) if ip is not None else value.strip()


def _trusted(ip: IPv4Address | IPv6Address, trusted: Sequence[IPv4Network | IPv6Network]) -> bool:
    return any(ip.version == net.version and ip in net for net in trusted)


def _clip(value: str) -> str:
    return "".join(c for c in value if c.isprintable())[:_MAX_ADDRESS] or UNKNOWN


def device() -> joining.Device | None:
    """This browser, by the HttpOnly cookie serve.py gives every page it sends; None
    when the browser keeps no cookies (then every join is a new person)."""
    raw = web.read_cookie(DEVICE_COOKIE)
    if not looks_like_device(raw):
        return None
    return joining.Device(id=raw, key=web.device_key())


def _remember(participant_id: int, workshop_id: int, token: str) -> None:
    st.session_state[PARTICIPANT_KEY] = participant_id
    st.session_state[WORKSHOP_KEY] = workshop_id
    st.session_state[TOKEN_KEY] = token
    st.query_params["p"] = token


def forget() -> None:
    for key in (PARTICIPANT_KEY, WORKSHOP_KEY, TOKEN_KEY):
        st.session_state.pop(key, None)
    st.query_params.pop("p", None)


def resolve_phone() -> bool:
    """True when this session is a stakeholder's phone with a valid identity."""
    params = st.query_params
    code = params.get("join")
    token = params.get("p")
    if code is not None and not token:
        params.pop("join", None)
        with web.db() as session:
            try:
                joined = joining.join(
                    session=session,
                    code=code,
                    client_key=client_key(),
                    address=client_address(),
                    device=device(),
                )
            except joining.JoinError as refused:  # unknown code, ended, a burst
                st.session_state[JOIN_ERROR_KEY] = refused.localized()
                return False
            except RateLimited:
                st.session_state[JOIN_ERROR_KEY] = _(
                    "Too many wrong codes. Please wait a few minutes and try again."
                )
                return False
            p = joined.participant
            _remember(p.id, p.workshop_id, joined.token)
            st.session_state[RETURNING_KEY] = joined.returning
        return True
    if code is not None:
        params.pop("join", None)  # an identity already in the link wins: no second participant
    if token:
        if st.session_state.get(TOKEN_KEY) == token:
            st.query_params["p"] = token
            return True
        with web.db() as session:
            participant = joining.participant_by_token(session=session, token=token)
        if participant is None:
            forget()
            st.session_state[JOIN_ERROR_KEY] = _(
                "This link is no longer valid. Please join again with the workshop code."
            )
            return False
        _remember(participant.id, participant.workshop_id, token)
        return True
    token = st.session_state.get(TOKEN_KEY)
    if token:  # a navigation dropped the query string: put the identity back
        st.query_params["p"] = token
        return True
    return False


def add_person() -> str | None:
    """ "Someone else on this phone": this phone now speaks for a new person, who checks
    in next. Returns a message for the person when that is refused."""
    try:
        with web.writing() as session:
            joined = joining.join_another(
                session=session,
                participant_id=st.session_state[PARTICIPANT_KEY],
                client_key=client_key(),
                address=client_address(),
                device=device(),
            )
    except joining.JoinError as refused:  # six people already, ended, a burst
        return refused.localized()
    p = joined.participant
    _remember(p.id, p.workshop_id, joined.token)
    return None


def people_on_this_phone() -> list[Participant]:
    """Everyone who took part from this browser in this workshop (a shared phone)."""
    here = device()
    if here is None:
        return []
    with web.db() as session:
        return joining.device_people(
            session=session, workshop_id=st.session_state[WORKSHOP_KEY], device=here
        )


def switch_to(seat: int) -> None:
    """Speak for another person of this shared phone (one of ``people_on_this_phone``)."""
    here = device()
    if here is None:
        return
    workshop_id = st.session_state[WORKSHOP_KEY]
    token = here.token(workshop_id, seat)
    with web.db() as session:
        person = joining.participant_by_token(session=session, token=token)
    if person is not None:
        _remember(person.id, workshop_id, token)
