# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestQuantityPrice(DropshipCommon):
    def _dropship_move(self, purchase):
        return purchase.picking_ids.filtered("is_dropship").move_ids.filtered(
            lambda m: m.state != "cancel"
        )

    def test_so_increase_updates_same_po_line(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.order_line.product_uom_qty = 8
        self.assertEqual(self._purchase_orders(order), purchase, "no second RFQ")
        self.assertEqual(len(purchase.order_line), 1)
        self.assertEqual(purchase.order_line.product_qty, 8)
        self.assertEqual(
            sum(self._dropship_move(purchase).mapped("product_uom_qty")), 8
        )
        self.assertIn("Quantity: 5 → 8", self._sync_notes(purchase)[0])
        self.assertIn(f"Mirrored to {purchase.name}", self._sync_notes(order)[0])

    def test_so_increase_through_order_write(self):
        order, purchase = self._confirmed_pair([(self.product, 5)], confirm_po=False)
        order.write(
            {
                "order_line": [
                    Command.update(order.order_line.id, {"product_uom_qty": 7})
                ]
            }
        )
        self.assertEqual(self._purchase_orders(order), purchase)
        self.assertEqual(purchase.order_line.product_qty, 7)

    def test_so_decrease_updates_po_line_and_picking(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.order_line.product_uom_qty = 2
        self.assertEqual(purchase.order_line.product_qty, 2)
        self.assertEqual(
            sum(self._dropship_move(purchase).mapped("product_uom_qty")), 2
        )
        self.assertEqual(order.order_line.product_uom_qty, 2)

    def test_so_decrease_below_received_refused(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        self._receive(picking, {picking.move_ids: 3})
        with self.assertRaisesRegex(
            UserError, "cannot go below the 3 Units already received"
        ):
            order.order_line.product_uom_qty = 2
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertEqual(purchase.order_line.product_qty, 5)
        order.order_line.product_uom_qty = 4
        self.assertEqual(purchase.order_line.product_qty, 4)

    def test_so_quantity_notify_and_off(self):
        self.env.company.dropship_sync_so_qty_policy = "notify"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.order_line.product_uom_qty = 4
        self.assertEqual(purchase.order_line.product_qty, 5)
        self.assertTrue(self._warning_activities(purchase))
        self.env.company.dropship_sync_so_qty_policy = "off"
        activities = self._warning_activities(purchase)
        order.order_line.product_uom_qty = 3
        self.assertEqual(purchase.order_line.product_qty, 5)
        self.assertEqual(self._warning_activities(purchase), activities)

    def test_so_quantity_notify_lets_core_reorder_and_take_back(self):
        """Notify: core orders an increase on a new request for quotation and
        takes a decrease back from it; what core's procurement writes is not
        a supplier change (no refusal, nothing mirrored back)."""
        self.env.company.dropship_sync_so_qty_policy = "notify"
        order, purchase = self._confirmed_pair([(self.product, 2, self.uom_dozen)])
        line = order.order_line
        line.product_uom_qty = 6
        new_rfq = self._purchase_orders(order) - purchase
        self.assertEqual(new_rfq.order_line.product_qty, 48, "core's second RFQ")
        self.assertEqual(purchase.order_line.product_qty, 24)
        line.product_uom_qty = 1
        self.assertEqual(line.product_uom_qty, 1, "the user's change is kept")
        self.assertEqual(purchase.order_line.product_qty, 24)
        self.assertEqual(new_rfq.order_line.product_qty, -12, "core's own write")
        self.assertTrue(self._warning_activities(purchase))

    def test_po_quantity_mirror(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        purchase.order_line.product_qty = 6
        self.assertEqual(order.order_line.product_uom_qty, 6)
        self.assertEqual(
            len(self._purchase_orders(order)),
            1,
            "no procurement from the mirrored write",
        )
        self.assertEqual(purchase.order_line.product_qty, 6, "no ping-pong")
        self.assertIn("Quantity: 5 → 6", self._sync_notes(order)[0])
        self.assertIn(f"Changed by {purchase.name}", self._sync_notes(order)[0])
        self.assertEqual(len(self._sync_notes(order)), 1)
        self.assertEqual(len(self._sync_notes(purchase)), 1)

    def test_po_quantity_notify(self):
        self.env.company.dropship_sync_po_qty_policy = "notify"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        purchase.order_line.product_qty = 4
        self.assertEqual(order.order_line.product_uom_qty, 5)
        activity = self._warning_activities(order)
        self.assertEqual(len(activity), 1)
        self.assertIn("from 5 to 4", activity.note)

    def test_po_quantity_refused_when_so_locked(self):
        self.env.company.dropship_sync_lock_policy = "off"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.action_lock()
        with self.assertRaisesRegex(UserError, f"{order.name} is locked"):
            purchase.order_line.product_qty = 7
        self.assertEqual(purchase.order_line.product_qty, 5)
        self.assertEqual(order.order_line.product_uom_qty, 5)

    def test_so_quantity_refused_when_po_locked(self):
        self.env.company.dropship_sync_lock_policy = "off"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        purchase.button_done()
        with self.assertRaisesRegex(UserError, f"{purchase.name} is locked"):
            order.order_line.product_uom_qty = 7
        self.assertEqual(purchase.order_line.product_qty, 5)
        self.assertEqual(order.order_line.product_uom_qty, 5)

    def test_uom_dozen_and_unit(self):
        order, purchase = self._confirmed_pair(
            [(self.product, 2, self.uom_dozen)], confirm_po=False
        )
        pol = purchase.order_line
        self.assertEqual(pol.product_uom, self.uom_unit)
        self.assertEqual(pol.product_qty, 24)
        order.order_line.product_uom_qty = 3
        self.assertEqual(pol.product_qty, 36)
        pol.product_qty = 48
        self.assertEqual(order.order_line.product_uom_qty, 4)
        pol.product_qty = 30
        self.assertEqual(order.order_line.product_uom_qty, 2.5)
        purchase.button_confirm()
        pol.price_unit = 12.0
        self.assertAlmostEqual(
            order.order_line.purchase_price, 144.0, msg="cost per dozen"
        )

    def test_po_price_mirrors_to_sale_cost(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self.assertEqual(purchase.order_line.price_unit, 10)
        purchase.order_line.price_unit = 11.5
        self.assertAlmostEqual(order.order_line.purchase_price, 11.5)
        self.assertEqual(purchase.order_line.price_unit, 11.5)
        self.assertIn("11.5", self._sync_notes(order)[0])

    def test_po_price_in_other_currency(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        company_currency = self.env.company.currency_id
        if company_currency == eur:
            eur = self.env.ref("base.USD")
            eur.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": eur.id, "rate": 0.5, "name": "2020-01-01"}
        )
        order, purchase = self._confirmed_pair([(self.product, 5)], confirm_po=False)
        purchase.currency_id = eur
        purchase.order_line.price_unit = 20.0
        self.assertAlmostEqual(
            order.order_line.purchase_price, 40.0, msg="20 at 0.5 per company unit"
        )

    def test_po_price_standard_cost_untouched(self):
        order, purchase = self._confirmed_pair([(self.product_standard, 2)])
        cost = order.order_line.purchase_price
        purchase.order_line.price_unit = 99.0
        self.assertEqual(order.order_line.purchase_price, cost)
        self.assertEqual(cost, 15.0)

    def test_po_price_after_partial_receipt_moves_only_open_units(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        self._receive(picking, {picking.move_ids: 2})
        self.assertAlmostEqual(order.order_line.purchase_price, 10.0)
        purchase.order_line.price_unit = 13.0
        # 2 received at 10, 3 still to receive at the new price 13
        self.assertAlmostEqual(order.order_line.purchase_price, 11.8)
        self.assertEqual(
            picking.move_ids.receipt_unit_cost, 10.0, "a done receipt keeps its cost"
        )

    def test_po_quantity_below_received_refused(self):
        self.env.company.dropship_sync_po_qty_policy = "notify"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        self._receive(picking, {picking.move_ids: 3})
        with self.assertRaisesRegex(UserError, "already delivered 3 Units of"):
            purchase.order_line.product_qty = 2
        self.assertEqual(purchase.order_line.product_qty, 5)
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertFalse(self._warning_activities(order))
