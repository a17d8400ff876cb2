# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.tests import Form, HttpCase, tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestDropshipTour(HttpCase, DropshipCommon):
    """The forms in a browser: hold and release, approve a supplier change,
    confirm the reversal warning and ship a replacement, see what is out of
    sync."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The web server reads every module's manifest on its first request;
        # Chromium's first requests come in parallel, and CPython 3.11 before
        # 3.11.8 can fail compiling in two threads at once ("AST constructor
        # recursion depth mismatch"). Read them once here, in one thread.
        http.root.statics.get("web")

    def test_order_tour(self):
        self.env.company.dropship_sync_po_qty_policy = "approve"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        purchase.order_line.product_qty = 7
        change = order.dropship_pending_change_ids
        self.assertEqual(change.state, "pending")
        self.start_tour(
            f"/odoo/action-sale.action_orders/{order.id}",
            "dropship_sync_order_tour",
            login="admin",
        )
        self.assertFalse(order.on_hold)
        self.assertFalse(purchase.on_hold)
        holds = self.env["dropship.sync.change"].search(
            [("sale_order_id", "=", order.id), ("rule", "=", "so_hold")], order="id"
        )
        self.assertEqual(
            holds.mapped("new_value"),
            ["Yes (Customer credit check)", "No"],
            "held with the reason typed in the wizard, then released",
        )
        self.assertEqual(change.state, "approved")
        self.assertEqual(order.order_line.product_uom_qty, 7)

    def test_reversal_tour(self):
        customer = self.env["res.partner"].create({"name": "Tour Customer"})
        order, purchase = self._confirmed_pair(
            [(self.product_serial, 2)], partner=customer
        )
        picking = self._dropship_pickings(purchase)
        move = picking.move_ids
        self._receive_lots(picking, {move: [("TOUR-SN1", 1), ("TOUR-SN2", 1)]})
        lot = picking.move_line_ids.lot_id.filtered(lambda x: x.name == "TOUR-SN1")
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=picking.id, active_model="stock.picking"
            )
        ).save()
        for line in wizard.product_return_moves:
            line.quantity = 1 if lot in line.move_id.move_line_ids.lot_id else 0
        returned = self.env["stock.picking"].browse(
            wizard.action_create_returns()["res_id"]
        )
        returned.move_ids.move_line_ids.unlink()
        self.env["stock.move.line"].create(
            self._move_line_vals(returned.move_ids, lot_id=lot.id, quantity=1)
        )
        returned.move_ids.picked = True
        self.start_tour(
            f"/odoo/action-stock.action_picking_tree_all/{returned.id}",
            "dropship_sync_reversal_tour",
            login="admin",
        )
        self.assertEqual(returned.state, "done")
        self.assertEqual(order.order_line.lot_ids.mapped("name"), ["TOUR-SN2"])
        self.assertIn(lot, order.order_line.dropship_reversed_lot_ids)
        self.assertEqual(order.dropship_reversal_lot_ids, lot)

        self.start_tour(
            f"/odoo/action-sale.action_orders/{order.id}",
            "dropship_sync_reversal_next_step_tour",
            login="admin",
        )
        replacement = purchase.picking_ids.filtered(lambda p: p.state == "assigned")
        self.assertEqual(replacement.move_ids.product_uom_qty, 1)
        self.assertFalse(order.dropship_reversal_lot_ids)

    def test_out_of_sync_tour(self):
        self.env.company.dropship_sync_po_qty_policy = "off"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        purchase.order_line.product_qty = 3
        self.env.company.dropship_sync_po_qty_policy = "mirror"
        issue = self.env["dropship.integrity.issue"]._dropship_scan(self.env.company)
        self.assertEqual(issue.kind, "qty")
        self.assertTrue(order.order_line.dropship_out_of_sync)
        self.assertEqual(order.dropship_issue_count, 1)
        self.start_tour(
            f"/odoo/action-sale.action_orders/{order.id}",
            "dropship_sync_out_of_sync_tour",
            login="admin",
        )

    def test_over_invoiced_tour(self):
        grinder = self._create_dropship_product("Tour Grinder", 10.0)
        grinder.invoice_policy = "order"
        order, purchase = self._confirmed_pair([(grinder, 5)])
        Form(
            self.env["sale.advance.payment.inv"].with_context(
                active_model="sale.order", active_ids=order.ids
            )
        ).save().create_invoices()
        order.invoice_ids.action_post()
        purchase.order_line.product_qty = 3
        self.assertEqual(order.order_line.product_uom_qty, 3, "both sides say 3")
        self.assertEqual(order.dropship_invoice_issue_count, 1)
        self.start_tour(
            f"/odoo/action-sale.action_orders/{order.id}",
            "dropship_sync_over_invoiced_tour",
            login="admin",
        )
        refund = order.invoice_ids.filtered(lambda m: m.move_type == "out_refund")
        self.assertEqual((refund.state, refund.invoice_line_ids.quantity), ("draft", 2))
        issue = self.env["dropship.integrity.issue"].search(
            [("sale_order_id", "=", order.id), ("kind", "=", "invoice")]
        )
        self.assertEqual((issue.state, issue.credit_note_id), ("fixed", refund))

    def test_held_transfer_tour(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.write({"on_hold": True, "hold_reason": "Tour credit check"})
        picking = self._dropship_pickings(purchase)
        self.assertTrue(picking.on_hold)
        self.start_tour(
            "/odoo/action-stock.action_picking_tree_all",
            "dropship_sync_held_transfer_tour",
            login="admin",
        )

    def test_cancel_confirmation_tours(self):
        # Odoo's cancel dialog asks for the e-mail of a recipient without
        # one (a dialog over the dialog): the customer has one.
        self.customer.email = "customer@example.com"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self.start_tour(
            f"/odoo/action-sale.action_orders/{order.id}",
            "dropship_sync_sale_cancel_tour",
            login="admin",
        )
        self.assertEqual(order.state, "cancel")
        self.assertEqual(purchase.state, "cancel", "as the dialog said")

        order, purchase = self._confirmed_pair([(self.product, 5)])
        self.start_tour(
            f"/odoo/action-purchase.purchase_form_action/{purchase.id}",
            "dropship_sync_purchase_cancel_tour",
            login="admin",
        )
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(order.state, "cancel", "as the confirmation said")
