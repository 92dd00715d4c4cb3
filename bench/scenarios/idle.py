"""``idle``: N phones joined and checked in sit on the current step while the facilitator
changes step twice; the server's CPU share when nothing happens, and how long each step
change takes to reach the phones (and real Chromium phones beside them, ``--real``).
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from bench import server as srv
from bench.measures import Measure
from bench.room import Options, follow, gather_room
from bench.targets.base import CHECKED_IN, Target

CHROMIUM = "/usr/bin/chromium"
REAL_GROUPS = ("Civil society and residents", "Social economy organisations")


async def scenario_idle(target: Target, server: srv.Server, opts: Options, result: dict):
    phones = await gather_room(target, server, opts, result)
    async with contextlib.AsyncExitStack() as stack:
        real: list = []
        if opts.real and target.name == "app":
            from playwright.async_api import async_playwright

            pw = await stack.enter_async_context(async_playwright())
            browser = await pw.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            stack.push_async_callback(browser.close)
            real = await real_phones(server, target, opts.real, browser)
            result["real_phones"] = len(real)
        await _idle_follows(target, server, opts, result, phones, real)
    return phones


async def _idle_follows(target, server, opts: Options, result: dict, phones, real) -> None:
    third = opts.idle_seconds / 3
    follows = []
    with Measure(server) as whole:
        with Measure(server) as quiet:
            await asyncio.sleep(third)
        follows.append(await follow(target, phones, "ideas", opts, real))
        left = 2 * third - (time.monotonic() - whole.t0)
        await asyncio.sleep(max(left, 0))
        follows.append(await follow(target, phones, "vote", opts, real))
        left = opts.idle_seconds - (time.monotonic() - whole.t0)
        await asyncio.sleep(max(left, 0))
    result["idle"] = {
        "seconds": round(whole.wall, 1),
        "cpu_share_quiet": round(quiet.cpu / quiet.wall, 3),
        "cpu_share_with_changes": round(whole.cpu / whole.wall, 3),
        "follow": follows,
    }


async def real_phones(server: srv.Server, target: Target, n: int, browser) -> list:
    """``n`` real Chromium phones (390 x 844) that join with the code and check in."""
    pages = []
    for i in range(n):
        ctx = await browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
        page = await ctx.new_page()
        await page.goto(f"{server.base_url}/?{target.join_query()}")
        await page.get_by_text(REAL_GROUPS[i % len(REAL_GROUPS)]).first.click(timeout=30_000)
        await page.get_by_role("button", name="I agree, let's start").click()
        await page.get_by_text(CHECKED_IN).first.wait_for(timeout=30_000)
        pages.append(page)
    return pages
