# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .dropship_rule import SKIP


class DropshipHoldMixin(models.AbstractModel):
    """Hold fields and actions of sales and purchase orders; the rules
    (1 and 1b) live in ``dropship.rule.hold``."""

    _name = "dropship.hold.mixin"
    _description = "Drop-ship hold"

    # Not tracked: the hold rule posts one message per hold and release.
    on_hold = fields.Boolean(copy=False)
    hold_reason = fields.Char(copy=False)
    hold_origin = fields.Char(
        string="Hold Set On",
        copy=False,
        readonly=True,
        help="The counterpart document that set this hold; empty when the hold was "
        "set here.",
    )

    def _dropship_hold_counterparts(self):
        """The counterpart orders (as superuser) of these orders."""
        raise NotImplementedError

    def _dropship_hold_sale_lines(self):
        """The sales lines whose drop-ship status follows the hold of these orders."""
        raise NotImplementedError

    def _dropship_check_not_held(self, action):
        """Refuse ``action`` (a verb phrase) on held orders."""
        rule = self.env["dropship.rule.hold"]
        rule._refuse(rule._reasons_held(self, action))

    def write(self, vals):
        if self.env.context.get(SKIP) or not {"on_hold", "hold_reason"} & set(vals):
            return super().write(vals)
        vals = dict(vals)
        if "on_hold" in vals:
            vals["on_hold"] = bool(vals["on_hold"])
            changed = self.filtered(lambda o: o.on_hold != vals["on_hold"])
        else:
            changed = self.browse()
        if "on_hold" in vals and not vals["on_hold"]:
            rule = self.env["dropship.rule.hold"]
            rule._refuse(rule._reasons_release(changed))
            vals.update(hold_reason=False, hold_origin=False)
        reason_changed = self.browse()
        if "hold_reason" in vals and vals.get("on_hold", True):
            reason_changed = (
                self.filtered(lambda o: o.on_hold and not o.hold_origin) - changed
            )
        if vals.get("on_hold") and changed:
            # A new hold is set here; orders already held keep where their
            # hold came from.
            unchanged = self - changed
            if unchanged:
                super(DropshipHoldMixin, unchanged).write(vals)
            result = super(DropshipHoldMixin, changed).write(
                dict(vals, hold_origin=False)
            )
        else:
            result = super().write(vals)
        self.env["dropship.rule.hold"]._mirror(changed | reason_changed)
        return result

    def action_dropship_hold(self):
        """Open the wizard asking for the hold reason."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Put on Hold"),
            "res_model": "dropship.hold.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_res_model": self._name, "default_res_ids": self.ids},
        }

    def action_dropship_release(self):
        self.write({"on_hold": False})
        return True
