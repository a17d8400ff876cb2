# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestCancel(DropshipCommon):
    def test_so_cancel_cancels_po_serving_only_it(self):
        order, purchase = self._confirmed_pair(
            [(self.product, 5), (self.product_standard, 2)]
        )
        picking = self._dropship_pickings(purchase)
        order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(picking.state, "cancel")
        self.assertEqual(set(order.order_line.mapped("dropship_state")), {"cancel"})
        self.assertFalse(
            self._warning_activities(purchase),
            "no 'please check' activity on a mirrored cancel",
        )
        self.assertIn("Cancelled", self._sync_notes(purchase)[0])
        self.assertIn(f"Changed by {order.name}", self._sync_notes(purchase)[0])
        self.assertIn(f"Mirrored to {purchase.name}", self._sync_notes(order)[0])

    def test_so_cancel_refused_after_receipt(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        self._receive(picking, {picking.move_ids: 2})
        backorder = self._dropship_pickings(purchase)
        with self.assertRaisesRegex(UserError, "already received 2 Units"):
            order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertEqual(purchase.state, "purchase")
        self.assertEqual(purchase.order_line.product_qty, 5)
        self.assertEqual(backorder.state, "assigned")
        self.assertEqual(order.order_line.dropship_state, "partial")

    def test_so_cancel_on_shared_po_zeroes_only_its_lines(self):
        """Two sales orders of one customer give two RFQs; 'Merge RFQs' makes
        one purchase order shared by both sales orders."""
        order_1 = self._create_so([(self.product, 5)])
        order_2 = self._create_so([(self.product, 3), (self.product_standard, 1)])
        rfqs = self._purchase_orders(order_1) | self._purchase_orders(order_2)
        self.assertEqual(len(rfqs), 2)
        rfqs.action_merge()
        shared = (
            self._purchase_orders(order_1) | self._purchase_orders(order_2)
        ).filtered(lambda po: po.state != "cancel")
        self.assertEqual(len(shared), 1, "one purchase order serves both sales orders")
        self.assertEqual(len(shared.order_line), 3, "merging kept the pairs distinct")
        self.assertEqual(
            shared.order_line.sale_line_id, order_1.order_line | order_2.order_line
        )
        self.assertEqual(
            order_2.order_line.mapped("product_uom_qty"),
            [3, 1],
            "merging cancelled nothing",
        )
        shared.button_confirm()
        order_1.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(order_1.state, "cancel")
        self.assertEqual(shared.state, "purchase")
        line_1 = shared.order_line.filtered(
            lambda pol: pol.sale_line_id == order_1.order_line
        )
        self.assertEqual(line_1.product_qty, 0)
        self.assertEqual(
            (shared.order_line - line_1).mapped("product_qty"),
            [3, 1],
            "the other order's lines are untouched",
        )
        self.assertEqual(order_2.state, "sale")
        self.assertEqual(
            order_2.order_line.mapped("dropship_state"), ["ordered", "ordered"]
        )
        move_1 = shared.picking_ids.move_ids.filtered(
            lambda m: m.sale_line_id == order_1.order_line
        )
        self.assertTrue(
            all(m.state == "cancel" or not m.product_uom_qty for m in move_1)
        )

    def test_line_of_a_cancelled_order_orders_nothing_more(self):
        """On a shared purchase order, the line left at 0 by a cancelled
        sales order cannot be raised again: the goods would go to a
        customer who cancelled."""
        order_1 = self._create_so([(self.product, 5)])
        order_2 = self._create_so([(self.product, 3)])
        rfqs = self._purchase_orders(order_1) | self._purchase_orders(order_2)
        rfqs.action_merge()
        shared = rfqs.filtered(lambda po: po.state != "cancel")
        shared.button_confirm()
        order_1.with_context(disable_cancel_warning=True).action_cancel()
        line_1 = shared.order_line.filtered(
            lambda pol: pol.sale_line_id == order_1.order_line
        )
        line_2 = shared.order_line - line_1
        notes = len(self._sync_notes(shared))
        with self.assertRaisesRegex(
            UserError, f"{order_1.name} is cancelled: {shared.name} cannot order more"
        ):
            line_1.product_qty = 30
        self.assertEqual(line_1.product_qty, 0)
        self.assertEqual(order_1.state, "cancel")
        self.assertEqual(order_1.order_line.product_uom_qty, 5)
        self.assertEqual(len(self._sync_notes(shared)), notes)
        line_2.product_qty = 4  # the other order's line still follows
        self.assertEqual(order_2.order_line.product_uom_qty, 4)

    def test_so_line_to_zero_cancels_po_left_with_nothing(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.order_line.product_uom_qty = 0
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.order_line.dropship_state, "cancel")

    def test_so_line_to_zero_keeps_po_with_other_lines(self):
        order, purchase = self._confirmed_pair(
            [(self.product, 5), (self.product_standard, 2)]
        )
        line = order.order_line.filtered(lambda sol: sol.product_id == self.product)
        line.product_uom_qty = 0
        pol = line._dropship_purchase_lines()
        self.assertEqual(purchase.state, "purchase")
        self.assertEqual(pol.product_qty, 0)
        self.assertEqual(line.dropship_state, "cancel")
        self.assertEqual((order.order_line - line).dropship_state, "ordered")
        self.assertIn("Quantity: 5 → 0", self._sync_notes(purchase)[0])

    def test_po_cancel_mirror_cancels_so(self):
        order, purchase = self._confirmed_pair(
            [(self.product, 5), (self.product_standard, 2)]
        )
        purchase.button_cancel()
        self.assertEqual(order.order_line.mapped("product_uom_qty"), [0, 0])
        self.assertEqual(order.state, "cancel")
        self.assertEqual(set(order.order_line.mapped("dropship_state")), {"cancel"})
        self.assertFalse(self._warning_activities(order))
        self.assertIn(f"Changed by {purchase.name}", self._sync_notes(order)[0])

    def test_po_cancel_keeps_so_with_other_lines(self):
        order, purchase = self._confirmed_pair(
            [(self.product, 5), (self.product_stock, 1)]
        )
        purchase.button_cancel()
        dropship_line = order.order_line.filtered(
            lambda sol: sol.product_id == self.product
        )
        self.assertEqual(dropship_line.product_uom_qty, 0)
        self.assertEqual(dropship_line.dropship_state, "cancel")
        self.assertEqual((order.order_line - dropship_line).product_uom_qty, 1)
        self.assertEqual(order.state, "sale")

    def test_po_cancel_refused_after_receipt(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self._receive(self._dropship_pickings(purchase))
        with self.assertRaisesRegex(
            UserError, f"The change of {purchase.name} cannot be applied"
        ):
            purchase.button_cancel()
        self.assertEqual(purchase.state, "purchase")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertEqual(order.order_line.dropship_state, "shipped")

    def test_po_cancel_notify_leaves_so_open(self):
        self.env.company.dropship_sync_po_cancel_policy = "notify"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        purchase.button_cancel()
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertTrue(self._warning_activities(order), "the salesperson is told")
        self.assertFalse(self._sync_notes(order))

    def test_po_line_to_zero_cancels_so_line(self):
        order, purchase = self._confirmed_pair(
            [(self.product, 5), (self.product_standard, 2)]
        )
        pol = purchase.order_line.filtered(lambda line: line.product_id == self.product)
        pol.product_qty = 0
        self.assertEqual(pol.sale_line_id.product_uom_qty, 0)
        self.assertEqual(pol.sale_line_id.dropship_state, "cancel")
        self.assertEqual(order.state, "sale")

    def test_so_cancel_refused_when_po_locked(self):
        self.env.company.dropship_sync_lock_policy = "off"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        purchase.button_done()
        with self.assertRaisesRegex(UserError, f"{purchase.name} is locked"):
            order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(order.state, "sale")
        self.assertEqual(purchase.state, "done")
        self.assertEqual(purchase.order_line.product_qty, 5)

    def test_so_cancel_policy_off_is_core(self):
        self.env.company.dropship_sync_so_cancel_policy = "off"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(purchase.state, "purchase", "core leaves the PO confirmed")
        self.assertTrue(self._warning_activities(purchase), "core's activity on the PO")
