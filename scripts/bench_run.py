"""Run the drop-ship benchmark scenarios and write their JSON results.

Usage: python3 bench_run.py CONFIG OUTDIR VARIANT=DATABASE [VARIANT=DATABASE ...]

Every scenario builds its own data, measures wall time and SQL queries of the
user actions, and is rolled back. For each scenario the databases take turns
(core, add-on, core, add-on, ...; three runs each, or BENCH_RUNS), all in
this one process, so that the machine's noise hits them alike; the median
run of each action is written to OUTDIR/VARIANT.json. With the add-on
installed the same actions run its synchronization (scenario 2 also holds
and releases; scenario 5 also imports the vendor's despatch advice, which
core compares with its backend receipt). BENCH_SCENARIOS picks the
scenarios by number (default "1 2 3 5").
"""

import json
import os
import sys
import time

import odoo
from odoo import Command, api
from odoo.tools import config

SCENARIOS = ("scenario_1", "scenario_2", "scenario_3", "scenario_5")


def measure(env, func):
    env.flush_all()
    env.invalidate_all()
    start_queries, start = env.cr.sql_log_count, time.perf_counter()
    func()
    env.flush_all()
    return {
        "seconds": round(time.perf_counter() - start, 3),
        "queries": env.cr.sql_log_count - start_queries,
    }


def products(env, count, vendors, tracking="none", cost_method="fifo"):
    categ = env["product.category"].create(
        {"name": f"Bench {cost_method}", "property_cost_method": cost_method}
    )
    route = env.ref("stock_dropshipping.route_drop_shipping")
    return env["product.product"].create(
        [
            {
                "name": f"Bench product {i}",
                "is_storable": True,
                "tracking": tracking,
                "categ_id": categ.id,
                "list_price": 20.0,
                "route_ids": [Command.set(route.ids)],
                "seller_ids": [
                    Command.create(
                        {"partner_id": vendors[i % len(vendors)].id, "price": 10.0}
                    )
                ],
            }
            for i in range(count)
        ]
    )


def sale_order(env, customer, items):
    return env["sale.order"].create(
        {
            "partner_id": customer.id,
            "order_line": [
                Command.create({"product_id": p.id, "product_uom_qty": q})
                for p, q in items
            ],
        }
    )


def validate(env, pickings):
    for picking in pickings:
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
    if "dropship.command" not in env:
        pickings.with_context(skip_backorder=True).button_validate()
        return
    # The bench confirms returns as a clerk would in the reversal warning.
    from odoo.addons.sale_purchase_dropship_sync.models.dropship_door import (
        REVERSAL_CONFIRMED,
        scope,
    )

    with scope(env, **{REVERSAL_CONFIRMED: True}):
        pickings.with_context(skip_backorder=True).button_validate()


def scenario_1(env, customer, vendors):
    items = [(p, 2) for p in products(env, 200, vendors)]
    order = sale_order(env, customer, items)
    result = {"confirm SO": measure(env, order.action_confirm)}
    purchases = order.order_line.purchase_line_ids.order_id
    result["confirm POs"] = measure(env, purchases.button_confirm)
    pickings = purchases.picking_ids.filtered(
        lambda p: p.state not in ("done", "cancel")
    )
    result["validate receipts"] = measure(env, lambda: validate(env, pickings))
    return result


def scenario_2(env, customer, vendors, addon):
    result = {}
    for size in (50, 200):
        items = [(p, 1) for p in products(env, size, vendors[:1])]
        order = sale_order(env, customer, items)
        order.action_confirm()
        order.order_line.purchase_line_ids.order_id.button_confirm()
        if addon:
            result[f"hold {size}"] = measure(
                env, lambda o=order: o.write({"on_hold": True, "hold_reason": "bench"})
            )
            result[f"release {size}"] = measure(
                env, lambda o=order: o.write({"on_hold": False})
            )
        result[f"cancel {size}"] = measure(
            env,
            lambda o=order: o.with_context(disable_cancel_warning=True).action_cancel(),
        )
    return result


def scenario_3(env, customer, vendors):
    product = products(env, 1, vendors[:1], tracking="serial", cost_method="average")
    order = sale_order(env, customer, [(product, 500)])
    order.action_confirm()
    purchase = order.order_line.purchase_line_ids.order_id
    purchase.button_confirm()
    picking = purchase.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
    move = picking.move_ids
    move.move_line_ids.unlink()
    env["stock.move.line"].create(
        [
            {
                "move_id": move.id,
                "picking_id": picking.id,
                "product_id": product.id,
                "product_uom_id": move.product_uom.id,
                "location_id": move.location_id.id,
                "location_dest_id": move.location_dest_id.id,
                "lot_name": f"BENCH-SN-{i:04d}",
                "quantity": 1,
            }
            for i in range(500)
        ]
    )
    move.picked = True
    result = {"validate 500 serials": measure(env, picking.button_validate)}
    result["sales lines after"] = len(order.order_line)
    return result


def serial_pair(env, customer, vendors, items):
    """A confirmed sales order of ``items`` with its drop-ship purchase
    order and open receipt."""
    order = sale_order(env, customer, items)
    order.action_confirm()
    purchase = order.order_line.purchase_line_ids.order_id
    purchase.button_confirm()
    picking = purchase.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
    return purchase, picking


