# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark scenario 4, "live database": the add-on installed on a database
that already holds drop-ship orders in every stage.

Usage:
    python3 bench_live.py build CONFIG DATABASE LINES
        fill a database of core drop-ship modules with LINES drop-ship sales
        lines (orders of 20 lines, one customer each, so one purchase order
        per sales order and vendor): a tenth left as requests for quotation,
        the others ordered, half of those received (some partly)
    python3 bench_live.py measure CONFIG DATABASE VARIANT
        on a copy of that database, time (and count the queries of) the
        install of the add-on (VARIANT "addon"), the first and the second
        integrity check, hold and release of an order, a quantity change and
        a receipt; prints JSON
"""

import json
import sys
import time

from bench_run import measure, validate

import odoo
from odoo import Command, api
from odoo.modules.registry import Registry
from odoo.tools import config

MODULE = "sale_purchase_dropship_sync"
ORDER_LINES = 20
# Orders built per batch.
BATCH = 50


def environment(cr):
    return api.Environment(
        cr, odoo.SUPERUSER_ID, {"tracking_disable": True, "mail_notrack": True}
    )


def receive(pickings, partial=False):
    """Validate drop-ship transfers (half of each move when ``partial``,
    leaving a backorder)."""
    if not pickings:
        return
    if not partial:
        return validate(pickings.env, pickings)
    for move in pickings.move_ids:
        move.quantity = move.product_uom_qty // 2
        move.picked = True
    # skip_backorder: no wizard; the rest goes to a backorder.
    pickings.with_context(skip_backorder=True).button_validate()


def catalogue(env):
    """50 drop-ship products of two vendors."""
    route = env.ref("stock_dropshipping.route_drop_shipping")
    categ = env["product.category"].create(
        {"name": "Bench live", "property_cost_method": "average"}
    )
    vendors = env["res.partner"].create(
        [{"name": "Bench live vendor A"}, {"name": "Bench live vendor B"}]
    )
    return env["product.product"].create(
        [
            {
                "name": f"Bench live product {i}",
                "is_storable": True,
                "categ_id": categ.id,
                "list_price": 30.0,
                "standard_price": 4.0,
                "route_ids": [Command.set(route.ids)],
                "seller_ids": [
                    Command.create({"partner_id": vendors[i % 2].id, "price": 17.5})
                ],
            }
            for i in range(50)
        ]
    )


def batch(env, products, indexes):
    """The orders ``indexes``, confirmed; nine in ten with their purchase
    orders confirmed, four in ten received, one in ten received in part."""
    customers = env["res.partner"].create(
        [{"name": f"Bench live customer {index}"} for index in indexes]
    )
    orders = env["sale.order"].create(
        [
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": products[(index + i) % 50].id,
                            "product_uom_qty": 4,
                        }
                    )
                    for i in range(ORDER_LINES)
                ],
            }
            for index, customer in zip(indexes, customers, strict=True)
        ]
    )
    orders.action_confirm()
    by_stage = {}
    for index, order in zip(indexes, orders, strict=True):
        by_stage.setdefault(index % 10, []).append(order.id)
    ordered = orders.browse(
        [oid for stage, ids in by_stage.items() if stage for oid in ids]
    )
    ordered.order_line.purchase_line_ids.order_id.button_confirm()
    received = orders.browse(
        [oid for stage in range(5, 9) for oid in by_stage.get(stage, [])]
    )
    receive(received.order_line.purchase_line_ids.order_id.picking_ids)
    partly = orders.browse(by_stage.get(9, []))
    receive(partly.order_line.purchase_line_ids.order_id.picking_ids, partial=True)


def build(env, lines):
    products = catalogue(env)
    # Orders go in batches of BATCH (one call per step for the batch), the
    # same orders as one by one: one customer each, so one purchase order
    # per order and vendor.
    count = max(lines // ORDER_LINES, 1)
    for first in range(0, count, BATCH):
        indexes = range(first, min(first + BATCH, count))
        batch(env, products, indexes)
        env.cr.commit()
        env.invalidate_all()
        print(
            f"{indexes[-1] + 1} orders, {(indexes[-1] + 1) * ORDER_LINES} lines",
            file=sys.stderr,
        )
    env.cr.commit()


def install(registry, database):
    with registry.cursor() as cr:
        env = environment(cr)
        module = env["ir.module.module"].search([("name", "=", MODULE)])
        # The install runs on cursors of its own: count every query.
        queries, start = odoo.sql_db.sql_counter, time.perf_counter()
        module.button_immediate_install()
        return {
            "seconds": round(time.perf_counter() - start, 3),
            "queries": odoo.sql_db.sql_counter - queries,
        }


def daily(env, addon):
    """The daily actions, on one order each: they must not grow with N."""
    result = {}
    Issue = env.get("dropship.integrity.issue")
    if addon:
        result["first scan"] = measure(env, lambda: Issue._dropship_scan())
        result["second scan"] = measure(env, lambda: Issue._dropship_scan())
        result["open issues"] = Issue.search_count([("state", "=", "open")])
    orders = env["sale.order"].search(
        [("state", "=", "sale")], order="id desc", limit=100
    )
    ordered = orders.filtered(
        lambda o: (
            set(o.order_line.purchase_line_ids.order_id.mapped("state")) == {"purchase"}
            and not o.order_line.filtered("qty_delivered")
        )
    )[:3]
    if addon:
        # A server answers many holds per process: the first one of a
        # process also fills Odoo's caches (defaults, XML ids), which is
        # not what a hold costs. One hold and release of another order
        # first, as the second scan does for the check.
        ordered[2].write({"on_hold": True, "hold_reason": "warm-up"})
        ordered[2].write({"on_hold": False})
        order = ordered[0]
        result["hold"] = measure(
            env, lambda: order.write({"on_hold": True, "hold_reason": "bench"})
        )
        result["release"] = measure(env, lambda: order.write({"on_hold": False}))
    line = ordered[0].order_line[0]
    result["quantity change"] = measure(
        env, lambda: line.write({"product_uom_qty": line.product_uom_qty + 1})
    )
    pickings = ordered[1].order_line.purchase_line_ids.order_id.picking_ids
    result["receipt"] = measure(
        env,
        lambda: validate(
            env, pickings.filtered(lambda p: p.state not in ("done", "cancel"))
        ),
    )
    return result


def merge(target, runs):
    """Add to the results ``target`` (a JSON file of bench_run.py) the median
    run of each scenario 4 action of the JSON files ``runs``."""
    measured = []
    for path in runs:
        with open(path) as f:
            measured.append(json.load(f)["scenario_4"])
    result = {}
    for action, first in measured[0].items():
        if isinstance(first, dict):
            ordered = sorted(
                (run[action] for run in measured), key=lambda m: m["seconds"]
            )
            result[action] = ordered[len(ordered) // 2]
        else:
            result[action] = first
    try:
        with open(target) as f:
            results = json.load(f)
    except (FileNotFoundError, json.JSONDecodeError):
        results = {}
    results["scenario_4"] = result
    with open(target, "w") as f:
        json.dump(results, f)


def main(action, conf, database, arg=None):
    if action == "merge":
        return merge(conf, [database, *sys.argv[4:]])
    config.parse_config(["-c", conf, "-d", database, "--log-level=warn"])
    registry = Registry(database)
    if action == "build":
        with registry.cursor() as cr:
            build(environment(cr), int(arg))
        return
    addon = arg == "addon"
    with registry.cursor() as cr:
        env = environment(cr)
        lines = env["purchase.order.line"].search_count([("sale_line_id", "!=", False)])
    result = {"drop-ship lines": lines}
    if addon:
        result["install"] = install(registry, database)
        result["install queries per line"] = round(
            result["install"]["queries"] / max(lines, 1), 3
        )
        registry = Registry(database)
    with registry.cursor() as cr:
        result.update(daily(environment(cr), addon))
        cr.rollback()
    json.dump({"scenario_4": result}, sys.stdout)


if __name__ == "__main__":
    main(*sys.argv[1:5])
