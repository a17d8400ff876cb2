# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    dropship_cost_approved = fields.Boolean(
        string="Drop-ship Cost Approved",
        copy=False,
        readonly=True,
        help="Vendor bill lines of a drop-ship purchase: the salesperson approved "
        "their price as the cost of the sales line (approval policy of the "
        "vendor bill cost).",
    )
