# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestPairLink(DropshipCommon):
    def test_draft_sale_order_has_no_counterpart(self):
        order = self._create_so([(self.product, 5)], confirm=False)
        self.assertFalse(order.order_line._dropship_purchase_lines())
        self.assertFalse(order._dropship_purchase_orders())

    def test_confirmed_pair_links_both_ways(self):
        order = self._create_so([(self.product, 5), (self.product_serial, 2)])
        sale_lines = order.order_line
        purchase = self._purchase_orders(order)
        self.assertEqual(len(purchase), 1, "one RFQ per sales order and vendor")
        self.assertTrue(purchase._is_dropship_order())
        purchase_lines = sale_lines._dropship_purchase_lines()
        self.assertEqual(purchase_lines, purchase.order_line)
        for sale_line in sale_lines:
            pair = sale_line._dropship_purchase_lines()
            self.assertEqual(len(pair), 1)
            self.assertEqual(pair.sale_line_id, sale_line)
            self.assertEqual(pair._dropship_sale_lines(), sale_line)
        self.assertEqual(purchase_lines._dropship_sale_lines(), sale_lines)
        self.assertEqual(order._dropship_purchase_orders(), purchase)
        self.assertEqual(purchase._dropship_sale_orders(), order)

    def test_quantity_increase_after_po_confirm_gives_two_purchase_lines(self):
        """With rule 10 off, core orders an increase on a new RFQ: the sales
        line then owns two purchase lines."""
        self.env.company.dropship_sync_so_qty_policy = "off"
        order = self._create_so([(self.product, 5)])
        sale_line = order.order_line
        first_po = self._purchase_orders(order)
        first_po.button_confirm()
        order.order_line.product_uom_qty = 8
        purchase_lines = sale_line._dropship_purchase_lines()
        self.assertEqual(len(purchase_lines), 2)
        self.assertEqual(sorted(purchase_lines.mapped("product_qty")), [3.0, 5.0])
        self.assertEqual(purchase_lines._dropship_sale_lines(), sale_line)

    def test_cancelled_purchase_lines_are_left_out(self):
        order = self._create_so([(self.product, 5)])
        purchase = self._purchase_orders(order)
        purchase.button_cancel()
        self.assertFalse(order.order_line._dropship_purchase_lines())
        self.assertEqual(
            order.order_line._dropship_purchase_lines(include_cancelled=True),
            purchase.order_line,
        )
        self.assertFalse(order._dropship_purchase_orders())

    def test_stock_line_is_never_a_counterpart(self):
        order = self._create_so([(self.product_stock, 3), (self.product, 2)])
        stock_line = order.order_line.filtered(
            lambda sol: sol.product_id == self.product_stock
        )
        self.assertFalse(stock_line._dropship_purchase_lines())
        self.assertFalse(stock_line.dropship_state)
        self.assertEqual(
            order.order_line._dropship_purchase_lines()._dropship_sale_lines(),
            order.order_line - stock_line,
        )

    def test_purchase_line_outside_dropship_is_never_a_counterpart(self):
        """A PO line pointing at an SO line through a normal receipt (not the
        drop-ship operation type) is not a pair."""
        order = self._create_so([(self.product_stock, 3)])
        receipt_type = (
            self.env["stock.warehouse"]
            .search([("company_id", "=", self.env.company.id)], limit=1)
            .in_type_id
        )
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "picking_type_id": receipt_type.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product_stock.id,
                            "product_qty": 3,
                            "sale_line_id": order.order_line.id,
                        }
                    )
                ],
            }
        )
        self.assertFalse(purchase._is_dropship_order())
        self.assertFalse(purchase.order_line._dropship_sale_lines())
        self.assertFalse(order.order_line._dropship_purchase_lines())
        self.assertFalse(order.order_line.dropship_state)

    def test_service_purchase_line_is_never_a_counterpart(self):
        """Services bought on order use the drop-ship operation type in core,
        but nothing is shipped: they are not drop-ship pairs."""
        service = self.env["product.product"].create(
            {
                "name": "Installation service",
                "type": "service",
                "service_to_purchase": True,
                "seller_ids": [
                    Command.create({"partner_id": self.vendor.id, "price": 30})
                ],
            }
        )
        order = self._create_so([(service, 1)])
        purchase_line = order.order_line.purchase_line_ids
        self.assertTrue(purchase_line, "core buys the service on order")
        self.assertFalse(purchase_line._dropship_sale_lines())
        self.assertFalse(order.order_line._dropship_purchase_lines())
        self.assertFalse(order.order_line.dropship_state)

    def test_other_company_line_is_never_a_counterpart(self):
        order = self._create_so([(self.product, 2)])
        purchase_line = order.order_line._dropship_purchase_lines()
        other_company = self.env["res.company"].create({"name": "Other Company"})
        other_order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "company_id": other_company.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 2}
                    )
                ],
            }
        )
        # Such a link is refused on write (see test_access_company); data
        # that holds one anyway (older imports, SQL) is still no pair.
        self.env.cr.execute(
            "UPDATE purchase_order_line SET sale_line_id = %s WHERE id = %s",
            (other_order.order_line.id, purchase_line.id),
        )
        self.env.invalidate_all()
        self.assertFalse(purchase_line._dropship_sale_lines())
        self.assertFalse(other_order.order_line._dropship_purchase_lines())
