# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import RedirectWarning, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestLots(DropshipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tax = cls.env["account.tax"].create(
            {"name": "Drop-ship VAT 21%", "amount": 21.0}
        )
        cls.product_lot = cls._create_dropship_product(
            "Drop-shipped Paint", 7.0, tracking="lot"
        )

    def _pair(self, product, qty, price):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "price_unit": price,
                            "tax_id": [Command.set(self.tax.ids)],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        purchase = self._purchase_orders(order)
        purchase.order_line.taxes_id = self.tax
        purchase.button_confirm()
        return order, purchase

    @staticmethod
    def _totals(order):
        return (order.amount_untaxed, order.amount_tax, order.amount_total)

    def assertPairsConsistent(self, order, purchase):
        for sale_line in order.order_line:
            purchase_line = sale_line._dropship_purchase_lines()
            self.assertEqual(len(purchase_line), 1)
            self.assertEqual(purchase_line.product_qty, sale_line.product_uom_qty)
            self.assertEqual(purchase_line.qty_received, sale_line.qty_delivered)
            self.assertEqual(
                purchase_line.move_ids.move_line_ids.lot_id, sale_line.lot_ids
            )

    def test_three_serials_split_into_three_pairs(self):
        order, purchase = self._pair(self.product_serial, 3, 333.33)
        so_totals, po_totals = self._totals(order), self._totals(purchase)
        picking = self._dropship_pickings(purchase)
        self._receive_lots(
            picking, {picking.move_ids: [("SN-001", 1), ("SN-002", 1), ("SN-003", 1)]}
        )
        self.assertEqual(len(order.order_line), 3)
        self.assertEqual(len(purchase.order_line), 3)
        self.assertEqual(order.order_line.mapped("product_uom_qty"), [1, 1, 1])
        self.assertEqual(order.order_line.mapped("qty_delivered"), [1, 1, 1])
        self.assertEqual(
            sorted(order.order_line.mapped("lot_ids.name")),
            ["SN-001", "SN-002", "SN-003"],
        )
        self.assertEqual([len(line.lot_ids) for line in order.order_line], [1, 1, 1])
        self.assertEqual(set(order.order_line.mapped("dropship_state")), {"shipped"})
        self.assertEqual(
            order.order_line[0].lot_ids.name,
            "SN-001",
            "the original line keeps the first serial",
        )
        self.assertPairsConsistent(order, purchase)
        self.assertEqual(self._totals(order), so_totals)
        self.assertEqual(self._totals(purchase), po_totals)
        self.assertEqual(len(self._purchase_orders(order)), 1, "no new RFQ")
        self.assertIn("Split per lot/serial", self._sync_notes(order)[0])
        self.assertIn("Split per lot/serial", self._sync_notes(purchase)[0])
        self.assertIn(
            "1 kept, new lines: SN-002 (1), SN-003 (1)", self._sync_notes(order)[0]
        )
        self.assertFalse(
            order.message_ids.filtered(
                lambda m: "ordered quantity has been updated" in (m.body or "")
            ),
            "a split does not read as a cut of the customer's order",
        )
        po_notes = (
            self.env["mail.message"]
            .search([("model", "=", "purchase.order"), ("res_id", "=", purchase.id)])
            .mapped(lambda m: str(m.body or ""))
        )
        self.assertFalse(
            [note for note in po_notes if "ordered quantity has been updated" in note],
            "nor of the vendor's order",
        )
        self.assertEqual(
            len([n for n in po_notes if "received quantity has been updated" in n]),
            1,
            "one note for the receipt, none per serial number split off",
        )
        self.assertEqual(sum(picking.move_ids.mapped("quantity")), 3)

    def test_one_lot_is_not_split(self):
        order, purchase = self._pair(self.product_lot, 5, 12.0)
        picking = self._dropship_pickings(purchase)
        self._receive_lots(picking, {picking.move_ids: [("LOT-A", 5)]})
        self.assertEqual(len(order.order_line), 1)
        self.assertEqual(order.order_line.lot_ids.name, "LOT-A")

    def test_two_lots(self):
        order, purchase = self._pair(self.product_lot, 5, 12.35)
        totals = self._totals(order)
        picking = self._dropship_pickings(purchase)
        self._receive_lots(picking, {picking.move_ids: [("LOT-B", 3), ("LOT-A", 2)]})
        self.assertEqual(len(order.order_line), 2)
        by_lot = {line.lot_ids.name: line for line in order.order_line}
        self.assertEqual(by_lot["LOT-A"].product_uom_qty, 2)
        self.assertEqual(by_lot["LOT-B"].product_uom_qty, 3)
        self.assertEqual(self._totals(order), totals)
        self.assertPairsConsistent(order, purchase)

    def test_partial_serial_receipt_then_rest(self):
        order, purchase = self._pair(self.product_serial, 5, 250.0)
        totals = self._totals(order)
        picking = self._dropship_pickings(purchase)
        self._receive_lots(picking, {picking.move_ids: [("SN-1", 1), ("SN-2", 1)]})
        self.assertEqual(len(order.order_line), 3)
        original = order.order_line[0]
        self.assertEqual(
            original.product_uom_qty,
            3,
            "the part not received stays on the original line",
        )
        self.assertFalse(original.lot_ids)
        self.assertEqual(original.dropship_state, "ordered")
        self.assertEqual(
            (order.order_line - original).mapped("dropship_state"),
            ["shipped", "shipped"],
        )
        self.assertPairsConsistent(order, purchase)
        backorder = self._dropship_pickings(purchase)
        self.assertEqual(backorder.move_ids.product_uom_qty, 3)
        self._receive_lots(
            backorder, {backorder.move_ids: [("SN-3", 1), ("SN-4", 1), ("SN-5", 1)]}
        )
        self.assertEqual(len(order.order_line), 5)
        self.assertEqual(order.order_line.mapped("product_uom_qty"), [1] * 5)
        self.assertEqual(
            sorted(order.order_line.mapped("lot_ids.name")),
            ["SN-1", "SN-2", "SN-3", "SN-4", "SN-5"],
        )
        self.assertEqual(self._totals(order), totals)
        self.assertPairsConsistent(order, purchase)

    def test_split_disabled_lists_lots(self):
        self.env.company.dropship_sync_lot_split = False
        order, purchase = self._pair(self.product_serial, 3, 100.0)
        picking = self._dropship_pickings(purchase)
        self._receive_lots(
            picking, {picking.move_ids: [("SN-A", 1), ("SN-B", 1), ("SN-C", 1)]}
        )
        self.assertEqual(len(order.order_line), 1)
        self.assertEqual(
            sorted(order.order_line.lot_ids.mapped("name")), ["SN-A", "SN-B", "SN-C"]
        )

    def test_invoiced_line_is_not_split(self):
        self.product_serial.invoice_policy = "order"
        order, purchase = self._pair(self.product_serial, 2, 100.0)
        order._create_invoices().action_post()
        picking = self._dropship_pickings(purchase)
        self._receive_lots(picking, {picking.move_ids: [("SN-X", 1), ("SN-Y", 1)]})
        self.assertEqual(len(order.order_line), 1)
        self.assertEqual(
            sorted(order.order_line.lot_ids.mapped("name")), ["SN-X", "SN-Y"]
        )
        self.assertIn(
            "already invoiced",
            str(order.message_ids.sorted("id", reverse=True)[:3].mapped("body")),
        )

    def test_no_split_when_rounding_would_change_totals(self):
        """3 x 99.99 with 21% tax: 62.99 of tax on one line, 3 x 21.00 on three."""
        order, purchase = self._pair(self.product_serial, 3, 99.99)
        totals = self._totals(order)
        picking = self._dropship_pickings(purchase)
        self._receive_lots(
            picking, {picking.move_ids: [("SN-4", 1), ("SN-5", 1), ("SN-6", 1)]}
        )
        self.assertEqual(len(order.order_line), 1)
        self.assertEqual(len(purchase.order_line), 1)
        self.assertEqual(self._totals(order), totals)
        self.assertEqual(
            sorted(order.order_line.lot_ids.mapped("name")), ["SN-4", "SN-5", "SN-6"]
        )
        self.assertEqual(order.order_line.qty_delivered, 3)
        self.assertEqual(purchase.order_line.qty_received, 3)
        self.assertIn(
            "rounding",
            str(order.message_ids.sorted("id", reverse=True)[:3].mapped("body")),
        )

    def test_invoice_after_split_matches_order(self):
        order, purchase = self._pair(self.product_serial, 3, 120.0)
        picking = self._dropship_pickings(purchase)
        self._receive_lots(
            picking, {picking.move_ids: [("SN-7", 1), ("SN-8", 1), ("SN-9", 1)]}
        )
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(invoice.amount_untaxed, order.amount_untaxed)
        self.assertEqual(invoice.amount_total, order.amount_total)
        self.assertEqual(order.order_line.mapped("qty_invoiced"), [1, 1, 1])
        self.assertEqual(len(invoice.invoice_line_ids), 3)


