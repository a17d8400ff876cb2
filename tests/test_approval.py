# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestApprovalGate(DropshipCommon):
    """Policy "approve": supplier changes wait for the salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write(
            {
                "dropship_sync_po_qty_policy": "approve",
                "dropship_sync_po_date_policy": "approve",
                "dropship_sync_po_price_policy": "approve",
                "dropship_sync_po_cancel_policy": "approve",
            }
        )
        cls.salesman = new_test_user(
            cls.env,
            login="gate_salesman",
            groups="sales_team.group_sale_salesman",
        )
        cls.purchaser = new_test_user(
            cls.env, login="gate_purchaser", groups="purchase.group_purchase_user"
        )

    def _pair(self, qty=5):
        order, purchase = self._confirmed_pair([(self.product, qty)])
        order.user_id = self.salesman
        purchase.user_id = self.purchaser
        return order, purchase

    def _pending(self, order):
        return self.env["dropship.sync.change"].search(
            [("sale_order_id", "=", order.id), ("state", "=", "pending")]
        )

    def _review_activities(self, record, summary="Supplier changes to review"):
        return record.activity_ids.filtered(lambda a: a.summary == summary)

    def test_quantity_change_waits_then_approved(self):
        order, purchase = self._pair()
        purchase.with_user(self.purchaser).order_line.product_qty = 7
        self.assertEqual(order.order_line.product_uom_qty, 5, "the SO waits")
        self.assertEqual(purchase.order_line.product_qty, 7)
        change = self._pending(order)
        self.assertEqual(len(change), 1)
        self.assertRecordValues(
            change,
            [
                {
                    "rule": "po_qty",
                    "policy": "approve",
                    "source_side": "purchase",
                    "purchase_order_id": purchase.id,
                    "sale_line_id": order.order_line.id,
                    "old_value": "5",
                    "new_value": "7",
                    "user_id": self.purchaser.id,
                }
            ],
        )
        self.assertEqual(order.dropship_pending_count, 1)
        self.assertEqual(purchase.dropship_pending_count, 1)
        self.assertEqual(self._review_activities(order).user_id, self.salesman)
        self.assertFalse(self._sync_notes(order), "nothing applied yet")

        change.with_user(self.salesman).action_approve()
        self.assertEqual(order.order_line.product_uom_qty, 7)
        self.assertEqual(purchase.order_line.product_qty, 7)
        self.assertRecordValues(
            change, [{"state": "approved", "reviewer_id": self.salesman.id}]
        )
        self.assertIn("7", self._sync_notes(order)[0])
        self.assertIn(order.name, self._sync_notes(purchase)[0])
        self.assertFalse(self._review_activities(order), "review activity done")
        self.assertEqual(order.dropship_pending_count, 0)

    def test_quantity_change_rejected(self):
        order, purchase = self._pair()
        purchase.order_line.product_qty = 3
        change = self._pending(order)
        change.with_user(self.salesman).action_reject()
        self.assertEqual(change.state, "rejected")
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertEqual(purchase.order_line.product_qty, 3)
        rejected = self._review_activities(purchase, "Supplier change rejected")
        self.assertEqual(rejected.user_id, self.purchaser)
        self.assertIn(order.name, rejected.note)
        self.assertFalse(self._review_activities(order))

    def test_newer_change_supersedes(self):
        order, purchase = self._pair()
        purchase.order_line.product_qty = 7
        first = self._pending(order)
        purchase.order_line.product_qty = 8
        self.assertEqual(first.state, "superseded")
        second = self._pending(order)
        self.assertEqual(second.new_value, "8")
        second.action_approve()
        self.assertEqual(order.order_line.product_uom_qty, 8)
        # Back to what the sales order has: nothing to review.
        purchase.order_line.product_qty = 7
        third = self._pending(order)
        purchase.order_line.product_qty = 8
        self.assertEqual(third.state, "superseded")
        self.assertFalse(self._pending(order))

    def test_sales_change_supersedes(self):
        order, purchase = self._pair()
        purchase.order_line.product_qty = 7
        change = self._pending(order)
        order.order_line.product_uom_qty = 6  # rule 10 mirrors it to the PO
        self.assertEqual(purchase.order_line.product_qty, 6)
        self.assertEqual(change.state, "superseded")
        self.assertFalse(order.dropship_pending_count)

    def test_cancelled_order_supersedes(self):
        order, purchase = self._pair()
        purchase.order_line.product_qty = 7
        change = self._pending(order)
        order._action_cancel()
        self.assertEqual(change.state, "superseded")
        self.assertEqual(purchase.state, "cancel")

    def test_stale_change_is_never_applied(self):
        order, purchase = self._pair()
        purchase.order_line.product_qty = 7
        change = self._pending(order)
        # The purchaser changes the line again while the rule is off: the
        # pending change no longer matches the purchase order.
        self.env.company.dropship_sync_po_qty_policy = "off"
        purchase.order_line.product_qty = 9
        self.env.company.dropship_sync_po_qty_policy = "approve"
        self.assertEqual(change.state, "pending")
        result = change.action_approve()
        self.assertEqual(result["params"]["type"], "warning")
        self.assertEqual(change.state, "superseded")
        self.assertEqual(order.order_line.product_uom_qty, 5, "not applied blindly")
        self.assertFalse(self._sync_notes(order))

    def test_price_change(self):
        order, purchase = self._pair()
        line = order.order_line
        self.assertAlmostEqual(line.purchase_price, 10.0)
        purchase.order_line.price_unit = 12.0
        self.assertAlmostEqual(line.purchase_price, 10.0, msg="cost waits")
        change = self._pending(order)
        self.assertRecordValues(
            change, [{"rule": "po_price", "old_value": "10", "new_value": "12"}]
        )
        # Another recomputation of the cost keeps the accepted price.
        line._dropship_recompute_cost()
        self.assertAlmostEqual(line.purchase_price, 10.0)
        change.with_user(self.salesman).action_approve()
        self.assertAlmostEqual(line.purchase_price, 12.0)
        self.assertEqual(change.state, "approved")
        self.assertIn("12", self._sync_notes(order)[0])

    def test_price_change_rejected_keeps_cost(self):
        order, purchase = self._pair()
        purchase.order_line.price_unit = 15.0
        self._pending(order).action_reject()
        self.assertAlmostEqual(order.order_line.purchase_price, 10.0)
        order.order_line._dropship_recompute_cost()
        self.assertAlmostEqual(order.order_line.purchase_price, 10.0)
        self.assertEqual(purchase.order_line.price_unit, 15.0)

    def test_date_change(self):
        order, purchase = self._pair()
        line = order.order_line
        before = line.dropship_expected_date
        order.commitment_date = purchase.order_line.date_planned + timedelta(days=2)
        new_date = purchase.order_line.date_planned + timedelta(days=5)
        purchase.order_line.date_planned = new_date
        self.assertEqual(line.dropship_expected_date, before)
        self.assertFalse(
            order.activity_ids.filtered(
                lambda a: a.summary == "Drop-ship date slipped"
            ),
            "no slip yet",
        )
        change = self._pending(order)
        self.assertEqual(change.rule, "po_date")
        change.action_approve()
        self.assertEqual(line.dropship_expected_date, new_date)
        slip = order.activity_ids.filtered(
            lambda a: a.summary == "Drop-ship date slipped"
        )
        self.assertTrue(slip, "the approved slip is reported")

    def test_purchase_cancel(self):
        order, purchase = self._pair()
        purchase.button_cancel()
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(order.state, "sale", "the SO waits")
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertFalse(
            self._warning_activities(order) - self._review_activities(order),
            "no core activity: a change to review instead",
        )
        self.assertTrue(self._review_activities(order))
        change = self._pending(order)
        self.assertRecordValues(
            change, [{"rule": "po_cancel", "old_value": "5", "new_value": "0"}]
        )
        change.action_approve()
        self.assertEqual(order.order_line.product_uom_qty, 0)
        self.assertEqual(order.state, "cancel")
        self.assertEqual(change.state, "approved")

    def test_purchase_cancel_reset_to_draft_supersedes(self):
        order, purchase = self._pair()
        purchase.button_cancel()
        change = self._pending(order)
        purchase.button_draft()
        change.action_approve()
        self.assertEqual(change.state, "superseded")
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertEqual(order.state, "sale")

    def test_locked_sales_order_refuses_approval(self):
        order, purchase = self._pair()
        purchase.order_line.product_qty = 7
        change = self._pending(order)
        self.env.company.dropship_sync_lock_policy = "off"
        order.action_lock()
        with self.assertRaisesRegex(UserError, f"{order.name} is locked"):
            change.action_approve()
        self.assertEqual(change.state, "pending")
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertEqual(purchase.order_line.product_qty, 7)

    def test_purchaser_cannot_approve(self):
        order, purchase = self._pair()
        purchase.order_line.product_qty = 7
        change = self._pending(order)
        with self.assertRaises(AccessError):
            change.with_user(self.purchaser).action_approve()
        self.assertEqual(change.state, "pending")
        self.assertEqual(order.order_line.product_uom_qty, 5)

    def test_only_pending_changes_are_reviewed(self):
        order, purchase = self._pair()
        purchase.order_line.product_qty = 7
        change = self._pending(order)
        change.action_reject()
        with self.assertRaisesRegex(UserError, "Only pending supplier changes"):
            change.action_approve()
        self.assertEqual(change.state, "rejected")
        self.assertEqual(order.order_line.product_uom_qty, 5)

    def test_pending_filter_and_menu_action(self):
        order, purchase = self._pair()
        other, _other_purchase = self._pair()
        purchase.order_line.product_qty = 7
        found = self.env["sale.order"].search(
            [("dropship_pending_change_ids.state", "=", "pending")]
        )
        self.assertIn(order, found)
        self.assertNotIn(other, found)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale_purchase_dropship_sync.dropship_sync_change_pending_action"
        )
        self.assertEqual(action["res_model"], "dropship.sync.change")
        self.assertIn("search_default_pending", action["context"])
