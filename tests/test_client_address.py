"""Whose address a request counts as (issue 16, point 5): X-Forwarded-For only from a
proxy that PARI_TRUSTED_PROXIES names, never from any peer on this machine.
"""

from __future__ import annotations

import pytest

from pari.settings import SettingsError, load_settings, parse_trusted_proxies
from pari.stakeholder import LOCAL, UNKNOWN, resolve_address

NGINX = parse_trusted_proxies("127.0.0.1")


@pytest.mark.parametrize(
    "peer,forwarded,trusted,server_rewrites,expected",
    [
        # Nothing trusted (the default): the header never counts.
        ("127.0.0.1", [], (), False, LOCAL),
        ("::1", [], (), False, LOCAL),
        ("127.0.0.1", ["6.6.6.6"], (), False, LOCAL),
        ("198.51.100.7", ["6.6.6.6"], (), False, "198.51.100.7"),
        ("::ffff:198.51.100.7", [], (), False, "198.51.100.7"),
        # uvicorn's default (FORWARDED_ALLOW_IPS unset) already put the header's value
        # in place of a loopback peer: a peer equal to a hop is not believed.
        ("6.6.6.6", ["6.6.6.6"], (), True, LOCAL),
        ("6.6.6.6", ["1.1.1.1, 6.6.6.6:443"], (), True, LOCAL),
        ("198.51.100.7", ["6.6.6.6"], (), True, "198.51.100.7"),  # a real peer, header aside
        # Entries uvicorn takes whole (a port it cannot read, a broken bracket).
        ("6.6.6.6:abc", ["6.6.6.6:abc"], (), True, LOCAL),
        ("[::1]x", ["[::1]x"], (), True, LOCAL),
        ("2001:DB8::7", ["2001:db8::7"], (), True, LOCAL),
        # Behind the shipped nginx: the address nginx appended, last.
        ("127.0.0.1", ["198.51.100.7"], NGINX, False, "198.51.100.7"),
        ("127.0.0.1", ["6.6.6.6, 198.51.100.7"], NGINX, False, "198.51.100.7"),
        ("127.0.0.1", ["6.6.6.6", "198.51.100.7"], NGINX, False, "198.51.100.7"),
        ("127.0.0.1", ["[2001:db8::7]:5555"], NGINX, False, "2001:db8::7"),
        ("127.0.0.1", ["not an address"], NGINX, False, UNKNOWN),
        ("127.0.0.1", [], NGINX, False, LOCAL),  # nginx itself, or no header
        # uvicorn trusting the same list already swapped in the client: kept.
        ("198.51.100.7", ["6.6.6.6, 198.51.100.7"], NGINX, False, "198.51.100.7"),
        # A peer nginx is not, on this machine or elsewhere: the header is ignored.
        ("127.0.0.2", ["198.51.100.7"], NGINX, False, LOCAL),
        ("203.0.113.9", ["198.51.100.7"], NGINX, False, "203.0.113.9"),
        # A chain of trusted proxies: the last hop none of them is.
        (
            "10.0.0.2",
            ["198.51.100.7, 10.0.0.1"],
            parse_trusted_proxies("10.0.0.0/8"),
            False,
            "198.51.100.7",
        ),
        (None, ["198.51.100.7"], NGINX, False, UNKNOWN),
    ],
)
def test_whose_address_a_request_counts_as(peer, forwarded, trusted, server_rewrites, expected):
    assert (
        resolve_address(
            peer=peer, forwarded=forwarded, trusted=trusted, server_rewrites=server_rewrites
        )
        == expected
    )


def test_trusted_proxies_setting_defaults_to_none():
    s = load_settings({})
    assert s.trusted_proxies == ()
    assert s.server_rewrites_untrusted_peers  # uvicorn's own default trusts loopback


def test_trusted_proxies_setting_as_shipped_for_nginx():
    s = load_settings({"PARI_TRUSTED_PROXIES": "127.0.0.1", "FORWARDED_ALLOW_IPS": "127.0.0.1"})
    assert [str(n) for n in s.trusted_proxies] == ["127.0.0.1/32"]
    assert not s.server_rewrites_untrusted_peers


@pytest.mark.parametrize(
    "env,fragment",
    [
        ({"PARI_TRUSTED_PROXIES": "nginx"}, "IP addresses or networks"),
        ({"PARI_TRUSTED_PROXIES": "10.0.0.1/8"}, "IP addresses or networks"),
        # uvicorn would believe ::1 (its default) where we would not: refused on load.
        ({"PARI_TRUSTED_PROXIES": "127.0.0.1"}, "FORWARDED_ALLOW_IPS"),
        ({"PARI_TRUSTED_PROXIES": "127.0.0.1", "FORWARDED_ALLOW_IPS": "*"}, "FORWARDED_ALLOW_IPS"),
    ],
)
def test_malformed_or_inconsistent_proxy_settings_are_refused(env, fragment):
    with pytest.raises(SettingsError, match=fragment):
        load_settings(env)
