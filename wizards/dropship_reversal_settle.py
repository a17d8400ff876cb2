# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class DropshipReversalSettle(models.TransientModel):
    """Settle the open reversals of a sales order with nothing to do: the
    salesperson confirms, with the reason, that neither a replacement nor a
    credit follows."""

    _name = "dropship.reversal.settle"
    _description = "Drop-ship reversal: nothing to do"

    sale_order_id = fields.Many2one("sale.order", required=True, readonly=True)
    reversal_ids = fields.Many2many(
        "dropship.reversal",
        string="Reversals",
        compute="_compute_reversal_ids",
    )
    note = fields.Text(
        string="Reason",
        required=True,
        help="Why nothing follows (e.g. the customer keeps the unit returned "
        "by mistake); kept on the reversal and in the change log.",
    )

    @api.depends("sale_order_id")
    def _compute_reversal_ids(self):
        rule = self.env["dropship.rule.lots"]
        for wizard in self:
            wizard.reversal_ids = rule._open_reversals(wizard.sale_order_id)

    def action_confirm(self):
        self.ensure_one()
        note = (self.note or "").strip()
        if not note:
            raise UserError(self.env._("Say why nothing follows the reversal."))
        self.sale_order_id._dropship_settle_reversals(note)
        return {"type": "ir.actions.act_window_close"}
