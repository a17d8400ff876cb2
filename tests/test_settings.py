# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, tagged

from .common import DropshipCommon

DEFAULTS = {
    "dropship_sync_so_hold": True,
    "dropship_sync_po_hold": True,
    "dropship_sync_so_cancel_policy": "mirror",
    "dropship_sync_so_line_cancel_policy": "mirror",
    "dropship_sync_po_cancel_policy": "mirror",
    "dropship_sync_lock_policy": "mirror",
    "dropship_sync_receipt_cost": True,
    "dropship_sync_lot_record": True,
    "dropship_sync_lot_split": True,
    "dropship_sync_receipt_date": True,
    "dropship_sync_po_date_policy": "mirror",
    "dropship_sync_so_qty_policy": "mirror",
    "dropship_sync_po_qty_policy": "mirror",
    "dropship_sync_po_price_policy": "mirror",
    "dropship_sync_bill_cost_policy": "mirror",
}


@tagged("post_install", "-at_install")
class TestSettings(DropshipCommon):
    def test_defaults_on_existing_and_new_company(self):
        new_company = self.env["res.company"].create({"name": "Fresh Company"})
        for company in (self.env.company, new_company):
            for field, value in DEFAULTS.items():
                self.assertEqual(company[field], value, f"{company.name}: {field}")

    def test_policy_modes(self):
        """Supplier-side rules can wait for approval; the others cannot."""
        fields = self.env["res.company"]._fields
        for name in (
            "dropship_sync_po_qty_policy",
            "dropship_sync_po_date_policy",
            "dropship_sync_po_price_policy",
            "dropship_sync_po_cancel_policy",
            "dropship_sync_bill_cost_policy",
        ):
            self.assertEqual(
                [key for key, _label in fields[name].selection],
                ["mirror", "approve", "notify", "off"],
                name,
            )
        for name in (
            "dropship_sync_so_qty_policy",
            "dropship_sync_so_cancel_policy",
            "dropship_sync_so_line_cancel_policy",
            "dropship_sync_lock_policy",
        ):
            self.assertEqual(
                [key for key, _label in fields[name].selection],
                ["mirror", "notify", "off"],
                name,
            )

    def test_settings_are_per_company(self):
        company_a = self.env.company
        company_b = self.env["res.company"].create({"name": "Company B"})
        self.env.user.company_ids |= company_b
        settings = Form(self.env["res.config.settings"].with_company(company_b))
        for field, value in DEFAULTS.items():
            self.assertEqual(settings[field], value, field)
        settings.dropship_sync_po_qty_policy = "notify"
        settings.dropship_sync_so_hold = False
        settings.save().execute()
        self.assertEqual(company_b.dropship_sync_po_qty_policy, "notify")
        self.assertFalse(company_b.dropship_sync_so_hold)
        self.assertEqual(company_a.dropship_sync_po_qty_policy, "mirror")
        self.assertTrue(company_a.dropship_sync_so_hold)
        settings_a = Form(self.env["res.config.settings"].with_company(company_a))
        self.assertEqual(settings_a.dropship_sync_po_qty_policy, "mirror")

    def test_settings_link_hold_codes_and_integrity(self):
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        for xmlid in ("dropship_hold_reason_action", "dropship_integrity_issue_action"):
            action = self.env.ref(f"sale_purchase_dropship_sync.{xmlid}")
            self.assertIn(f'name="{action.id}"', arch, xmlid)
        self.assertIn('name="action_dropship_check_now"', arch)

    def test_check_now_from_settings(self):
        """Check Now in the settings lists the pair out of sync, then opens
        the integrity queue."""
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self.env.company.dropship_sync_so_line_cancel_policy = "off"
        order.order_line.product_uom_qty = 0
        self.env.company.dropship_sync_so_line_cancel_policy = "mirror"
        Issue = self.env["dropship.integrity.issue"]
        self.assertFalse(Issue.search([("sale_order_id", "=", order.id)]))

        action = self.env["res.config.settings"].create({}).action_dropship_check_now()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn(
            "Open drop-ship integrity issues: 1.", action["params"]["message"]
        )
        queue = action["params"]["next"]
        self.assertEqual(queue["res_model"], "dropship.integrity.issue")
        self.assertEqual(queue["name"], "Drop-ship Integrity")
        issue = Issue.search([("sale_order_id", "=", order.id)])
        self.assertRecordValues(issue, [{"kind": "cancel", "state": "open"}])
        # The check only lists the drift: both orders are as they were.
        self.assertEqual(order.order_line.product_uom_qty, 0)
        self.assertEqual(purchase.order_line.product_qty, 5)
