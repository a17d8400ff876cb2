# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models

from ..models.dropship_door import REVERSAL_CONFIRMED, fact, scope


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
    # Set by ``action_confirm`` only: the transfers of a confirmed warning
    # are validated without a second warning when Odoo asks about the
    # backorder first (its wizard validates them again, in a new request).
    confirmed = fields.Boolean(readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.pop("confirmed", None)
        return super().create(vals_list)

    def write(self, vals):
        vals = {key: value for key, value in vals.items() if key != "confirmed"}
        return super().write(vals) if vals else True

    @api.model
    def _dropship_confirmed(self, pickings):
        """Whether the current user confirmed the reversal of ``pickings``
        (in this transaction, or in a warning of the last hour)."""
        if fact(self.env, REVERSAL_CONFIRMED):
            return True
        recent = fields.Datetime.subtract(fields.Datetime.now(), hours=1)
        confirmed = self.search(
            [
                ("confirmed", "=", True),
                ("create_uid", "=", self.env.uid),
                ("create_date", ">=", recent),
                ("picking_ids", "in", pickings.ids),
            ]
        )
        return not pickings - confirmed.picking_ids

    @api.model
    def _dropship_for_pickings(self, pickings):
        """The warning action for returns of drop-ship receipts with lots, or False."""
        # sudo: the stock user validating the return may not read the sales
        # orders the warning names.
        lots = self.env["dropship.rule.lots"]._returned_lots(pickings.sudo().move_ids)
        if not lots or self._dropship_confirmed(pickings):
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
        # The only place that confirms a reversal: for the write or the
        # validation below, and for a backorder question Odoo asks next.
        super().write({"confirmed": True})
        with scope(self.env, **{REVERSAL_CONFIRMED: True}):
            if self.move_line_ids:
                self.move_line_ids.write(self.move_line_vals)
                return {"type": "ir.actions.act_window_close"}
            return self.picking_ids.button_validate()


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
