# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class DropshipIntegrityFix(models.TransientModel):
    """Confirmation of the Fix of integrity issues: it names what the Fix
    writes on which document before anything is written."""

    _name = "dropship.integrity.fix"
    _description = "Fix drop-ship integrity issues"

    issue_ids = fields.Many2many(
        "dropship.integrity.issue", string="Issues", readonly=True
    )
    summary = fields.Text(
        string="What the Fix Writes", compute="_compute_summary", readonly=True
    )

    @api.depends("issue_ids")
    def _compute_summary(self):
        for wizard in self:
            wizard.summary = "\n".join(
                f"• {issue.fix_summary or issue.description}"
                for issue in wizard.issue_ids
            )

    def action_confirm(self):
        self.ensure_one()
        issues = self.issue_ids._dropship_fix()
        return issues._dropship_fix_message()
