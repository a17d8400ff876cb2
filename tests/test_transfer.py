# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestTransfer(DropshipCommon):
    """The drop-ship moves of a pair carry what its purchase line orders."""

    def _open_moves(self, purchase, product=None):
        moves = self._dropship_pickings(purchase).move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        )
        if product:
            moves = moves.filtered(lambda m: m.product_id == product)
        return moves

    def _exception_activities(self, records):
        return records.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == self.env.ref("mail.mail_activity_data_warning")
            )
        )

    def test_sale_increase_grows_the_open_move(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        move = picking.move_ids
        order.order_line.product_uom_qty = 7
        self.assertEqual(purchase.order_line.product_qty, 7)
        self.assertEqual(self._dropship_pickings(purchase), picking, "no new transfer")
        self.assertEqual(picking.move_ids, move, "no new move")
        self.assertEqual(move.product_uom_qty, 7)
        self.assertEqual(move.quantity, 7, "the vendor's units are reserved")
        self.assertEqual(picking.state, "assigned")

    def test_sale_decrease_shrinks_the_move_without_activity(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        order.order_line.product_uom_qty = 2
        self.assertEqual(purchase.order_line.product_qty, 2)
        self.assertEqual(picking.move_ids.product_uom_qty, 2)
        self.assertEqual(picking.move_ids.quantity, 2)
        self.assertFalse(
            self._exception_activities(picking) or self._exception_activities(purchase),
            "the transfer follows: no 'ordered quantity decreased' activity",
        )

    def test_supplier_decrease_shrinks_the_move(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        purchase.order_line.product_qty = 3
        self.assertEqual(order.order_line.product_uom_qty, 3)
        self.assertEqual(picking.move_ids.product_uom_qty, 3)
        self.assertEqual(self._dropship_pickings(purchase), picking)

    def test_line_to_zero_cancels_only_its_move(self):
        order, purchase = self._confirmed_pair(
            [(self.product, 5), (self.product_standard, 2)]
        )
        picking = self._dropship_pickings(purchase)
        line = order.order_line.filtered(lambda sol: sol.product_id == self.product)
        line.product_uom_qty = 0
        pol = purchase.order_line.filtered(lambda p: p.product_id == self.product)
        self.assertEqual(pol.product_qty, 0)
        self.assertEqual(self._dropship_pickings(purchase), picking, "no new transfer")
        moves = picking.move_ids
        self.assertEqual(
            moves.filtered(lambda m: m.product_id == self.product).state, "cancel"
        )
        other = moves.filtered(lambda m: m.product_id == self.product_standard)
        self.assertEqual(other.state, "assigned")
        self.assertEqual(other.product_uom_qty, 2)
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(self._open_moves(purchase), other)

    def test_decrease_after_partial_receipt_shrinks_the_backorder(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        self._receive(picking, {picking.move_ids: 2})
        backorder = self._open_moves(purchase).picking_id
        self.assertEqual(backorder.move_ids.product_uom_qty, 3)
        order.order_line.product_uom_qty = 4
        self.assertEqual(purchase.order_line.product_qty, 4)
        self.assertEqual(backorder.move_ids.product_uom_qty, 2)
        self.assertEqual(self._open_moves(purchase).picking_id, backorder)

    def test_cancel_one_order_of_a_shared_purchase_order(self):
        """Two sales orders, their RFQs merged and confirmed: cancelling one
        cancels its own moves only; the other's stay shippable."""
        order_1 = self._create_so([(self.product, 5)])
        order_2 = self._create_so([(self.product, 3), (self.product_standard, 1)])
        (self._purchase_orders(order_1) | self._purchase_orders(order_2)).action_merge()
        shared = (
            self._purchase_orders(order_1) | self._purchase_orders(order_2)
        ).filtered(lambda po: po.state != "cancel")
        self.assertEqual(len(shared), 1)
        shared.button_confirm()
        pickings = self._dropship_pickings(shared)
        moves_2 = pickings.move_ids.filtered(
            lambda m: m.sale_line_id.order_id == order_2
        )
        self.assertEqual(len(moves_2), 2)
        order_1.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(order_1.state, "cancel")
        self.assertEqual(order_2.state, "sale")
        self.assertEqual(shared.state, "purchase")
        self.assertEqual(
            shared.order_line.filtered(
                lambda p: p.sale_line_id.order_id == order_1
            ).product_qty,
            0,
        )
        moves_1 = pickings.move_ids.filtered(
            lambda m: m.sale_line_id.order_id == order_1
        )
        self.assertEqual(set(moves_1.mapped("state")), {"cancel"})
        self.assertEqual(set(moves_2.mapped("state")), {"assigned"})
        self.assertEqual(moves_2.mapped("product_uom_qty"), [3, 1])
        self.assertTrue(
            all(p.state == "assigned" for p in moves_2.picking_id),
            "the shared transfer stays ready for order 2",
        )
        # Order 2's goods ship and reach its lines.
        self._receive(moves_2.picking_id)
        self.assertEqual(order_2.order_line.mapped("qty_delivered"), [3, 1])
        self.assertEqual(set(order_2.order_line.mapped("dropship_state")), {"shipped"})

    def test_the_vendor_date_survives_quantity_changes(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        pol = purchase.order_line
        line = order.order_line
        promised = fields.Datetime.now().replace(microsecond=0) + timedelta(days=15)
        pol.date_planned = promised
        self.assertEqual(line.dropship_expected_date, promised)
        pol.product_qty = 4  # the vendor's change, mirrored
        self.assertEqual(line.product_uom_qty, 4)
        line.product_uom_qty = 6  # the customer's change, mirrored
        self.assertEqual(pol.product_qty, 6)
        self.assertEqual(pol.date_planned, promised, "Odoo's re-planning is undone")
        self.assertEqual(line.dropship_expected_date, promised)

    def test_check_finds_and_fixes_a_transfer_that_drifted(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        move = picking.move_ids
        # A transfer left carrying 12 (e.g. by an older version, or by SQL).
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE stock_move SET product_uom_qty = 12 WHERE id = %s", [move.id]
        )
        self.env.invalidate_all()
        Issue = self.env["dropship.integrity.issue"]
        Issue._dropship_scan(self.env.company)
        issue = Issue.search([("sale_order_id", "=", order.id), ("state", "=", "open")])
        self.assertEqual(issue.kind, "transfer")
        self.assertIn(picking.name, issue.description)
        self.assertIn("carries 12", issue.description)
        self.assertIn("still orders 5", issue.description)
        self.assertTrue(issue.fixable)
        action = issue.action_dropship_fix()
        self.env[action["res_model"]].with_context(**action["context"]).create(
            {}
        ).action_confirm()
        self.assertEqual(move.product_uom_qty, 5)
        self.assertEqual(purchase.order_line.product_qty, 5)
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertEqual(issue.state, "fixed")
        Issue._dropship_scan(self.env.company)
        self.assertFalse(
            Issue.search([("sale_order_id", "=", order.id), ("state", "=", "open")])
        )

    def test_receipt_without_backorder_is_no_transfer_drift(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        self._receive(picking, {picking.move_ids: 2}, backorder=False)
        Issue = self.env["dropship.integrity.issue"]
        Issue._dropship_scan(self.env.company)
        self.assertFalse(
            Issue.search(
                [
                    ("sale_order_id", "=", order.id),
                    ("state", "=", "open"),
                    ("kind", "=", "transfer"),
                ]
            )
        )

    def _transfer_issues(self, order):
        Issue = self.env["dropship.integrity.issue"]
        Issue._dropship_scan(self.env.company)
        return Issue.search(
            [
                ("sale_order_id", "=", order.id),
                ("state", "=", "open"),
                ("kind", "=", "transfer"),
            ]
        )

    def test_returned_units_wait_for_their_reversal(self):
        order, purchase = self._confirmed_pair([(self.product, 8)])
        picking = self._dropship_pickings(purchase)
        self._receive(picking, {picking.move_ids: 4})
        self._return(picking, {picking.move_ids: 1})
        pol = purchase.order_line
        self.assertEqual(pol.qty_received, 3)
        backorder = self._open_moves(purchase)
        self.assertEqual(backorder.product_uom_qty, 4)
        self.assertFalse(
            self._transfer_issues(order),
            "the returned unit waits for its reversal, not for the transfer",
        )
        # A backorder short of more than the returned unit is a drift.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE stock_move SET product_uom_qty = 2 WHERE id = %s", [backorder.id]
        )
        self.env.invalidate_all()
        issue = self._transfer_issues(order)
        self.assertIn("carries 2", issue.description)
        self.assertIn("still orders 4", issue.description)
        action = issue.action_dropship_fix()
        self.env[action["res_model"]].with_context(**action["context"]).create(
            {}
        ).action_confirm()
        self.assertEqual(backorder.product_uom_qty, 4)
        self.assertEqual(pol.product_qty, 8)
        self.assertEqual(order.order_line.product_uom_qty, 8)
        self.assertFalse(self._transfer_issues(order))

    def _waiting_return(self, picking):
        """A return of one unit of ``picking``, created and not validated."""
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({})
        )
        wizard.product_return_moves.quantity = 1
        waiting = self.env["stock.picking"].browse(
            wizard.action_create_returns()["res_id"]
        )
        self.assertEqual(waiting.state, "assigned")
        return waiting

    def test_a_return_not_validated_takes_nothing_back(self):
        """A return left waiting (or refused at validation) has taken no
        unit back: a line brought to zero cancels its whole backorder."""
        order, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        self._receive(picking, {picking.move_ids: 1})
        self._return(picking, {picking.move_ids: 1})
        self._waiting_return(picking)
        backorder = self._open_moves(purchase)
        self.assertEqual(backorder.product_uom_qty, 4)
        purchase.order_line.product_qty = 0
        self.assertEqual(order.order_line.product_uom_qty, 0)
        self.assertEqual(backorder.state, "cancel", "nothing left to ship")
        self.assertFalse(self._open_moves(purchase))

    def test_a_raise_after_a_waiting_return_ships_only_the_raise(self):
        """All 5 shipped, one unit's return waiting: a raise to 9 leaves 4
        to ship on a new move (Odoo alone would make it 5, counting the
        unit it has not taken back yet)."""
        order, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        self._receive(picking)
        self.assertFalse(self._open_moves(purchase))
        self._waiting_return(picking)
        purchase.order_line.product_qty = 9
        self.assertEqual(order.order_line.product_uom_qty, 9)
        self.assertEqual(purchase.order_line.qty_received, 5)
        self.assertEqual(self._open_moves(purchase).product_uom_qty, 4)
        self.assertFalse(self._transfer_issues(order))
