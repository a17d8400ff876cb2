# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import models
from odoo.exceptions import RedirectWarning
from odoo.tools import float_is_zero


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def write(self, vals):
        """Rule 7: changing or removing the lot of a done drop-ship receipt
        reverses what the customer received: warn first, record it after."""
        if not {"lot_id", "lot_name", "quantity"} & set(vals):
            return super().write(vals)
        reversed_lots = self._dropship_lots_reversed_by(vals)
        if not reversed_lots:
            return super().write(vals)
        if not self.env.context.get("dropship_reversal_confirmed"):
            action = self.env["dropship.reversal.warning"]._dropship_for_move_lines(
                self, vals, reversed_lots
            )
            raise RedirectWarning(
                self.env._(
                    "This changes lots or serial numbers that the customer already "
                    "received "
                    "through a drop-ship receipt. Review the reversal before you apply "
                    "it."
                ),
                action,
                self.env._("Review the reversal"),
            )
        # sudo: the paired sales lines are read and audited for a stock user.
        sale_lines = self.sudo().move_id.sale_line_id
        before = sale_lines._dropship_receipt_snapshot()
        result = super().write(vals)
        by_line = defaultdict(lambda: self.env["stock.lot"])
        for move_line, lot in reversed_lots.items():
            # sudo: recorded for a stock user without sales rights.
            move = move_line.move_id.sudo()
            move.dropship_removed_lot_ids |= lot
            by_line[move.sale_line_id] |= lot
        sale_lines._dropship_audit_receipt(before)
        self.env["sale.order.line"]._dropship_notify_reversal(
            dict(by_line), self.picking_id
        )
        return result

    def _dropship_lots_reversed_by(self, vals):
        """{move line: lot} of the done drop-ship receipt lines whose lot
        ``vals`` takes away from the customer."""
        result = {}
        for move_line in self.filtered(lambda ml: ml.state == "done" and ml.lot_id):
            if not move_line.move_id._is_dropshipped():
                continue
            lot_changed = (
                "lot_id" in vals and vals["lot_id"] != move_line.lot_id.id
            ) or ("lot_name" in vals and vals["lot_name"] != move_line.lot_id.name)
            emptied = "quantity" in vals and float_is_zero(
                vals["quantity"] or 0.0,
                precision_rounding=move_line.product_uom_id.rounding,
            )
            if lot_changed or emptied:
                result[move_line] = move_line.lot_id
        return result
