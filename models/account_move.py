# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        rule = self.env["dropship.rule.bill"]
        before = rule._capture(self)
        posted = super()._post(soft=soft)
        rule._apply(posted, before, posted=True)
        return posted

    def button_draft(self):
        return self._dropship_unpost(super().button_draft)

    def button_cancel(self):
        return self._dropship_unpost(super().button_cancel)

    def _dropship_unpost(self, action):
        """Run ``action`` (reset to draft, cancel); the costs of the
        drop-ship pairs billed by these moves follow (rule 5b)."""
        rule = self.env["dropship.rule.bill"]
        before = rule._capture(self)
        result = action()
        rule._apply(self, before, posted=False)
        return result

    def _dropship_origin_name(self):
        """How a change that these bills made is signed in the change log
        and on the orders' chatter: "Vendor Bill BILL/2026/00001"."""
        types = dict(self._fields["move_type"]._description_selection(self.env))
        return ", ".join(
            "{} {}".format(
                types.get(move.move_type, ""),
                move.name if move.name not in (False, "/") else move.display_name,
            )
            for move in self
        )
