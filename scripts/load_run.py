"""Load test of drop-ship pairs under concurrent users (see scripts/load.sh).

Usage:
    python3 load_run.py build CONFIG DATABASE PAIRS
    python3 load_run.py clients URL DATABASE MODE SECONDS CLIENTS OUT.json
    python3 load_run.py log MODE ODOO_LOG POSTGRES_LOG OUT.json
    python3 load_run.py check CONFIG DATABASE OUT.json
    python3 load_run.py report RESULTS_DIR

``build`` creates PAIRS confirmed drop-ship pairs (a sales order of one line,
its confirmed purchase order and drop-ship transfer), plus a few shared
purchase orders: two sales orders whose RFQs were merged ("Merge RFQs") into
one purchase order. ``clients`` runs CLIENTS concurrent JSON-RPC clients
against Odoo served at URL for SECONDS: quantity changes on both sides,
partial validations of the drop-ship transfers, reads, and (MODE ``full``)
holds and releases on both sides, of single pairs and of the sales orders of
the shared purchase orders; 40% of the pair operations go to the two first
pairs. ``check`` stops nothing: it reads the database after the run and
checks the invariants of the add-on with the ORM and the integrity check.
``report`` prints what the runs measured.
"""

import json
import os
import random
import re
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

# Operations of the mix and their weights. The holds only exist with the
# add-on: core runs the shared part of the mix only.
SHARED_MIX = {"so_qty": 20, "po_qty": 20, "validate": 16, "read": 20}
HOLD_MIX = {"hold_so": 7, "release_so": 7, "hold_po": 5, "release_po": 5}
# Holds and releases on the orders of a shared purchase order: one sales
# order's hold or release races another's on the same purchase order, which
# carries the mirrored holds of both.
MERGED_HOLD_MIX = {
    "hold_merged_so": 6,
    "release_merged_so": 6,
    "hold_merged_po": 2,
    "release_merged_po": 2,
}
# The vendor confirms a shipment of one unit on the portal (add-on only).
PORTAL_MIX = {"portal_ship": 8}
VENDOR_LOGIN = "load-vendor"
# The runs: the shared mix on core Odoo and with the add-on (their ratio is
# the add-on's throughput), then the full mix with the add-on.
RUNS = ("core", "addon-shared", "addon")
HOT_PAIRS = 2
HOT_SHARE = 0.4
# Shared purchase orders built: one per this many pairs, at least two, each
# serving two sales orders (of different products: core merges the lines of
# one product, and core runs on the same data).
PAIRS_PER_MERGED = 10
MIN_MERGED = 2
# Errors a user is shown on purpose: a refusal, not a failure.
REFUSALS = ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError")
PASSWORD = "admin"


