# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import float_compare

from .dropship_rule import PAIR_LOCKED, SKIP


class StockMove(models.Model):
    _inherit = "stock.move"

    receipt_unit_cost = fields.Float(
        compute="_compute_receipt_unit_cost",
        store=True,
        recursive=True,
        readonly=False,
        digits="Product Price",
        copy=False,
        help="Drop-ship receipts: the unit cost the vendor actually charged for this "
        "receipt, in the company currency, per unit of the move's unit of measure. "
        "Defaults to the purchase price; the purchase order keeps its price.",
    )

    dropship_removed_lot_ids = fields.Many2many(
        "stock.lot",
        "stock_move_dropship_removed_lot_rel",
        "move_id",
        "lot_id",
        string="Lots Taken off the Receipt",
        copy=False,
        readonly=True,
        help="Drop-ship: lots or serial numbers that were on this done receipt and "
        "were changed or removed afterwards.",
    )

    @api.depends(
        "price_unit", "product_uom", "origin_returned_move_id.receipt_unit_cost"
    )
    def _compute_receipt_unit_cost(self):
        for move in self:
            # A done receipt keeps the cost it was received at.
            if move.state not in ("done", "cancel"):
                move.receipt_unit_cost = move._dropship_default_receipt_cost()

    def write(self, vals):
        # A clerk setting the quantity of a drop-ship move is the start of a
        # receipt: the pair is taken in the one lock order before the move
        # is, as a supplier change of the same pair takes it before it
        # updates the move.
        context = self.env.context
        if {"quantity", "picked"} & set(vals) and not (
            context.get(SKIP) or context.get(PAIR_LOCKED)
        ):
            # sudo: the purchase lines are locked for a stock user.
            dropship = self.sudo().filtered(
                lambda m: m.purchase_line_id and m._is_dropshipped()
            )
            pair = self.env["dropship.pair"]
            if dropship and not pair._lock_held([dropship.purchase_line_id]):
                # The pairs of the whole transfer at once: its other moves
                # are set next (a form saves them one by one) and its
                # validation takes them all.
                moves = dropship | dropship.picking_id.move_ids.filtered(
                    lambda m: m.purchase_line_id and m._is_dropshipped()
                )
                pair._lock(moves.purchase_line_id, restart=True)
        return super().write(vals)

    def _action_done(self, cancel_backorder=False):
        # sudo: a stock user validating the receipt may have no sales rights;
        # the paired sales lines are read, then audited by the rules.
        moves = self.sudo().filtered(
            lambda m: m._is_dropshipped() or m._is_dropshipped_returned()
        )
        rule = self.env["dropship.rule.receipt"]
        before = rule._before_done(moves)
        result = super()._action_done(cancel_backorder=cancel_backorder)
        rule._after_done(moves, before)
        return result

    def _get_price_unit(self):
        """Value a drop-ship receipt at the cost the vendor charged for it."""
        self.ensure_one()
        if not self._dropship_receipt_cost_differs():
            return super()._get_price_unit()
        price = self.product_uom._compute_price(
            self.receipt_unit_cost, self.product_id.uom_id
        )
        if self.product_id.lot_valuated:
            return dict.fromkeys(self.lot_ids, price)
        return {self.env["stock.lot"]: price}

    def _dropship_default_receipt_cost(self):
        """The purchase price of this drop-ship move, in the company currency
        and per unit of the move's UoM (the cost of the returned move for a
        return)."""
        self.ensure_one()
        if self.origin_returned_move_id:
            return self.origin_returned_move_id.receipt_unit_cost
        if (
            not self.purchase_line_id
            or not self.product_id
            or not self._is_dropshipped()
        ):
            return 0.0
        # Core keeps the purchase price of a receipt move in price_unit (company
        # currency, product UoM) and updates it when the purchase price changes.
        return self.product_id.uom_id._compute_price(self.price_unit, self.product_uom)

    def _dropship_receipt_cost_differs(self):
        """Whether this drop-ship receipt was given its own cost (rule 5)."""
        self.ensure_one()
        return (
            self.purchase_line_id
            and not self.origin_returned_move_id
            and self.company_id._dropship_policy("receipt_cost") == "mirror"
            and self._is_dropshipped()
            and float_compare(
                self.receipt_unit_cost,
                self._dropship_default_receipt_cost(),
                precision_digits=self.env["decimal.precision"].precision_get(
                    "Product Price"
                ),
            )
            != 0
        )
