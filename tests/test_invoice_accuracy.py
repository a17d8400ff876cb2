# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.sale_purchase_dropship_sync.models.dropship_door import as_mirror

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestInvoiceAccuracy(DropshipCommon):
    """A customer invoiced up front (ordered quantities) for 5 whose vendor
    then ships only 3 was invoiced for 2 units that will never ship."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.invoice_policy = "order"
        cls.issues = cls.env["dropship.integrity.issue"]

    def _invoiced_pair(self, qty=5):
        order, purchase = self._confirmed_pair([(self.product, qty)])
        wizard = Form(
            self.env["sale.advance.payment.inv"].with_context(
                active_model="sale.order", active_ids=order.ids
            )
        ).save()
        wizard.create_invoices()
        invoice = order.invoice_ids
        invoice.action_post()
        self.assertEqual(order.order_line.qty_invoiced, qty)
        return order, purchase, invoice

    def _fix(self, issue, user=None):
        issue = issue.with_user(user) if user else issue
        action = issue.action_dropship_fix()
        wizard = Form(
            issue.env["dropship.integrity.fix"].with_context(**action["context"])
        ).save()
        self.assertIn("draft credit note for 2 Units", wizard.summary)
        wizard.action_confirm()

    def test_vendor_cut_flags_over_invoiced_and_fix_drafts_credit_note(self):
        order, purchase, invoice = self._invoiced_pair()
        line = order.order_line
        purchase.order_line.product_qty = 3
        self.assertEqual(line.product_uom_qty, 3, "mirror")
        # Told at once: an activity for the salesperson and an open issue.
        activity = self._warning_activities(order).filtered(
            lambda a: "invoiced too much" in str(a.note)
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, order.user_id)
        self.assertIn("2 Units (40 USD) invoiced too much", str(activity.note))
        issue = self.issues.search(
            [("sale_line_id", "=", line.id), ("kind", "=", "invoice")]
        )
        self.assertEqual(issue.state, "open")
        self.assertTrue(issue.fixable)
        self.assertIn("invoiced for 5 Units", issue.description)
        self.assertIn("will deliver 3 Units", issue.description)
        self._fix(issue)
        refund = order.invoice_ids.filtered(lambda m: m.move_type == "out_refund")
        self.assertEqual(len(refund), 1)
        self.assertEqual(refund.state, "draft", "never posted")
        self.assertEqual(refund.partner_id, invoice.partner_id)
        self.assertEqual(refund.invoice_line_ids.quantity, 2)
        self.assertEqual(refund.invoice_line_ids.price_unit, 20.0)
        self.assertEqual(
            refund.invoice_line_ids.tax_ids, invoice.invoice_line_ids.tax_ids
        )
        self.assertEqual(refund.invoice_line_ids.sale_line_ids, line)
        self.assertEqual(refund.amount_untaxed, 40.0)
        self.assertEqual(issue.state, "fixed")
        self.assertIn("Draft credit note", self._sync_notes(order)[0])
        # Checked again: the draft credit note covers the difference.
        self.assertFalse(self.issues._dropship_scan_orders(order))
        self.assertEqual(invoice.state, "posted")

    def test_scan_finds_over_invoiced_line(self):
        """A cut that only notified, then made on the sales line by hand:
        the scan finds it."""
        order, purchase, _invoice = self._invoiced_pair()
        self.assertFalse(self.issues._dropship_scan_orders(order))
        self.env.company.dropship_sync_po_qty_policy = "off"
        purchase.order_line.product_qty = 3
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertFalse(
            self.issues._dropship_scan_orders(order).filtered(
                lambda i: i.kind == "invoice"
            )
        )
        # A drift made outside the synchronization (e.g. before it was installed).
        with as_mirror(self.env):
            order.order_line.product_uom_qty = 3
        issue = self.issues._dropship_scan_orders(order).filtered(
            lambda i: i.kind == "invoice"
        )
        self.assertEqual(len(issue), 1)
        self.assertIn("2 Units (40 USD) invoiced too much", issue.description)

    def test_purchase_cancel_flags_whole_invoice(self):
        order, purchase, _invoice = self._invoiced_pair()
        purchase.button_cancel()
        line = order.order_line
        self.assertEqual(line.product_uom_qty, 0)
        issue = self.issues.search(
            [("sale_line_id", "=", line.id), ("kind", "=", "invoice")]
        )
        self.assertEqual(len(issue), 1)
        self.assertIn("5 Units (100 USD) invoiced too much", issue.description)

    def test_posted_credit_note_settles(self):
        order, purchase, _invoice = self._invoiced_pair()
        purchase.order_line.product_qty = 3
        issue = self.issues.search([("sale_order_id", "=", order.id)])
        self._fix(issue)
        refund = order.invoice_ids.filtered(lambda m: m.move_type == "out_refund")
        refund.action_post()
        self.assertFalse(self.issues._dropship_scan_orders(order))
        self.assertEqual(order.order_line.qty_invoiced, 3)

    def test_invoiced_as_delivered_is_no_issue(self):
        order, purchase, _invoice = self._invoiced_pair()
        purchase.order_line.product_qty = 5
        self._receive(self._dropship_pickings(purchase))
        self.assertFalse(self.issues._dropship_scan_orders(order))
        self.assertFalse(
            self._warning_activities(order).filtered(
                lambda a: "invoiced too much" in str(a.note)
            )
        )

    def test_locked_after_partial_receipt_counts_delivered(self):
        """3 of 5 received, then the vendor closes the order: 2 never ship."""
        order, purchase, _invoice = self._invoiced_pair()
        picking = self._dropship_pickings(purchase)
        self._receive(picking, {picking.move_ids: 3}, backorder=False)
        self.assertEqual(order.order_line.qty_delivered, 3)
        purchase.button_done()
        issue = self.issues._dropship_scan_orders(order).filtered(
            lambda i: i.kind == "invoice"
        )
        self.assertEqual(len(issue), 1)
        self.assertIn("will deliver 3 Units", issue.description)

    def test_sales_manager_without_accounting_rights_fixes(self):
        manager = new_test_user(
            self.env, login="inv_manager", groups="sales_team.group_sale_manager"
        )
        order, purchase, _invoice = self._invoiced_pair()
        purchase.order_line.product_qty = 3
        issue = self.issues.search([("sale_order_id", "=", order.id)])
        self._fix(issue, user=manager)
        refund = order.invoice_ids.filtered(lambda m: m.move_type == "out_refund")
        self.assertEqual((refund.state, refund.invoice_line_ids.quantity), ("draft", 2))
        self.assertEqual(issue.state, "fixed")

    def test_banner_names_cause_lines_and_amount(self):
        """Both sides say 3, the customer was invoiced for 5: the banner says
        so, not that the lines differ from the purchase order."""
        order, purchase, _invoice = self._invoiced_pair()
        purchase.order_line.product_qty = 3
        self.assertEqual(order.order_line.product_uom_qty, 3)
        self.assertEqual(order.dropship_issue_count, 1)
        self.assertEqual(order.dropship_invoice_issue_count, 1)
        banner = str(order.dropship_over_invoiced)
        self.assertIn(self.product.display_name, banner)
        self.assertIn(
            "invoiced 5 Units, the vendor ships 3 Units: 2 Units ($\xa040.00) "
            "invoiced too much",
            banner,
        )
        # The generic "Out of sync" banner only shows for other issues.
        arch = self.env["sale.order"].get_views([(False, "form")])["views"]["form"]
        self.assertIn(
            'invisible="dropship_issue_count == dropship_invoice_issue_count"',
            arch["arch"],
        )
        self.assertIn("action_dropship_credit_over_invoiced", arch["arch"])
        # A salesperson sees the banner too.
        salesman = new_test_user(
            self.env,
            login="inv_banner_salesman",
            groups="sales_team.group_sale_salesman",
        )
        order.user_id = salesman
        self.assertEqual(str(order.with_user(salesman).dropship_over_invoiced), banner)

    def test_purchase_banner_names_the_sales_order_to_credit(self):
        """Both sides say 3, the customer was invoiced for 5: the purchase
        order names the sales order where the customer is credited, not
        that the lines differ."""
        purchaser = new_test_user(
            self.env, login="inv_po_banner", groups="purchase.group_purchase_user"
        )
        order, purchase, _invoice = self._invoiced_pair()
        purchase.order_line.product_qty = 3
        self.assertEqual(order.order_line.product_uom_qty, 3, "both sides say 3")
        as_purchaser = purchase.with_user(purchaser)
        self.assertEqual(as_purchaser.dropship_issue_count, 1)
        self.assertEqual(as_purchaser.dropship_invoice_issue_count, 1)
        self.assertEqual(as_purchaser.dropship_over_invoiced_sales, order.name)
        arch = self.env["purchase.order"].get_views([(False, "form")])["views"]
        arch = arch["form"]["arch"]
        self.assertIn("Customer invoiced above what ships", arch)
        self.assertIn(
            'invisible="dropship_issue_count == dropship_invoice_issue_count"', arch
        )
        action = purchase.action_dropship_over_invoiced_sale()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("sale.order", order.id)
        )
        # Credited on the sales order: the banner of the purchase order goes.
        self._fix(self.issues.search([("sale_order_id", "=", order.id)]))
        purchase.invalidate_recordset()
        self.assertEqual(purchase.dropship_invoice_issue_count, 0)
        self.assertFalse(purchase.dropship_over_invoiced_sales)
        self.assertEqual(purchase.order_line.product_qty, 3)

    def test_credit_the_customer_from_the_banner(self):
        manager = new_test_user(
            self.env, login="inv_banner_manager", groups="sales_team.group_sale_manager"
        )
        order, purchase, _invoice = self._invoiced_pair()
        purchase.order_line.product_qty = 3
        issue = self.issues.search([("sale_order_id", "=", order.id)])
        action = order.with_user(manager).action_dropship_credit_over_invoiced()
        self.assertEqual(action["res_model"], "dropship.integrity.fix")
        wizard = Form(
            self.env["dropship.integrity.fix"]
            .with_user(manager)
            .with_context(**action["context"])
        ).save()
        self.assertEqual(wizard.issue_ids, issue)
        done = wizard.action_confirm()
        # The Fix is confirmed: what it did, then the dialog closes.
        self.assertEqual(done["tag"], "display_notification")
        self.assertEqual(done["params"]["type"], "success")
        self.assertEqual(done["params"]["title"], "Fixed: 1 issue(s)")
        self.assertIn("a draft credit note for 2 Units", done["params"]["message"])
        self.assertIn("The issue links the credit note", done["params"]["message"])
        self.assertEqual(done["params"]["next"]["type"], "ir.actions.act_window_close")
        refund = order.invoice_ids.filtered(lambda m: m.move_type == "out_refund")
        self.assertEqual((refund.state, refund.amount_untaxed), ("draft", 40.0))
        self.assertEqual(issue.credit_note_id, refund)
        self.assertEqual(issue.credit_note_state, "draft")
        self.assertEqual(issue.fixed_by_id, manager)
        self.assertEqual(issue.state, "fixed")
        opened = issue.with_user(manager).action_dropship_credit_note()
        self.assertEqual(
            (opened["res_model"], opened["res_id"]), ("account.move", refund.id)
        )
        # Signed by the Fix of the issue, on the chatter and in the log.
        signed = (
            f"Integrity Fix “Invoiced above what ships” on {order.name} / "
            f"{purchase.name}"
        )
        self.assertIn(f"Changed by {signed}", self._sync_notes(order)[0])
        log = self.env["dropship.sync.change"].search(
            [("sale_order_id", "=", order.id), ("rule", "=", "integrity")]
        )
        self.assertEqual(log.source_ref, signed)
        self.assertEqual(log.user_id, manager)
        order.invalidate_recordset()
        self.assertEqual(order.dropship_invoice_issue_count, 0)
        self.assertFalse(order.dropship_over_invoiced)

    def test_credit_the_customer_refusals(self):
        """A salesperson cannot credit the customer from the banner, and an
        order with nothing invoiced too much has nothing to credit: nothing
        is written."""
        salesman = new_test_user(
            self.env,
            login="inv_banner_refused",
            groups="sales_team.group_sale_salesman",
        )
        order, purchase, _invoice = self._invoiced_pair()
        order.user_id = salesman
        purchase.order_line.product_qty = 3
        issue = self.issues.search([("sale_order_id", "=", order.id)])
        with self.assertRaises(AccessError):
            order.with_user(salesman).action_dropship_credit_over_invoiced()
        in_sync, _purchase, _invoice = self._invoiced_pair()
        with self.assertRaisesRegex(UserError, "There is no open issue to fix"):
            in_sync.action_dropship_credit_over_invoiced()
        self.assertEqual(issue.state, "open")
        self.assertFalse(issue.credit_note_id)
        self.assertEqual(
            (order | in_sync).invoice_ids.mapped("move_type"),
            ["out_invoice", "out_invoice"],
        )
