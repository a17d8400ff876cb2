# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Install -> use -> uninstall -> Odoo's own drop-ship flow, end to end.

Run by scripts/uninstall_check.sh on a database where the module was just
installed:

    python3 scripts/uninstall_check.py CONFIG DATABASE

Exits non-zero (with the reason) when a step fails.
"""

import sys

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry

MODULE = "sale_purchase_dropship_sync"


def env_of(cr):
    return api.Environment(cr, SUPERUSER_ID, {})


def check(condition, message):
    if not condition:
        raise SystemExit(f"uninstall check failed: {message}")


def dropship_product(env, name, tracking="none"):
    vendor = env["res.partner"].create({"name": f"{name} vendor"})
    return env["product.product"].create(
        {
            "name": name,
            "is_storable": True,
            "tracking": tracking,
            "list_price": 30.0,
            "route_ids": [
                Command.set(env.ref("stock_dropshipping.route_drop_shipping").ids)
            ],
            "seller_ids": [Command.create({"partner_id": vendor.id, "price": 20.0})],
        }
    )


def dropship_order(env, product, qty):
    """A confirmed sales order and its confirmed drop-ship purchase order."""
    customer = env["res.partner"].create({"name": "Uninstall check customer"})
    order = env["sale.order"].create(
        {
            "partner_id": customer.id,
            "order_line": [
                Command.create({"product_id": product.id, "product_uom_qty": qty})
            ],
        }
    )
    order.action_confirm()
    purchase = order.order_line.purchase_line_ids.order_id
    check(len(purchase) == 1, f"{order.name} ordered {len(purchase)} purchase orders")
    purchase.button_confirm()
    return order, purchase


def receive(purchase, qty=None, lots=()):
    picking = purchase.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
    check(len(picking) == 1, f"{purchase.name}: one drop-ship transfer to validate")
    move = picking.move_ids
    if lots:
        move.move_line_ids.unlink()
        picking.env["stock.move.line"].create(
            [
                {
                    "move_id": move.id,
                    "picking_id": picking.id,
                    "product_id": move.product_id.id,
                    "product_uom_id": move.product_uom.id,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                    "lot_name": name,
                    "quantity": 1,
                }
                for name in lots
            ]
        )
    else:
        move.quantity = move.product_uom_qty if qty is None else qty
    move.picked = True
    result = picking.button_validate()
    if isinstance(result, dict) and result.get("res_model"):
        wizard = (
            picking.env[result["res_model"]]
            .with_context(**result["context"])
            .create({})
        )
        wizard.process()
    check(picking.state == "done", f"{picking.name} is {picking.state}")
    return picking


def use_module(env):
    """What a company does with the module: holds, a supplier change to
    approve, receipts at a cost, serials split per lot, the check."""
    company = env.company
    company.dropship_sync_po_price_policy = "approve"
    order, purchase = dropship_order(env, dropship_product(env, "Chair"), 5)
    order.write({"on_hold": True, "hold_reason": "Customer credit check"})
    check(purchase.on_hold, "the hold reached the purchase order")
    order.action_dropship_release()
    check(not purchase.on_hold, "the release reached the purchase order")
    purchase.order_line.price_unit = 18.0
    check(
        env["dropship.sync.change"].search_count([("state", "=", "pending")]),
        "the supplier price change waits for approval",
    )
    receive(purchase, qty=3)
    check(order.order_line.dropship_state == "partial", "partially shipped")
    serial = dropship_product(env, "Monitor", tracking="serial")
    order_2, purchase_2 = dropship_order(env, serial, 2)
    receive(purchase_2, lots=("UNINSTALL-1", "UNINSTALL-2"))
    check(len(order_2.order_line) == 2, "split per serial number")
    env["dropship.integrity.issue"]._dropship_scan()


def core_dropship_flow(env):
    """Odoo's own drop-ship flow after the uninstall."""
    check(
        "dropship_state" not in env["sale.order.line"]._fields,
        "the module's fields are gone",
    )
    order, purchase = dropship_order(env, dropship_product(env, "Desk"), 4)
    receive(purchase, qty=1)
    check(order.order_line.qty_delivered == 1, "core: 1 of 4 delivered")
    receive(purchase)
    check(order.order_line.qty_delivered == 4, "core: 4 of 4 delivered")
    check(purchase.order_line.qty_received == 4, "core: 4 received")
    purchase.order_line.product_qty = 6
    check(order.order_line.product_uom_qty == 4, "core: no quantity mirror")
    print(f"core drop-ship flow: {order.name} / {purchase.name} delivered")


def main(config, database):
    odoo.tools.config.parse_config(["-c", config, "-d", database])
    with Registry(database).cursor() as cr:
        use_module(env_of(cr))
    with Registry(database).cursor() as cr:
        env = env_of(cr)
        module = env["ir.module.module"].search([("name", "=", MODULE)])
        check(module.state == "installed", f"{MODULE} is {module.state}")
        module.button_immediate_uninstall()
    with Registry(database).cursor() as cr:
        env = env_of(cr)
        module = env["ir.module.module"].search([("name", "=", MODULE)])
        check(module.state == "uninstalled", f"{MODULE} is {module.state}")
        core_dropship_flow(env)


if __name__ == "__main__":
    main(*sys.argv[1:3])
