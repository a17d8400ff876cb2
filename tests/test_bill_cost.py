# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.tests import new_test_user, tagged

from odoo.addons.sale_purchase_dropship_sync.models.dropship_door import as_mirror

from .common import DropshipCommon


class BillCommon(DropshipCommon):
    """Vendor bills and credit notes of drop-ship purchase orders, made by
    Odoo's own flow (the purchase order's Create Bill, the reversal wizard)."""

    def _bill(self, purchase, price, quantity=None, currency=None, post=True):
        action = purchase.action_create_invoice()
        bill = self.env["account.move"].browse(action["res_id"])
        bill.invoice_date = fields.Date.today()
        if currency:
            bill.currency_id = currency
        line = bill.invoice_line_ids.filtered("purchase_line_id")
        line.price_unit = price
        if quantity is not None:
            line.quantity = quantity
        if post:
            bill.action_post()
        return bill

    def _credit_note(self, bill, quantity):
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=bill.ids)
            .create({"journal_id": bill.journal_id.id, "date": fields.Date.today()})
        )
        refund = self.env["account.move"].browse(wizard.refund_moves()["res_id"])
        refund.invoice_line_ids.filtered("purchase_line_id").quantity = quantity
        refund.action_post()
        return refund

    def _received_pair(self, qty=10, received=None, product=None):
        order, purchase = self._confirmed_pair([(product or self.product, qty)])
        picking = self._dropship_pickings(purchase)
        quantities = None if received is None else {picking.move_ids: received}
        self._receive(picking, quantities)
        return order, purchase

    def _log(self, order, **domain):
        return self.env["dropship.sync.change"].search(
            [("sale_order_id", "=", order.id), ("rule", "=", "bill_cost")]
            + [(key, "=", value) for key, value in domain.items()]
        )