def odoo_env(conf, database):
    import odoo
    from odoo import api

    odoo.tools.config.parse_config(["-c", conf, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(database)
    cr = registry.cursor()
    return api.Environment(cr, odoo.SUPERUSER_ID, {}), cr


# Build ---------------------------------------------------------------------


def build(conf, database, pairs):
    from odoo import Command

    env, cr = odoo_env(conf, database)
    with cr:
        vendor = env["res.partner"].create({"name": "Load Vendor"})
        customer = env["res.partner"].create({"name": "Load Customer", "city": "Ghent"})
        products = build_products(env, vendor)
        orders = build_orders(env, customer, [products[i % 4] for i in range(pairs)])
        merged = max(MIN_MERGED, pairs // PAIRS_PER_MERGED)
        merged_orders = build_orders(
            env,
            customer,
            [products[(i + i // 2) % 4] for i in range(2 * merged)],
        )
        merge_rfqs(merged_orders)
        orders |= merged_orders
        purchases = orders.order_line.purchase_line_ids.order_id
        purchases.button_confirm()
        if "dropship.portal" in env:
            env["res.users"].create(
                {
                    "name": "Load Vendor",
                    "login": VENDOR_LOGIN,
                    "password": PASSWORD,
                    "partner_id": vendor.id,
                    "groups_id": [Command.set(env.ref("base.group_portal").ids)],
                }
            )
        cr.commit()
        print(
            f"{len(orders)} sales orders, {len(purchases)} "
            f"purchase orders ({merged} shared by two sales orders)"
        )


def build_products(env, vendor):
    from odoo import Command

    route = env.ref("stock_dropshipping.route_drop_shipping")
    categ = env["product.category"].create(
        {"name": "Load", "property_cost_method": "average"}
    )
    return env["product.product"].create(
        [
            {
                "name": f"Load Product {index}",
                "is_storable": True,
                "categ_id": categ.id,
                "list_price": 25.0,
                "route_ids": [Command.set(route.ids)],
                "seller_ids": [
                    Command.create({"partner_id": vendor.id, "price": 10.0})
                ],
            }
            for index in range(4)
        ]
    )


def build_orders(env, customer, products):
    """Confirmed sales orders of one line each (20 units of each product),
    each with its drop-ship RFQ."""
    from odoo import Command

    orders = env["sale.order"].create(
        [
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 20})
                ],
            }
            for product in products
        ]
    )
    orders.action_confirm()
    return orders


def merge_rfqs(orders):
    """Merge the RFQs of ``orders`` two by two: each purchase order left
    serves two sales orders (the other RFQ is cancelled empty)."""
    for first, second in zip(orders[0::2], orders[1::2], strict=True):
        rfqs = (first | second).order_line.purchase_line_ids.order_id
        rfqs.action_merge()
        purchase = (first | second).order_line.purchase_line_ids.order_id
        if len(purchase) != 1 or len(purchase.order_line) != 2:
            raise SystemExit(
                f"merging the RFQs of {first.name} and {second.name} gave "
                f"{len(purchase)} purchase orders of {len(purchase.order_line)} lines"
            )


# Clients -------------------------------------------------------------------


class Client:
    """One user: JSON-RPC calls to Odoo, timed, outcomes counted."""

    def __init__(self, url, database, pairs, mix, seed, merged=()):
        import requests

        self.url = url.rstrip("/") + "/jsonrpc"
        self.database = database
        self.pairs = pairs
        # The pairs of the shared purchase orders (merged RFQs).
        self.merged = list(merged)
        self.ops = list(mix)
        self.weights = list(mix.values())
        self.random = random.Random(seed)
        self.session = requests.Session()
        self.latency = defaultdict(list)
        self.outcomes = defaultdict(lambda: defaultdict(int))
        self.errors = []

    def call(self, model, method, *args, **kwargs):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": self.random.randint(1, 10**9),
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [self.database, 2, PASSWORD, model, method, list(args), kwargs],
            },
        }
        response = self.session.post(self.url, json=payload, timeout=300)
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RpcError(body["error"])
        return body.get("result")

    def pair(self):
        if self.random.random() < HOT_SHARE:
            return self.random.choice(self.pairs[:HOT_PAIRS])
        return self.random.choice(self.pairs[HOT_PAIRS:] or self.pairs)

    def run(self, deadline):
        while time.monotonic() < deadline:
            op = self.random.choices(self.ops, self.weights)[0]
            if op in MERGED_HOLD_MIX:
                pair = self.random.choice(self.merged)
            else:
                pair = self.pair()
            start = time.monotonic()
            try:
                outcome = getattr(self, f"op_{op}")(pair) or "ok"
            except RpcError as error:
                outcome = "refused" if error.name in REFUSALS else "error"
                if outcome == "error":
                    self.errors.append(f"{op}: {error}")
            except Exception as error:  # noqa: BLE001 - any failure is counted
                outcome = "error"
                self.errors.append(f"{op}: {error!r}")
            elapsed = time.monotonic() - start
            self.outcomes[op][outcome] += 1
            if outcome != "error":
                self.latency[op].append(elapsed)

    # The operations: each takes the pair it works on.

    def op_so_qty(self, pair):
        self.change_qty(
            "sale.order.line", pair["sol"], "qty_delivered", "product_uom_qty"
        )

    def op_po_qty(self, pair):
        self.change_qty(
            "purchase.order.line", pair["pol"], "qty_received", "product_qty"
        )

    def change_qty(self, model, line_id, done_field, qty_field):
        """A new quantity of the line, a little above what was shipped."""
        line = self.call(model, "read", [line_id], [done_field])[0]
        qty = line[done_field] + self.random.randint(2, 12)
        self.call(model, "write", [line_id], {qty_field: qty})

    def op_validate(self, pair):
        pickings = self.call(
            "stock.picking",
            "search_read",
            [("purchase_id", "=", pair["po"]), ("state", "=", "assigned")],
            fields=["move_ids"],
            limit=1,
        )
        if not pickings or not pickings[0]["move_ids"]:
            return "nothing"
        self.call("stock.move", "write", pickings[0]["move_ids"][:1], {"quantity": 1})
        self.call(
            "stock.picking",
            "button_validate",
            [pickings[0]["id"]],
            context={"skip_backorder": True, "skip_sms": True},
        )

    def op_read(self, pair):
        self.call("sale.order", "read", [pair["so"]], ["name", "state", "amount_total"])
        self.call(
            "sale.order.line",
            "read",
            [pair["sol"]],
            ["product_uom_qty", "qty_delivered", "price_subtotal"],
        )

    def op_portal_ship(self, pair):
        """The vendor ships one unit on the portal, as a browser posts it."""
        import requests

        pickings = self.call(
            "stock.picking",
            "search_read",
            [("purchase_id", "=", pair["po"]), ("state", "=", "assigned")],
            fields=["id"],
            limit=1,
        )
        if not pickings:
            return "nothing"
        if not hasattr(self, "vendor"):
            self.vendor = requests.Session()
            self.vendor.post(
                self.url.replace("/jsonrpc", "/web/session/authenticate"),
                json={
                    "jsonrpc": "2.0",
                    "params": {
                        "db": self.database,
                        "login": VENDOR_LOGIN,
                        "password": PASSWORD,
                    },
                },
                timeout=300,
            ).raise_for_status()
        page_url = self.url.replace("/jsonrpc", f"/my/dropships/{pickings[0]['id']}")
        page = self.vendor.get(page_url, timeout=300)
        page.raise_for_status()
        token = re.search(r'name="csrf_token"\s+value="([^"]+)"', page.text)
        # The shipment form comes first; the proposal form repeats the lines.
        moves = list(dict.fromkeys(re.findall(r'name="qty_(\d+)"', page.text)))
        if not token or not moves:
            return "nothing"
        form = {
            "csrf_token": token.group(1),
            "tracking_ref": "LOAD",
            "qty_" + moves[0]: 1,
        }
        form.update({f"qty_{move}": 0 for move in moves[1:]})
        response = self.vendor.post(
            page_url + "/ship", data=form, allow_redirects=False, timeout=300
        )
        if response.status_code in (302, 303):
            return "ok"
        if response.status_code == 200 and "o_dropship_error" in response.text:
            raise RpcError({"data": {"name": REFUSALS[0], "message": "refused"}})
        raise RpcError({"data": {"name": f"HTTP {response.status_code}"}})

    def op_hold_so(self, pair):
        self.call(
            "sale.order",
            "write",
            [pair["so"]],
            {"on_hold": True, "hold_reason": "Load"},
        )

    def op_release_so(self, pair):
        self.call("sale.order", "action_dropship_release", [pair["so"]])

    def op_hold_po(self, pair):
        self.call(
            "purchase.order",
            "write",
            [pair["po"]],
            {"on_hold": True, "hold_reason": "Load"},
        )

    def op_release_po(self, pair):
        self.call("purchase.order", "action_dropship_release", [pair["po"]])

    # The same, on a pair of a shared purchase order (reported apart).
    op_hold_merged_so = op_hold_so
    op_release_merged_so = op_release_so
    op_hold_merged_po = op_hold_po
    op_release_merged_po = op_release_po


