# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Time the first clicks of the add-on's screens in Chromium, on the demo.

With ``make demo`` serving Odoo::

    python3 scripts/first_clicks.py http://localhost:8069 5 S00035

Each run opens a new browser context (nothing cached in the browser), logs
in as admin, opens the sales order from the list, clicks *Hold* and the
*Purchase* smart button, then logs in as the vendor, opens an open shipment
and proposes a new ship date. A click's time runs until the last request it
started has answered. The first run and the median of the others are
printed (seconds). Needs Playwright for Python and Debian's chromium.
"""

import datetime
import json
import statistics
import sys
import time

from playwright.sync_api import sync_playwright

URL = sys.argv[1]
REPS = int(sys.argv[2]) if len(sys.argv) > 2 else 4
SO = sys.argv[3] if len(sys.argv) > 3 else None


class Net:
    def __init__(self, page):
        self.pending = set()
        self.last = time.monotonic()
        page.on("request", self.req)
        page.on("requestfinished", self.done)
        page.on("requestfailed", self.done)

    def req(self, r):
        if "/websocket" in r.url or "/longpolling" in r.url:
            return
        self.pending.add(r)

    def done(self, r):
        if r in self.pending:
            self.pending.discard(r)
            self.last = time.monotonic()

    def settle(self, page, start, quiet=0.4):
        while True:
            page.wait_for_timeout(50)
            if not self.pending and time.monotonic() - self.last > quiet:
                return round(self.last - start, 2)


def login(page, user, pwd):
    page.goto(f"{URL}/web/login")
    page.fill("input[name=login]", user)
    page.fill("input[name=password]", pwd)
    page.click("button[type=submit]")
    page.wait_for_load_state("load")


def backend(browser, so_name):
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    page = ctx.new_page()
    net = Net(page)
    login(page, "admin", "admin")
    page.goto(f"{URL}/odoo/sales")
    page.wait_for_selector(".o_list_view")
    net.settle(page, time.monotonic())
    out = {}
    t = time.monotonic()
    page.get_by_role("cell", name=so_name, exact=True).first.click()
    page.wait_for_selector(".o_form_view .o_form_sheet")
    out["open sales order"] = net.settle(page, t)
    t = time.monotonic()
    page.click("button[name=action_dropship_hold]")
    page.wait_for_selector(".modal-dialog")
    out["first Hold"] = net.settle(page, t)
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    t = time.monotonic()
    page.click("button[name=action_view_purchase_orders]")
    page.wait_for_selector(".o_form_view .o_form_sheet, .o_list_view")
    page.wait_for_function(
        "document.querySelector('.o_breadcrumb') && "
        "/P0/.test(document.querySelector('.o_breadcrumb').innerText)"
    )
    out["Purchase smart button"] = net.settle(page, t)
    ctx.close()
    return out


PORTAL_REP = [0]


def portal(browser):
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    page = ctx.new_page()
    net = Net(page)
    login(page, "vendor", "vendor")
    page.goto(f"{URL}/my/dropships")
    hrefs = page.eval_on_selector_all(
        "a",
        "els => els.map(e => e.getAttribute('href'))"
        ".filter(h => /^\\/my\\/dropships\\/\\d+/.test(h || ''))",
    )
    out = {}
    for href in hrefs:
        t = time.monotonic()
        page.goto(URL + href)
        settled = net.settle(page, t)
        if page.locator("input[name=date_planned]").count():
            out["portal shipment"] = settled
            break
    day = datetime.date.today() + datetime.timedelta(days=20 + PORTAL_REP[0])
    PORTAL_REP[0] += 1
    page.fill("input[name=date_planned]", day.isoformat())
    t = time.monotonic()
    page.click("button.o_dropship_propose")
    page.wait_for_load_state("load")
    out["vendor propose"] = net.settle(page, t)
    ctx.close()
    return out


with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path="/usr/bin/chromium", args=["--no-sandbox"]
    )
    runs = []
    for i in range(REPS):
        r = backend(browser, SO)
        r.update(portal(browser))
        print(i, r, file=sys.stderr)
        runs.append(r)
    browser.close()
keys = runs[0].keys()
print(
    json.dumps(
        {
            k: {
                "first": runs[0][k],
                "warm median": statistics.median(r[k] for r in runs[1:]),
            }
            for k in keys
        },
        indent=1,
    )
)
