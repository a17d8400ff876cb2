# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, new_test_user, tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestVendorTracking(DropshipCommon):
    """The vendor's tracking reference reaches the sales order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user = new_test_user(
            cls.env, login="track_stock", groups="stock.group_stock_user"
        )

    def test_tracking_posted_on_validation(self):
        order, purchase = self._confirmed_pair([(self.product, 2)])
        picking = self._dropship_pickings(purchase)
        with Form(picking.with_user(self.stock_user)) as form:
            form.carrier_tracking_ref = "1Z999AA10123456784"
        self.assertEqual(order.dropship_tracking_refs, "1Z999AA10123456784")
        self.assertFalse(self._sync_notes(order), "posted once validated")
        self._receive(picking.with_user(self.stock_user))
        self.assertEqual(picking.state, "done")
        self.assertEqual(order.dropship_tracking_refs, "1Z999AA10123456784")
        (note,) = [n for n in self._sync_notes(order) if "Tracking" in n]
        self.assertIn("1Z999AA10123456784", note)
        self.assertIn(picking.name, note)
        self.assertIn(purchase.name, note)
        (purchase_note,) = [n for n in self._sync_notes(purchase) if "Tracking" in n]
        self.assertIn(order.name, purchase_note)
        log = self.env["dropship.sync.change"].search(
            [("sale_order_id", "=", order.id), ("rule", "=", "tracking")]
        )
        self.assertRecordValues(
            log,
            [
                {
                    "purchase_order_id": purchase.id,
                    "old_value": "-",
                    "new_value": "1Z999AA10123456784",
                    "policy": "always",
                }
            ],
        )

    def test_tracking_entered_after_validation(self):
        order, purchase = self._confirmed_pair([(self.product, 3)])
        first = self._dropship_pickings(purchase)
        self._receive(first, {first.move_ids: 1})
        second = self._dropship_pickings(purchase)
        self._receive(second)
        self.assertFalse(order.dropship_tracking_refs)
        self.assertFalse(
            [n for n in self._sync_notes(order) if "Tracking" in n],
            "no reference, nothing posted",
        )
        first.carrier_tracking_ref = "TRK-1"
        second.carrier_tracking_ref = "TRK-2"
        self.assertEqual(order.dropship_tracking_refs, "TRK-1, TRK-2")
        first.carrier_tracking_ref = "TRK-1B"
        notes = [n for n in self._sync_notes(order) if "Tracking" in n]
        self.assertEqual(len(notes), 3)
        self.assertIn("TRK-1 → TRK-1B", notes[0])

    def test_open_transfer_change_is_not_posted(self):
        order, purchase = self._confirmed_pair([(self.product, 1)])
        picking = self._dropship_pickings(purchase)
        picking.carrier_tracking_ref = "EARLY"
        picking.carrier_tracking_ref = "LATER"
        self.assertFalse(self._sync_notes(order))
        self._receive(picking)
        notes = [n for n in self._sync_notes(order) if "Tracking" in n]
        self.assertEqual(len(notes), 1)
        self.assertIn("LATER", notes[0])
        self.assertNotIn("EARLY", notes[0])