def has_portal(url):
    """Whether the served add-on has the vendor portal."""
    import requests

    response = requests.get(
        url.rstrip("/") + "/my/dropships", allow_redirects=False, timeout=60
    )
    return response.status_code in (302, 303)


class RpcError(Exception):
    def __init__(self, error):
        data = error.get("data") or {}
        self.name = data.get("name", "")
        super().__init__(f"{self.name}: {data.get('message') or error.get('message')}")


def read_pairs(probe):
    """The confirmed drop-ship pairs of the database: their sales and
    purchase lines and orders."""
    lines = probe.call(
        "purchase.order.line",
        "search_read",
        [("sale_line_id", "!=", False), ("state", "=", "purchase")],
        fields=["sale_line_id", "order_id"],
        order="id",
    )
    sale_lines = probe.call(
        "sale.order.line",
        "read",
        [line["sale_line_id"][0] for line in lines],
        ["order_id"],
    )
    so_of = {line["id"]: line["order_id"][0] for line in sale_lines}
    return [
        {
            "sol": line["sale_line_id"][0],
            "so": so_of[line["sale_line_id"][0]],
            "pol": line["id"],
            "po": line["order_id"][0],
        }
        for line in lines
    ]


def clients(url, database, mix_name, seconds, count, out):
    """Run the clients; ``mix_name`` is ``shared`` (what core Odoo can do
    too) or ``full`` (with the holds)."""
    mix = dict(SHARED_MIX)
    if mix_name == "full":
        mix.update(HOLD_MIX)
    if mix_name == "full" and has_portal(url):
        mix.update(PORTAL_MIX)
    pairs = read_pairs(Client(url, database, [], mix, 0))
    sales_orders = defaultdict(set)
    for pair in pairs:
        sales_orders[pair["po"]].add(pair["so"])
    merged = [pair for pair in pairs if len(sales_orders[pair["po"]]) > 1]
    if mix_name == "full" and merged:
        mix.update(MERGED_HOLD_MIX)
    workers = [Client(url, database, pairs, mix, seed, merged) for seed in range(count)]
    # Every Odoo worker loads the registry on its first request: warm them
    # up before the clock starts.
    warm = [threading.Thread(target=w.op_read, args=(pairs[0],)) for w in workers]
    for thread in warm:
        thread.start()
    for thread in warm:
        thread.join()
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=w.run, args=(deadline,)) for w in workers]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    result = {"mix": mix_name, "seconds": elapsed, "clients": count, "ops": {}}
    for op in mix:
        latencies = sorted(t for w in workers for t in w.latency[op])
        outcomes = defaultdict(int)
        for worker in workers:
            for outcome, number in worker.outcomes[op].items():
                outcomes[outcome] += number
        result["ops"][op] = {
            "outcomes": dict(outcomes),
            "p50": percentile(latencies, 0.50),
            "p95": percentile(latencies, 0.95),
        }
    result["errors"] = [error for w in workers for error in w.errors][:50]
    Path(out).write_text(json.dumps(result, indent=1))


