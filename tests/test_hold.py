# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestHold(DropshipCommon):
    def test_so_hold_holds_po_and_release_mirrors(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        other_order, other_purchase = self._confirmed_pair(
            [(self.product, 1)], partner=self.customer_2
        )
        self._hold_with_wizard(order, "Credit check")
        self.assertTrue(order.on_hold)
        self.assertEqual(order.hold_reason, "Credit check")
        self.assertFalse(order.hold_origin)
        self.assertTrue(purchase.on_hold)
        self.assertEqual(purchase.hold_reason, "Credit check")
        self.assertEqual(purchase.hold_origin, order.name)
        self.assertEqual(order.order_line.dropship_state, "hold")
        self.assertFalse(
            other_order.on_hold, "orders outside the pair are never touched"
        )
        self.assertFalse(other_purchase.on_hold)
        self.assertIn(f"Mirrored to {purchase.name}", self._sync_notes(order)[0])
        self.assertIn(f"Changed by {order.name}", self._sync_notes(purchase)[0])
        self.assertIn("On Hold: No → Yes", self._sync_notes(purchase)[0])

        order.action_dropship_release()
        self.assertFalse(order.on_hold)
        self.assertFalse(purchase.on_hold)
        self.assertFalse(purchase.hold_reason)
        self.assertFalse(purchase.hold_origin)
        self.assertEqual(order.order_line.dropship_state, "ordered")
        self.assertIn("On Hold: Yes (Credit check) → No", self._sync_notes(purchase)[0])

    def test_one_message_per_hold(self):
        order, purchase = self._confirmed_pair([(self.product, 3)])
        before = len(order.message_ids), len(purchase.message_ids)
        self._hold_with_wizard(order, "Credit check")
        self.assertEqual(
            (len(order.message_ids), len(purchase.message_ids)),
            (before[0] + 1, before[1] + 1),
            "one note per order, no field tracking besides",
        )
        log = self.env["dropship.sync.change"].search(
            [("sale_order_id", "=", order.id), ("rule", "=", "so_hold")]
        )
        self.assertEqual(len(log), 1, "one change log row per hold")
        quote = self._create_so([(self.product, 1)], confirm=False)
        quote.write({"on_hold": True, "hold_reason": "Deposit"})
        self.assertIn("Put on hold: Deposit", quote.message_ids[0].body)
        quote.write({"on_hold": False})
        self.assertIn("Hold released.", quote.message_ids[0].body)

    def test_plain_write_mirrors_like_the_button(self):
        order, purchase = self._confirmed_pair([(self.product, 2)], confirm_po=False)
        order.write({"on_hold": True, "hold_reason": "Address to confirm"})
        self.assertTrue(purchase.on_hold)
        self.assertEqual(purchase.hold_reason, "Address to confirm")
        order.write({"hold_reason": "Address and VAT to confirm"})
        self.assertEqual(purchase.hold_reason, "Address and VAT to confirm")
        order.write({"on_hold": False})
        self.assertFalse(purchase.on_hold)

    def test_po_hold_holds_so(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self._hold_with_wizard(purchase, "Vendor out of stock")
        self.assertTrue(order.on_hold)
        self.assertEqual(order.hold_reason, "Vendor out of stock")
        self.assertEqual(order.hold_origin, purchase.name)
        self.assertEqual(order.order_line.dropship_state, "hold")
        with self.assertRaisesRegex(
            UserError, f"set on {purchase.name}: release it there"
        ):
            order.action_dropship_release()
        self.assertTrue(order.on_hold)
        self.assertTrue(purchase.on_hold)
        purchase.action_dropship_release()
        self.assertFalse(order.on_hold)
        self.assertFalse(purchase.on_hold)

    def test_mirrored_hold_cannot_be_released_on_the_other_side(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.write({"on_hold": True, "hold_reason": "Credit check"})
        with self.assertRaisesRegex(
            UserError,
            f"{purchase.name} is held by a hold set on {order.name}: release it there",
        ):
            purchase.write({"on_hold": False})
        self.assertTrue(purchase.on_hold)
        self.assertEqual(purchase.hold_reason, "Credit check")
        self.assertTrue(order.on_hold)

    def test_held_so_cannot_be_confirmed(self):
        order = self._create_so([(self.product, 3)], confirm=False)
        order.write({"on_hold": True, "hold_reason": "Waiting for deposit"})
        with self.assertRaisesRegex(UserError, "on hold \\(Waiting for deposit\\)"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.order_line.purchase_line_ids)

    def test_held_po_cannot_be_confirmed_or_sent(self):
        order, purchase = self._confirmed_pair([(self.product, 3)], confirm_po=False)
        order.write({"on_hold": True, "hold_reason": "Credit check"})
        with self.assertRaisesRegex(UserError, f"a hold set on {order.name}"):
            purchase.button_confirm()
        self.assertEqual(purchase.state, "draft")
        with self.assertRaisesRegex(UserError, "Credit check"):
            purchase.action_rfq_send()
        with self.assertRaisesRegex(UserError, "Credit check.*before you print it"):
            purchase.print_quotation()
        self.assertEqual(purchase.state, "draft")
        order.write({"on_hold": False})
        purchase.write({"on_hold": True, "hold_reason": "Vendor audit"})
        with self.assertRaisesRegex(
            UserError,
            f"{purchase.name} is on hold \\(Vendor audit\\): release the hold "
            "before you confirm it",
        ):
            purchase.button_confirm()
        self.assertEqual(order.order_line.dropship_state, "hold")

    def test_held_po_picking_cannot_be_validated(self):
        order, purchase = self._confirmed_pair([(self.product, 3)])
        picking = self._dropship_pickings(purchase)
        purchase.write({"on_hold": True, "hold_reason": "Quality issue"})
        with self.assertRaisesRegex(UserError, "Quality issue"):
            self._receive(picking)
        self.assertNotEqual(picking.state, "done")
        self.assertEqual(order.order_line.qty_delivered, 0)
        self.assertEqual(purchase.order_line.qty_received, 0)
        purchase.action_dropship_release()
        self._receive(picking)
        self.assertEqual(picking.state, "done")
        self.assertEqual(order.order_line.dropship_state, "shipped")

    def test_hold_setting_off(self):
        self.env.company.dropship_sync_so_hold = False
        order, purchase = self._confirmed_pair([(self.product, 3)])
        order.write({"on_hold": True, "hold_reason": "Local hold"})
        self.assertTrue(order.on_hold)
        self.assertFalse(purchase.on_hold)
        self.assertFalse(self._sync_notes(purchase))
        purchase.write({"on_hold": True, "hold_reason": "Vendor hold"})
        self.assertEqual(
            order.hold_reason, "Local hold; Vendor hold", "an own hold is kept"
        )
        self.assertEqual(order.hold_origin, purchase.name)
        order.action_dropship_release()
        self.assertTrue(order.on_hold, "still held by the purchase order")
        self.assertEqual(order.hold_reason, "Vendor hold")

    def test_no_ping_pong(self):
        order, purchase = self._confirmed_pair([(self.product, 3)])
        order.write({"on_hold": True, "hold_reason": "Credit check"})
        self.assertEqual(len(self._sync_notes(order)), 1)
        self.assertEqual(len(self._sync_notes(purchase)), 1)
        self.assertFalse(order.hold_origin, "the hold did not come back from the PO")

    def test_new_rfq_of_a_held_order_is_held(self):
        self.env.company.dropship_sync_so_qty_policy = "off"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.write({"on_hold": True, "hold_reason": "Credit check"})
        order.order_line.product_uom_qty = 8
        new_purchase = self._purchase_orders(order) - purchase
        self.assertEqual(len(new_purchase), 1, "core orders the increase on a new RFQ")
        self.assertTrue(new_purchase.on_hold)
        self.assertEqual(new_purchase.hold_origin, order.name)
        order.write({"on_hold": False})
        self.assertFalse(new_purchase.on_hold)

    def test_own_hold_on_an_order_held_by_the_other_side(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        purchase.write({"on_hold": True, "hold_reason": "Vendor audit"})
        order.write({"on_hold": True, "hold_reason": "Credit check"})
        self.assertEqual(order.hold_origin, purchase.name)
        self.assertEqual(len(order.dropship_hold_ids), 2, "its own and the PO's")
        self.assertEqual(len(purchase.dropship_hold_ids), 2, "its own and the SO's")
        order.write({"on_hold": False})
        self.assertTrue(order.on_hold, "the hold set on the PO remains")
        self.assertEqual(order.hold_reason, "Vendor audit")
        self.assertTrue(purchase.on_hold)
        self.assertEqual(purchase.hold_reason, "Vendor audit")
        purchase.write({"on_hold": False})
        self.assertFalse(order.on_hold)
        self.assertFalse(purchase.on_hold)
