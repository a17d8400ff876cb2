# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark scenario 6, "vendor scorecard": the pivot of the scorecard over
LINES promised drop-ship purchase lines.

Usage:
    python3 bench_scorecard.py CONFIG DATABASE LINES
        on a database with the add-on: real drop-ship pairs made through the
        ORM (confirmed, received on time and late, one line cut by the
        vendor, one price changed, billed), then their rows copied by SQL up
        to LINES promised purchase lines (each with its done drop-ship move
        and what it shipped stored on the line, its bill line and, for one
        in ten, a vendor change in the log), over
        200 purchase orders of 20 vendors and 24 months of promised dates;
        then times what the pivot asks when it opens (vendors by months, with
        the totals of both) and a vendor's smart button; prints JSON
"""

import json
import sys
from datetime import datetime, timedelta

from bench_run import measure, validate

import odoo
from odoo import Command, api
from odoo.modules.registry import Registry
from odoo.tools import SQL, config

VENDORS = 20
ORDERS = 200
MONTHS = 24
PAIR_LINES = 10
MEASURES = [
    "lines:sum",
    "on_time_rate:avg",
    "fill_rate:avg",
    "cut_rate:avg",
    "days_late_avg:avg",
]


def pairs(env):
    """Drop-ship pairs through the ORM: the rows the copies are made of."""
    route = env.ref("stock_dropshipping.route_drop_shipping")
    vendors = env["res.partner"].create(
        [{"name": f"Bench vendor {i}", "is_company": True} for i in range(VENDORS)]
    )
    product = env["product.product"].create(
        {
            "name": "Bench scorecard product",
            "is_storable": True,
            "list_price": 20.0,
            "route_ids": [Command.set(route.ids)],
            "seller_ids": [Command.create({"partner_id": vendors[0].id, "price": 10})],
        }
    )
    customer = env["res.partner"].create({"name": "Bench customer"})
    order = env["sale.order"].create(
        {
            "partner_id": customer.id,
            "order_line": [
                Command.create({"product_id": product.id, "product_uom_qty": 10})
                for _i in range(PAIR_LINES)
            ],
        }
    )
    order.action_confirm()
    purchase = order.order_line.purchase_line_ids.order_id
    purchase.date_order = datetime.now() - timedelta(days=5)
    purchase.order_line.date_planned = datetime.now() - timedelta(days=2)
    purchase.button_confirm()
    purchase.order_line[0].product_qty = 8
    purchase.order_line[1].price_unit = 11.0
    validate(env, purchase.picking_ids)
    bill = env["account.move"].browse(purchase.action_create_invoice()["res_id"])
    bill.invoice_date = datetime.now().date()
    bill.action_post()
    env.flush_all()
    return vendors, purchase


def columns(cr, table, skip=("id",)):
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return [name for (name,) in cr.fetchall() if name not in skip]


def copy_rows(cr, table, source, overrides):
    """INSERT a copy of the rows ``source`` (an SQL selecting ``src.*`` and
    ``m.*`` of the mapping) with the columns ``overrides`` replaced."""
    names = columns(cr, table, skip=() if "id" in overrides else ("id",))
    cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM %s",
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(name) for name in names),
            SQL(", ").join(
                overrides.get(name, SQL("src.%s", SQL.identifier(name)))
                for name in names
            ),
            source,
        )
    )
    return cr.rowcount


def copy_orders(cr, vendors, purchase):
    """The purchase orders of the copies (temp table ``bench_po``), spread
    over the vendors."""
    cr.execute(
        "CREATE TEMP TABLE bench_po AS SELECT n, nextval('purchase_order_id_seq') "
        "AS id FROM generate_series(0, %s - 1) gs(n)",
        [ORDERS],
    )
    copy_rows(
        cr,
        "purchase_order",
        SQL(
            "purchase_order src, bench_po m WHERE src.id = %s",
            purchase.id,
        ),
        {
            "id": SQL("m.id"),
            "name": SQL("'BENCH' || m.n"),
            "partner_id": SQL(
                "(ARRAY[%s])[1 + mod(m.n, %s)]",
                SQL(", ").join(SQL("%s", v) for v in vendors.ids),
                VENDORS,
            ),
        },
    )


def copy_lines(cr, purchase, lines):
    """The purchase lines of the copies (their ids, source line, order,
    promised date and ship delay in the temp table ``bench_map``), with
    what they shipped and when (their moves' date)."""
    cr.execute(
        SQL(
            "CREATE TEMP TABLE bench_map AS SELECT n, "
            "nextval('purchase_order_line_id_seq') AS id, "
            "(ARRAY[%s])[1 + mod(n, %s)] AS src_id, "
            "(SELECT id FROM bench_po WHERE bench_po.n = mod(gs.n, %s)) AS order_id, "
            "date_trunc('month', now()) - make_interval(months => mod(n, %s)) "
            "+ interval '9 days 12 hours' AS promised, "
            "mod(n * 7919, 9) - 4 AS shift "
            "FROM generate_series(0, %s - 1) gs(n)",
            SQL(", ").join(SQL("%s", i) for i in purchase.order_line.ids),
            PAIR_LINES,
            ORDERS,
            MONTHS,
            lines - PAIR_LINES,
        )
    )
    copy_rows(
        cr,
        "purchase_order_line",
        SQL("purchase_order_line src JOIN bench_map m ON m.src_id = src.id"),
        {
            "id": SQL("m.id"),
            "order_id": SQL("m.order_id"),
            "promised_date": SQL("m.promised"),
            "date_planned": SQL("m.promised"),
            "dropship_ship_date": SQL(
                "CASE WHEN src.dropship_ship_date IS NOT NULL "
                "THEN m.promised + make_interval(days => m.shift::int) END"
            ),
        },
    )


def copy_line_rows(cr):
    """Each copied line's done drop-ship move and bill line, and for one
    in ten its vendor changes."""
    copy_rows(
        cr,
        "stock_move",
        SQL(
            "stock_move src JOIN bench_map m ON m.src_id = src.purchase_line_id "
            "WHERE src.state = 'done'"
        ),
        {
            "purchase_line_id": SQL("m.id"),
            # Shipped on the move's date (no transfer, so no receipt date).
            "picking_id": SQL("NULL"),
            "date": SQL("m.promised + make_interval(days => m.shift::int)"),
        },
    )
    copy_rows(
        cr,
        "account_move_line",
        SQL(
            "account_move_line src JOIN bench_map m ON m.src_id = src.purchase_line_id"
        ),
        {"purchase_line_id": SQL("m.id")},
    )
    copy_rows(
        cr,
        "dropship_sync_change",
        SQL(
            "dropship_sync_change src JOIN bench_map m "
            "ON m.src_id = src.purchase_line_id WHERE mod(m.n, 10) = 0 "
            "AND src.rule IN ('po_qty', 'po_price')"
        ),
        {"purchase_line_id": SQL("m.id"), "purchase_order_id": SQL("m.order_id")},
    )


def build(env, lines):
    cr = env.cr
    vendors, purchase = pairs(env)
    copy_orders(cr, vendors, purchase)
    copy_lines(cr, purchase, lines)
    copy_line_rows(cr)
    cr.execute("ANALYZE")
    env.invalidate_all()
    return vendors


def pivot(env):
    """What the pivot asks when it opens: vendors by months, the totals of
    each and the grand total."""
    scorecard = env["dropship.vendor.scorecard"]
    for groupby in ([], ["vendor_id"], ["period:month"], ["vendor_id", "period:month"]):
        scorecard.read_group([], MEASURES, groupby, lazy=False)


def main(conf, database, lines):
    config.parse_config(["-c", conf, "-d", database, "--log-level=warn"])
    registry = Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        vendors = build(env, int(lines))
        cr.commit()
        promised = env["purchase.order.line"].search_count(
            [("promised_date", "!=", False)]
        )
        result = {"promised lines": promised}
        runs = [measure(env, lambda: pivot(env)) for _run in range(3)]
        result["open the pivot"] = sorted(runs, key=lambda r: r["seconds"])[1]
        vendor = vendors[0]

        def button():
            vendor.invalidate_recordset(["dropship_on_time_rate"])
            return vendor.dropship_on_time_rate

        result["vendor smart button"] = measure(env, button)
    json.dump({"scenario_6": result}, sys.stdout)


if __name__ == "__main__":
    main(*sys.argv[1:4])