@tagged("post_install", "-at_install")
class TestReversal(DropshipCommon):
    def _split_pair(self):
        order, purchase = self._confirmed_pair([(self.product_serial, 3)])
        picking = self._dropship_pickings(purchase)
        self._receive_lots(
            picking, {picking.move_ids: [("RS-1", 1), ("RS-2", 1), ("RS-3", 1)]}
        )
        return order, purchase, picking

    def test_split_lines_show_their_serial(self):
        _order, purchase, picking = self._split_pair()
        self.assertEqual(
            sorted(purchase.order_line.mapped(lambda pol: pol.dropship_lot_ids.name)),
            ["RS-1", "RS-2", "RS-3"],
            "each purchase line after the split names its serial",
        )
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=picking.id, active_model="stock.picking"
            )
        ).save()
        self.assertEqual(
            sorted(wizard.product_return_moves.mapped("dropship_lot_names")),
            ["RS-1", "RS-2", "RS-3"],
            "the return dialog tells the three lines apart",
        )

    def test_return_one_serial_through_the_warning(self):
        order, purchase, picking = self._split_pair()
        line = order.order_line.filtered(lambda sol: sol.lot_ids.name == "RS-2")
        move = line.move_ids
        lot = line.lot_ids
        return_picking = self._return(
            picking, {move: 1}, lots={move: lot}, confirm=False
        )
        self.assertNotEqual(return_picking.state, "done", "the warning comes first")
        action = return_picking.button_validate()
        self.assertEqual(action["res_model"], "dropship.reversal.warning")
        wizard = Form(
            self.env[action["res_model"]].with_context(**action["context"])
        ).save()
        self.assertEqual(wizard.line_ids.sale_order_name, order.name)
        self.assertEqual(wizard.line_ids.customer_name, self.customer.name)
        self.assertEqual(wizard.line_ids.lot_names, "RS-2")
        # closing the wizard changes nothing
        self.assertNotEqual(return_picking.state, "done")
        self.assertEqual(line.lot_ids, lot)
        self.assertEqual(line.dropship_state, "shipped")
        self.assertFalse(order.dropship_reversal_lot_ids)
        wizard.action_confirm()
        self.assertEqual(return_picking.state, "done")
        self.assertFalse(line.lot_ids)
        self.assertEqual(line.dropship_reversed_lot_ids, lot)
        self.assertEqual(line.dropship_state, "returned")
        others = order.order_line - line
        self.assertEqual(others.mapped("dropship_state"), ["shipped", "shipped"])
        self.assertEqual(sorted(others.mapped("lot_ids.name")), ["RS-1", "RS-3"])
        self.assertEqual(order.dropship_reversal_lot_ids, lot, "the banner shows")
        activity = order.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref(
                    "sale_purchase_dropship_sync.mail_activity_type_reversal"
                )
            )
        )
        self.assertEqual(len(activity), 1)
        self.assertIn("RS-2", activity.note)
        self.assertTrue(
            any("RS-2" in body for body in order.message_ids.mapped("body"))
        )
        self.assertIn("RS-2", self._sync_notes(purchase)[0])
        activity.action_done()
        self.assertEqual(
            order.dropship_reversal_lot_ids,
            lot,
            "the banner stays until the reversal is settled",
        )
        self.assertEqual(line.dropship_reversal_ids.state, "open")

    def _reverse_one_serial(self):
        order, purchase, picking = self._split_pair()
        line = order.order_line.filtered(lambda sol: sol.lot_ids.name == "RS-2")
        move = line.move_ids
        self._return(picking, {move: 1}, lots={move: line.lot_ids})
        self.assertEqual(line.dropship_state, "returned")
        self.assertTrue(order.dropship_reversal_lot_ids, "the banner shows")
        return order, purchase, line

    def test_reversal_next_step_replacement(self):
        order, purchase, line = self._reverse_one_serial()
        before = purchase.picking_ids
        order.action_dropship_replacement()
        replacement = purchase.picking_ids - before
        self.assertEqual(len(replacement), 1)
        self.assertTrue(replacement.is_dropship)
        self.assertEqual(replacement.move_ids.sale_line_id, line)
        self.assertEqual(replacement.move_ids.product_uom_qty, 1)
        self.assertEqual(line.product_uom_qty, 1, "the customer still buys it")
        self.assertFalse(order.dropship_reversal_lot_ids, "the step is done")
        self.assertIn(replacement.name, order.message_ids[0].body)

    def test_replacement_shipped_clears_returned(self):
        order, purchase, line = self._reverse_one_serial()
        reversal = line.dropship_reversal_ids
        self.assertEqual(reversal.state, "open")
        self.assertEqual(reversal.lot_ids.mapped("name"), ["RS-2"])
        self.assertEqual(order.dropship_reversal_open_count, 1)
        before = purchase.picking_ids
        order.action_dropship_replacement()
        replacement = purchase.picking_ids - before
        self.assertEqual(reversal.state, "replacement")
        self.assertEqual(reversal.replacement_picking_ids, replacement)
        self.assertEqual(
            line.dropship_state, "ordered", "the replacement is on its way"
        )
        Issue = self.env["dropship.integrity.issue"]
        Issue._dropship_scan(self.env.company)
        self.assertFalse(
            Issue.search([("sale_order_id", "=", order.id), ("state", "=", "open")]),
            "the replacement carries the returned unit: nothing drifts",
        )
        self._receive_lots(replacement, {replacement.move_ids: [("RS-4", 1)]})
        self.assertEqual(line.qty_delivered, 1)
        self.assertEqual(line.lot_ids.mapped("name"), ["RS-4"])
        self.assertEqual(line.dropship_state, "shipped")
        self.assertEqual(reversal.state, "replaced")
        log = self.env["dropship.sync.change"].search(
            [
                ("sale_line_id", "=", line.id),
                ("field_name", "=", "dropship_reversal_ids"),
            ]
        )
        self.assertIn("Replaced", " ".join(log.mapped("new_value")))
        self.assertFalse(order.dropship_reversal_lot_ids)

    def test_second_reversal_lists_only_the_unsettled_one(self):
        order, purchase, line = self._reverse_one_serial()
        order.action_dropship_replacement()
        picking = purchase.picking_ids.filtered(
            lambda p: p.state == "done" and p.is_dropship
        ).sorted("id")[0]
        other = order.order_line.filtered(lambda sol: sol.lot_ids.name == "RS-3")
        self._return(picking, {other.move_ids: 1}, lots={other.move_ids: other.lot_ids})
        self.assertEqual(order.dropship_reversal_lot_ids.mapped("name"), ["RS-3"])
        self.assertEqual(order.dropship_reversal_open_count, 1)
        self.assertEqual(line.dropship_reversal_ids.state, "replacement")
        self.assertEqual(other.dropship_state, "returned")

    def test_nothing_to_do_asks_for_the_reason(self):
        order, _purchase, line = self._reverse_one_serial()
        action = order.action_dropship_reversal_done()
        self.assertEqual(action["res_model"], "dropship.reversal.settle")
        self.assertEqual(line.dropship_reversal_ids.state, "open", "nothing yet")
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertEqual(wizard.reversal_ids[:].mapped("lot_ids.name"), ["RS-2"])
        wizard.note = "Kept by the customer, returned by mistake"
        wizard.save().action_confirm()
        reversal = line.dropship_reversal_ids
        self.assertEqual(reversal.state, "closed")
        self.assertEqual(
            reversal.settle_note, "Kept by the customer, returned by mistake"
        )
        self.assertFalse(order.dropship_reversal_lot_ids)
        self.assertNotEqual(line.dropship_state, "returned")
        blank = self.env["dropship.reversal.settle"].create(
            {"sale_order_id": order.id, "note": "  "}
        )
        with self.assertRaisesRegex(UserError, "Say why nothing follows"):
            blank.action_confirm()
        self.assertEqual(reversal.state, "closed")

    def test_upgrade_turns_open_reversal_activities_into_records(self):
        order, _purchase, line = self._reverse_one_serial()
        # Before reversals were records, only the activity said it was open.
        line.dropship_reversal_ids.unlink()
        self.assertFalse(order.dropship_reversal_lot_ids)
        self.env["dropship.reversal"]._dropship_migrate_open_activities()
        reversal = line.dropship_reversal_ids
        self.assertEqual(reversal.state, "open")
        self.assertEqual(reversal.lot_ids.mapped("name"), ["RS-2"])
        self.assertEqual(order.dropship_reversal_lot_ids.mapped("name"), ["RS-2"])
        self.assertEqual(line.dropship_state, "returned")
        self.env["dropship.reversal"]._dropship_migrate_open_activities()
        self.assertEqual(len(line.dropship_reversal_ids), 1, "run twice, made once")

    def test_reversal_next_step_credit(self):
        order, _purchase, line = self._reverse_one_serial()
        pol = line.purchase_line_ids
        action = order.action_dropship_credit_reversed()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("nothing to credit", action["params"]["message"])
        self.assertEqual(line.product_uom_qty, 0, "taken off the order")
        self.assertEqual(pol.product_qty, 0, "and off the purchase order")
        self.assertEqual(len(order.order_line.filtered("product_uom_qty")), 2)
        self.assertFalse(order.dropship_reversal_lot_ids, "the step is done")

    def test_reversal_credit_of_an_invoiced_order_opens_invoicing(self):
        order, _purchase, line = self._reverse_one_serial()
        order._create_invoices().action_post()
        self.assertTrue(any(order.order_line.mapped("qty_invoiced")))
        action = order.action_dropship_credit_reversed()
        self.assertEqual(action["res_model"], "sale.advance.payment.inv")
        self.assertEqual(line.product_uom_qty, 0, "taken off the order")

    def test_lot_changed_on_done_receipt(self):
        order, purchase = self._confirmed_pair([(self.product_serial, 1)])
        picking = self._dropship_pickings(purchase)
        self._receive_lots(picking, {picking.move_ids: [("CH-1", 1)]})
        move_line = picking.move_ids.move_line_ids
        other_lot = self.env["stock.lot"].create(
            {"name": "CH-2", "product_id": self.product_serial.id}
        )
        with self.assertRaises(RedirectWarning) as caught:
            move_line.write({"lot_id": other_lot.id})
        self.assertEqual(move_line.lot_id.name, "CH-1")
        self.assertEqual(order.order_line.lot_ids.name, "CH-1")
        action = caught.exception.args[1]
        wizard = Form(
            self.env[action["res_model"]].with_context(**action["context"])
        ).save()
        self.assertEqual(wizard.line_ids.lot_names, "CH-1")
        wizard.action_confirm()
        self.assertEqual(move_line.lot_id, other_lot)
        self.assertEqual(order.order_line.lot_ids, other_lot)
        self.assertEqual(order.order_line.dropship_reversed_lot_ids.name, "CH-1")
        self.assertTrue(order.dropship_reversal_lot_ids)

    def test_over_receipt_is_not_split(self):
        self.env.company.dropship_sync_po_qty_policy = "notify"
        order, purchase = self._confirmed_pair([(self.product_serial, 2)])
        purchase.order_line.product_qty = 3
        picking = self._dropship_pickings(purchase)
        self._receive_lots(
            picking, {picking.move_ids: [("OV-1", 1), ("OV-2", 1), ("OV-3", 1)]}
        )
        self.assertEqual(
            picking.state, "done", "the receipt is never refused by the split"
        )
        self.assertEqual(len(order.order_line), 1)
        self.assertEqual(order.order_line.qty_delivered, 3)
        self.assertEqual(len(order.order_line.lot_ids), 3)
        self.assertIn(
            "more was received than ordered",
            str(order.message_ids.sorted("id", reverse=True)[:3].mapped("body")),
        )

    def test_stock_user_confirms_the_reversal(self):
        clerk = new_test_user(
            self.env, login="rev_clerk", groups="stock.group_stock_user"
        )
        order, _purchase, picking = self._split_pair()
        line = order.order_line.filtered(lambda sol: sol.lot_ids.name == "RS-3")
        move, lot = line.move_ids, line.lot_ids
        return_picking = self._return(
            picking, {move: 1}, lots={move: lot}, confirm=False
        )
        action = return_picking.with_user(clerk).button_validate()
        self.assertEqual(action["res_model"], "dropship.reversal.warning")
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(clerk)
            .with_context(**action["context"])
        ).save()
        self.assertEqual(wizard.line_ids.sale_order_name, order.name)
        wizard.action_confirm()
        self.assertEqual(return_picking.state, "done")
        self.assertEqual(line.dropship_state, "returned")
        self.assertEqual(order.dropship_reversal_lot_ids, lot)
