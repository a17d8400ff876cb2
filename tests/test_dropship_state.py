# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestDropshipState(DropshipCommon):
    def test_selection_keys(self):
        keys = [
            key
            for key, _label in self.env["sale.order.line"]
            ._fields["dropship_state"]
            .selection
        ]
        self.assertEqual(
            keys, ["rfq", "ordered", "hold", "partial", "shipped", "returned", "cancel"]
        )

    def test_draft_order_has_no_state(self):
        order = self._create_so([(self.product, 5)], confirm=False)
        self.assertFalse(order.order_line.dropship_state)

    def test_rfq_then_ordered(self):
        order = self._create_so([(self.product, 5)])
        purchase = self._purchase_orders(order)
        self.assertEqual(purchase.state, "draft")
        self.assertEqual(order.order_line.dropship_state, "rfq")
        purchase.button_confirm()
        self.assertEqual(purchase.state, "purchase")
        self.assertEqual(order.order_line.dropship_state, "ordered")
        purchase.button_done()
        self.assertEqual(order.order_line.dropship_state, "ordered")

    def test_partial_receipt_then_rest(self):
        order = self._create_so([(self.product, 5), (self.product_standard, 4)])
        purchase = self._purchase_orders(order)
        purchase.button_confirm()
        picking = self._dropship_pickings(purchase)
        self.assertEqual(len(picking), 1)
        move = picking.move_ids.filtered(lambda m: m.product_id == self.product)
        other_move = picking.move_ids - move
        self._receive(picking, {move: 3, other_move: 0})
        line = order.order_line.filtered(lambda sol: sol.product_id == self.product)
        other_line = order.order_line - line
        self.assertEqual(line.qty_delivered, 3)
        self.assertEqual(line._dropship_purchase_lines().qty_received, 3)
        self.assertEqual(line.dropship_state, "partial")
        self.assertEqual(
            other_line.dropship_state, "ordered", "the rest keeps its status"
        )
        backorder = self._dropship_pickings(purchase)
        self.assertEqual(len(backorder), 1)
        self._receive(backorder)
        self.assertEqual(line.qty_delivered, 5)
        self.assertEqual(line.dropship_state, "shipped")
        self.assertEqual(other_line.dropship_state, "shipped")

    def test_partial_receipt_without_backorder_stays_partial(self):
        order = self._create_so([(self.product, 10)])
        purchase = self._purchase_orders(order)
        purchase.button_confirm()
        picking = self._dropship_pickings(purchase)
        self._receive(picking, {picking.move_ids: 7}, backorder=False)
        self.assertEqual(order.order_line.qty_delivered, 7)
        self.assertEqual(order.order_line.dropship_state, "partial")

    def test_returned(self):
        order = self._create_so([(self.product, 4)])
        purchase = self._purchase_orders(order)
        purchase.button_confirm()
        picking = self._dropship_pickings(purchase)
        self._receive(picking)
        self.assertEqual(order.order_line.dropship_state, "shipped")
        return_picking = self._return(picking, {picking.move_ids: 1})
        self.assertEqual(return_picking.state, "done")
        self.assertEqual(order.order_line.qty_delivered, 3)
        self.assertEqual(order.order_line.dropship_state, "returned")

    def test_cancelled_purchase_order(self):
        order = self._create_so([(self.product, 4)])
        purchase = self._purchase_orders(order)
        purchase.button_confirm()
        purchase.button_cancel()
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(order.order_line.dropship_state, "cancel")

    def test_cancelled_sale_order(self):
        order = self._create_so([(self.product, 4)])
        order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.order_line.dropship_state, "cancel")

    def test_stock_line_has_no_state(self):
        order = self._create_so([(self.product_stock, 4)])
        self.assertFalse(order.order_line.dropship_state)
        delivery = order.picking_ids
        self.assertTrue(delivery)
        self.assertFalse(delivery.is_dropship)
