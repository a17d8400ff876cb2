# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestChangeLog(DropshipCommon):
    """Every change that crosses a pair is a record of the change log."""

    def _log(self, order, rule, **values):
        """The log records of ``order`` for ``rule``, checked against both
        orders' smart buttons."""
        changes = self.env["dropship.sync.change"].search(
            [("sale_order_id", "=", order.id), ("rule", "=", rule)]
        )
        self.assertTrue(changes, f"no log record for rule {rule}")
        for change in changes:
            for record in (change.sale_order_id, change.purchase_order_id):
                action = record.action_dropship_changes()
                self.assertIn(
                    change,
                    self.env["dropship.sync.change"].search(action["domain"]),
                    f"{record.display_name} smart button misses {rule}",
                )
        if values:
            subject = changes
            if "field_name" in values:
                subject = changes.filtered(
                    lambda c: c.field_name == values["field_name"]
                )
            self.assertRecordValues(subject[:1], [values])
        return changes

    def test_hold_and_release(self):
        order, purchase = self._confirmed_pair([(self.product, 2)])
        self._hold_with_wizard(order, "Customer credit check")
        self._log(
            order,
            "so_hold",
            source_side="sale",
            field_name="on_hold",
            old_value="No",
            new_value="Yes (Customer credit check)",
            policy="mirror",
            state="done",
            user_id=self.env.uid,
        )
        order.action_dropship_release()
        self.assertEqual(
            len(self._log(order, "so_hold")), 2, "one row per hold and release"
        )
        self._hold_with_wizard(purchase, "Vendor out of stock")
        self._log(order, "po_hold", source_side="purchase")
        self.assertEqual(order.dropship_change_count, purchase.dropship_change_count)

    def test_quantities_both_ways(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.order_line.product_uom_qty = 6
        self._log(
            order,
            "so_qty",
            source_side="sale",
            field_name="product_qty",
            old_value="5",
            new_value="6",
            purchase_line_id=purchase.order_line.id,
            sale_line_id=order.order_line.id,
            product_id=self.product.id,
        )
        purchase.order_line.product_qty = 4
        self._log(order, "po_qty", source_side="purchase", new_value="4")
        self.env.company.dropship_sync_po_qty_policy = "notify"
        purchase.order_line.product_qty = 3
        self.assertRecordValues(
            self._log(order, "po_qty")[0],
            [{"state": "notified", "policy": "notify", "new_value": "3"}],
        )

    def test_cancellations(self):
        order, _purchase = self._confirmed_pair([(self.product, 1), (self.product, 2)])
        order.order_line[0].product_uom_qty = 0
        self._log(order, "so_line_cancel", new_value="0")
        order._action_cancel()
        self._log(order, "so_cancel", field_name="state")
        other, other_purchase = self._confirmed_pair([(self.product, 3)])
        other_purchase.button_cancel()
        self._log(other, "po_cancel", source_side="purchase")

    def test_lock(self):
        order, _purchase = self._confirmed_pair([(self.product, 1)])
        order.action_lock()
        self._log(order, "lock", source_side="sale")

    def test_supplier_price_and_date(self):
        order, purchase = self._confirmed_pair([(self.product, 2)])
        purchase.order_line.price_unit = 11.0
        self._log(order, "po_price", old_value="10", new_value="11")
        purchase.order_line.date_planned += timedelta(days=3)
        self._log(order, "po_date", field_name="dropship_expected_date")

    def test_receipt_rules(self):
        order, purchase = self._confirmed_pair([(self.product, 4)])
        picking = self._dropship_pickings(purchase)
        picking.move_ids.receipt_unit_cost = 12.0
        self._receive(picking, {picking.move_ids: 2})
        self._log(order, "receipt", new_value="Partially Shipped")
        self._log(order, "receipt_cost", old_value="10", new_value="11")
        self._log(order, "receipt_date", field_name="actual_ship_date")

    def test_lot_rules(self):
        order, purchase = self._confirmed_pair([(self.product_serial, 2)])
        picking = self._dropship_pickings(purchase)
        move = picking.move_ids
        self._receive_lots(picking, {move: [("LOG-SN1", 1), ("LOG-SN2", 1)]})
        self._log(order, "lots")
        self._log(order, "lot_split", source_side="sale")
        self._return(
            picking,
            {move: 1},
            lots={
                move: move.move_line_ids.lot_id.filtered(lambda x: x.name == "LOG-SN1")
            },
        )
        self._log(order, "reversal", new_value="LOG-SN1", policy="always")

    def test_log_is_read_only_and_filterable(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.order_line.product_uom_qty = 6
        purchase.order_line.product_qty = 7
        Change = self.env["dropship.sync.change"]
        from_sale = Change.search(
            [("sale_order_id", "=", order.id), ("source_side", "=", "sale")]
        )
        from_purchase = Change.search(
            [("sale_order_id", "=", order.id), ("source_side", "=", "purchase")]
        )
        self.assertEqual(from_sale.mapped("rule"), ["so_qty"])
        self.assertEqual(from_purchase.mapped("rule"), ["po_qty"])
        grouped = dict(
            Change._read_group(
                [("sale_order_id", "=", order.id)], ["rule"], ["__count"]
            )
        )
        self.assertEqual(grouped, {"so_qty": 1, "po_qty": 1})
        salesman = new_test_user(
            self.env, login="log_salesman", groups="sales_team.group_sale_salesman"
        )
        with self.assertRaises(AccessError):
            from_sale.with_user(salesman).write({"new_value": "99"})
        with self.assertRaises(AccessError):
            from_sale.with_user(salesman).unlink()
        self.assertEqual(from_sale.new_value, "6")