def set_serials(env, picking, prefix):
    """The clerk's part of a backend receipt: one serial number per unit
    on the move lines, then Validate."""
    picking.move_ids.move_line_ids.unlink()
    env["stock.move.line"].create(
        [
            {
                "move_id": move.id,
                "picking_id": picking.id,
                "product_id": move.product_id.id,
                "product_uom_id": move.product_uom.id,
                "location_id": move.location_id.id,
                "location_dest_id": move.location_dest_id.id,
                "lot_name": f"{prefix}-{move.id}-{unit}",
                "quantity": 1,
            }
            for move in picking.move_ids
            for unit in range(int(move.product_uom_qty))
        ]
    )
    picking.move_ids.picked = True
    picking.with_context(skip_backorder=True).button_validate()


def despatch_advice(env, purchase, ref):
    """A UBL DespatchAdvice of every open line of ``purchase``: its line
    number of the UBL Order and one serial number per unit."""
    ns = (
        'xmlns="urn:oasis:names:specification:ubl:schema:xsd:DespatchAdvice-2" '
        'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:'
        'CommonAggregateComponents-2" '
        'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:'
        'CommonBasicComponents-2"'
    )
    numbers = env["dropship.vendor.document"]._line_numbers(purchase)
    body = []
    for number, pol in numbers.items():
        qty = int(pol.product_qty)
        serials = "".join(
            f"<cac:ItemInstance><cbc:SerialID>{ref}-{number}-{unit}</cbc:SerialID>"
            "</cac:ItemInstance>"
            for unit in range(qty)
        )
        body.append(
            f"<cac:DespatchLine><cbc:ID>{number}</cbc:ID>"
            f'<cbc:DeliveredQuantity unitCode="C62">{qty}</cbc:DeliveredQuantity>'
            f"<cac:OrderLineReference><cbc:LineID>{number}</cbc:LineID>"
            "</cac:OrderLineReference>"
            f"<cac:Item><cbc:Name>Item</cbc:Name>{serials}</cac:Item>"
            "</cac:DespatchLine>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<DespatchAdvice {ns}>'
        "<cbc:CustomizationID>urn:fdc:peppol.eu:poacc:trns:despatch_advice:3"
        f"</cbc:CustomizationID><cbc:ID>{ref}</cbc:ID>"
        f"<cac:OrderReference><cbc:ID>{purchase.name}</cbc:ID></cac:OrderReference>"
        f"{''.join(body)}</DespatchAdvice>"
    ).encode()


def scenario_5(env, customer, vendors, addon):
    """A despatch advice of 1,000 lines with 1,000 serial numbers (one
    purchase order of 1,000 serial-tracked drop-ship lines, one unit each)
    against the clerk's receipt of the same in the backend."""
    size = int(os.environ.get("BENCH_DOCUMENT_LINES") or 1000)
    items = [(p, 1) for p in products(env, size, vendors[:1], tracking="serial")]
    _purchase, picking = serial_pair(env, customer, vendors, items)
    backend = measure(env, lambda: set_serials(env, picking, "BENCH-SN"))
    # Core has no documents: its row of the import is its backend receipt.
    result = {
        f"backend receipt {size} serials": backend,
        f"despatch advice {size} serials": backend,
    }
    if addon:
        purchase, _picking = serial_pair(env, customer, vendors, items)
        data = despatch_advice(env, purchase, "BENCH-DA")
        answer = {}

        def run():
            answer["document"], answer["duplicate"] = env[
                "dropship.vendor.document"
            ]._import(data, vendors[0], "backend", filename="bench.xml")

        result[f"despatch advice {size} serials"] = measure(env, run)
        document = answer["document"]
        if document.state != "done" or answer["duplicate"]:
            raise AssertionError(f"the despatch advice was refused: {document.message}")
    return result


def median_of(runs):
    """Per action, the run with the median time (and its query count)."""
    result = {}
    for action, first in runs[0].items():
        if not isinstance(first, dict):
            result[action] = first
            continue
        ordered = sorted((run[action] for run in runs), key=lambda m: m["seconds"])
        result[action] = ordered[len(ordered) // 2]
    return result


def main(conf, outdir, targets, repeat=3, scenarios=SCENARIOS):
    config.parse_config(["-c", conf, "--log-level=warn"])
    registries = {
        variant: odoo.modules.registry.Registry(database)
        for variant, database in targets
    }
    runs = {variant: {} for variant in registries}
    for name in scenarios:
        for _run in range(repeat):
            for variant, registry in registries.items():
                addon = "dropship_sync_so_hold" in registry["res.company"]._fields
                with registry.cursor() as cr:
                    env = api.Environment(
                        cr,
                        odoo.SUPERUSER_ID,
                        {"tracking_disable": True, "mail_notrack": True},
                    )
                    customer = env["res.partner"].create({"name": "Bench customer"})
                    vendors = env["res.partner"].create(
                        [{"name": "Bench vendor A"}, {"name": "Bench vendor B"}]
                    )
                    if name in ("scenario_2", "scenario_5"):
                        result = globals()[name](env, customer, vendors, addon)
                    else:
                        result = globals()[name](env, customer, vendors)
                    runs[variant].setdefault(name, []).append(result)
                    cr.rollback()
    for variant, measured in runs.items():
        with open(os.path.join(outdir, f"{variant}.json"), "w") as f:
            json.dump({name: median_of(r) for name, r in measured.items()}, f)


if __name__ == "__main__":
    main(
        sys.argv[1],
        sys.argv[2],
        [target.split("=", 1) for target in sys.argv[3:]],
        int(os.environ.get("BENCH_RUNS") or 3),
        tuple(
            f"scenario_{number}"
            for number in (os.environ.get("BENCH_SCENARIOS") or "1 2 3 5").split()
        ),
    )
