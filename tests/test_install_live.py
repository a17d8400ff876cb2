# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.tools import SQL

from odoo.addons.sale_purchase_dropship_sync.hooks import post_init_hook
from odoo.addons.sale_purchase_dropship_sync.models.dropship_rule_quantity import (
    INSTALL_DATE_PARAM,
)

from .common import DropshipCommon

# What the module's own columns hold on a database where it is installed on
# drop-ship data that core alone created.
LINE_COLUMNS = ("dropship_state", "actual_ship_date")
LOT_RELATIONS = (
    "sale_order_line_dropship_lot_rel",
    "sale_order_line_dropship_reversed_lot_rel",
)


class TestInstallLive(DropshipCommon):
    """The post-init hook on pairs in every stage, from the state that core
    left them in: the columns of the module blank, the sales line costs at
    the product cost as core sets them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Issue = cls.env["dropship.integrity.issue"]
        cls.chair = cls._create_dropship_product("Live Chair", 17.5)
        cls.chair.standard_price = 4.0
        cls.consumable = cls._create_dropship_product("Live Paper", 17.5)
        cls.consumable.is_storable = False

    def _blank(self, orders):
        """The state before the install: the module's columns empty, the
        costs as core gives them (the product cost)."""
        lines = orders.order_line
        moves = lines.move_ids
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE stock_move SET receipt_unit_cost = NULL WHERE id = ANY(%s)",
            [moves.ids],
        )
        self.env.cr.execute(
            "UPDATE purchase_order_line SET dropship_shipped_qty = NULL, "
            "dropship_ship_date = NULL WHERE id = ANY(%s)",
            [lines.purchase_line_ids.ids],
        )
        for line in lines:
            self.env.cr.execute(
                SQL(
                    "UPDATE sale_order_line SET dropship_state = NULL, "
                    "actual_ship_date = NULL, purchase_price = %s WHERE id = %s",
                    line.product_id.standard_price,
                    line.id,
                )
            )
        for relation in LOT_RELATIONS:
            self.env.cr.execute(
                SQL(
                    "DELETE FROM %s WHERE sale_line_id = ANY(%s)",
                    SQL.identifier(relation),
                    lines.ids,
                )
            )
        self.env.invalidate_all()

    def _snapshot(self, orders):
        lines = orders.order_line
        return {
            "lines": [
                {
                    "purchase_price": line.purchase_price,
                    "dropship_state": line.dropship_state,
                    "actual_ship_date": line.actual_ship_date,
                    "lot_ids": line.lot_ids.ids,
                    "dropship_reversed_lot_ids": line.dropship_reversed_lot_ids.ids,
                }
                for line in lines
            ],
            "moves": [
                {"receipt_unit_cost": move.receipt_unit_cost} for move in lines.move_ids
            ],
            "purchase_lines": [
                {
                    "dropship_shipped_qty": pol.dropship_shipped_qty,
                    "dropship_ship_date": pol.dropship_ship_date,
                }
                for pol in lines.purchase_line_ids
            ],
        }

    def _build_every_stage(self):
        """Pairs in every stage; {stage: sales order}."""
        self.env.company.dropship_sync_lot_split = False
        orders = {}
        orders["rfq"] = self._create_so([(self.chair, 3)])
        orders["ordered"], _po = self._confirmed_pair([(self.chair, 4)])
        orders["partial"], purchase = self._confirmed_pair([(self.chair, 5)])
        picking = self._dropship_pickings(purchase)
        self._receive(picking, {picking.move_ids: 3})
        orders["received"], purchase = self._confirmed_pair([(self.chair, 2)])
        picking = self._dropship_pickings(purchase)
        # Received at its own cost: the valuation remembers it.
        picking.move_ids.receipt_unit_cost = 19.0
        self._receive(picking)
        orders["returned"], purchase = self._confirmed_pair([(self.chair, 2)])
        picking = self._receive(self._dropship_pickings(purchase))
        self._return(picking, {picking.move_ids: 1})
        orders["serials"], purchase = self._confirmed_pair([(self.product_serial, 2)])
        picking = self._dropship_pickings(purchase)
        self._receive_lots(
            picking, {picking.move_ids: [("LIVE-S1", 1), ("LIVE-S2", 1)]}
        )
        orders["consumable"], purchase = self._confirmed_pair([(self.consumable, 2)])
        self._receive(self._dropship_pickings(purchase))
        return orders

    def test_install_on_every_stage(self):
        orders = self._build_every_stage()
        all_orders = self.env["sale.order"].union(*orders.values())
        expected = self._snapshot(all_orders)
        self.assertEqual(orders["received"].order_line.purchase_price, 19.0)
        self.assertEqual(orders["partial"].order_line.purchase_price, 17.5)
        self.assertEqual(
            orders["serials"].order_line.lot_ids.mapped("name"), ["LIVE-S1", "LIVE-S2"]
        )
        self._blank(all_orders)
        self.assertFalse(orders["partial"].order_line.move_ids[0].receipt_unit_cost)
        self.assertEqual(orders["ordered"].order_line.purchase_price, 4.0)
        self.assertFalse(orders["serials"].order_line.lot_ids)
        self.assertFalse(
            orders["received"].order_line.purchase_line_ids.dropship_ship_date
        )

        post_init_hook(self.env)
        self.env.invalidate_all()

        self.assertEqual(self._snapshot(all_orders), expected)
        received = orders["received"].order_line.purchase_line_ids
        self.assertEqual(received.dropship_shipped_qty, 2)
        self.assertEqual(
            received.dropship_ship_date, received.move_ids.picking_id.receipt_date
        )
        self.assertRecordValues(
            all_orders.order_line.sorted("id"),
            [
                {"dropship_state": "rfq", "purchase_price": 17.5},
                {"dropship_state": "ordered", "purchase_price": 17.5},
                {"dropship_state": "partial", "purchase_price": 17.5},
                {"dropship_state": "shipped", "purchase_price": 19.0},
                {"dropship_state": "returned", "purchase_price": 17.5},
                {"dropship_state": "shipped", "purchase_price": 100.0},
                {"dropship_state": "shipped", "purchase_price": 17.5},
            ],
        )
        # The margin follows the cost.
        line = orders["ordered"].order_line
        self.assertAlmostEqual(line.margin, line.price_subtotal - 4 * 17.5)
        self.assertFalse(
            self.Issue._dropship_scan(self.env.company).filtered(
                lambda i: i.sale_order_id in all_orders
            ),
            "the first check on a healthy database finds nothing",
        )
        # The backorder received after the install: 3 x 17.5 + 2 x 17.5.
        line = orders["partial"].order_line
        purchase = self._purchase_orders(orders["partial"])
        self._receive(self._dropship_pickings(purchase))
        self.assertEqual(line.qty_delivered, 5)
        self.assertEqual(line.dropship_state, "shipped")
        self.assertEqual(line.move_ids.mapped("receipt_unit_cost"), [17.5, 17.5])
        self.assertEqual(line.purchase_price, 17.5)
        self.assertEqual(purchase.order_line.price_unit, 17.5)

    def test_install_without_valuation_uses_purchase_price(self):
        """A receipt without valuation layer nor price of its own (imported
        data): its cost is the purchase price, not 0."""
        order, purchase = self._confirmed_pair([(self.chair, 2)])
        self._receive(self._dropship_pickings(purchase))
        move = order.order_line.move_ids
        self._blank(order)
        self.env.cr.execute(
            "DELETE FROM stock_valuation_layer WHERE stock_move_id = %s; "
            "UPDATE stock_move SET price_unit = 0 WHERE id = %s",
            [move.id, move.id],
        )
        self.env.invalidate_all()
        post_init_hook(self.env)
        self.env.invalidate_all()
        self.assertEqual(move.receipt_unit_cost, 17.5)
        self.assertEqual(order.order_line.purchase_price, 17.5)
        self.assertEqual(order.order_line.dropship_state, "shipped")
        self.assertEqual(purchase.order_line.price_unit, 17.5)

    def test_install_query_count(self):
        """At most half a query per drop-ship sales line."""
        order = self._create_so([(self.chair, 1)] * 200)
        purchase = self._purchase_orders(order)
        purchase.button_confirm()
        self._receive(self._dropship_pickings(purchase))
        self.assertEqual(set(order.order_line.mapped("dropship_state")), {"shipped"})
        expected = self._snapshot(order)
        self._blank(order)
        before = self.env.cr.sql_log_count
        post_init_hook(self.env)
        count = self.env.cr.sql_log_count - before
        self.env.invalidate_all()
        self.assertEqual(self._snapshot(order), expected)
        self.assertLessEqual(count, 100, f"{count} queries for 200 lines")

    def test_quantity_fix_direction_before_install(self):
        """A quantity drift on data last written before the install: which
        side is right cannot be told from the write dates."""
        order, purchase = self._confirmed_pair([(self.chair, 5)])
        self.env.flush_all()
        # A change that bypassed the rules (an import, SQL), the purchase
        # line written later than the sales line.
        self.env.cr.execute(
            "UPDATE purchase_order_line SET product_qty = 4, "
            "write_date = write_date + interval '1 hour' WHERE id = %s",
            [purchase.order_line.id],
        )
        self.env.invalidate_all()
        params = self.env["ir.config_parameter"]
        params.set_param(
            INSTALL_DATE_PARAM,
            fields.Datetime.to_string(self.env.cr.now() + timedelta(hours=2)),
        )
        issue = self.Issue._dropship_scan(self.env.company).filtered(
            lambda i: i.sale_order_id == order
        )
        self.assertRecordValues(issue, [{"kind": "qty", "fixable": False}])
        self.assertIn(
            "before the drop-ship synchronization was installed", issue.explanation
        )
        self.assertFalse(issue.fix_target)
        # Written since the install: the side written last is kept.
        params.set_param(
            INSTALL_DATE_PARAM,
            fields.Datetime.to_string(self.env.cr.now() - timedelta(hours=2)),
        )
        issue = self.Issue._dropship_scan(self.env.company).filtered(
            lambda i: i.sale_order_id == order
        )
        self.assertRecordValues(
            issue, [{"kind": "qty", "fixable": True, "fix_target": "sale"}]
        )
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertEqual(purchase.order_line.product_qty, 4)

    def test_hook_keeps_lines_unsplit(self):
        """Lots on a line received before the install are listed, the line
        is not split."""
        self.env.company.dropship_sync_lot_split = False
        order, purchase = self._confirmed_pair([(self.product_serial, 2)])
        picking = self._dropship_pickings(purchase)
        self._receive_lots(picking, {picking.move_ids: [("LIVE-A", 1), ("LIVE-B", 1)]})
        self.env.company.dropship_sync_lot_split = True
        self._blank(order)
        post_init_hook(self.env)
        self.env.invalidate_all()
        self.assertEqual(len(order.order_line), 1)
        self.assertEqual(order.order_line.lot_ids.mapped("name"), ["LIVE-A", "LIVE-B"])
        self.assertEqual(len(purchase.order_line), 1)
        self.assertEqual(order.order_line.product_uom_qty, 2)
        self.assertEqual(purchase.order_line.product_qty, 2)


class TestScanChunks(DropshipCommon):
    """The integrity check in chunks of sales orders, resumable."""

    def test_interrupted_scan_resumes(self):
        Issue = self.env["dropship.integrity.issue"]
        company = self.env.company
        company.dropship_sync_po_qty_policy = "off"
        orders = []
        for qty in (5, 6, 7):
            order, purchase = self._confirmed_pair([(self.product, qty)])
            purchase.order_line.product_qty = qty - 1
            self.assertEqual(order.order_line.product_uom_qty, qty)
            orders.append(order)
        company.dropship_sync_po_qty_policy = "mirror"
        orders = self.env["sale.order"].union(*orders)
        params = self.env["ir.config_parameter"]
        cursor = "sale_purchase_dropship_sync.scan_cursor"
        params.set_param(cursor, False)

        def issues():
            return Issue.search(
                [("sale_order_id", "in", orders.ids), ("state", "=", "open")]
            )

        # Interrupted after its first chunk (one sales order).
        found = Issue._dropship_scan(company, resume=True, max_chunks=1, chunk=1)
        self.assertEqual(found.sale_order_id, orders[0])
        self.assertEqual(issues().sale_order_id, orders[0])
        self.assertEqual(params.get_param(cursor), str(orders[0].id))
        # The first pair is repaired meanwhile: a check that restarted
        # from zero would resolve its issue, the resumed one does not
        # check it again.
        company.dropship_sync_so_qty_policy = "off"
        orders[0].order_line.product_uom_qty = 4
        company.dropship_sync_so_qty_policy = "mirror"
        found = Issue._dropship_scan(company, resume=True, chunk=1)
        self.assertEqual(found.sale_order_id, orders[1:])
        self.assertEqual(issues().sale_order_id, orders)
        self.assertFalse(params.get_param(cursor), "the check went through")
        # The next check starts from the beginning.
        found = Issue._dropship_scan(company, resume=True, chunk=2)
        self.assertEqual(found.sale_order_id, orders[1:])
        self.assertEqual(issues().sale_order_id, orders[1:])
        self.assertEqual(orders[1].order_line.product_uom_qty, 6)
        self.assertEqual(self._purchase_orders(orders[1]).order_line.product_qty, 5)

    def test_user_check_ignores_the_cursor(self):
        """Check Now checks everything, whatever a scheduled check left."""
        Issue = self.env["dropship.integrity.issue"]
        self.env.company.dropship_sync_po_qty_policy = "off"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        purchase.order_line.product_qty = 4
        self.env.company.dropship_sync_po_qty_policy = "mirror"
        self.env["ir.config_parameter"].set_param(
            "sale_purchase_dropship_sync.scan_cursor", str(order.id + 1000)
        )
        self.assertEqual(Issue._dropship_scan(self.env.company).sale_order_id, order)
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertEqual(
            self.env["ir.config_parameter"].get_param(
                "sale_purchase_dropship_sync.scan_cursor"
            ),
            str(order.id + 1000),
        )
