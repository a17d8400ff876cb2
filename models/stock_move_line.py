# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import RedirectWarning

from .dropship_door import REVERSAL_CONFIRMED, fact


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def write(self, vals):
        """Rule 7: changing or removing the lot of a done drop-ship receipt
        reverses what the customer received: warn first, record it after."""
        if not {"lot_id", "lot_name", "quantity"} & set(vals):
            return super().write(vals)
        rule = self.env["dropship.rule.lots"]
        reversed_lots = rule._reversed_by(self, vals)
        if not reversed_lots:
            return super().write(vals)
        if not fact(self.env, REVERSAL_CONFIRMED):
            action = self.env["dropship.reversal.warning"]._dropship_for_move_lines(
                self, vals, reversed_lots
            )
            raise RedirectWarning(
                self.env._(
                    "This changes lots or serial numbers that the customer already "
                    "received through a drop-ship receipt. Review the reversal "
                    "before you apply it."
                ),
                action,
                self.env._("Review the reversal"),
            )
        # sudo: the paired sales lines are read and audited for a stock user.
        sale_lines = self.sudo().move_id.sale_line_id
        self.env["dropship.command"]._run("lot_change", sale_lines, None)
        receipt = self.env["dropship.rule.receipt"]
        before = receipt._snapshot(sale_lines)
        result = super().write(vals)
        by_line = rule._record_removed(reversed_lots)
        receipt._audit_lines(sale_lines, before)
        rule._notify_reversal(by_line, self.picking_id)
        return result
