# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import Form

from odoo.addons.base.tests.common import BaseCommon

# The drop-ship customer's delivery address, as the vendor sees it.
CUSTOMER_ADDRESS = {
    "street": "12 Harbour Road",
    "city": "Antwerp",
    "zip": "2000",
    "email": "secret-buyer@customer.example.com",
    "phone": "+32 3 555 01 99",
}


class DropshipCommon(BaseCommon):
    """Drop-ship pairs built from scratch: a vendor, customers, products on
    the Dropship route (plain, serial-tracked, standard costing)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dropship_route = cls.env.ref("stock_dropshipping.route_drop_shipping")
        cls.uom_unit = cls.env.ref("uom.product_uom_unit")
        cls.uom_dozen = cls.env.ref("uom.product_uom_dozen")
        cls.vendor = cls.env["res.partner"].create({"name": "Dropship Vendor"})
        cls.customer = cls.env["res.partner"].create({"name": "Dropship Customer"})
        cls.customer_2 = cls.env["res.partner"].create({"name": "Second Customer"})
        cls.categ_average = cls.env["product.category"].create(
            {"name": "Average", "property_cost_method": "average"}
        )
        cls.categ_standard = cls.env["product.category"].create(
            {"name": "Standard", "property_cost_method": "standard"}
        )
        cls.product = cls._create_dropship_product("Drop-shipped Chair", 10.0)
        cls.product_serial = cls._create_dropship_product(
            "Drop-shipped Monitor", 100.0, tracking="serial"
        )
        cls.product_standard = cls._create_dropship_product(
            "Drop-shipped Lamp", 20.0, categ=cls.categ_standard, standard_price=15.0
        )
        cls.product_stock = cls.env["product.product"].create(
            {
                "name": "Shelf Table (from stock)",
                "is_storable": True,
                "categ_id": cls.categ_average.id,
                "list_price": 40.0,
            }
        )

    @classmethod
    def _create_dropship_product(
        cls, name, cost, tracking="none", categ=None, standard_price=0.0
    ):
        return cls.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "tracking": tracking,
                "categ_id": (categ or cls.categ_average).id,
                "list_price": cost * 2,
                "standard_price": standard_price,
                "route_ids": [Command.set(cls.dropship_route.ids)],
                "seller_ids": [
                    Command.create(
                        {
                            "partner_id": cls.vendor.id,
                            "price": cost,
                            "company_id": False,
                        }
                    )
                ],
            }
        )

    @classmethod
    def _create_so(cls, lines, partner=None, confirm=True):
        """Create (and confirm) a sales order; ``lines`` is [(product, qty)]
        or [(product, qty, uom)]."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "order_line": [
                    Command.create(
                        {"product_id": line[0].id, "product_uom_qty": line[1]}
                        | ({"product_uom": line[2].id} if len(line) > 2 else {})
                    )
                    for line in lines
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    @classmethod
    def _purchase_orders(cls, sale_order):
        return sale_order.order_line.purchase_line_ids.order_id

    @classmethod
    def _dropship_pickings(cls, purchase_orders):
        return purchase_orders.picking_ids.filtered(
            lambda p: p.is_dropship and p.state not in ("done", "cancel")
        )

    def _receive(self, picking, quantities=None, backorder=True):
        """Validate a drop-ship picking.

        ``quantities`` maps a move to the quantity received (all of it when
        omitted); a partial receipt creates a backorder unless ``backorder``
        is False.
        """
        for move in picking.move_ids.filtered(lambda m: m.state != "cancel"):
            qty = (
                move.product_uom_qty
                if quantities is None
                else quantities.get(move, 0.0)
            )
            move.quantity = qty
            move.picked = True
        self._answer_backorder(picking.button_validate(), backorder)
        return picking

    def _answer_backorder(self, result, backorder=True, user=None):
        """Answer the backorder wizard that ``button_validate`` may return."""
        if not (
            isinstance(result, dict)
            and result.get("res_model") == "stock.backorder.confirmation"
        ):
            return
        model = self.env["stock.backorder.confirmation"]
        if user:
            model = model.with_user(user)
        wizard = Form(model.with_context(**result["context"])).save()
        if backorder:
            wizard.process()
        else:
            wizard.process_cancel_backorder()

    def _move_line_vals(self, move, **vals):
        return {
            "move_id": move.id,
            "picking_id": move.picking_id.id,
            "product_id": move.product_id.id,
            "product_uom_id": move.product_uom.id,
            "location_id": move.location_id.id,
            "location_dest_id": move.location_dest_id.id,
            **vals,
        }

    def _set_lots(self, picking, lots):
        """Enter lots on a drop-ship picking: ``lots`` maps a move to
        [(lot name, quantity)]."""
        for move, names in lots.items():
            move.move_line_ids.unlink()
            self.env["stock.move.line"].create(
                [
                    self._move_line_vals(move, lot_name=name, quantity=qty)
                    for name, qty in names
                ]
            )
            move.picked = True

    def _receive_lots(self, picking, lots, backorder=True):
        self._set_lots(picking, lots)
        self._answer_backorder(picking.button_validate(), backorder)
        self.assertEqual(picking.state, "done")
        return picking

    def _return(self, picking, quantities=None, lots=None, confirm=True):
        """Create and validate the return of a done drop-ship picking; with
        ``lots`` ({move: lot}) the returned move lines carry those lots."""
        wizard_form = Form(
            self.env["stock.return.picking"].with_context(
                active_id=picking.id, active_model="stock.picking"
            )
        )
        wizard = wizard_form.save()
        for line in wizard.product_return_moves:
            line.quantity = (
                line.move_id.quantity
                if quantities is None
                else quantities.get(line.move_id, 0.0)
            )
        action = wizard.action_create_returns()
        return_picking = self.env["stock.picking"].browse(action["res_id"])
        for move in return_picking.move_ids:
            lot = (lots or {}).get(move.origin_returned_move_id)
            if lot:
                move.move_line_ids.unlink()
                self.env["stock.move.line"].create(
                    self._move_line_vals(
                        move, lot_id=lot.id, quantity=move.product_uom_qty
                    )
                )
            else:
                move.quantity = move.product_uom_qty
            move.picked = True
        result = return_picking.button_validate()
        if (
            confirm
            and isinstance(result, dict)
            and result.get("res_model") == "dropship.reversal.warning"
        ):
            Form(
                self.env[result["res_model"]].with_context(**result["context"])
            ).save().action_confirm()
        return return_picking

    @classmethod
    def _confirmed_pair(cls, lines, partner=None, confirm_po=True):
        """A confirmed sales order and its (confirmed) drop-ship purchase order."""
        order = cls._create_so(lines, partner=partner)
        purchase = cls._purchase_orders(order)
        if confirm_po:
            purchase.button_confirm()
        return order, purchase

    @staticmethod
    def _sync_notes(record):
        """Bodies of the drop-ship sync notes on a document, newest first."""
        return [
            str(body)
            for body in record.message_ids.sorted("id", reverse=True).mapped("body")
            if "drop-ship sync" in str(body)
        ]

    @staticmethod
    def _warning_activities(record):
        return record.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == record.env.ref("mail.mail_activity_data_warning")
            )
        )

    def _hold_with_wizard(self, orders, reason):
        action = orders.action_dropship_hold()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        wizard.reason = reason
        wizard.save().action_confirm()
