# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class DropshipDecisionReason(models.TransientModel):
    """Ask why before a decision that keeps a difference between the two
    sides of drop-ship pairs: rejecting supplier changes, accepting the
    differences of integrity issues."""

    _name = "dropship.decision.reason"
    _description = "Drop-ship decision: the reason"

    change_ids = fields.Many2many(
        "dropship.sync.change", string="Supplier Changes", readonly=True
    )
    issue_ids = fields.Many2many(
        "dropship.integrity.issue", string="Integrity Issues", readonly=True
    )
    reason = fields.Char(
        required=True,
        help="Kept on the decision, in the change log and the chatter notes "
        "of both orders.",
    )

    @api.model
    def _dropship_open(self, changes=None, issues=None):
        """The dialog asking the reason of rejecting ``changes`` or of
        accepting the differences of ``issues``."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject Supplier Change")
            if changes
            else self.env._("Accept Difference"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_change_ids": [fields.Command.set(changes.ids)]
                if changes
                else [],
                "default_issue_ids": [fields.Command.set(issues.ids)] if issues else [],
            },
        }

    def action_confirm(self):
        self.ensure_one()
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why you take this decision."))
        if self.change_ids:
            self.change_ids.action_reject(reason=reason)
        else:
            self.issue_ids.action_dropship_accept(reason=reason)
        return {"type": "ir.actions.act_window_close"}