def percentile(values, share):
    if not values:
        return None
    return values[min(len(values) - 1, int(share * len(values)))]


# Invariants ----------------------------------------------------------------


def check(conf, database, out):
    env, cr = odoo_env(conf, database)
    with cr:
        failures = invariant_failures(env)
        issues = env["dropship.integrity.issue"]
        issues._dropship_scan()
        open_issues = issues.search([("state", "=", "open")])
        result = {
            "invariants": failures,
            "open_issues": [
                f"{issue.kind}: {issue.description}" for issue in open_issues
            ],
        }
        cr.rollback()
    Path(out).write_text(json.dumps(result, indent=1))


def invariant_failures(env):
    """What DESIGN.md says must stay true, on every pair of the database."""
    from odoo.tools import float_compare

    pair = env["dropship.pair"]
    receipt = env["dropship.rule.receipt"]
    failures = []
    pols = pair._purchase_side(
        env["purchase.order.line"].search([("sale_line_id", "!=", False)])
    )
    sale_lines = pols.sale_line_id
    purchase_qty = pair._purchase_qty(sale_lines)
    env.cr.execute(
        "SELECT id, dropship_state FROM sale_order_line WHERE id = ANY(%s)",
        [sale_lines.ids],
    )
    stored_state = dict(env.cr.fetchall())
    for line in sale_lines:
        name = f"{line.order_id.name} {line.product_id.display_name}"
        rounding = line.product_uom.rounding
        lines = pair._purchase_lines(line)

        def differs(a, b, rounding=rounding):
            return float_compare(a, b, precision_rounding=rounding) != 0

        if line.state == "sale" and differs(
            line.product_uom_qty, purchase_qty.get(line.id, 0.0)
        ):
            failures.append(
                f"{name}: sold {line.product_uom_qty}, ordered "
                f"{purchase_qty.get(line.id, 0.0)}"
            )
        received = sum(
            pol.product_uom._compute_quantity(pol.qty_received, line.product_uom)
            for pol in lines
        )
        if differs(line.qty_delivered, received):
            failures.append(
                f"{name}: delivered {line.qty_delivered}, received {received}"
            )
        for pol in lines:
            moved = sum(
                move.product_uom._compute_quantity(move.quantity, pol.product_uom)
                for move in pol.move_ids
                if move.state == "done" and move._is_dropshipped()
            )
            if differs(moved, pol.qty_received, pol.product_uom.rounding):
                failures.append(
                    f"{pol.order_id.name}: received {pol.qty_received}, "
                    f"done drop-ship moves {moved}"
                )
        if stored_state.get(line.id) != (receipt._state(line) or None):
            failures.append(
                f"{name}: stored status {stored_state.get(line.id)}, "
                f"actual {receipt._state(line)}"
            )
    return failures + hold_failures(env, pols)


