# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.sale_purchase_dropship_sync.models.dropship_door import as_mirror

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestDecisions(DropshipCommon):
    """Decisions are facts: a rejected supplier change or an accepted
    difference is respected by the integrity check and its Fix."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.dropship_sync_po_qty_policy = "approve"
        cls.Issue = cls.env["dropship.integrity.issue"]
        cls.salesman = new_test_user(
            cls.env, login="decision_salesman", groups="sales_team.group_sale_salesman"
        )
        cls.purchaser = new_test_user(
            cls.env, login="decision_purchaser", groups="purchase.group_purchase_user"
        )
        cls.sale_manager = new_test_user(
            cls.env,
            login="decision_sale_manager",
            groups="sales_team.group_sale_manager",
        )

    def setUp(self):
        super().setUp()
        self.addCleanup(setattr, self.env.cr, "_now", self.env.cr._now)

    def _later(self, minutes=5):
        """What follows happens in a later transaction, as in real use: the
        write dates of the two sides differ."""
        self.env.flush_all()
        self.env.cr._now = fields.Datetime.now() + timedelta(minutes=minutes)

    def _supplier_raise_not_followed(self):
        """The vendor raised 5 to 6 while the rule was off: an open issue."""
        self.env.company.dropship_sync_po_qty_policy = "off"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self._later()
        purchase.order_line.product_qty = 6
        self.env.company.dropship_sync_po_qty_policy = "mirror"
        issue = self.Issue._dropship_scan(self.env.company)
        return order, purchase, issue

    def _reject_supplier_cut(self):
        order, purchase = self._confirmed_pair([(self.product, 4)])
        order.user_id = self.salesman
        self._later()
        purchase.with_user(self.purchaser).order_line.product_qty = 3
        change = self.env["dropship.sync.change"].search(
            [("sale_order_id", "=", order.id), ("state", "=", "pending")]
        )
        self.assertEqual(len(change), 1)
        self._later(10)
        change.with_user(self.salesman).action_reject()
        return order, purchase, change

    def test_rejected_change_is_not_undone_by_the_check(self):
        order, purchase, change = self._reject_supplier_cut()
        self.assertRecordValues(
            change,
            [
                {
                    "state": "rejected",
                    "decision_kind": "qty",
                    "decision_key": "4|3",
                    "reviewer_id": self.salesman.id,
                }
            ],
        )
        # The purchase line was written after the sales line: without the
        # decision, the check would make the sales order follow it.
        self.assertGreater(purchase.order_line.write_date, order.order_line.write_date)
        self.assertFalse(self.Issue._dropship_scan(self.env.company), "nothing open")
        issue = self.Issue.search([("sale_order_id", "=", order.id)])
        self.assertRecordValues(
            issue,
            [
                {
                    "kind": "qty",
                    "state": "decided",
                    "decision_id": change.id,
                    "decided_by_id": self.salesman.id,
                    "fixable": False,
                    "fix_summary": False,
                }
            ],
        )
        self.assertIn("rejected this supplier change", issue.explanation)
        with self.assertRaisesRegex(UserError, "no open issue to fix"):
            issue.with_user(self.sale_manager).action_dropship_fix()
        self.assertEqual(order.order_line.product_uom_qty, 4)
        self.assertEqual(purchase.order_line.product_qty, 3)
        self.assertEqual(issue.state, "decided")
        log = self.env["dropship.sync.change"].search(
            [("sale_order_id", "=", order.id)]
        )
        self.assertEqual(log.mapped("state"), ["rejected"], "never applied after")

    def test_decision_holds_until_one_side_changes(self):
        order, purchase, _change = self._reject_supplier_cut()
        self.Issue._dropship_scan(self.env.company)
        self._later(20)
        # The vendor cuts again: a new pending change, not a drift.
        self.env.company.dropship_sync_po_qty_policy = "notify"
        purchase.order_line.product_qty = 2
        issues = self.Issue._dropship_scan(self.env.company)
        self.assertEqual(len(issues), 1, "4 against 2 was never decided")
        self.assertRecordValues(
            issues, [{"state": "open", "fixable": True, "fix_target": "sale"}]
        )
        self.assertIn("goes from 4 to 2", issues.fix_summary)
        self.assertEqual(order.order_line.product_uom_qty, 4)

    def test_accepted_difference(self):
        order, purchase, issue = self._supplier_raise_not_followed()
        self.assertEqual(issue.state, "open")
        issue.with_user(self.sale_manager).action_dropship_accept()
        self.assertEqual(issue.state, "decided")
        self.assertEqual(issue.decided_by_id, self.sale_manager)
        self.assertIn("accepted this difference", issue.explanation)
        self.assertFalse(self.Issue._dropship_scan(self.env.company))
        self.assertEqual(issue.state, "decided", "a later check keeps it decided")
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertEqual(purchase.order_line.product_qty, 6)
        self._later(10)
        with as_mirror(self.env):
            order.order_line.with_context(skip_procurement=True).product_uom_qty = 4
        issues = self.Issue._dropship_scan(self.env.company)
        self.assertEqual(issues, issue, "open again once a side changed")
        self.assertEqual(issue.state, "open")

    def test_reject_asks_why(self):
        order, purchase = self._confirmed_pair([(self.product, 4)])
        order.user_id = self.salesman
        purchase.with_user(self.purchaser).order_line.product_qty = 3
        change = order.dropship_pending_change_ids
        action = change.with_user(self.salesman).action_dropship_reject_reason()
        self.assertEqual(action["res_model"], "dropship.decision.reason")
        Reason = self.env[action["res_model"]].with_user(self.salesman)
        blank = Reason.with_context(**action["context"]).create({"reason": "  "})
        with self.assertRaisesRegex(UserError, "Say why"):
            blank.action_confirm()
        self.assertEqual(change.state, "pending", "nothing happened")
        dialog = Form(Reason.with_context(**action["context"]))
        self.assertEqual(dialog.change_ids[:], change)
        dialog.reason = "Customer needs all 4 for the opening"
        dialog.save().action_confirm()
        self.assertRecordValues(
            change,
            [
                {
                    "state": "rejected",
                    "reviewer_id": self.salesman.id,
                    "review_note": "Customer needs all 4 for the opening",
                }
            ],
        )
        self.assertEqual(order.order_line.product_uom_qty, 4)
        self.assertEqual(purchase.order_line.product_qty, 3)
        for document in (order, purchase):
            notes = [str(m.body) for m in document.message_ids]
            self.assertTrue(
                any(
                    "rejected the supplier change" in n
                    and "Reason: Customer needs all 4 for the opening" in n
                    for n in notes
                ),
                document.name,
            )
        activity = self._warning_activities(purchase).filtered(
            lambda a: a.summary == "Supplier change rejected"
        )
        self.assertIn("Reason: Customer needs all 4", str(activity.note))
        self.Issue._dropship_scan(self.env.company)
        issue = self.Issue.search([("sale_order_id", "=", order.id)])
        self.assertIn("Reason: Customer needs all 4", issue.explanation)

    def test_accept_difference_asks_why(self):
        order, purchase, issue = self._supplier_raise_not_followed()
        manager_issue = issue.with_user(self.sale_manager)
        action = manager_issue.action_dropship_accept_reason()
        dialog = Form(
            self.env[action["res_model"]]
            .with_user(self.sale_manager)
            .with_context(**action["context"])
        )
        self.assertEqual(dialog.issue_ids[:], issue)
        self.assertEqual(issue.state, "open", "nothing happened yet")
        dialog.reason = "The vendor adds one free unit"
        dialog.save().action_confirm()
        self.assertEqual(issue.state, "decided")
        self.assertEqual(issue.decision_id.review_note, "The vendor adds one free unit")
        self.assertEqual(issue.decision_id.state, "accepted")
        self.assertIn("Reason: The vendor adds one free unit", issue.explanation)
        for document in (order, purchase):
            self.assertTrue(
                any(
                    "accepted a drop-ship difference" in str(m.body)
                    and "Reason: The vendor adds one free unit" in str(m.body)
                    for m in document.message_ids
                ),
                document.name,
            )
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertEqual(purchase.order_line.product_qty, 6)

    def test_fix_names_what_it_writes(self):
        self.env.company.dropship_sync_po_qty_policy = "off"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self._later()
        purchase.order_line.product_qty = 3
        self.env.company.dropship_sync_po_qty_policy = "mirror"
        issue = self.Issue._dropship_scan(self.env.company)
        action = issue.action_dropship_fix()
        wizard = Form(
            self.env["dropship.integrity.fix"].with_context(**action["context"])
        ).save()
        self.assertIn(
            f"{order.name}: the quantity of {self.product.display_name} goes from "
            "5 to 3 Units",
            wizard.summary,
        )
        self.assertEqual(order.order_line.product_uom_qty, 5, "nothing written yet")
        wizard.action_confirm()
        self.assertEqual(order.order_line.product_uom_qty, 3)
        self.assertEqual(issue.state, "fixed")

    def test_fix_refuses_a_cost_from_missing_data(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        self._receive(picking, {picking.move_ids: 3})
        cost = order.order_line.purchase_price
        # A receipt validated before the module was installed has no cost.
        self.env.cr.execute(
            "UPDATE stock_move SET receipt_unit_cost = NULL WHERE id IN %s",
            [tuple(picking.move_ids.ids)],
        )
        self.env.invalidate_all()
        issue = self.Issue._dropship_scan(self.env.company)
        self.assertRecordValues(issue, [{"kind": "cost", "fixable": False}])
        self.assertIn("receipt cost of", issue.explanation)
        self.assertIn(picking.name, issue.explanation)
        with self.assertRaisesRegex(UserError, "cannot be fixed automatically"):
            issue.action_dropship_fix()
        self.assertEqual(order.order_line.purchase_price, cost, "not set from nothing")
