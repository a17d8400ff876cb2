# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestReceipts(DropshipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user = new_test_user(
            cls.env, login="ds_clerk", groups="stock.group_stock_user"
        )

    def _validate_form(
        self, picking, quantities=None, costs=None, receipt_date=None, backorder=True
    ):
        """Validate ``picking`` through its form as a stock user without sales
        rights: quantities and vendor costs per move, the backorder wizard."""
        self.assertFalse(self.stock_user.has_group("sales_team.group_sale_salesman"))
        picking = picking.with_user(self.stock_user)
        with Form(picking) as form:
            if receipt_date:
                form.receipt_date = receipt_date
            for index, move in enumerate(picking.move_ids_without_package):
                with form.move_ids_without_package.edit(index) as move_form:
                    move_form.quantity = (quantities or {}).get(
                        move, move.product_uom_qty
                    )
                    if costs and move in costs:
                        move_form.receipt_unit_cost = costs[move]
                    move_form.picked = True
        self._answer_backorder(picking.button_validate(), backorder, self.stock_user)
        self.assertEqual(picking.state, "done")

    def test_partial_receipt_with_backorder_then_rest(self):
        order, purchase = self._confirmed_pair(
            [(self.product, 5), (self.product_standard, 2)]
        )
        line = order.order_line.filtered(lambda sol: sol.product_id == self.product)
        picking = self._dropship_pickings(purchase)
        move = picking.move_ids.filtered(lambda m: m.product_id == self.product)
        self._validate_form(picking, {move: 3, picking.move_ids - move: 0})
        self.assertEqual(line.qty_delivered, 3)
        self.assertEqual(line.dropship_state, "partial")
        self.assertEqual((order.order_line - line).dropship_state, "ordered")
        note = self._sync_notes(order)[0]
        self.assertIn("Drop-ship Status: Ordered → Partially Shipped", note)
        self.assertIn(f"Changed by {purchase.name}", note)
        self.assertIn(f"Mirrored to {order.name}", self._sync_notes(purchase)[0])
        backorder = self._dropship_pickings(purchase)
        self._validate_form(backorder)
        self.assertEqual(line.qty_delivered, 5)
        self.assertEqual(
            order.order_line.mapped("dropship_state"), ["shipped", "shipped"]
        )

    def test_backorder_cancelled(self):
        order, purchase = self._confirmed_pair([(self.product, 10)])
        picking = self._dropship_pickings(purchase)
        self._validate_form(picking, {picking.move_ids: 7}, backorder=False)
        self.assertFalse(self._dropship_pickings(purchase))
        self.assertEqual(order.order_line.qty_delivered, 7)
        self.assertEqual(order.order_line.dropship_state, "partial")

    def test_weighted_receipt_cost(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        line = order.order_line
        self.assertAlmostEqual(line.purchase_price, 10.0)
        picking = self._dropship_pickings(purchase)
        self.assertAlmostEqual(
            picking.move_ids.receipt_unit_cost, 10.0, msg="defaults to the PO price"
        )
        self._validate_form(picking, {picking.move_ids: 3}, {picking.move_ids: 12.0})
        # 3 received at 12, 2 still to come at the PO price 10
        self.assertAlmostEqual(line.purchase_price, 11.2)
        backorder = self._dropship_pickings(purchase)
        self._validate_form(backorder, costs={backorder.move_ids: 14.0})
        self.assertAlmostEqual(line.purchase_price, 12.8)
        self.assertEqual(purchase.order_line.price_unit, 10.0, "the PO keeps its price")
        self.assertIn("Cost: 11.2 → 12.8", self._sync_notes(order)[0])

    def test_receipt_cost_setting_off(self):
        self.env.company.dropship_sync_receipt_cost = False
        order, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        self._validate_form(picking, costs={picking.move_ids: 12.0})
        layers = picking.move_ids.stock_valuation_layer_ids
        self.assertAlmostEqual(
            max(layers.mapped("value")), 50.0, msg="valued at the PO price"
        )
        self.assertAlmostEqual(order.order_line.purchase_price, 10.0)

    def test_standard_cost_product_keeps_standard_price(self):
        order, purchase = self._confirmed_pair([(self.product_standard, 2)])
        picking = self._dropship_pickings(purchase)
        self._validate_form(picking, costs={picking.move_ids: 18.0})
        self.assertEqual(order.order_line.dropship_state, "shipped")
        self.assertAlmostEqual(order.order_line.purchase_price, 15.0)

    def test_receipt_valued_at_receipt_cost(self):
        order, purchase = self._confirmed_pair([(self.product, 3)])
        picking = self._dropship_pickings(purchase)
        self._validate_form(picking, costs={picking.move_ids: 12.0})
        layers = picking.move_ids.stock_valuation_layer_ids
        self.assertEqual(len(layers), 2, "drop-ship: one layer in, one out")
        self.assertEqual(sorted(layers.mapped("value")), [-36.0, 36.0])
        self.assertAlmostEqual(order.order_line.purchase_price, 12.0)

    def test_po_in_other_currency(self):
        company_currency = self.env.company.currency_id
        other = (
            self.env.ref("base.EUR")
            if company_currency != self.env.ref("base.EUR")
            else self.env.ref("base.USD")
        )
        other.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": other.id, "rate": 0.5, "name": "2020-01-01"}
        )
        order, purchase = self._confirmed_pair([(self.product, 4)], confirm_po=False)
        purchase.currency_id = other
        purchase.order_line.price_unit = 20.0
        purchase.button_confirm()
        picking = self._dropship_pickings(purchase)
        self.assertAlmostEqual(
            picking.move_ids.receipt_unit_cost, 40.0, msg="in the company currency"
        )
        self._validate_form(picking, {picking.move_ids: 2}, {picking.move_ids: 44.0})
        # 2 at 44, 2 still to come at 40 (20 in the PO currency)
        self.assertAlmostEqual(order.order_line.purchase_price, 42.0)
        self.assertEqual(order.currency_id, company_currency)

    def test_po_uom_different_from_so_uom(self):
        order, purchase = self._confirmed_pair([(self.product, 2, self.uom_dozen)])
        picking = self._dropship_pickings(purchase)
        self.assertEqual(picking.move_ids.product_uom, self.uom_unit)
        self._validate_form(picking, {picking.move_ids: 12}, {picking.move_ids: 1.5})
        line = order.order_line
        self.assertEqual(line.qty_delivered, 1)
        self.assertEqual(line.dropship_state, "partial")
        # 1 dozen at 18 (1.5 a unit), 1 dozen still to come at 120 (10 a unit)
        self.assertAlmostEqual(line.purchase_price, 69.0)

    def test_receipt_date_set(self):
        order, purchase = self._confirmed_pair([(self.product, 2)])
        picking = self._dropship_pickings(purchase)
        received = fields.Datetime.now().replace(microsecond=0) - timedelta(days=2)
        self._validate_form(picking, receipt_date=received)
        self.assertEqual(picking.receipt_date, received)
        self.assertEqual(order.order_line.actual_ship_date, received)
        self.assertIn("Actual Ship Date", self._sync_notes(order)[0])

    def test_receipt_date_left_empty_is_validation_time(self):
        order, purchase = self._confirmed_pair([(self.product, 2)])
        picking = self._dropship_pickings(purchase)
        before = fields.Datetime.now().replace(microsecond=0)
        self._validate_form(picking)
        self.assertGreaterEqual(order.order_line.actual_ship_date, before)
        self.assertEqual(order.order_line.actual_ship_date, picking.receipt_date)

    def test_latest_receipt_date_wins(self):
        order, purchase = self._confirmed_pair([(self.product, 4)])
        picking = self._dropship_pickings(purchase)
        first = datetime(2026, 3, 2, 9, 0)
        self._validate_form(picking, {picking.move_ids: 1}, receipt_date=first)
        self.assertEqual(order.order_line.actual_ship_date, first)
        backorder = self._dropship_pickings(purchase)
        self._validate_form(backorder, receipt_date=datetime(2026, 3, 5, 9, 0))
        self.assertEqual(order.order_line.actual_ship_date, datetime(2026, 3, 5, 9, 0))

    def test_return_after_receipt(self):
        order, purchase = self._confirmed_pair([(self.product, 3)])
        picking = self._dropship_pickings(purchase)
        self._validate_form(picking, costs={picking.move_ids: 11.0})
        self._return(picking, {picking.move_ids: 1})
        line = order.order_line
        self.assertEqual(line.qty_delivered, 2)
        self.assertEqual(line.dropship_state, "returned")
        self.assertIn("Shipped → Returned", self._sync_notes(order)[0])
        self.assertAlmostEqual(
            line.purchase_price,
            11.0 * 2 / 3 + 10.0 / 3,
            places=2,
            msg="the returned unit is to come again",
        )

    def test_return_takes_back_at_most_what_was_delivered(self):
        order, purchase = self._confirmed_pair([(self.product, 3)])
        picking = self._dropship_pickings(purchase)
        self._receive(picking)
        self._return(picking, {picking.move_ids: 2})
        line = order.order_line
        self.assertEqual(line.qty_delivered, 1)
        returns = purchase.picking_ids - picking
        # Core's return wizard takes any quantity: 2 more of the 3 delivered.
        with self.assertRaisesRegex(
            UserError,
            f"{picking.name} delivered 3 Units of {self.product.display_name} to "
            "the customer and 2 were returned already",
        ):
            self._return(picking, {picking.move_ids: 2})
        extra = purchase.picking_ids - picking - returns
        self.assertEqual(extra.state, "assigned", "the return waits, not done")
        self.assertEqual(line.qty_delivered, 1)
        self.assertEqual(purchase.order_line.qty_received, 1)
        self._return(picking, {picking.move_ids: 1})
        self.assertEqual(line.qty_delivered, 0)
        self.assertEqual(purchase.order_line.qty_received, 0)

    def test_serial_returned_twice_is_refused_before_validation(self):
        order, purchase = self._confirmed_pair([(self.product_serial, 1)])
        picking = self._dropship_pickings(purchase)
        self._receive_lots(picking, {picking.move_ids: [("SN-TWICE", 1)]})
        lot = order.order_line.lot_ids
        self._return(picking, {picking.move_ids: 1}, lots={picking.move_ids: lot})
        line = order.order_line
        self.assertEqual(line.qty_delivered, 0)
        with self.assertRaisesRegex(UserError, "were returned already"):
            self._return(picking, {picking.move_ids: 1}, lots={picking.move_ids: lot})
        self.assertEqual(line.qty_delivered, 0, "never below zero")
        self.assertEqual(line.dropship_state, "returned")


