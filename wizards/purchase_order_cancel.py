# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .sale_order_cancel import _bullets


class DropshipPurchaseCancel(models.TransientModel):
    """Confirm the cancellation of purchase orders whose drop-ship sales
    orders follow it: the dialog names the sales orders cancelled and the
    sales lines reduced (or the approval asked) before anything happens."""

    _name = "dropship.purchase.cancel"
    _description = "Drop-ship: cancel a purchase order"

    purchase_order_ids = fields.Many2many(
        "purchase.order", string="Purchase Orders", required=True, readonly=True
    )
    message = fields.Html(
        string="What Follows",
        compute="_compute_message",
        sanitize=False,
    )

    @api.depends("purchase_order_ids")
    def _compute_message(self):
        rule = self.env["dropship.rule.cancel"]
        for wizard in self:
            wizard.message = _bullets(
                rule._purchase_cancel_preview(wizard.purchase_order_ids)
            )

    def action_confirm(self):
        self.ensure_one()
        self.purchase_order_ids.button_cancel()
        return {"type": "ir.actions.act_window_close"}
