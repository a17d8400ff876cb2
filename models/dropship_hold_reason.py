# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


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

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        """A code names who may release the holds that carry it: deleting
        it would leave them releasable by anyone. A code in use is archived
        instead."""
        # sudo: the holds of orders the manager may not read count too.
        used = (
            self.env["dropship.hold"]
            .sudo()
            .search([("hold_reason_id", "in", self.ids)])
            .hold_reason_id
        )
        if used:
            raise UserError(
                self.env._(
                    "The hold code(s) %(codes)s are used by holds: archive them "
                    "instead of deleting them.",
                    codes=", ".join(used.mapped("name")),
                )
            )
