# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestLock(DropshipCommon):
    def test_so_lock_locks_po(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.action_lock()
        self.assertEqual(purchase.state, "done")
        self.assertIn("Status: Purchase Order → Locked", self._sync_notes(purchase)[0])
        order.action_unlock()
        self.assertEqual(purchase.state, "purchase")
        self.assertFalse(order.locked)

    def test_po_lock_locks_so(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        purchase.button_done()
        self.assertTrue(order.locked)
        self.assertIn("Locked: No → Yes", self._sync_notes(order)[0])
        purchase.button_unlock()
        self.assertFalse(order.locked)
        self.assertEqual(purchase.state, "purchase")

    def test_rfq_is_not_locked(self):
        order, purchase = self._confirmed_pair([(self.product, 5)], confirm_po=False)
        order.action_lock()
        self.assertEqual(purchase.state, "draft")

    def test_lock_notify_and_off(self):
        self.env.company.dropship_sync_lock_policy = "notify"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.action_lock()
        self.assertEqual(purchase.state, "purchase")
        self.assertTrue(self._warning_activities(purchase))
        self.env.company.dropship_sync_lock_policy = "off"
        purchase.button_done()
        order.action_unlock()
        self.assertEqual(purchase.state, "done")
