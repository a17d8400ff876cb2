# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo.tests import new_test_user, tagged

from .test_bill_cost import BillCommon


@tagged("post_install", "-at_install")
class TestMarginReport(BillCommon):
    def _row(self, line):
        self.env.flush_all()
        return self.env["dropship.margin.report"].search(
            [("sale_line_id", "=", line.id)]
        )

    def test_billed_pair(self):
        order, purchase = self._received_pair()
        self._bill(purchase, 12.0)
        row = self._row(order.order_line)
        self.assertEqual(len(row), 1)
        self.assertEqual(row.order_id, order)
        self.assertEqual(row.purchase_order_id, purchase)
        self.assertEqual(row.partner_id, self.customer)
        self.assertEqual(row.vendor_id, self.vendor)
        self.assertEqual((row.qty_received, row.qty_billed), (10, 10))
        self.assertAlmostEqual(row.sale_price, 20.0)
        self.assertAlmostEqual(row.purchase_price, 10.0)
        self.assertAlmostEqual(row.receipt_cost, 10.0)
        self.assertAlmostEqual(row.billed_cost, 12.0)
        self.assertAlmostEqual(row.cost, 12.0)
        self.assertAlmostEqual(row.sale_amount, 200.0)
        self.assertAlmostEqual(row.cost_amount, 120.0)
        self.assertAlmostEqual(row.margin, 80.0)
        self.assertAlmostEqual(row.margin_percent, 0.4)

    def test_partial_receipt_in_dozens(self):
        """2 dozen sold at 240, bought by the unit at 10, 12 units received:
        prices and costs per dozen."""
        order = self._create_so(
            [(self.product, 2, self.uom_dozen)], partner=self.customer_2
        )
        purchase = self._purchase_orders(order)
        purchase.button_confirm()
        picking = self._dropship_pickings(purchase)
        self._receive(picking, {picking.move_ids: 12})
        row = self._row(order.order_line)
        self.assertEqual(row.partner_id, self.customer_2)
        self.assertAlmostEqual(row.qty_received, 1.0)
        self.assertAlmostEqual(row.qty_billed, 0.0)
        self.assertAlmostEqual(row.sale_price, 240.0)
        self.assertAlmostEqual(row.purchase_price, 120.0)
        self.assertAlmostEqual(row.receipt_cost, 120.0)
        self.assertFalse(row.billed_cost)
        self.assertAlmostEqual(row.margin, 2 * 240.0 - 2 * 120.0)

    def test_only_pairs_and_grouped_by_vendor(self):
        order, _purchase = self._confirmed_pair(
            [(self.product, 4), (self.product_stock, 1)]
        )
        drop_line = order.order_line.filtered(
            lambda sol: sol.product_id == self.product
        )
        stock_line = order.order_line - drop_line
        self.assertTrue(self._row(drop_line))
        self.assertFalse(self._row(stock_line), "not drop-shipped")
        self.assertFalse(self._row(drop_line).receipt_cost, "nothing received yet")
        other, _purchase = self._confirmed_pair([(self.product, 1)])
        groups = self.env["dropship.margin.report"]._read_group(
            [("order_id", "in", (order | other).ids)],
            ["vendor_id"],
            ["margin:sum", "sale_amount:sum"],
        )
        self.assertEqual(groups, [(self.vendor, 5 * 10.0, 5 * 20.0)])

    def test_salesman_sees_own_orders(self):
        salesman = new_test_user(
            self.env, login="margin_salesman", groups="sales_team.group_sale_salesman"
        )
        own, _purchase = self._confirmed_pair([(self.product, 1)])
        other, _purchase = self._confirmed_pair([(self.product, 2)])
        own.user_id = salesman
        other.user_id = self.env.user
        self.env.flush_all()
        rows = (
            self.env["dropship.margin.report"]
            .with_user(salesman)
            .search([("order_id", "in", (own | other).ids)])
        )
        self.assertEqual(rows.order_id, own)

    def test_line_cost_beside_po_price(self):
        """A rejected supplier price keeps the sales line cost: the report
        shows both, the line's cost next to the PO price."""
        self.env.company.dropship_sync_po_price_policy = "approve"
        order, purchase = self._confirmed_pair([(self.product, 2)])
        purchase.order_line.price_unit = 11.0
        order.dropship_pending_change_ids.action_reject()
        self.assertAlmostEqual(order.order_line.purchase_price, 10.0)
        row = self._row(order.order_line)
        self.assertAlmostEqual(row.purchase_price, 11.0)
        self.assertAlmostEqual(row.cost, 10.0)
        self.assertAlmostEqual(row.margin, 2 * (20.0 - 10.0))
        arch = self.env["dropship.margin.report"].get_views([(False, "list")])
        columns = etree.fromstring(arch["views"]["list"]["arch"]).xpath("//field")
        names = [column.get("name") for column in columns]
        self.assertEqual(names.index("cost"), names.index("purchase_price") + 1)
        cost = columns[names.index("cost")]
        self.assertFalse(cost.get("optional"), "always shown")
        self.assertEqual(
            self.env["dropship.margin.report"]._fields["cost"].string, "Line Cost"
        )

    def test_costs_of_units_not_received_are_empty(self):
        """Nothing received or billed: Receipt and Billed Cost are empty
        (no cost), not 0.00."""
        order, _purchase = self._confirmed_pair([(self.product, 3)])
        row = self._row(order.order_line)
        self.env.cr.execute(
            "SELECT receipt_cost, billed_cost, purchase_price FROM "
            "dropship_margin_report WHERE id = %s",
            [row.id],
        )
        self.assertEqual(self.env.cr.fetchone(), (None, None, 10.0))
        arch = self.env["dropship.margin.report"].get_views([(False, "list")])
        list_arch = etree.fromstring(arch["views"]["list"]["arch"])
        for fname, quantity in (
            ("receipt_cost", "qty_received"),
            ("billed_cost", "qty_billed"),
        ):
            (column,) = list_arch.xpath(f"//field[@name='{fname}']")
            self.assertEqual(column.get("invisible"), f"not {quantity}")
            self.assertTrue(list_arch.xpath(f"//field[@name='{quantity}']"))
        # Grouped, the rows without receipts do not pull the average down.
        received, purchase = self._received_pair(qty=2)
        self._bill(purchase, 12.0)
        groups = self.env["dropship.margin.report"]._read_group(
            [("order_id", "in", (order | received).ids)],
            [],
            ["receipt_cost:avg", "billed_cost:avg"],
        )
        self.assertEqual(groups, [(10.0, 12.0)])