@tagged("post_install", "-at_install")
class TestDateSlip(DropshipCommon):
    """The slip activity without the delay notice (see test_service_levels
    for the notice)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.dropship_mail_delayed = False

    def test_slip_past_commitment_date(self):
        order = self._create_so([(self.product, 2)], confirm=False)
        order.commitment_date = fields.Datetime.now() + timedelta(days=5)
        order.action_confirm()
        purchase = self._purchase_orders(order)
        pol = purchase.order_line
        line = order.order_line
        self.assertEqual(line.dropship_expected_date, pol.date_planned)
        earlier = fields.Datetime.now().replace(microsecond=0) + timedelta(days=3)
        pol.date_planned = earlier
        self.assertEqual(line.dropship_expected_date, earlier)
        self.assertFalse(self._warning_activities(order), "still on time")
        late = earlier + timedelta(days=7)
        pol.date_planned = late
        self.assertEqual(line.dropship_expected_date, late)
        self.assertIn("Vendor Ship Date", self._sync_notes(order)[0])
        self.assertEqual(len(self._warning_activities(order)), 1)
        pol.date_planned = late + timedelta(days=1)
        activity = self._warning_activities(order)
        self.assertEqual(len(activity), 1, "one activity per slip, not per write")
        self.assertIn("promised to the customer", activity.note)

    def test_slip_past_expected_date_without_commitment(self):
        order, purchase = self._confirmed_pair([(self.product, 2)])
        self.assertFalse(order.commitment_date)
        pol = purchase.order_line
        pol.date_planned = order.expected_date + timedelta(days=4)
        self.assertEqual(order.order_line.dropship_expected_date, pol.date_planned)
        self.assertEqual(len(self._warning_activities(order)), 1)

    def test_date_notify_and_off(self):
        self.env.company.dropship_sync_po_date_policy = "notify"
        order, purchase = self._confirmed_pair([(self.product, 2)])
        pol = purchase.order_line
        initial = order.order_line.dropship_expected_date
        pol.date_planned = pol.date_planned + timedelta(days=1)
        self.assertEqual(order.order_line.dropship_expected_date, initial)
        self.assertEqual(len(self._warning_activities(order)), 1)
        self.env.company.dropship_sync_po_date_policy = "off"
        order.activity_ids.unlink()
        pol.date_planned = pol.date_planned + timedelta(days=20)
        self.assertEqual(order.order_line.dropship_expected_date, initial)
        self.assertFalse(self._warning_activities(order))
