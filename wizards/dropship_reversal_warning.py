# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models


class DropshipReversalWarning(models.TransientModel):
    """Rule 7: before received lots or serial numbers are reversed (return of
    a drop-ship receipt, or the lot changed on a done receipt), name what is
    reversed and for whom, and apply it only once confirmed."""

    _name = "dropship.reversal.warning"
    _description = "Drop-ship reversal warning"

    picking_ids = fields.Many2many(
        "stock.picking", string="Transfers to Validate", readonly=True
    )
    move_line_ids = fields.Many2many(
        "stock.move.line", string="Receipt Lines to Change", readonly=True
    )
    move_line_vals = fields.Json(readonly=True)
    line_ids = fields.One2many(
        "dropship.reversal.warning.line", "wizard_id", string="Reversed", readonly=True
    )

    @api.model
    def _dropship_for_pickings(self, pickings):
        """The warning action for returns of drop-ship receipts with lots, or False."""
        # sudo: the stock user validating the return may not read the sales
        # orders the warning names.
        lots = self.env["dropship.rule.lots"]._returned_lots(pickings.sudo().move_ids)
        if not lots:
            return False
        return self._dropship_open(
            {"picking_ids": [fields.Command.set(pickings.ids)]}, lots
        )

    @api.model
    def _dropship_for_move_lines(self, move_lines, vals, reversed_lots):
        lots = defaultdict(lambda: self.env["stock.lot"])
        for move_line, lot in reversed_lots.items():
            lots[move_line.move_id.sudo().sale_line_id] |= lot
        return self._dropship_open(
            {
                "move_line_ids": [fields.Command.set(move_lines.ids)],
                "move_line_vals": vals,
            },
            lots,
        )

    @api.model
    def _dropship_open(self, vals, lots):
        lines = [
            fields.Command.create(
                {
                    "sale_order_name": sale_line.order_id.display_name,
                    "customer_name": sale_line.order_id.partner_id.display_name,
                    "product_name": sale_line.product_id.display_name,
                    "lot_names": ", ".join(lot_ids.mapped("name")),
                }
            )
            for sale_line, lot_ids in lots.items()
            if lot_ids
        ]
        # The wizard is opened with default values rather than created here:
        # the warning for a done receipt line comes with a RedirectWarning,
        # whose transaction is rolled back.
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reverse received lots?"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {
                f"default_{key}": value
                for key, value in dict(vals, line_ids=lines).items()
            },
        }

    def action_confirm(self):
        self.ensure_one()
        if self.move_line_ids:
            self.move_line_ids.with_context(dropship_reversal_confirmed=True).write(
                self.move_line_vals
            )
            return {"type": "ir.actions.act_window_close"}
        return self.picking_ids.with_context(
            dropship_reversal_confirmed=True
        ).button_validate()


class DropshipReversalWarningLine(models.TransientModel):
    _name = "dropship.reversal.warning.line"
    _description = "Drop-ship reversal warning line"

    wizard_id = fields.Many2one(
        "dropship.reversal.warning", required=True, ondelete="cascade"
    )
    # Names, not links: the stock user confirming a return may not be
    # allowed to open the sales order or the customer.
    sale_order_name = fields.Char(string="Sales Order", readonly=True)
    customer_name = fields.Char(string="Customer", readonly=True)
    product_name = fields.Char(string="Product", readonly=True)
    lot_names = fields.Char(string="Lots/Serial Numbers", readonly=True)
