# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models


def _bullets(texts):
    """The sentences ``texts`` as an HTML list, or False."""
    if not texts:
        return False
    return Markup("<ul class='mb-0'>%s</ul>") % Markup().join(
        Markup("<li>%s</li>") % text for text in texts
    )


class SaleOrderCancel(models.TransientModel):
    _inherit = "sale.order.cancel"

    dropship_cancel_message = fields.Html(
        string="Drop-ship Purchase Orders",
        compute="_compute_dropship_cancel_message",
        sanitize=False,
        help="What the cancellation does to the drop-ship purchase orders of "
        "the sales order, under the company's policy.",
    )

    @api.depends("order_id")
    def _compute_dropship_cancel_message(self):
        rule = self.env["dropship.rule.cancel"]
        for wizard in self:
            wizard.dropship_cancel_message = _bullets(
                rule._sale_cancel_preview(wizard.order_id)
            )

    @api.depends("order_id")
    def _compute_display_purchase_orders_alert(self):
        # Odoo warns that the purchase orders of the sales order are not
        # cancelled; the drop-ship ones follow the company's policy, which
        # the dialog states instead. The warning stays for the others.
        result = super()._compute_display_purchase_orders_alert()
        pair = self.env["dropship.pair"]
        for wizard in self.filtered("display_purchase_orders_alert"):
            order = wizard.order_id
            # sudo: as core's count, for a purchaser's view of the order.
            others = (
                order.sudo()
                ._get_purchase_orders()
                .filtered(lambda po: po.state != "cancel")
                - pair._purchase_lines(order.order_line).order_id
            )
            wizard.display_purchase_orders_alert = bool(others)
        return result