def hold_failures(env, pols):
    """The holds of the orders of the pairs ``pols``: an order is on hold
    exactly when one of its holds is open (the flag as stored), a mirrored
    hold is open only while the hold it mirrors is, and an open hold set on
    an order is mirrored to each of its open counterparts (a shared purchase
    order held by one of its sales orders does not hold the other, so the
    two sides of a pair may differ)."""
    from odoo.tools import SQL

    rule = env["dropship.rule.hold"]
    failures = []
    for orders in (pols.sale_line_id.order_id, pols.order_id):
        env.cr.execute(
            SQL(
                "SELECT id, on_hold FROM %s WHERE id = ANY(%s)",
                SQL.identifier(orders._table),
                orders.ids,
            )
        )
        stored = dict(env.cr.fetchall())
        for order in orders.filtered(lambda o: o.state != "cancel"):
            holds = rule._open(order)
            if bool(stored[order.id]) != bool(holds):
                failures.append(
                    f"{order.name}: on hold {stored[order.id]}, {len(holds)} open holds"
                )
            for hold in holds.filtered("origin_hold_id"):
                if hold.origin_hold_id.state != "open":
                    failures.append(
                        f"{order.name}: a mirrored hold is open, the hold it "
                        f"mirrors on {hold.set_on} is released"
                    )
            if order.company_id._dropship_policy(rule._code(order)) != "mirror":
                continue
            for hold in rule._own_holds(order):
                mirrored = hold.search(
                    [("origin_hold_id", "=", hold.id), ("state", "=", "open")]
                )
                held = {m._held_order() for m in mirrored}
                for target in order._dropship_hold_counterparts():
                    if target not in held:
                        failures.append(
                            f"{order.name}: its hold does not hold {target.name}"
                        )
    return failures


# Logs ----------------------------------------------------------------------

RETRY = re.compile(r"odoo\.service\.model: (\w+), (\d+) tries left")
RESTART = re.compile(r"started anew at the pair lock \((\d+)\)")


def scan_logs(mode, odoo_log, postgres_log, out):
    """Concurrency figures of a run: Odoo's retries (by the number of tries
    left, the retries one request needed), the transactions started anew at
    the pair lock, and PostgreSQL's deadlocks."""
    retries = defaultdict(int)
    most = 0
    errors = 0
    restarts = []
    for line in Path(odoo_log).read_text(errors="replace").splitlines():
        match = RETRY.search(line)
        restart = RESTART.search(line)
        if restart:
            restarts.append(int(restart.group(1)))
        elif match:
            retries[match.group(1)] += 1
            most = max(most, 5 - int(match.group(2)))
        elif "maximum number of tries reached" in line:
            most = 5
        elif " CRITICAL " in line or (
            # A query that failed on a conflict is logged, then retried.
            " ERROR " in line and "odoo.sql_db: bad query" not in line
        ):
            errors += 1
    deadlocks = (
        Path(postgres_log).read_text(errors="replace").count("deadlock detected")
    )
    figures = json.loads(Path(out).read_text())
    figures[mode] = {
        "serialization": retries["SERIALIZATION_FAILURE"],
        "deadlocks": max(deadlocks, retries["DEADLOCK_DETECTED"]),
        "lock_waits": retries["LOCK_NOT_AVAILABLE"],
        "max_retries": most,
        "restarts": len(restarts),
        "max_restarts": max(restarts, default=0),
        "server_errors": errors,
    }
    Path(out).write_text(json.dumps(figures, indent=1))


