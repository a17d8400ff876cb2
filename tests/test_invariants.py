# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Random sequences of operations on real drop-ship pairs, checking the
invariants of the design after every step.

The default run (``make test``) plays a few hundred steps with a fixed seed;
``make test-long`` plays at least 1,000 random sequences
(DROPSHIP_HYPOTHESIS_EXAMPLES, DROPSHIP_HYPOTHESIS_STEPS,
DROPSHIP_HYPOTHESIS_RANDOM=1).
"""

import os
from itertools import count

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import float_compare

from .common import DropshipCommon

EXAMPLES = int(os.environ.get("DROPSHIP_HYPOTHESIS_EXAMPLES", "25"))
STEPS = int(os.environ.get("DROPSHIP_HYPOTHESIS_STEPS", "12"))
RANDOM = os.environ.get("DROPSHIP_HYPOTHESIS_RANDOM") == "1"

POLICY_FIELDS = [
    "dropship_sync_so_qty_policy",
    "dropship_sync_po_qty_policy",
    "dropship_sync_so_cancel_policy",
    "dropship_sync_so_line_cancel_policy",
    "dropship_sync_po_cancel_policy",
]


class DropshipMachine(RuleBasedStateMachine):
    """One sales order of three drop-ship lines and its purchase order."""

    case = None  # the running test case
    serials = count(1)

    def __init__(self):
        super().__init__()
        self.savepoint = self.case.env.cr.savepoint()
        self.mirror_everywhere = True
        self.order = self.other = None

    @initialize(merged=st.booleans())
    def create_pair(self, merged):
        """Three drop-ship lines on one sales order; with ``merged``, its
        RFQ and another order's are merged into one purchase order before
        it is confirmed."""
        lines = [
            (self.case.product, 5),
            (self.case.product, 2, self.case.uom_dozen),
            (self.case.product_serial, 3),
        ]
        if not merged:
            self.order, _purchase = self.case._confirmed_pair(lines)
            return
        self.order = self.case._create_so(lines)
        self.other = self.case._create_so([(self.case.product, 4)])
        rfqs = self.case._purchase_orders(self.order) | self.case._purchase_orders(
            self.other
        )
        rfqs.action_merge()
        rfqs.filtered(lambda po: po.state != "cancel").button_confirm()

    def teardown(self):
        self.savepoint.close(rollback=True)

    # -- helpers ----------------------------------------------------
    def dropship_lines(self):
        return self.order.order_line.filtered(
            lambda sol: sol._dropship_purchase_lines(include_cancelled=True)
        )

    def purchases(self):
        return self.order.order_line.purchase_line_ids.order_id

    def snapshot(self):
        self.case.env.invalidate_all()
        documents = [self.order, *self.purchases()]
        return (
            [
                (
                    doc._name,
                    doc.id,
                    doc.state,
                    doc.on_hold,
                    doc.hold_reason,
                    doc.hold_origin,
                )
                for doc in documents
            ],
            self.order.locked,
            [
                (
                    sol.id,
                    sol.product_uom_qty,
                    sol.qty_delivered,
                    sol.dropship_state,
                )
                for sol in self.order.order_line
            ],
            [
                (pol.id, pol.product_qty, pol.qty_received, pol.state)
                for pol in self.purchases().order_line
            ],
        )

    def notes(self):
        return {
            doc: len(self.case._sync_notes(doc))
            for doc in [self.order, *self.purchases()]
        }

    def act(self, func, max_notes=2):
        """Run one user action: a refusal must leave everything as it
        was; an applied action posts at most ``max_notes`` sync notes
        per document (the mirror never bounces back)."""
        before, notes = self.snapshot(), self.notes()
        try:
            func()
        except UserError:
            self.case.assertEqual(
                self.snapshot(), before, "a refused action changed something"
            )
            return False
        for doc, number in self.notes().items():
            self.case.assertLessEqual(
                number - notes.get(doc, 0),
                max_notes,
                f"ping-pong on {doc.display_name}",
            )
        return True

    # -- operations -------------------------------------------------
    @rule(index=st.integers(0, 2), qty=st.integers(0, 8))
    def change_so_quantity(self, index, qty):
        line = self.order.order_line[index % len(self.order.order_line)]
        self.act(lambda: line.write({"product_uom_qty": qty}))

    @rule(index=st.integers(0, 5), qty=st.integers(0, 30))
    def change_po_quantity(self, index, qty):
        lines = self.purchases().order_line.filtered(lambda pol: pol.state != "cancel")
        if lines:
            line = lines[index % len(lines)]
            self.act(lambda: line.write({"product_qty": qty}))

    @rule(side=st.sampled_from(["so", "po"]), hold=st.booleans())
    def hold_or_release(self, side, hold):
        documents = (
            self.order
            if side == "so"
            else self.purchases().filtered(lambda po: po.state != "cancel")
        )
        for document in documents[:1]:
            vals = (
                {"on_hold": True, "hold_reason": f"held on {side}"}
                if hold
                else {"on_hold": False}
            )
            self.act(lambda document=document, vals=vals: document.write(vals))

    @rule(share=st.floats(0.2, 1.0), cost=st.floats(5.0, 20.0))
    def receive(self, share, cost):
        pickings = self.case._dropship_pickings(self.purchases())
        if not pickings:
            return
        picking = pickings[0]
        lots = {}
        for move in picking.move_ids.filtered(lambda m: m.state != "cancel"):
            qty = max(1, int(move.product_uom_qty * share))
            move.receipt_unit_cost = round(cost, 2)
            if move.product_id.tracking == "serial":
                lots[move] = [(f"INV-SN-{next(self.serials)}", 1) for _i in range(qty)]
            else:
                move.quantity = qty
                move.picked = True
        totals = (
            self.order.amount_total,
            self.purchases().mapped("amount_total"),
        )
        if self.act(
            lambda: (
                self.case._receive_lots(picking, lots)
                if lots
                else self.case._receive(picking)
            )
        ):
            self.case.assertEqual(
                (
                    self.order.amount_total,
                    self.purchases().mapped("amount_total"),
                ),
                totals,
                "a receipt (and its split per lot) changed the totals",
            )

    @rule(index=st.integers(0, 9))
    def return_one_unit(self, index):
        done = self.purchases().picking_ids.filtered(
            lambda p: p.state == "done" and p.is_dropship
        )
        if not done:
            return
        picking = done[index % len(done)]
        move = picking.move_ids.filtered(lambda m: m.quantity >= 1)[:1]
        if not move:
            return
        lot = move.move_line_ids.lot_id[:1]
        self.act(
            lambda: self.case._return(
                picking, {move: 1}, lots={move: lot} if lot else None
            ),
            max_notes=3,
        )

    @rule(side=st.sampled_from(["so", "po"]))
    def cancel(self, side):
        if side == "so":
            self.act(
                lambda: self.order.with_context(
                    disable_cancel_warning=True
                ).action_cancel()
            )
        else:
            open_purchases = self.purchases().filtered(
                lambda po: po.state not in ("cancel", "done")
            )
            if open_purchases:
                self.act(lambda: open_purchases[0].button_cancel(), max_notes=3)

    @rule(
        field=st.sampled_from(POLICY_FIELDS),
        policy=st.sampled_from(["mirror", "approve", "notify", "off"]),
    )
    def switch_policy(self, field, policy):
        if policy == "approve" and "_po_" not in field:
            policy = "notify"  # only supplier-side rules wait for approval
        self.case.env.company[field] = policy
        if policy != "mirror":
            self.mirror_everywhere = False

    @rule(approve=st.booleans())
    def review_supplier_changes(self, approve):
        pending = self.case.env["dropship.sync.change"].search(
            [("sale_order_id", "=", self.order.id), ("state", "=", "pending")]
        )
        if pending:
            change = pending[0]
            action = change.action_approve if approve else change.action_reject
            self.act(action)

    # -- the vendor, on its portal -----------------------------------
    def open_pickings(self):
        return self.purchases().picking_ids.filtered(
            lambda p: p.is_dropship and p.state not in ("done", "cancel")
        )

    def vendor_act(self, action, values_of):
        """The vendor's ``action`` on its first open transfer, with the form
        that ``values_of(moves)`` fills."""
        pickings = self.open_pickings()
        if not pickings:
            return False
        portal = self.case.env["dropship.portal"].with_user(self.case.vendor_user)
        picking = portal._vendor_picking(pickings[0].id)
        values = values_of(portal._open_moves(picking))
        return self.act(lambda: portal._act(picking, action, values), max_notes=3)

    @rule(share=st.floats(0.2, 1.0))
    def vendor_ships(self, share):
        def form(moves):
            values = {"tracking_ref": f"TRK-{next(self.serials)}"}
            for move in moves:
                qty = max(1, int(move.product_uom_qty * share))
                values[f"qty_{move.id}"] = str(qty)
                if move.product_id.tracking == "serial":
                    values[f"lots_{move.id}"] = "\n".join(
                        f"PORTAL-SN-{next(self.serials)}" for _i in range(qty)
                    )
            return values

        self.vendor_act("ship", form)

    @rule(index=st.integers(0, 5), qty=st.integers(0, 12), cheaper=st.booleans())
    def vendor_proposes(self, index, qty, cheaper):
        def form(moves):
            move = moves[index % len(moves)] if moves else moves
            if not move:
                return {}
            price = move.purchase_line_id.price_unit * (0.9 if cheaper else 1.05)
            return {f"qty_{move.id}": str(qty), f"price_{move.id}": f"{price:.2f}"}

        self.vendor_act("propose", form)

    @rule(index=st.integers(0, 5))
    def vendor_declines(self, index):
        def form(moves):
            move = moves[index % len(moves)] if moves else moves
            return {f"reason_{move.id}": "Out of stock"} if move else {}

        self.vendor_act("decline", form)

    # -- reversals and bills -------------------------------------------
    @rule(how=st.sampled_from(["replacement", "credit"]))
    def settle_reversal(self, how):
        if not self.order.dropship_reversal_open_count:
            return
        if how == "replacement":
            self.act(self.order.action_dropship_replacement)
        else:
            self.act(self.order.action_dropship_credit_reversed)

    @rule(factor=st.sampled_from([0.9, 1.0, 1.1]))
    def vendor_bill(self, factor):
        purchase = self.purchases().filtered(
            lambda po: po.state == "purchase" and po.invoice_status == "to invoice"
        )[:1]
        if not purchase:
            return

        def bill():
            action = purchase.action_create_invoice()
            move = self.case.env["account.move"].browse(action["res_id"])
            move.invoice_date = fields.Date.today()
            for line in move.invoice_line_ids.filtered("purchase_line_id"):
                line.price_unit = round(line.purchase_line_id.price_unit * factor, 2)
            move.action_post()

        self.act(bill)

    @rule()
    def check_integrity(self):
        """The integrity check never offers to undo a decision, and finds
        nothing to fix while every rule mirrors."""
        Issue = self.case.env["dropship.integrity.issue"]
        Issue._dropship_scan_orders(self.order)
        issues = Issue.search([("sale_order_id", "=", self.order.id)])
        decisions = Issue._dropship_decisions(self.order.order_line)
        for issue in issues.filtered(lambda i: i.state == "open"):
            decision = decisions.get((issue.sale_line_id.id, issue.kind))
            self.case.assertFalse(
                decision and decision.decision_key == issue.drift_key,
                f"{issue.description} was decided",
            )
        if self.mirror_everywhere:
            self.case.assertFalse(
                issues.filtered(lambda i: i.state == "open").mapped("description"),
                "the integrity check contradicts the mirror",
            )

    # -- invariants -------------------------------------------------
    @invariant()
    def status_agrees_with_documents(self):
        for line in self.order.order_line:
            self.case.assertEqual(
                line.dropship_state,
                line._dropship_get_state(),
                line.display_name,
            )

    @invariant()
    def held_pair_is_held_on_both_sides(self):
        if self.order.on_hold and not self.order.hold_origin:
            for purchase in self.order._dropship_purchase_orders():
                self.case.assertTrue(
                    purchase.on_hold,
                    "a hold set on the SO did not reach its PO",
                )
        for purchase in self.purchases().filtered(
            lambda po: po.on_hold and not po.hold_origin
        ):
            if (
                purchase.state != "cancel"
                and self.order.state != "cancel"
                and purchase.order_line._dropship_sale_lines()
            ):
                self.case.assertTrue(
                    self.order.on_hold,
                    "a hold set on the PO did not reach its SO",
                )
        for document in [self.order, *self.purchases()]:
            if document.hold_origin:
                self.case.assertTrue(document.on_hold)

    @invariant()
    def quantities_agree_under_mirror(self):
        if not self.mirror_everywhere:
            return
        if self.order.state == "cancel":
            return  # a cancelled sales order keeps its quantities
        # A supplier change waiting for the buyer (on a held pair, or a
        # vendor's raise) or rejected by it leaves the sales line as it was.
        reviewed = (
            self.case.env["dropship.sync.change"]
            .search(
                [
                    ("sale_order_id", "=", self.order.id),
                    ("state", "in", ("pending", "rejected")),
                ]
            )
            .sale_line_id
        )
        for line in self.dropship_lines() - reviewed:
            open_lines = line._dropship_purchase_lines()
            expected = sum(
                pol.product_uom._compute_quantity(
                    pol.product_qty, line.product_uom, round=False
                )
                for pol in open_lines
            )
            self.case.assertEqual(
                float_compare(
                    line.product_uom_qty,
                    expected,
                    precision_rounding=line.product_uom.rounding,
                ),
                0,
                f"{line.display_name}: SO {line.product_uom_qty} vs PO {expected}",
            )

    @invariant()
    def moves_carry_what_is_ordered(self):
        """The open drop-ship moves of a purchase line carry what it still
        orders; only units returned to the vendor may wait (for their
        reversal to be settled), and a line received without backorder
        may have no open move."""
        if not self.mirror_everywhere:
            return
        for pol in self.purchases().order_line.filtered(
            lambda p: p.order_id.state == "purchase" and p.product_id.type == "consu"
        ):
            carried = sum(
                m.product_qty
                for m in pol.move_ids
                if m.state not in ("done", "cancel")
                and not m.origin_returned_move_id
                and m.picking_id.is_dropship
            )
            returned = sum(
                m.product_qty
                for m in pol.move_ids
                if m.state == "done" and m.origin_returned_move_id and m.to_refund
            )
            ordered = pol.product_uom._compute_quantity(
                max(pol.product_qty - pol.qty_received, 0.0), pol.product_id.uom_id
            )
            self.case.assertLessEqual(
                float_compare(carried, ordered, precision_digits=3),
                0,
                f"{pol.display_name}: the transfer carries {carried}, "
                f"the line orders {ordered}",
            )
            if carried:
                self.case.assertGreaterEqual(
                    float_compare(carried, ordered - returned, precision_digits=3),
                    0,
                    f"{pol.display_name}: the transfer carries {carried}, "
                    f"the line orders {ordered} ({returned} returned)",
                )

    @invariant()
    def nothing_cancelled_on_one_side_stays_open(self):
        if not self.mirror_everywhere:
            return
        if self.order.state == "cancel":
            for pol in self.order.order_line._dropship_purchase_lines():
                self.case.assertEqual(
                    pol.product_qty,
                    0,
                    "the SO is cancelled but its PO line is open",
                )


@tagged("post_install", "-at_install")
class TestInvariants(DropshipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor_user = new_test_user(
            cls.env,
            login="invariant_vendor",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create({"name": "Invariant vendor clerk", "parent_id": cls.vendor.id})
            .id,
        )

    def test_random_operations_keep_the_pair_consistent(self):
        DropshipMachine.case = self
        run_state_machine_as_test(
            DropshipMachine,
            settings=settings(
                max_examples=EXAMPLES,
                stateful_step_count=STEPS,
                deadline=None,
                database=None,
                derandomize=not RANDOM,
                suppress_health_check=list(HealthCheck),
                report_multiple_bugs=False,
                # Shrinking replays whole sequences against the database:
                # it is kept for the long random runs only.
                phases=[Phase.explicit, Phase.reuse, Phase.generate]
                + ([Phase.shrink] if RANDOM else []),
            ),
        )
