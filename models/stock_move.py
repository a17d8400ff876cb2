# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import float_compare

from .dropship_door import KEPT_MOVES, VALIDATING, fact, mirroring


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
        if {"quantity", "picked"} & set(vals) and not (
            mirroring(self.env) or fact(self.env, VALIDATING)
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
                self.env["dropship.command"]._run(
                    "prepare_receipt", moves.purchase_line_id, None
                )
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

    # A rejection of the vendor's goods made on the moves (rule 2c)

    def _action_cancel(self):
        # Another module (the import of a supplier's rejection or of a
        # despatch advice) may cancel the vendor's open drop-ship moves
        # itself, without a change of the purchase order: the purchase line
        # then follows its moves, and the sales line its purchase line, as
        # for a change the vendor makes on the purchase order. The writes
        # that follow (a line lowered, an order cancelled) make core cancel
        # moves again: those find their line ordering what its moves carry,
        # or their order cancelling, and are not translated a second time.
        # The moves of other sales orders on a transfer that one sales
        # order's cancellation cancels whole stay (see sale.order).
        kept = fact(self.env, KEPT_MOVES)
        moves = self.filtered(lambda m: m.id not in kept) if kept else self
        rejected = moves._dropship_rejection_candidates()
        result = super(StockMove, moves)._action_cancel()
        if rejected:
            rejected._dropship_follow_rejection()
        return result

    def _dropship_rejection_candidates(self):
        """The open drop-ship receipts of pairs among these moves (as
        superuser) whose cancellation may be a rejection by the vendor;
        their pairs are locked.

        The synchronization's own cancellations run as mirrored writes (a
        cancelled sales order cancels its purchase order, a line set to zero
        has core cancel its move): no rejection. Nor are the moves that a
        validation without backorder cancels: the rest of a partial receipt
        keeps its status (rule 4), whether it was part of a move or a whole
        move.
        """
        if mirroring(self.env) or fact(self.env, VALIDATING):
            return self.browse()
        # sudo: whoever cancels the moves (a stock user, an import run by a
        # cron) may have no purchase or sales rights; the pairs are read
        # here and change through the rules, which check and log each change.
        moves = self.sudo().filtered(
            lambda m: (
                m.purchase_line_id
                and m.state not in ("done", "cancel")
                and not m.origin_returned_move_id
                and m._is_dropshipped()
            )
        )
        if not moves:
            return moves
        pair = self.env["dropship.pair"]
        pols = pair._purchase_side(moves.purchase_line_id)
        moves = moves.filtered(lambda m: m.purchase_line_id in pols)
        if moves:
            # The pairs are taken before their moves, in the one lock order.
            # No restart: the caller decided to cancel on what it read.
            self.env["dropship.command"]._run("move_cancel", pols, None)
        return moves

    def _dropship_follow_rejection(self):
        """After these drop-ship receipts were cancelled: their purchase
        lines order the open quantity cancelled less (never less than what
        the vendor delivered), as the vendor's own change of the purchase
        order."""
        new_qty = {}
        cancelled = self.filtered(
            lambda m: m.state == "cancel" and not m._dropship_order_cancelling()
        )
        for pol, moves in cancelled.grouped("purchase_line_id").items():
            qty = self._dropship_rejected_qty(pol, moves)
            if qty is not None:
                new_qty[pol] = qty
        if new_qty:
            self._dropship_apply_rejection(new_qty)

    def _dropship_order_cancelling(self):
        """Whether this move was cancelled by the cancellation of an order.

        Core cancels the transfers of a sales or purchase order it cancels
        before it writes the order's state, and a transfer shared by several
        sales orders (merged RFQs) goes whole with the sales order it was
        created for: the rules of the order's cancellation decide (see
        ``dropship.rule.cancel._cancel_under_way``).
        """
        self.ensure_one()
        rule = self.env["dropship.rule.cancel"]
        return bool(
            rule._cancel_under_way(self.purchase_line_id.order_id)
            or rule._cancel_under_way(
                self.sale_line_id.order_id | self.picking_id.sale_id
            )
        )

    @api.model
    def _dropship_rejected_qty(self, pol, cancelled):
        """The quantity the purchase line ``pol`` orders once its moves
        ``cancelled`` were rejected, or None when there is nothing to
        translate.

        Only what the line still orders while no open move carries it any
        more is translated. When the synchronization or core lowers a line
        (a supplier or sales change, a decline on the portal), core reduces
        its moves and cancels those left with nothing after the line took
        its new quantity: the line orders what its moves carry, nothing is
        translated again. A cancelled or locked order takes no change of its
        vendor's moves (the integrity check reports the drift).
        """
        if pol.state != "purchase" or pol.sale_line_id.state != "sale":
            return None
        open_moves = pol.move_ids.filtered(
            lambda m: (
                m.state not in ("done", "cancel")
                and not m.origin_returned_move_id
                and m._is_dropshipped()
            )
        )
        uncovered = (
            pol.product_qty - pol.qty_received - self._dropship_qty_in(open_moves, pol)
        )
        drop = min(self._dropship_qty_in(cancelled, pol), uncovered)
        if float_compare(drop, 0.0, precision_rounding=pol.product_uom.rounding) <= 0:
            return None
        return pol.product_qty - drop

    @api.model
    def _dropship_qty_in(self, moves, pol):
        """The demand of ``moves`` in the unit of the purchase line ``pol``."""
        return sum(
            move.product_uom._compute_quantity(
                move.product_uom_qty, pol.product_uom, rounding_method="HALF-UP"
            )
            for move in moves
        )

    @api.model
    def _dropship_apply_rejection(self, new_qty):
        """Apply ``new_qty`` ({purchase line: quantity}, as superuser) as
        the vendor's change, through the supplier rules and their company
        policies: a purchase order left with nothing is cancelled (rule 2c,
        as a decline on the vendor portal), the other lines take their new
        quantity (rule 10b, rule 2c for a line at zero)."""
        pols = self.env["purchase.order.line"].sudo().union(*new_qty)
        emptied = pols.order_id.filtered(
            lambda po: self._dropship_left_empty(po, new_qty)
        )
        if emptied:
            emptied.button_cancel()
        lowered = pols.filtered(lambda pol: pol.order_id not in emptied)
        for qty, lines in lowered.grouped(lambda pol: new_qty[pol]).items():
            lines.write({"product_qty": qty})

    @api.model
    def _dropship_left_empty(self, purchase, new_qty):
        """Whether ``purchase`` orders nothing once its lines take
        ``new_qty``. Core refuses to cancel an order with a done receipt
        (returned since): its lines go to zero instead."""
        lines = purchase.order_line.filtered(
            lambda pol: not pol.display_type and pol.state != "cancel"
        )
        return not any(
            float_compare(
                new_qty.get(pol, pol.product_qty),
                0.0,
                precision_rounding=pol.product_uom.rounding,
            )
            > 0
            for pol in lines
        ) and not any(move.state == "done" for move in lines.move_ids)