# Report --------------------------------------------------------------------


def report(results):
    results = Path(results)
    runs = {
        run: json.loads((results / f"{run}.json").read_text())
        for run in RUNS
        if (results / f"{run}.json").exists()
    }
    log = json.loads((results / "log.json").read_text())
    check_result = json.loads((results / "check.json").read_text())
    print_operations(runs)
    throughput = {}
    errors = 0
    for name, run in runs.items():
        throughput[name] = shared_throughput(run)
        run_errors = sum(s["outcomes"].get("error", 0) for s in run["ops"].values())
        errors += run_errors if name != "core" else 0
        print(
            f"{name}: {throughput[name]:.2f} shared operations/s over "
            f"{run['seconds']:.0f} s, {run['clients']} clients; unexpected "
            f"errors: {run_errors}"
        )
        for error in run["errors"][:10]:
            print(f"    {error}")
    for variant, figures in log.items():
        print(
            f"{variant} server: {figures['serialization']} serialization "
            f"retries, {figures['deadlocks']} deadlocks, most retries of one "
            f"request: {figures['max_retries']}, other errors logged: "
            f"{figures['server_errors']}"
        )
        if figures.get("restarts"):
            print(
                f"{variant} server: {figures['restarts']} transactions started "
                f"anew at the pair lock, most for one request: "
                f"{figures['max_restarts']}"
            )
    if throughput.get("core") and "addon-shared" in throughput:
        ratio = throughput["addon-shared"] / throughput["core"]
        print(f"throughput add-on / core (shared mix): {ratio:.2f} (goal >= 0.8)")
    print(f"broken invariants: {len(check_result['invariants'])}")
    for failure in check_result["invariants"][:20]:
        print(f"    {failure}")
    print(f"open integrity issues: {len(check_result['open_issues'])}")
    for issue in check_result["open_issues"][:20]:
        print(f"    {issue}")
    addon_log = log.get("addon", {})
    failed = (
        check_result["invariants"]
        or check_result["open_issues"]
        or errors
        or addon_log.get("deadlocks")
        or addon_log.get("max_retries", 0) > 2
        or addon_log.get("server_errors")
    )
    print("RESULT: " + ("FAILED" if failed else "passed"))
    return 1 if failed else 0


def shared_throughput(run):
    """Operations of the shared mix done (refusals included) per second."""
    done = sum(
        count
        for op in SHARED_MIX
        for outcome, count in run["ops"][op]["outcomes"].items()
        if outcome != "error"
    )
    return done / run["seconds"]


def print_operations(runs):
    """One row per operation: count, ok/refused/errors, p50/p95 latency."""
    width = 32
    ops = [*SHARED_MIX, *HOLD_MIX, *MERGED_HOLD_MIX, *PORTAL_MIX]
    name = max(len(op) for op in ops) + 1
    print(f"{'operation':<{name}}" + "".join(f"{run:>{width}}" for run in runs))
    header = "count ok/refused/err p50/p95 ms"
    print(" " * name + "".join(f"{header:>{width}}" for _ in runs))
    for op in ops:
        cells = []
        for run in runs.values():
            stats = run["ops"].get(op)
            if not stats:
                cells.append(f"{'-':>{width}}")
                continue
            out = stats["outcomes"]
            ok = out.get("ok", 0) + out.get("nothing", 0)
            cell = (
                f"{sum(out.values())} {ok}/{out.get('refused', 0)}/"
                f"{out.get('error', 0)} {milliseconds(stats['p50'])}/"
                f"{milliseconds(stats['p95'])}"
            )
            cells.append(f"{cell:>{width}}")
        print(f"{op:<{name}}" + "".join(cells))


def milliseconds(seconds):
    return "-" if seconds is None else f"{seconds * 1000:.0f}"


def main(argv):
    command, args = argv[1], argv[2:]
    if command == "build":
        build(args[0], args[1], int(args[2]))
    elif command == "clients":
        clients(args[0], args[1], args[2], float(args[3]), int(args[4]), args[5])
    elif command == "log":
        scan_logs(*args)
    elif command == "check":
        check(args[0], args[1], args[2])
    elif command == "report":
        return report(args[0])
    else:
        raise SystemExit(__doc__)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.exit(main(sys.argv))
