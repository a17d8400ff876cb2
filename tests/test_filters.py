# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestOrderFilters(DropshipCommon):
    """The sales order filters of the search view find the right orders."""

    def _filter(self, name):
        arch = self.env["sale.order"].get_views([(False, "search")])["views"]["search"][
            "arch"
        ]
        (node,) = etree.fromstring(arch).xpath(f"//filter[@name='{name}']")
        return self.env["sale.order"].search(safe_eval(node.get("domain")))

    def test_filters(self):
        calm, _calm_purchase = self._confirmed_pair([(self.product, 1)])
        held, _held_purchase = self._confirmed_pair([(self.product, 1)])
        self._hold_with_wizard(held, "credit check")
        self.env.company.dropship_sync_po_qty_policy = "approve"
        pending, pending_purchase = self._confirmed_pair([(self.product, 5)])
        pending_purchase.order_line.product_qty = 4
        self.env.company.dropship_sync_po_qty_policy = "off"
        drifted, drifted_purchase = self._confirmed_pair([(self.product, 5)])
        drifted_purchase.order_line.product_qty = 3
        self.env.company.dropship_sync_po_qty_policy = "mirror"
        self.env["dropship.integrity.issue"]._dropship_scan()
        self.assertTrue(drifted.dropship_issue_ids)

        on_hold = self._filter("on_hold")
        self.assertIn(held, on_hold)
        self.assertNotIn(calm, on_hold)
        waiting = self._filter("dropship_pending_changes")
        self.assertIn(pending, waiting)
        self.assertFalse(waiting & (held | calm | drifted))
        issues = self._filter("dropship_issues")
        self.assertEqual(issues & (held | pending | drifted), held | pending | drifted)
        self.assertNotIn(calm, issues)
