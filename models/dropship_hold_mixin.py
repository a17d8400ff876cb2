# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .dropship_door import mirroring

# Values of write() that set or release holds (imports, RPC, the buttons).
HOLD_KEYS = ("on_hold", "hold_reason", "hold_reason_id")


class DropshipHoldMixin(models.AbstractModel):
    """Hold fields and actions of sales and purchase orders; the holds are
    ``dropship.hold`` records and the rules (1 and 1b) live in
    ``dropship.rule.hold``."""

    _name = "dropship.hold.mixin"
    _description = "Drop-ship hold"

    # The field of dropship.hold that points at this model.
    _dropship_hold_link = None

    on_hold = fields.Boolean(
        compute="_compute_on_hold",
        store=True,
        copy=False,
        help="Held while any of its holds (set here or mirrored from the other "
        "side of a drop-ship pair) is open.",
    )
    hold_reason = fields.Char(
        compute="_compute_hold_texts",
        help="The codes and reasons of the open holds.",
    )
    hold_origin = fields.Char(
        string="Hold Set On",
        compute="_compute_hold_texts",
        help="The counterpart orders whose holds hold this order; empty when "
        "every open hold was set here.",
    )
    dropship_hold_here = fields.Boolean(
        compute="_compute_dropship_hold_releasable",
        help="An open hold was set on this order itself.",
    )
    dropship_hold_releasable = fields.Boolean(
        compute="_compute_dropship_hold_releasable",
        help="A hold was set on this order and the current user may release it.",
    )

    dropship_hold_released_by = fields.Char(
        string="Can Be Released By",
        compute="_compute_dropship_hold_released_by",
        help="Who may release the holds of this order that the current user "
        "may not release (their hold codes name the groups).",
    )

    @api.depends("dropship_hold_ids.state")
    def _compute_on_hold(self):
        for order in self:
            order.on_hold = "open" in order.dropship_hold_ids.mapped("state")

    @api.depends(
        "dropship_hold_ids.state",
        "dropship_hold_ids.reason",
        "dropship_hold_ids.hold_reason_id",
    )
    def _compute_hold_texts(self):
        for order in self:
            holds = order.dropship_hold_ids.filtered(lambda h: h.state == "open")
            mirrored = holds.filtered("origin_hold_id")
            order.hold_reason = "; ".join(h._label() for h in holds) or False
            origins = sorted(set(mirrored.mapped("set_on")))
            order.hold_origin = ", ".join(origins) or False

    @api.depends_context("uid")
    @api.depends("dropship_hold_ids.state")
    def _compute_dropship_hold_releasable(self):
        rule = self.env["dropship.rule.hold"]
        for order in self:
            order.dropship_hold_here = bool(rule._own_holds(order))
            order.dropship_hold_releasable = (
                order.dropship_hold_here and not rule._reasons_release(order)
            )

    @api.depends_context("uid")
    @api.depends("dropship_hold_ids.state", "dropship_hold_ids.hold_reason_id")
    def _compute_dropship_hold_released_by(self):
        rule = self.env["dropship.rule.hold"]
        for order in self:
            order.dropship_hold_released_by = rule._released_by(order)

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

    @api.model_create_multi
    def create(self, vals_list):
        holds = [
            {key: vals.pop(key) for key in HOLD_KEYS if key in vals}
            for vals in vals_list
        ]
        orders = super().create(vals_list)
        for order, hold in zip(orders, holds, strict=True):
            if hold.get("on_hold"):
                order.write(hold)
        return orders

    # The field whose change locks or unlocks the order (rule 3).
    _dropship_lock_field = None

    def _dropship_write_command(self, vals):
        """The command that a write of ``vals`` on these orders is: a hold,
        a release, a lock or unlock, or None. The orders' write() runs it
        through the door first, before Odoo's tracking reads them, so that
        the transaction can still start anew at the lock (see
        ``dropship.pair._lock``)."""
        if mirroring(self.env):
            return None
        if set(HOLD_KEYS) & set(vals):
            return "release" if "on_hold" in vals and not vals["on_hold"] else "hold"
        if self._dropship_lock_field in vals:
            return "lock"
        return None

    def _dropship_write_first(self, vals, write):
        """The orders' write(): a hold, a release or a lock runs through the
        door, before Odoo's tracking reads the orders (the mixin comes after
        Odoo's own classes of the orders), so that the transaction can still
        start anew at the lock; ``write`` is the orders' ``super().write``."""
        command = self._dropship_write_command(vals)
        if not command:
            return write(vals)
        return self.env["dropship.command"]._run(
            command, self, lambda: self._dropship_write(vals, write)
        )

    def write(self, vals):
        # Reached from the orders' write() after Odoo's own classes: the
        # door's command is under way (see _dropship_write_first).
        if mirroring(self.env) or not set(HOLD_KEYS) & set(vals):
            return super().write(vals)
        vals = dict(vals)
        hold = {key: vals.pop(key) for key in HOLD_KEYS if key in vals}
        rule = self.env["dropship.rule.hold"]
        if "on_hold" in hold and not hold["on_hold"]:
            rule._release(self)
        elif hold.get("on_hold") or self.filtered(rule._own_holds):
            # A new hold, or a new reason of the hold set here.
            rule._set(self, hold.get("hold_reason"), hold.get("hold_reason_id"))
        return super().write(vals) if vals else True

    def _dropship_write(self, vals, write):
        """write() of a hold, a release or a lock, run by the door (the
        orders extend this for their own lock field)."""
        return write(vals)

    def action_dropship_hold(self):
        """Open the wizard asking for the hold code and reason."""
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
