# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class DropshipHoldReason(models.Model):
    """A hold code: why an order is held, and who may release such a hold."""

    _name = "dropship.hold.reason"
    _description = "Drop-ship Hold Code"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    release_group_ids = fields.Many2many(
        "res.groups",
        string="Released By",
        help="Only members of these groups may release a hold with this code. "
        "Empty: whoever may edit the order.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