@tagged("post_install", "-at_install")
class TestBillCost(BillCommon):
    def test_bill_above_po_price_after_full_receipt(self):
        order, purchase = self._received_pair()
        line = order.order_line
        self.assertAlmostEqual(line.purchase_price, 10.0)
        self._bill(purchase, 12.0)
        self.assertAlmostEqual(line.purchase_price, 12.0)
        self.assertAlmostEqual(line.margin, 10 * (20.0 - 12.0))
        self.assertEqual(purchase.order_line.price_unit, 10.0, "the PO keeps its price")
        log = self._log(order)
        self.assertEqual(len(log), 1)
        self.assertEqual(
            (log.old_value, log.new_value, log.state), ("10", "12", "done")
        )
        self.assertEqual(log.purchase_order_id, purchase)
        self.assertIn("Cost: 10 → 12", self._sync_notes(order)[0])
        self.assertIn("Cost: 10 → 12", self._sync_notes(purchase)[0])

    def test_bill_below_po_price_after_partial_receipt(self):
        """4 of 10 received and billed at 8: 4 at 8, 6 to come at 10."""
        order, purchase = self._received_pair(received=4)
        self._bill(purchase, 8.0)
        self.assertAlmostEqual(order.order_line.purchase_price, (4 * 8 + 6 * 10) / 10)
        self.assertEqual(purchase.order_line.price_unit, 10.0)
        # The rest arrives at the purchase price: received, not billed.
        self._receive(self._dropship_pickings(purchase))
        self.assertAlmostEqual(order.order_line.purchase_price, (4 * 8 + 6 * 10) / 10)

    def test_cost_follows_a_sales_quantity_change(self):
        """4 of 6 received and billed at 9; the customer orders 8 (the
        purchase order follows): 4 at 9, 4 to come at 10."""
        order, purchase = self._received_pair(qty=6, received=4)
        self._bill(purchase, 9.0)
        self.assertAlmostEqual(
            order.order_line.purchase_price, (4 * 9 + 2 * 10) / 6, places=2
        )
        order.order_line.product_uom_qty = 8
        self.assertEqual(purchase.order_line.product_qty, 8)
        self.assertAlmostEqual(
            order.order_line.purchase_price, (4 * 9 + 4 * 10) / 8, places=2
        )

    def test_partial_bill_after_full_receipt(self):
        """10 received at 10, 6 billed at 12: 6 at 12, 4 at the receipt cost."""
        order, purchase = self._received_pair()
        self._bill(purchase, 12.0, quantity=6)
        self.assertAlmostEqual(order.order_line.purchase_price, (6 * 12 + 4 * 10) / 10)

    def test_bill_in_other_currency(self):
        """A bill of 24 EUR at 2 EUR per company unit costs 12."""
        eur = self.env.ref("base.EUR")
        eur.active = True
        company = self.env.company
        self.assertNotEqual(company.currency_id, eur)
        self.env["res.currency.rate"].create(
            {
                "currency_id": eur.id,
                "company_id": company.id,
                "name": fields.Date.today(),
                "rate": 2.0,
            }
        )
        order, purchase = self._received_pair()
        bill = self._bill(purchase, 24.0, currency=eur)
        self.assertEqual(bill.currency_id, eur)
        self.assertAlmostEqual(order.order_line.purchase_price, 12.0)

    def test_standard_cost_keeps_standard_price(self):
        order, purchase = self._received_pair(product=self.product_standard)
        self.assertAlmostEqual(order.order_line.purchase_price, 15.0)
        self._bill(purchase, 30.0)
        self.assertAlmostEqual(order.order_line.purchase_price, 15.0)
        self.assertFalse(self._log(order))

    def test_vendor_credit_note(self):
        """Billed 10 at 12, 5 credited: 5 at 12, 5 at the receipt cost."""
        order, purchase = self._received_pair()
        bill = self._bill(purchase, 12.0)
        refund = self._credit_note(bill, 5)
        self.assertEqual(refund.move_type, "in_refund")
        self.assertAlmostEqual(order.order_line.purchase_price, (5 * 12 + 5 * 10) / 10)
        self.assertEqual(
            self._log(order).sorted("id").mapped("new_value"), ["12", "11"]
        )

    def test_bill_reset_to_draft(self):
        order, purchase = self._received_pair()
        bill = self._bill(purchase, 12.0)
        self.assertAlmostEqual(order.order_line.purchase_price, 12.0)
        bill.button_draft()
        self.assertAlmostEqual(order.order_line.purchase_price, 10.0)
        self.assertEqual(
            self._log(order).sorted("id").mapped("new_value"), ["12", "10"]
        )
        self.assertIn("Cost: 12 → 10", self._sync_notes(order)[0])
        bill.action_post()
        self.assertAlmostEqual(order.order_line.purchase_price, 12.0)

    def test_bill_signs_the_cost_change(self):
        """The cost change names the vendor bill that made it, on the
        sales order's chatter and in the change log; so does a reset."""
        order, purchase = self._received_pair()
        bill = self._bill(purchase, 12.0)
        signed = f"Vendor Bill {bill.name}"
        self.assertIn(f"Changed by {signed}", self._sync_notes(order)[0])
        self.assertNotIn(f"Changed by {purchase.name}", self._sync_notes(order)[0])
        self.assertIn(f"Mirrored to {order.name}", self._sync_notes(purchase)[0])
        log = self._log(order)
        self.assertEqual(log.source_ref, signed)
        self.assertEqual(log.purchase_order_id, purchase, "the pair is kept")
        self.assertIn(signed, log.display_name)
        bill.button_draft()
        self.assertEqual(self._log(order).mapped("source_ref"), [signed, signed])
        self.assertIn(f"Changed by {signed}", self._sync_notes(order)[0])

    def test_integrity_check_agrees_with_bill_cost(self):
        order, purchase = self._received_pair()
        self._bill(purchase, 12.0)
        issues = self.env["dropship.integrity.issue"]
        self.assertFalse(issues._dropship_scan_orders(order))
        # A cost overwritten by hand is put back to the billed cost.
        with as_mirror(self.env):
            order.order_line.purchase_price = 10.0
        issue = issues._dropship_scan_orders(order)
        self.assertEqual(issue.kind, "cost")
        self.assertIn("give 12", issue.description)
        issue._dropship_fix()
        self.assertAlmostEqual(order.order_line.purchase_price, 12.0)
        self.assertEqual(issue.state, "fixed")


