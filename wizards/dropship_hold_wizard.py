# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class DropshipHoldWizard(models.TransientModel):
    _name = "dropship.hold.wizard"
    _description = "Put a drop-ship order on hold"

    res_model = fields.Selection(
        [("sale.order", "Sales Order"), ("purchase.order", "Purchase Order")],
        string="Document Model",
        required=True,
    )
    res_ids = fields.Json(string="Documents", required=True)
    hold_reason_id = fields.Many2one(
        "dropship.hold.reason",
        string="Hold Code",
        help="The kind of hold; its code says who may release it.",
    )
    reason = fields.Char(help="Why the order is held; shown on both sides of the pair.")

    def action_confirm(self):
        self.ensure_one()
        reason = (self.reason or "").strip()
        if not reason and not self.hold_reason_id:
            raise UserError(self.env._("Give a hold code or the reason of the hold."))
        orders = self.env[self.res_model].browse(self.res_ids).exists()
        orders.write(
            {
                "on_hold": True,
                "hold_reason": reason,
                "hold_reason_id": self.hold_reason_id.id,
            }
        )
        return {"type": "ir.actions.act_window_close"}
