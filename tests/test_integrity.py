# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from lxml import etree

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestIntegrity(DropshipCommon):
    """Each drift is built by writing with the rule switched off, then the
    rule is switched back on: the check must find it and the Fix repair it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Issue = cls.env["dropship.integrity.issue"]
        cls.product_lot = cls._create_dropship_product(
            "Drop-shipped Paint", 7.0, tracking="lot"
        )
        cls.sale_manager = new_test_user(
            cls.env,
            login="ds_integrity_sale_manager",
            groups="sales_team.group_sale_manager",
        )
        cls.salesman = new_test_user(
            cls.env,
            login="ds_integrity_salesman",
            groups="sales_team.group_sale_salesman",
        )

    def setUp(self):
        super().setUp()
        self.addCleanup(setattr, self.env.cr, "_now", self.env.cr._now)

    def _later(self):
        """What follows is written in a later transaction (write dates tell
        which side of a pair was changed last)."""
        self.env.flush_all()
        self.env.cr._now = fields.Datetime.now() + timedelta(minutes=5)

    def _scan(self, company=None):
        return self.Issue._dropship_scan(company or self.env.company)

    @staticmethod
    def _signed(issue, kind):
        """How the chatter signs what the Fix of ``issue`` changed."""
        orders = f"{issue.sale_order_id.name} / {issue.purchase_order_id.name}"
        return f"Changed by Integrity Fix “{kind}” on {orders}"

    def _fix(self, issues):
        """Fix ``issues`` as a user does: the Fix button, then the
        confirmation naming what it writes."""
        action = issues.action_dropship_fix()
        self.assertEqual(action["res_model"], "dropship.integrity.fix")
        wizard = Form(
            issues.env["dropship.integrity.fix"].with_context(**action["context"])
        ).save()
        for issue in wizard.issue_ids:
            self.assertIn(issue.fix_summary, wizard.summary)
        wizard.action_confirm()
        return wizard

    def _issues(self, order, state="open"):
        return self.Issue.search(
            [("sale_order_id", "=", order.id), ("state", "=", state)]
        )

    def _assert_fixed(self, issue):
        self.assertEqual(issue.state, "fixed")
        self.assertTrue(issue.close_date)
        self.assertFalse(self._scan(), "nothing left to find")
        self.assertEqual(
            self.Issue.search_count(
                [
                    ("sale_order_id", "=", issue.sale_order_id.id),
                    ("kind", "=", issue.kind),
                ]
            ),
            1,
            "a later check does not create the issue again",
        )

    # Healthy pairs

    def test_pairs_in_sync_give_no_issue(self):
        self._confirmed_pair([(self.product, 5)])
        self._create_so([(self.product, 2)], partner=self.customer_2)
        dozen, _purchase = self._confirmed_pair([(self.product, 2, self.uom_dozen)])
        dozen.order_line.product_uom_qty = 3
        _partial, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        picking.move_ids.receipt_unit_cost = 12.0
        self._receive(picking, {picking.move_ids: 3})
        purchase.order_line.price_unit = 11.0
        lots, purchase = self._confirmed_pair([(self.product_lot, 5)])
        picking = self._dropship_pickings(purchase)
        self._receive_lots(picking, {picking.move_ids: [("LOT-A", 2), ("LOT-B", 3)]})
        serial, purchase = self._confirmed_pair([(self.product_serial, 1)])
        picking = self._receive_lots(
            self._dropship_pickings(purchase),
            {self._dropship_pickings(purchase).move_ids: [("SN-1", 1)]},
        )
        self._return(picking)
        held, _purchase = self._confirmed_pair([(self.product, 1)])
        self._hold_with_wizard(held, "Credit check")
        _vendor_held, purchase = self._confirmed_pair([(self.product, 1)])
        purchase.write({"on_hold": True, "hold_reason": "Vendor audit"})
        cancelled, _purchase = self._confirmed_pair([(self.product, 4)])
        cancelled.with_context(disable_cancel_warning=True).action_cancel()
        _po_cancelled, purchase = self._confirmed_pair([(self.product_standard, 4)])
        purchase.button_cancel()
        self.assertEqual(len(lots.order_line), 2, "split per lot")
        self.assertEqual(serial.order_line.dropship_state, "returned")
        issues = self._scan()
        self.assertFalse(issues, issues.mapped("description"))

    # One side cancelled

    def test_cancel_purchase_side(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        line, pol = order.order_line, purchase.order_line
        self.env.company.dropship_sync_po_cancel_policy = "off"
        purchase.button_cancel()
        self.env.company.dropship_sync_po_cancel_policy = "mirror"
        self.assertEqual(line.product_uom_qty, 5)

        issue = self._scan()
        self.assertRecordValues(
            issue,
            [
                {
                    "kind": "cancel",
                    "company_id": self.env.company.id,
                    "sale_order_id": order.id,
                    "sale_line_id": line.id,
                    "purchase_order_id": purchase.id,
                    "purchase_line_id": pol.id,
                    "fixable": True,
                    "fix_target": "sale",
                    "state": "open",
                    "explanation": False,
                }
            ],
        )
        self.assertIn(f"{purchase.name} no longer orders", issue.description)
        self.assertIn("still sells 5 Units", issue.description)

        self._fix(issue)
        self.assertEqual(line.product_uom_qty, 0)
        self.assertEqual(line.dropship_state, "cancel")
        self.assertEqual(order.state, "cancel")
        self.assertEqual(purchase.state, "cancel")
        self.assertIn(
            self._signed(issue, "One side cancelled"), self._sync_notes(order)[0]
        )
        self.assertIn(f"Mirrored to {order.name}", self._sync_notes(purchase)[0])
        self._assert_fixed(issue)

    def test_cancel_sale_side(self):
        order, purchase = self._confirmed_pair(
            [(self.product, 5), (self.product_standard, 2)]
        )
        line = order.order_line.filtered(lambda sol: sol.product_id == self.product)
        pol = line.purchase_line_ids
        self.env.company.dropship_sync_so_line_cancel_policy = "off"
        line.product_uom_qty = 0
        self.env.company.dropship_sync_so_line_cancel_policy = "mirror"
        self.assertEqual(pol.product_qty, 5)

        issue = self._scan()
        self.assertRecordValues(
            issue,
            [
                {
                    "kind": "cancel",
                    "sale_line_id": line.id,
                    "purchase_line_id": pol.id,
                    "fixable": True,
                    "fix_target": "purchase",
                }
            ],
        )
        self.assertIn(f"{purchase.name} still orders 5 Units", issue.description)
        self._fix(issue)
        self.assertEqual(pol.product_qty, 0)
        self.assertEqual(purchase.state, "purchase", "the other line is kept")
        self.assertEqual((purchase.order_line - pol).product_qty, 2)
        self.assertEqual(line.dropship_state, "cancel")
        self.assertIn("Quantity: 5 → 0", self._sync_notes(purchase)[0])
        self.assertIn(
            self._signed(issue, "One side cancelled"), self._sync_notes(purchase)[0]
        )
        self.assertIn(f"Mirrored to {purchase.name}", self._sync_notes(order)[0])
        self._assert_fixed(issue)

    def test_cancel_after_receipt_is_not_fixable(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        self._receive(picking, {picking.move_ids: 2})
        self.env.company.dropship_sync_so_cancel_policy = "off"
        order.with_context(disable_cancel_warning=True).action_cancel()
        self.env.company.dropship_sync_so_cancel_policy = "mirror"
        self.assertEqual(order.state, "cancel")

        issue = self._scan()
        self.assertRecordValues(
            issue,
            [
                {
                    "kind": "cancel",
                    "sale_line_id": order.order_line.id,
                    "fixable": False,
                    "fix_summary": False,
                }
            ],
        )
        self.assertIn("already delivered 2 Units", issue.explanation)
        self.assertIn("Return the goods first", issue.explanation)
        notes = (len(self._sync_notes(order)), len(self._sync_notes(purchase)))
        with self.assertRaisesRegex(
            UserError, "cannot be fixed automatically.\nThe vendor already delivered 2"
        ):
            issue.action_dropship_fix()
        self.assertEqual(purchase.state, "purchase")
        self.assertEqual(purchase.order_line.product_qty, 5)
        self.assertEqual(purchase.order_line.qty_received, 2)
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.order_line.qty_delivered, 2)
        self.assertEqual(
            (len(self._sync_notes(order)), len(self._sync_notes(purchase))), notes
        )
        self.assertEqual(issue.state, "open")

    def test_locked_target_is_not_fixable_until_unlocked(self):
        self.env.company.dropship_sync_lock_policy = "off"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self.env.company.dropship_sync_po_cancel_policy = "off"
        purchase.button_cancel()
        self.env.company.dropship_sync_po_cancel_policy = "mirror"
        order.action_lock()

        issue = self._scan()
        self.assertRecordValues(issue, [{"kind": "cancel", "fixable": False}])
        self.assertIn(f"{order.name} is locked", issue.explanation)
        with self.assertRaisesRegex(UserError, f"{order.name} is locked: unlock it"):
            issue.action_dropship_fix()
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertEqual(order.state, "sale")
        self.assertFalse(self._sync_notes(order))

        order.action_unlock()
        self._fix(issue)
        self.assertEqual(order.order_line.product_uom_qty, 0)
        self.assertEqual(order.state, "cancel")
        self.assertEqual(issue.state, "fixed")

    # Quantities

    def test_quantity_changed_on_purchase_side(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        line, pol = order.order_line, purchase.order_line
        self._later()
        self.env.company.dropship_sync_po_qty_policy = "off"
        pol.product_qty = 3
        self.env.company.dropship_sync_po_qty_policy = "mirror"
        self.assertEqual(line.product_uom_qty, 5)

        issue = self._scan()
        self.assertRecordValues(
            issue,
            [
                {
                    "kind": "qty",
                    "sale_line_id": line.id,
                    "purchase_line_id": pol.id,
                    "fixable": True,
                    "fix_target": "sale",
                }
            ],
        )
        self.assertIn(
            f"{order.name} sells 5 Units, {purchase.name} orders 3 Units",
            issue.description,
        )
        self.assertIn(f"{purchase.name} was changed last", issue.fix_summary)
        self.assertFalse(self._scan() - issue, "a second check updates the issue")
        self.assertEqual(len(self._issues(order)), 1)

        self._fix(issue)
        self.assertEqual(line.product_uom_qty, 3)
        self.assertEqual(pol.product_qty, 3)
        self.assertIn("Quantity: 5 → 3", self._sync_notes(order)[0])
        self.assertIn(
            self._signed(issue, "Quantities differ"), self._sync_notes(order)[0]
        )
        self.assertIn(f"Mirrored to {order.name}", self._sync_notes(purchase)[0])
        self._assert_fixed(issue)

    def test_quantity_changed_on_sales_side_in_another_uom(self):
        order, purchase = self._confirmed_pair([(self.product, 2, self.uom_dozen)])
        line, pol = order.order_line, purchase.order_line
        self.assertEqual(pol.product_qty, 24)
        self._later()
        self.env.company.dropship_sync_so_qty_policy = "off"
        line.product_uom_qty = 1
        self.env.company.dropship_sync_so_qty_policy = "mirror"
        self.assertEqual(pol.product_qty, 24)

        issue = self._scan()
        self.assertRecordValues(
            issue, [{"kind": "qty", "fixable": True, "fix_target": "purchase"}]
        )
        self.assertIn("sells 1 Dozens", issue.description)
        self.assertIn("orders 2 Dozens", issue.description)
        self._fix(issue)
        self.assertEqual(pol.product_qty, 12)
        self.assertEqual(line.product_uom_qty, 1)
        self.assertIn("Quantity: 24 → 12", self._sync_notes(purchase)[0])
        self.assertIn(
            self._signed(issue, "Quantities differ"), self._sync_notes(purchase)[0]
        )
        self.assertIn(f"Mirrored to {purchase.name}", self._sync_notes(order)[0])
        self._assert_fixed(issue)

    def test_quantity_within_uom_rounding_is_no_issue(self):
        self.uom_dozen.rounding = 0.1
        _order, purchase = self._confirmed_pair([(self.product, 1, self.uom_dozen)])
        self.env.company.dropship_sync_po_qty_policy = "off"
        # 12.5 Units are 1.04 Dozens: 1.0 at the rounding of the sales UoM.
        purchase.order_line.product_qty = 12.5
        self.env.company.dropship_sync_po_qty_policy = "mirror"
        self.assertFalse(self._scan())

    def test_quantity_changed_on_both_sides_at_once_is_not_fixable(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self.env.company.dropship_sync_po_qty_policy = "off"
        purchase.order_line.product_qty = 3
        self.env.company.dropship_sync_po_qty_policy = "mirror"

        issue = self._scan()
        self.assertRecordValues(
            issue, [{"kind": "qty", "fixable": False, "fix_target": False}]
        )
        self.assertIn("were last changed at the same time", issue.explanation)
        with self.assertRaisesRegex(UserError, "which one is right cannot be told"):
            issue.action_dropship_fix()
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertEqual(purchase.order_line.product_qty, 3)
        self.assertFalse(self._sync_notes(order))
        self.assertFalse(self._sync_notes(purchase))

    def test_rule_off_is_not_a_drift(self):
        _order, purchase = self._confirmed_pair([(self.product, 5)])
        self._later()
        self.env.company.dropship_sync_po_qty_policy = "off"
        purchase.order_line.product_qty = 3
        self.assertFalse(self._scan(), "the company does not mirror it")
        self.env.company.dropship_sync_po_qty_policy = "notify"
        self.assertEqual(self._scan().kind, "qty", "notified, still to repair")

    def test_change_waiting_for_approval_is_not_a_drift(self):
        self.env.company.dropship_sync_po_qty_policy = "approve"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self._later()
        purchase.order_line.product_qty = 7
        self.assertEqual(order.order_line.product_uom_qty, 5, "the SO waits")
        self.assertEqual(order.dropship_pending_change_ids.state, "pending")
        self.assertFalse(self._scan(), "the salesperson decides")

    # Holds

    def test_hold_on_sales_side_only(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self.env.company.dropship_sync_so_hold = False
        order.write({"on_hold": True, "hold_reason": "Credit check"})
        self.env.company.dropship_sync_so_hold = True
        self.assertFalse(purchase.on_hold)

        issue = self._scan()
        self.assertRecordValues(
            issue,
            [
                {
                    "kind": "hold",
                    "sale_order_id": order.id,
                    "sale_line_id": False,
                    "purchase_order_id": purchase.id,
                    "purchase_line_id": False,
                    "fixable": True,
                    "fix_target": "purchase",
                }
            ],
        )
        self.assertIn(
            f"{order.name} is on hold (Credit check) but {purchase.name} is not",
            issue.description,
        )
        self._fix(issue)
        self.assertTrue(purchase.on_hold)
        self.assertEqual(purchase.hold_reason, "Credit check")
        self.assertEqual(purchase.hold_origin, order.name)
        self.assertFalse(order.hold_origin)
        self.assertIn("On Hold: No → Yes", self._sync_notes(purchase)[0])
        self.assertIn(
            self._signed(issue, "Hold on one side only"), self._sync_notes(purchase)[0]
        )
        self.assertIn(f"Mirrored to {purchase.name}", self._sync_notes(order)[0])
        self._assert_fixed(issue)

    def test_release_reaches_mirrored_holds_whatever_the_setting(self):
        """A mirrored hold is released with the hold it mirrors, even while
        the setting is off: no hold outlives the one that set it."""
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.write({"on_hold": True, "hold_reason": "Credit check"})
        self.assertEqual(purchase.hold_origin, order.name)
        self.env.company.dropship_sync_so_hold = False
        order.action_dropship_release()
        self.env.company.dropship_sync_so_hold = True
        self.assertFalse(purchase.on_hold)
        self.assertIn("On Hold: Yes (Credit check) → No", self._sync_notes(purchase)[0])
        self.assertFalse(self._scan())

    def test_hold_on_purchase_side_only(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self.env.company.dropship_sync_po_hold = False
        purchase.write({"on_hold": True, "hold_reason": "Vendor audit"})
        self.env.company.dropship_sync_po_hold = True
        issue = self._scan()
        self.assertRecordValues(
            issue, [{"kind": "hold", "fixable": True, "fix_target": "sale"}]
        )
        self._fix(issue)
        self.assertTrue(order.on_hold)
        self.assertEqual(order.hold_origin, purchase.name)
        self.assertEqual(order.order_line.dropship_state, "hold")
        self.assertIn(
            self._signed(issue, "Hold on one side only"), self._sync_notes(order)[0]
        )
        self.assertEqual(issue.state, "fixed")

    def test_drift_repaired_by_hand_is_resolved(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self.env.company.dropship_sync_so_hold = False
        order.write({"on_hold": True, "hold_reason": "Credit check"})
        self.env.company.dropship_sync_so_hold = True
        issue = self._scan()
        self.assertEqual(issue.state, "open")
        order.action_dropship_release()
        self.assertFalse(self._scan())
        self.assertEqual(issue.state, "resolved")
        self.assertTrue(issue.close_date)
        self.assertFalse(purchase.on_hold)
        with self.assertRaisesRegex(UserError, "no open issue"):
            issue.action_dropship_fix()

    # Receipt, cost, lots

    def test_receipt_not_reflected(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self._receive(self._dropship_pickings(purchase))
        line = order.order_line
        self.assertEqual(line.dropship_state, "shipped")
        self.env.flush_all()
        # No setting turns rule 4 off: this simulates a status and delivered
        # quantity stored outside the ORM, e.g. data from before the add-on
        # was installed.
        self.env.cr.execute(
            "UPDATE sale_order_line SET dropship_state = 'ordered', qty_delivered = 0 "
            "WHERE id = %s",
            [line.id],
        )
        self.env.invalidate_all()
        self.assertEqual(line.qty_delivered, 0)

        issue = self._scan()
        self.assertRecordValues(
            issue,
            [{"kind": "receipt", "sale_line_id": line.id, "fixable": True}],
        )
        self.assertIn(
            "delivered 0 Units while the drop-ship receipts delivered 5 Units",
            issue.description,
        )
        self._fix(issue)
        self.assertEqual(line.qty_delivered, 5)
        self.assertEqual(line.dropship_state, "shipped")
        self.assertEqual(purchase.order_line.qty_received, 5)
        note = self._sync_notes(order)[0]
        self.assertIn(self._signed(issue, "Receipt not reflected"), note)
        self.assertIn("0 → 5", note)
        self.assertIn("Drop-ship Status: Ordered → Shipped", note)
        self.assertIn(f"Mirrored to {order.name}", self._sync_notes(purchase)[0])
        self._assert_fixed(issue)

    def test_status_not_reflected(self):
        order, _purchase = self._confirmed_pair([(self.product, 5)])
        line = order.order_line
        self.env.flush_all()
        # As above: a status stored outside the ORM.
        self.env.cr.execute(
            "UPDATE sale_order_line SET dropship_state = 'rfq' WHERE id = %s",
            [line.id],
        )
        self.env.invalidate_all()
        issue = self._scan()
        self.assertIn(
            "drop-ship status Waiting for PO instead of Ordered", issue.description
        )
        self._fix(issue)
        self.assertEqual(line.dropship_state, "ordered")
        self.assertIn(
            "Drop-ship Status: Waiting for PO → Ordered", self._sync_notes(order)[0]
        )
        self.assertEqual(issue.state, "fixed")

    def test_cost_not_reflected(self):
        self.env.company.dropship_sync_receipt_cost = False
        order, purchase = self._confirmed_pair([(self.product, 5)])
        line = order.order_line
        picking = self._dropship_pickings(purchase)
        picking.move_ids.receipt_unit_cost = 12.0
        self._receive(picking)
        self.env.company.dropship_sync_receipt_cost = True
        old_cost = line.purchase_price
        self.assertNotAlmostEqual(old_cost, 12.0)

        issue = self._scan()
        self.assertRecordValues(
            issue,
            [
                {
                    "kind": "cost",
                    "sale_line_id": line.id,
                    "fixable": True,
                    "fix_target": "sale",
                }
            ],
        )
        self.assertIn("give 12", issue.description)
        self._fix(issue)
        self.assertAlmostEqual(line.purchase_price, 12.0)
        self.assertAlmostEqual(line.margin, line.price_subtotal - 5 * 12.0)
        self.assertAlmostEqual(purchase.order_line.price_unit, 10.0)
        note = self._sync_notes(order)[0]
        self.assertIn(self._signed(issue, "Cost not reflected"), note)
        self.assertIn("→ 12", note)
        self.assertIn(f"Mirrored to {order.name}", self._sync_notes(purchase)[0])
        self._assert_fixed(issue)

    def test_lots_not_reflected(self):
        self.env.company.dropship_sync_lot_record = False
        order, purchase = self._confirmed_pair([(self.product_lot, 5)])
        line = order.order_line
        picking = self._dropship_pickings(purchase)
        self._receive_lots(picking, {picking.move_ids: [("LOT-A", 5)]})
        self.env.company.dropship_sync_lot_record = True
        self.assertFalse(line.lot_ids)

        issue = self._scan()
        self.assertRecordValues(
            issue, [{"kind": "lots", "sale_line_id": line.id, "fixable": True}]
        )
        self.assertIn(
            "records the lots -, while the drop-ship receipts delivered LOT-A",
            issue.description,
        )
        self._fix(issue)
        self.assertEqual(line.lot_ids.mapped("name"), ["LOT-A"])
        self.assertEqual(line.lot_ids, picking.move_line_ids.lot_id)
        self.assertIn("- → LOT-A", self._sync_notes(order)[0])
        self.assertIn(f"Mirrored to {order.name}", self._sync_notes(purchase)[0])
        self._assert_fixed(issue)

    # Batch, schedule, access, companies

    def test_fix_several_issues_at_once(self):
        order_1, purchase_1 = self._confirmed_pair([(self.product, 5)])
        order_2, purchase_2 = self._confirmed_pair(
            [(self.product, 3)], partner=self.customer_2
        )
        self._later()
        self.env.company.dropship_sync_po_qty_policy = "off"
        purchase_1.order_line.product_qty = 4
        self.env.company.dropship_sync_po_qty_policy = "mirror"
        self.env.company.dropship_sync_so_hold = False
        order_2.write({"on_hold": True, "hold_reason": "Credit check"})
        self.env.company.dropship_sync_so_hold = True

        issues = self._scan()
        self.assertEqual(sorted(issues.mapped("kind")), ["hold", "qty"])
        self._fix(issues)
        self.assertEqual(order_1.order_line.product_uom_qty, 4)
        self.assertTrue(purchase_2.on_hold)
        self.assertEqual(set(issues.mapped("state")), {"fixed"})

    def test_scheduled_action(self):
        cron = self.env.ref(
            "sale_purchase_dropship_sync.ir_cron_dropship_integrity_scan"
        )
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        self.assertEqual(cron.code.strip(), "model._cron_dropship_scan()")
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self.env.company.dropship_sync_po_cancel_policy = "off"
        purchase.button_cancel()
        self.env.company.dropship_sync_po_cancel_policy = "mirror"
        cron.method_direct_trigger()
        issue = self._issues(order)
        self.assertEqual(issue.kind, "cancel")
        cron.method_direct_trigger()
        self.assertEqual(self._issues(order), issue, "no duplicate")

    def test_check_now_and_access(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        line = order.order_line
        self.env.company.dropship_sync_so_line_cancel_policy = "off"
        line.product_uom_qty = 0
        self.env.company.dropship_sync_so_line_cancel_policy = "mirror"
        self.assertFalse(self.sale_manager.has_group("purchase.group_purchase_user"))

        with self.assertRaises(AccessError):
            self.Issue.with_user(self.salesman).action_dropship_check_now()
        action = self.Issue.with_user(self.sale_manager).action_dropship_check_now()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn(
            "Open drop-ship integrity issues: 1.", action["params"]["message"]
        )
        issue = self._issues(order)
        self.assertRecordValues(issue, [{"kind": "cancel", "fix_target": "purchase"}])

        self.assertEqual(self.Issue.with_user(self.salesman).search([]), issue)
        with self.assertRaises(AccessError):
            issue.with_user(self.salesman).action_dropship_fix()
        self.assertEqual(purchase.order_line.product_qty, 5)
        self.assertEqual(issue.state, "open")

        # A sales manager without purchase rights repairs the purchase side.
        self._fix(issue.with_user(self.sale_manager))
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(issue.state, "fixed")

    def test_access_rights(self):
        users = {
            "salesman": (self.salesman, True, False),
            "sale_manager": (self.sale_manager, True, True),
            "purchaser": (
                new_test_user(
                    self.env,
                    login="ds_integrity_purchaser",
                    groups="purchase.group_purchase_user",
                ),
                True,
                False,
            ),
            "purchase_manager": (
                new_test_user(
                    self.env,
                    login="ds_integrity_purchase_manager",
                    groups="purchase.group_purchase_manager",
                ),
                True,
                True,
            ),
            "employee": (
                new_test_user(
                    self.env, login="ds_integrity_employee", groups="base.group_user"
                ),
                False,
                False,
            ),
        }
        for name, (user, read, write) in users.items():
            issues = self.Issue.with_user(user)
            self.assertEqual(issues.has_access("read"), read, name)
            self.assertEqual(issues.has_access("write"), write, name)
            self.assertEqual(issues.has_access("create"), write, name)

    def _pair_of_company(self, company):
        order = (
            self.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": company.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": 2}
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        purchase = self._purchase_orders(order)
        self.assertEqual(purchase.company_id, company)
        return order, purchase

    def test_companies_are_checked_apart(self):
        company_a = self.env.company
        company_b = self.env["res.company"].create({"name": "Integrity Company B"})
        self.env.user.company_ids |= company_b
        order_a, purchase_a = self._confirmed_pair([(self.product, 5)])
        order_b, purchase_b = self._pair_of_company(company_b)
        company_a.dropship_sync_so_hold = False
        order_a.write({"on_hold": True, "hold_reason": "A"})
        company_b.dropship_sync_po_hold = False
        purchase_b.with_company(company_b).write({"on_hold": True, "hold_reason": "B"})
        company_b.dropship_sync_po_hold = True
        self.assertFalse(purchase_a.on_hold)
        self.assertFalse(order_b.on_hold)

        self.assertFalse(self._scan(company_a), "company A does not mirror holds")
        issue_b = self._scan(company_b)
        self.assertRecordValues(
            issue_b,
            [
                {
                    "kind": "hold",
                    "company_id": company_b.id,
                    "sale_order_id": order_b.id,
                    "purchase_order_id": purchase_b.id,
                    "fix_target": "sale",
                }
            ],
        )
        company_a.dropship_sync_so_hold = True
        issue_a = self._scan(company_a)
        self.assertEqual(issue_a.company_id, company_a)
        self.assertEqual(issue_a.sale_order_id, order_a)
        self.assertEqual(issue_b.state, "open", "checking A leaves B's issues alone")

        manager_a = new_test_user(
            self.env,
            login="ds_integrity_manager_a",
            groups="sales_team.group_sale_manager",
            company_id=company_a.id,
            company_ids=[Command.set(company_a.ids)],
        )
        self.assertEqual(self.Issue.with_user(manager_a).search([]), issue_a)

        self._fix(issue_a | issue_b)
        self.assertTrue(purchase_a.on_hold)
        self.assertTrue(order_b.on_hold)
        self.assertEqual(order_b.hold_origin, purchase_b.name)
        self.assertFalse(order_a.hold_origin)
        self.assertEqual(set((issue_a | issue_b).mapped("state")), {"fixed"})

    def test_check_is_batched(self):
        def pairs(count):
            for _index in range(count):
                _order, purchase = self._confirmed_pair([(self.product, 2)])
                self._receive(self._dropship_pickings(purchase))

        def queries():
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            self.assertFalse(self._scan())
            return self.cr.sql_log_count - start

        pairs(2)
        few = queries()
        pairs(6)
        self.assertEqual(queries(), few)

    # The queue on screen

    def _qty_issue(self, minutes=5):
        """A pair whose purchase side was cut from 5 to 3, ``minutes`` later."""
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self.env.flush_all()
        self.env.cr._now = fields.Datetime.now() + timedelta(minutes=minutes)
        self.env.company.dropship_sync_po_qty_policy = "off"
        purchase.order_line.product_qty = 3
        self.env.company.dropship_sync_po_qty_policy = "mirror"
        return order, purchase

    def test_issues_of_an_order_once_none_is_left(self):
        """Opened from a sales order, the queue's empty state speaks of that
        order and of the issues open elsewhere, with a way to see them all;
        the Fix is confirmed by a message."""
        order, purchase = self._qty_issue()
        other, _purchase = self._qty_issue(minutes=10)
        issues = self._scan()
        issue = issues.filtered(lambda i: i.sale_order_id == order)
        self.assertEqual(len(issues), 2)
        action = order.with_user(self.sale_manager).action_dropship_issues()
        self.assertEqual(self.Issue.search(action["domain"]), issue)
        wizard = Form(
            self.env["dropship.integrity.fix"]
            .with_user(self.sale_manager)
            .with_context(**issue.action_dropship_fix()["context"])
        ).save()
        done = wizard.action_confirm()
        self.assertEqual(done["params"]["title"], "Fixed: 1 issue(s)")
        self.assertIn(issue.fix_summary, done["params"]["message"])
        self.assertIn("Both orders' chatters note", done["params"]["message"])
        self.assertEqual(issue.fixed_by_id, self.sale_manager)
        self.assertFalse(self.Issue.search(action["domain"]), "the list is empty")
        action = order.with_user(self.sale_manager).action_dropship_issues()
        self.assertIn(f"Nothing differs on {order.name}", action["help"])
        self.assertIn("1 issue(s) are open on other orders", action["help"])
        self.assertIn(
            'href="/odoo/action-sale_purchase_dropship_sync.'
            'dropship_integrity_issue_action"',
            action["help"],
        )
        self.assertNotIn("Every drop-ship pair is in sync", action["help"])
        self._fix(issues - issue)
        help_text = purchase.action_dropship_issues()["help"]
        self.assertIn(f"Nothing differs on {purchase.name}", help_text)
        self.assertIn("No issue is open on other orders", help_text)
        generic = self.env.ref(
            "sale_purchase_dropship_sync.dropship_integrity_issue_action"
        ).help
        self.assertNotIn("Every drop-ship pair is in sync", generic)
        self.assertEqual(other.order_line.product_uom_qty, 3)

    def test_fix_message_names_what_is_left(self):
        """An issue repaired meanwhile by another action stays open after
        the Fix: the message says so."""
        order, _purchase = self._qty_issue()
        issue = self._scan()
        message = issue._dropship_fix_message()["params"]
        self.assertEqual(message["type"], "warning")
        self.assertEqual(message["title"], "Fixed 0 of 1 issue(s)")
        self.assertIn(
            f"Still open after the Fix: {issue.description}", message["message"]
        )
        self.assertEqual(order.order_line.product_uom_qty, 5, "nothing written")

    def test_group_by_and_filters_offer_no_bookkeeping(self):
        fields = self.Issue.with_user(self.sale_manager).fields_get(
            attributes=["groupable", "searchable", "string"]
        )
        for fname in ("drift_key", "fix_target", "decision_id"):
            self.assertFalse(fields[fname]["groupable"], fname)
            self.assertFalse(fields[fname]["searchable"], fname)
        for fname in (
            "sale_line_id",
            "purchase_line_id",
            "last_check_date",
            "write_uid",
        ):
            self.assertFalse(fields[fname]["groupable"], fname)
        for fname in (
            "kind",
            "state",
            "sale_order_id",
            "purchase_order_id",
            "fixed_by_id",
        ):
            self.assertTrue(fields[fname]["groupable"], fname)
            self.assertTrue(fields[fname]["searchable"], fname)
        # A partial request gets what it asked for, nothing more.
        self.assertEqual(
            self.Issue.fields_get(["drift_key"], ["string"]),
            {"drift_key": {"string": "Drift Key"}},
        )
        search = self.Issue.get_views([(False, "search")])["views"]["search"]
        arch = etree.fromstring(search["arch"])
        (invoiced,) = arch.xpath("//filter[@name='kind_invoice']")
        self.assertEqual(invoiced.get("string"), "Invoiced above What Ships")
        self.assertEqual(invoiced.get("domain"), "[('kind', '=', 'invoice')]")
        group_bys = [
            node.get("context") for node in arch.xpath("//group/filter[@context]")
        ]
        self.assertFalse(
            [c for c in group_bys if "drift_key" in c or "fix_target" in c]
        )

    def test_decision_opens_from_the_issue(self):
        order, _purchase = self._qty_issue()
        issue = self._scan()
        issue.with_user(self.sale_manager).action_dropship_accept()
        action = issue.with_user(self.sale_manager).action_dropship_decision()
        self.assertEqual(
            (action["res_model"], action["res_id"]),
            ("dropship.sync.change", issue.decision_id.id),
        )
        self.assertEqual(issue.decided_by_id, self.sale_manager)
        self.assertEqual(self.Issue._fields["decided_by_id"].string, "Decided By")
        form = self.Issue.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="action_dropship_decision"', form)
        self.assertEqual(order.order_line.product_uom_qty, 5)
