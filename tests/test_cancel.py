# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

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


@tagged("post_install", "-at_install")
class TestCancelConfirmation(DropshipCommon):
    """The cancel dialogs say what happens to the other side of the pairs,
    by name, under the company's policy, before anything happens."""

    def _sale_cancel_dialog(self, order):
        action = order.action_cancel()
        self.assertEqual(action["res_model"], "sale.order.cancel")
        return Form(self.env["sale.order.cancel"].with_context(**action["context"]))

    def _purchase_cancel_dialog(self, purchase):
        self.assertTrue(purchase.dropship_cancel_asks)
        action = purchase.action_dropship_cancel()
        self.assertEqual(action["res_model"], "dropship.purchase.cancel")
        return Form(self.env[action["res_model"]].with_context(**action["context"]))

    def test_sale_dialog_names_the_purchase_orders_cancelled(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        dialog = self._sale_cancel_dialog(order)
        self.assertIn(
            f"The drop-ship purchase order(s) {purchase.name} are cancelled with it",
            dialog.dropship_cancel_message,
        )
        self.assertFalse(
            dialog.display_purchase_orders_alert,
            "not Odoo's 'purchase orders are not cancelled automatically'",
        )
        self.assertEqual(purchase.state, "purchase", "nothing happened yet")
        dialog.save().action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(purchase.state, "cancel")

    def test_sale_dialog_names_the_shared_purchase_order_zeroed(self):
        order_1 = self._create_so([(self.product, 5)])
        order_2 = self._create_so([(self.product, 3)])
        rfqs = self._purchase_orders(order_1) | self._purchase_orders(order_2)
        rfqs.action_merge()
        shared = self._purchase_orders(order_1)
        dialog = self._sale_cancel_dialog(order_1)
        self.assertIn(
            f"{shared.name} also serves other sales orders: only its lines of "
            f"{self.product.display_name} are set to 0",
            dialog.dropship_cancel_message,
        )
        self.assertNotIn("are cancelled with it", dialog.dropship_cancel_message)
        dialog.save().action_cancel()
        self.assertEqual(order_1.state, "cancel")
        self.assertNotEqual(shared.state, "cancel")
        self.assertEqual(
            shared.order_line.filtered(
                lambda pol: pol.sale_line_id == order_2.order_line
            ).product_qty,
            3,
        )

    def test_sale_dialog_under_notify_and_off(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self.env.company.dropship_sync_so_cancel_policy = "notify"
        self.assertIn(
            f"{purchase.name} are not cancelled: their purchaser gets an activity",
            self._sale_cancel_dialog(order).dropship_cancel_message,
        )
        self.env.company.dropship_sync_so_cancel_policy = "off"
        dialog = self._sale_cancel_dialog(order)
        self.assertIn(
            f"{purchase.name} are not cancelled or changed",
            dialog.dropship_cancel_message,
        )
        self.assertFalse(dialog.display_purchase_orders_alert)
        dialog.save().action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(purchase.state, "purchase", "as the dialog said")

    def test_sale_dialog_says_a_received_order_cannot_be_cancelled(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        self._receive(picking, {picking.move_ids: 2})
        dialog = self._sale_cancel_dialog(order)
        self.assertIn("This order cannot be cancelled", dialog.dropship_cancel_message)
        self.assertIn("already received 2 Units", dialog.dropship_cancel_message)
        with self.assertRaisesRegex(UserError, "already received 2 Units"):
            dialog.save().action_cancel()
        self.assertEqual(order.state, "sale")
        self.assertEqual(purchase.order_line.product_qty, 5)

    def test_sale_dialog_without_dropship_says_nothing_more(self):
        order = self._create_so([(self.product_stock, 1)])
        dialog = self._sale_cancel_dialog(order)
        self.assertFalse(dialog.dropship_cancel_message)

    def test_purchase_dialog_names_the_sales_order_cancelled(self):
        order, purchase = self._confirmed_pair(
            [(self.product, 5), (self.product_standard, 2)]
        )
        dialog = self._purchase_cancel_dialog(purchase)
        self.assertIn(
            f"The sales order(s) {order.name} are cancelled: nothing is left",
            dialog.message,
        )
        self.assertEqual(order.state, "sale", "nothing happened yet")
        self.assertEqual(purchase.state, "purchase")
        dialog.save().action_confirm()
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(order.state, "cancel")

    def test_purchase_dialog_names_the_sales_line_reduced(self):
        order, purchase = self._confirmed_pair(
            [(self.product, 5), (self.product_stock, 1)]
        )
        dialog = self._purchase_cancel_dialog(purchase)
        self.assertIn(
            f"{order.name}: the quantity of {self.product.display_name} goes from "
            "5 to 0 Units.",
            dialog.message,
        )
        self.assertNotIn("are cancelled", dialog.message)
        dialog.save().action_confirm()
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(order.state, "sale")
        self.assertEqual(
            order.order_line.mapped("product_uom_qty"), [0, 1], "only its line"
        )

    def test_purchase_dialog_says_a_received_order_cannot_be_cancelled(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self._receive(self._dropship_pickings(purchase))
        dialog = self._purchase_cancel_dialog(purchase)
        self.assertIn("This order cannot be cancelled", dialog.message)
        self.assertIn("already received by the customer", dialog.message)
        with self.assertRaisesRegex(UserError, "cannot be applied"):
            dialog.save().action_confirm()
        self.assertEqual(purchase.state, "purchase")
        self.assertEqual(order.order_line.product_uom_qty, 5)

    def test_purchase_dialog_under_approve(self):
        self.env.company.dropship_sync_po_cancel_policy = "approve"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        dialog = self._purchase_cancel_dialog(purchase)
        self.assertIn(
            f"The salesperson of {order.name} is asked to approve the cancellation",
            dialog.message,
        )
        dialog.save().action_confirm()
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertEqual(order.dropship_pending_change_ids.rule, "po_cancel")

    def test_purchase_cancel_asks_only_when_a_sales_order_follows(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self.env.company.dropship_sync_po_cancel_policy = "notify"
        purchase.invalidate_recordset(["dropship_cancel_asks"])
        self.assertFalse(purchase.dropship_cancel_asks, "nothing to confirm")
        self.env.company.dropship_sync_po_cancel_policy = "mirror"
        purchase.invalidate_recordset(["dropship_cancel_asks"])
        self.assertTrue(purchase.dropship_cancel_asks)
        # Callers of button_cancel (RPC, other modules) are not asked: the
        # rule applies as before.
        purchase.button_cancel()
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(order.state, "cancel")
        self.assertFalse(purchase.dropship_cancel_asks)
