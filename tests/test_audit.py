# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestAudit(DropshipCommon):
    def test_audit_posts_on_both_documents(self):
        order = self._create_so([(self.product, 5), (self.product_serial, 2)])
        purchase = self._purchase_orders(order)
        sale_lines = order.order_line
        changes = [
            {
                "source": pol,
                "target": pol.sale_line_id,
                "field": "Quantity",
                "old": pol.product_qty,
                "new": pol.product_qty + 1,
                "rule": "po_qty",
            }
            for pol in purchase.order_line
        ]
        so_before, po_before = len(order.message_ids), len(purchase.message_ids)
        self.env["dropship.sync.audit"]._dropship_audit(changes)
        self.assertEqual(len(order.message_ids), so_before + 1, "one note per document")
        self.assertEqual(
            len(purchase.message_ids), po_before + 1, "one note per document"
        )
        so_note = order.message_ids.sorted("id", reverse=True)[0].body
        po_note = purchase.message_ids.sorted("id", reverse=True)[0].body
        self.assertIn(f"Changed by {purchase.name}", so_note)
        self.assertIn(f"Mirrored to {order.name}", po_note)
        for body in (so_note, po_note):
            for line in sale_lines:
                self.assertIn(line.product_id.display_name, body)
            self.assertIn("Quantity: 5 → 6", body)
            self.assertIn("Quantity: 2 → 3", body)

    def test_audit_formats_records_and_booleans(self):
        order = self._create_so([(self.product, 1)])
        purchase = self._purchase_orders(order)
        self.env["dropship.sync.audit"]._dropship_audit(
            [
                {
                    "source": order,
                    "target": purchase,
                    "field": "On Hold",
                    "old": False,
                    "new": True,
                    "rule": "so_hold",
                },
                {
                    "source": order.order_line,
                    "target": purchase.order_line,
                    "field": "Vendor",
                    "old": self.env["res.partner"],
                    "new": self.vendor,
                    "rule": "so_qty",
                },
            ]
        )
        so_note = order.message_ids.sorted("id", reverse=True)[0].body
        po_note = purchase.message_ids.sorted("id", reverse=True)[0].body
        self.assertIn(f"Mirrored to {purchase.name}", so_note)
        self.assertIn(f"Changed by {order.name}", po_note)
        for body in (so_note, po_note):
            self.assertIn("On Hold: No → Yes", body)
            self.assertIn(f"Vendor: - → {self.vendor.display_name}", body)
