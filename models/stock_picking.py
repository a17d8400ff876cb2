# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    receipt_date = fields.Datetime(
        copy=False,
        help="Drop-ship: the date the customer received the goods. Leave it empty "
        "to use the validation time. It becomes the actual ship date of the sales "
        "lines.",
    )

    def button_validate(self):
        # sudo: a stock user validating the receipt may have no purchase
        # rights; only the hold of the purchase order is read.
        held = self.sudo().filtered("is_dropship").purchase_id.filtered("on_hold")
        held._dropship_check_not_held(self.env._("validate its drop-ship transfer"))
        if not self.env.context.get("dropship_reversal_confirmed"):
            warning = self.env["dropship.reversal.warning"]._dropship_for_pickings(self)
            if warning:
                return warning
        return super().button_validate()
