# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestDoorVendorBounds(DropshipCommon):
    """A vendor may lower what it ships, never raise the customer's order;
    big price changes and every change of a held pair wait for the buyer,
    and the vendor is told nothing internal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor_user = new_test_user(
            cls.env,
            login="bound_vendor",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create({"name": "Bound vendor clerk", "parent_id": cls.vendor.id})
            .id,
        )
        cls.buyer = new_test_user(
            cls.env, login="bound_buyer", groups="purchase.group_purchase_user"
        )
        cls.credit_hold = cls.env["dropship.hold.reason"].create(
            {
                "name": "Credit hold",
                "release_group_ids": [
                    Command.set(cls.env.ref("sales_team.group_sale_manager").ids)
                ],
            }
        )

    def _pair(self, qty=10):
        order, purchase = self._confirmed_pair([(self.product, qty)])
        return order, purchase, self._dropship_pickings(purchase)

    def _act(self, picking, action, **values):
        portal = self.env["dropship.portal"].with_user(self.vendor_user)
        result = portal._act(portal._vendor_picking(picking.id), action, values)
        self.env.invalidate_all()
        return result

    def _pending(self, order, rule):
        return self.env["dropship.sync.change"].search(
            [
                ("sale_order_id", "=", order.id),
                ("rule", "=", rule),
                ("state", "=", "pending"),
            ]
        )

    def test_vendor_lowers_the_quantity(self):
        order, purchase, picking = self._pair()
        move = picking.move_ids
        self.assertEqual(
            self._act(picking, "propose", **{f"qty_{move.id}": "8"}), "propose"
        )
        self.assertEqual(purchase.order_line.product_qty, 8)
        self.assertEqual(order.order_line.product_uom_qty, 8)
        log = self.env["dropship.sync.change"].search(
            [("sale_order_id", "=", order.id), ("rule", "=", "po_qty")]
        )
        self.assertEqual(log.user_id, self.vendor_user)
        self.assertEqual(log.channel, "portal")

    def test_vendor_raise_waits_for_the_buyer(self):
        order, purchase, picking = self._pair()
        move = picking.move_ids
        self._act(picking, "propose", **{f"qty_{move.id}": "12"})
        self.assertEqual(purchase.order_line.product_qty, 12)
        self.assertEqual(order.order_line.product_uom_qty, 10, "never mirrored")
        pending = self._pending(order, "po_qty")
        self.assertEqual(len(pending), 1)
        self.assertEqual(pending.proposed_float, 12)

    def test_vendor_raise_survives_a_split_per_serial(self):
        # The receipt of two serials splits the line while the raise 3 -> 8
        # waits: the original lines keep the proposal on what they keep.
        order, purchase = self._confirmed_pair([(self.product_serial, 3)])
        picking = self._dropship_pickings(purchase)
        self._act(picking, "propose", **{f"qty_{picking.move_ids.id}": "8"})
        self._receive_lots(picking, {picking.move_ids: [("SN-R1", 1), ("SN-R2", 1)]})
        original = order.order_line[0]
        self.assertEqual(order.order_line.mapped("product_uom_qty"), [1, 1, 1])
        self.assertEqual(
            original._dropship_purchase_lines().product_qty, 6, "8 less 2 shipped"
        )
        pending = self._pending(order, "po_qty")
        self.assertEqual(len(pending), 1, "the raise still waits for the buyer")
        self.assertEqual(pending.sale_line_id, original)
        self.assertEqual(pending.proposed_float, 6)
        self.assertEqual((pending.old_value, pending.new_value), ("1", "6"))
        pending.action_approve()
        self.assertEqual(pending.state, "approved")
        self.assertEqual(original.product_uom_qty, 6)
        self.assertEqual(sum(order.order_line.mapped("product_uom_qty")), 8)
        self.assertEqual(sum(purchase.order_line.mapped("product_qty")), 8)

    def test_rejected_raise_stays_decided_after_a_split_per_serial(self):
        # The raise 3 -> 5 is rejected: the pair keeps 3 sold, 5 ordered.
        # A receipt of three serials then splits the line; the original lines
        # keep the decided difference of 2, and the integrity check, which
        # must not offer to undo a decision, reports nothing open.
        order, purchase = self._confirmed_pair([(self.product_serial, 3)])
        picking = self._dropship_pickings(purchase)
        self._act(picking, "propose", **{f"qty_{picking.move_ids.id}": "5"})
        self._pending(order, "po_qty").action_reject(reason="Customer wants 3")
        serials = [("SN-D1", 1), ("SN-D2", 1), ("SN-D3", 1)]
        self._receive_lots(picking, {picking.move_ids: serials})
        original = order.order_line[0]
        self.assertEqual(order.order_line.mapped("product_uom_qty"), [1, 1, 1])
        self.assertEqual(original._dropship_purchase_lines().product_qty, 3)
        self.assertEqual(sum(purchase.order_line.mapped("product_qty")), 5)
        Issue = self.env["dropship.integrity.issue"]
        Issue._dropship_scan_orders(order)
        issues = Issue.search([("sale_order_id", "=", order.id)])
        self.assertEqual(issues.mapped("state"), ["decided"])
        self.assertEqual(issues.sale_line_id, original)

    def test_purchaser_raise_is_mirrored(self):
        # The bounds are the vendor's: the company policy rules a purchaser.
        order, purchase, _picking = self._pair()
        purchase.order_line.with_user(self.buyer).product_qty = 12
        self.assertEqual(order.order_line.product_uom_qty, 12)

    def test_vendor_price_beyond_the_tolerance_waits(self):
        order, purchase, picking = self._pair()
        move = picking.move_ids
        cost = order.order_line.purchase_price
        self._act(picking, "propose", **{f"price_{move.id}": "15"})
        self.assertEqual(purchase.order_line.price_unit, 15)
        self.assertAlmostEqual(order.order_line.purchase_price, cost)
        self.assertEqual(len(self._pending(order, "po_price")), 1)

    def test_vendor_price_within_the_tolerance_is_mirrored(self):
        order, _purchase, picking = self._pair()
        move = picking.move_ids
        self._act(picking, "propose", **{f"price_{move.id}": "11"})
        self.assertAlmostEqual(order.order_line.purchase_price, 11.0)
        self.assertFalse(self._pending(order, "po_price"))

    def test_tolerance_is_a_setting(self):
        self.env.company.dropship_sync_price_tolerance = 60.0
        order, _purchase, picking = self._pair()
        self._act(picking, "propose", **{f"price_{picking.move_ids.id}": "15"})
        self.assertAlmostEqual(order.order_line.purchase_price, 15.0)
        with self.assertRaisesRegex(Exception, "percentage from 0 to 1000"):
            self.env.company.dropship_sync_price_tolerance = -1.0

    def _held_pair(self):
        order, purchase, picking = self._pair()
        order.write({"on_hold": True, "hold_reason_id": self.credit_hold.id})
        self.assertTrue(purchase.on_hold)
        return order, purchase, picking

    def test_held_pair_keeps_the_proposal_pending(self):
        order, _purchase, picking = self._held_pair()
        move = picking.move_ids
        result = self._act(picking, "propose", **{f"qty_{move.id}": "8"})
        self.assertEqual(result, "held")
        self.assertEqual(order.order_line.product_uom_qty, 10, "the order stays")
        self.assertEqual(len(self._pending(order, "po_qty")), 1)
        self.assertTrue(order.on_hold)

    def test_held_pair_keeps_the_decline_pending(self):
        order, _purchase, picking = self._held_pair()
        result = self._act(picking, "decline", reason="Out of stock")
        self.assertEqual(result, "held")
        self.assertEqual(order.state, "sale", "the held order is not cancelled")
        self.assertEqual(order.order_line.product_uom_qty, 10)
        self.assertTrue(self._pending(order, "po_cancel"))

    def test_held_pair_tells_the_vendor_nothing_internal(self):
        order, _purchase, picking = self._held_pair()
        move = picking.move_ids
        with self.assertRaises(UserError) as refusal:
            self._act(picking, "ship", **{f"qty_{move.id}": "10"})
        message = str(refusal.exception)
        self.assertIn("the buyer put this shipment on hold", message)
        for secret in (order.name, "Credit", self.customer.name):
            self.assertNotIn(secret, message)
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(order.order_line.qty_delivered, 0)

    def test_absurd_planned_dates_are_refused(self):
        order, purchase, _picking = self._pair()
        line = purchase.order_line.with_user(self.buyer)
        before = (line.date_planned, order.order_line.dropship_expected_date)
        for value in (datetime(1, 1, 1, 12), datetime(9999, 12, 31, 12)):
            with self.assertRaisesRegex(UserError, "is out of range"):
                line.date_planned = value
            self.env.invalidate_all()
            self.assertEqual(
                (line.date_planned, order.order_line.dropship_expected_date), before
            )