@tagged("post_install", "-at_install")
class TestBillCostPolicy(BillCommon):
    def test_approve(self):
        self.env.company.dropship_sync_bill_cost_policy = "approve"
        order, purchase = self._received_pair()
        self._bill(purchase, 12.0)
        line = order.order_line
        self.assertAlmostEqual(line.purchase_price, 10.0, "waits for approval")
        pending = self._log(order, state="pending")
        self.assertEqual(len(pending), 1)
        self.assertAlmostEqual(pending.proposed_float, 12.0)
        self.assertAlmostEqual(pending.amount_impact, -20.0)
        self.assertFalse(
            self.env["dropship.integrity.issue"]._dropship_scan_orders(order),
            "a pending change is no drift",
        )
        pending.action_approve()
        self.assertEqual(pending.state, "approved")
        self.assertAlmostEqual(line.purchase_price, 12.0)
        self.assertEqual(self._log(order, state="done").new_value, "12")
        bill = purchase.invoice_ids
        self.assertEqual(pending.source_ref, f"Vendor Bill {bill.name}")
        self.assertEqual(
            self._log(order, state="done").source_ref, f"Vendor Bill {bill.name}"
        )
        self.assertIn(f"Changed by Vendor Bill {bill.name}", self._sync_notes(order)[0])
        self.assertEqual(purchase.order_line.price_unit, 10.0)

    def test_approve_superseded_by_reset(self):
        self.env.company.dropship_sync_bill_cost_policy = "approve"
        order, purchase = self._received_pair()
        bill = self._bill(purchase, 12.0)
        pending = self._log(order, state="pending")
        bill.button_draft()
        self.assertEqual(pending.state, "superseded")
        self.assertAlmostEqual(order.order_line.purchase_price, 10.0)

    def test_approve_follows_the_posted_bills(self):
        """Two bills wait: each posting or reset leaves one pending cost,
        the one of the bills posted now."""
        self.env.company.dropship_sync_bill_cost_policy = "approve"
        order, purchase = self._received_pair()
        self._bill(purchase, 12.0, quantity=6)
        first = self._log(order, state="pending")
        self.assertAlmostEqual(first.proposed_float, (6 * 12 + 4 * 10) / 10)
        second_bill = self._bill(purchase, 14.0)
        self.assertEqual(first.state, "superseded")
        second = self._log(order, state="pending")
        self.assertAlmostEqual(second.proposed_float, (6 * 12 + 4 * 14) / 10)
        second_bill.button_draft()
        self.assertEqual(second.state, "superseded")
        third = self._log(order, state="pending")
        self.assertEqual(len(third), 1)
        self.assertAlmostEqual(third.proposed_float, (6 * 12 + 4 * 10) / 10)
        third.action_approve()
        self.assertAlmostEqual(order.order_line.purchase_price, 11.2)

    def test_approve_reject_keeps_cost(self):
        self.env.company.dropship_sync_bill_cost_policy = "approve"
        order, purchase = self._received_pair()
        self._bill(purchase, 12.0)
        pending = self._log(order, state="pending")
        pending.action_reject()
        self.assertEqual(pending.state, "rejected")
        self.assertAlmostEqual(order.order_line.purchase_price, 10.0)
        self.assertTrue(self._warning_activities(purchase))

    def test_notify(self):
        self.env.company.dropship_sync_bill_cost_policy = "notify"
        order, purchase = self._received_pair()
        self._bill(purchase, 12.0)
        self.assertAlmostEqual(order.order_line.purchase_price, 10.0)
        self.assertEqual(self._log(order).state, "notified")
        activity = self._warning_activities(order)
        self.assertEqual(len(activity), 1)
        self.assertIn("at 12 instead of 10", str(activity.note))
        self.assertIn(purchase.invoice_ids.name, str(activity.note))

    def test_off(self):
        self.env.company.dropship_sync_bill_cost_policy = "off"
        order, purchase = self._received_pair()
        self._bill(purchase, 12.0)
        self.assertAlmostEqual(order.order_line.purchase_price, 10.0)
        self.assertFalse(self._log(order))
        self.assertFalse(self._warning_activities(order))

    def test_accountant_posts_salesperson_approves(self):
        """An accountant without sales or purchase rights posts the bill; a
        salesperson without purchase or accounting rights approves it."""
        accountant = new_test_user(
            self.env, login="bill_accountant", groups="account.group_account_invoice"
        )
        salesman = new_test_user(
            self.env, login="bill_salesman", groups="sales_team.group_sale_salesman"
        )
        order, purchase = self._received_pair()
        order.user_id = salesman
        bill = self._bill(purchase, 12.0, post=False)
        bill.with_user(accountant).action_post()
        self.assertEqual(bill.state, "posted")
        self.assertAlmostEqual(order.order_line.purchase_price, 12.0, "mirror")
        self.env.company.dropship_sync_bill_cost_policy = "approve"
        bill.with_user(accountant).button_draft()
        self.assertAlmostEqual(order.order_line.purchase_price, 10.0)
        bill.with_user(accountant).action_post()
        pending = self._log(order, state="pending")
        self.assertEqual(len(pending), 1)
        pending.with_user(salesman).action_approve()
        self.assertEqual(pending.state, "approved")
        self.assertAlmostEqual(order.order_line.purchase_price, 12.0)
