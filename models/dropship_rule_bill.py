# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools import float_compare

from .dropship_rule import BILL_TYPES, ScanBatch


class DropshipRuleBill(models.AbstractModel):
    """Rule 5b: the vendor bill is the last word on the cost.

    A posted vendor bill (or credit note) line of a drop-ship purchase line
    gives the cost of the billed units; the sales line cost stays one
    computation (``dropship.rule.price_cost._cost``): billed units at their
    bill price, received units not billed yet at their receipt cost, units
    to come at the purchase price. The purchase order keeps its price.
    With the approval policy a bill counts once the salesperson approved
    it; with notify or off, bills do not reach the cost.
    """

    _name = "dropship.rule.bill"
    _inherit = "dropship.rule"
    _description = "Drop-ship rule: vendor bill cost"

    # The billed cost

    @api.model
    def _bill_lines(self, line, pending=False):
        """The posted vendor bill lines that give the cost of the sales
        ``line`` (see ``ScanBatch.bill_lines``)."""
        return ScanBatch(self.env, line).bill_lines(line, pending)

    # Posting, resetting and cancelling bills

    @api.model
    def _capture(self, moves):
        """Before ``moves`` are posted, reset or cancelled: {sales line:
        its cost} of the drop-ship pairs their vendor bill lines serve."""
        # sudo: an accountant may have no sales or purchase rights; the
        # pairs of the bill lines are read, then audited by the rule.
        bills = moves.sudo().filtered(lambda m: m.move_type in BILL_TYPES)
        if not bills:
            return {}
        pols = bills.invoice_line_ids.purchase_line_id
        # The pairs are taken in the one lock order before their costs are
        # read (see ``dropship.pair._lock``).
        self.env["dropship.command"]._run("bill", pols, None)
        sale_lines = self.env["dropship.pair"]._sale_lines(pols)
        return {line: line.purchase_price for line in sale_lines}

    @api.model
    def _apply(self, moves, before, posted):
        """After ``moves`` were posted (``posted``) or reset / cancelled:
        the costs follow by policy."""
        if not before:
            return
        lines = self._records(before, "sale.order.line")
        if not posted:
            # sudo: see _capture; a bill posted again waits for a new approval.
            moves.sudo().invoice_line_ids.filtered(
                "dropship_cost_approved"
            ).dropship_cost_approved = False
        routes = self._route(lines, "bill_cost")
        follow = routes.get("mirror", lines.browse()) | routes.get(
            "approve", lines.browse()
        )
        follow._dropship_recompute_cost()
        self._audit(
            self._change(
                self._source(line),
                line,
                "purchase_price",
                before[line],
                line.purchase_price,
                "bill_cost",
                origin=self._bills_of(moves, line),
            )
            for line in follow
            if float_compare(before[line], line.purchase_price, precision_digits=6)
        )
        changes = self.env["dropship.sync.change"]
        # The pending bill costs that no longer match the bills give way to
        # what the posted bills now propose.
        changes._dropship_supersede_for(
            purchase_lines=self.env["dropship.pair"]._purchase_lines(
                lines, include_cancelled=True
            )
        )
        changes._dropship_propose(
            self._proposals(routes.get("approve", lines.browse()), new_only=True)
        )
        if posted:
            self._notify_bills(routes.get("notify", lines.browse()))

    @api.model
    def _bills_of(self, moves, line):
        """The vendor bills of ``moves`` that bill the pair of the sales
        ``line``: they sign the cost change they make."""
        # sudo: see _capture.
        return moves.sudo().filtered(
            lambda move: (
                move.move_type in BILL_TYPES
                and line in move.invoice_line_ids.purchase_line_id.sale_line_id
            )
        )

    @api.model
    def _source(self, line):
        """The purchase line that names the purchase side of ``line``."""
        pair = self.env["dropship.pair"]
        return pair._newest(pair._purchase_lines(line, include_cancelled=True))

    @api.model
    def _proposals(self, lines, new_only=False):
        """The cost changes that the bills of ``lines`` would make: [change]
        with the proposed cost, for lines whose cost it changes.

        :param new_only: leave out the costs already waiting for approval
        """
        price_cost = self.env["dropship.rule.price_cost"]
        waiting = set()
        if new_only and lines:
            # sudo: the log is read for an accountant posting the bill.
            waiting = {
                (change.sale_line_id.id, change.proposed_float)
                for change in self.env["dropship.sync.change"]
                .sudo()
                .search(
                    [
                        ("state", "=", "pending"),
                        ("rule", "=", "bill_cost"),
                        ("sale_line_id", "in", lines.ids),
                    ]
                )
            }
        proposals = []
        for line in lines:
            cost = price_cost._cost(line, pending=True)
            if not float_compare(cost, line.purchase_price, precision_digits=6) or (
                any(
                    line_id == line.id
                    and not float_compare(cost, proposed, precision_digits=6)
                    for line_id, proposed in waiting
                )
            ):
                continue
            proposals.append(
                self._change(
                    self._source(line),
                    line,
                    "purchase_price",
                    line.purchase_price,
                    cost,
                    "bill_cost",
                    proposed_float=cost,
                    origin=self._bill_lines(line, pending=True).move_id,
                    extra={
                        "amount_impact": (line.purchase_price - cost)
                        * line.product_uom_qty
                    },
                )
            )
        return proposals

    @api.model
    def _notify_bills(self, lines):
        """Policy notify: the cost stays; the salesperson is told."""
        proposals = self._proposals(lines)
        self._notify(
            proposals,
            [
                (
                    change["target"].order_id,
                    self.env._(
                        "%(document)s: the vendor bill %(bill)s puts the cost of "
                        "%(product)s at %(new)s instead of %(old)s. Check the cost "
                        "on the drop-ship sales order.",
                        document=change["source"].order_id.display_name,
                        bill=", ".join(change["origin"].mapped("name")),
                        product=change["target"].product_id.display_name,
                        old=self._fmt(change["old"]),
                        new=self._fmt(change["new"]),
                    ),
                )
                for change in proposals
            ],
        )

    # Approval

    @api.model
    def _is_stale(self, change, pol):
        """Whether the pending bill cost ``change`` no longer matches the
        bills of its sales line (a bill reset, another bill posted)."""
        # sudo: a salesperson without purchase rights reviews the change.
        cost = self.env["dropship.rule.price_cost"]._cost(
            change.sale_line_id.sudo(), pending=True
        )
        return bool(float_compare(cost, change.proposed_float, precision_digits=6))

    @api.model
    def _apply_approved(self, change):
        """An approved bill cost: the bills count, the cost follows."""
        # sudo: the salesperson approving has no right on vendor bills; the
        # bill lines only record that their price was accepted.
        line = change.sale_line_id.sudo()
        old_cost = line.purchase_price
        bill_lines = self._bill_lines(line, pending=True)
        # The bills that wait for this approval sign the change.
        bills = (
            bill_lines.filtered(lambda aml: not aml.dropship_cost_approved)
            or bill_lines
        ).move_id
        bill_lines.dropship_cost_approved = True
        line._dropship_recompute_cost()
        self._audit(
            [
                self._change(
                    change.purchase_line_id.sudo(),
                    line,
                    "purchase_price",
                    old_cost,
                    line.purchase_price,
                    "bill_cost",
                    policy="approve",
                    origin=bills,
                )
            ]
        )
