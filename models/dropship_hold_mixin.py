# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

# Context key set on every write the synchronization makes itself, so that a
# mirrored write never mirrors back (no ping-pong).
SKIP = "dropship_sync_skip"


class DropshipHoldMixin(models.AbstractModel):
    """Hold / release shared by sales and purchase orders (rules 1 and 1b).

    A hold is set with a reason on one side and, when the company's setting
    says so, mirrored to the counterpart orders, which remember where it came
    from (``hold_origin``). A hold is released on the side that set it; the
    release mirrors to the orders that were held by it.
    """

    _name = "dropship.hold.mixin"
    _description = "Drop-ship hold"

    on_hold = fields.Boolean(tracking=True, copy=False)
    hold_reason = fields.Char(tracking=True, copy=False)
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

    def _dropship_hold_mirror_enabled(self):
        """Whether this order's company mirrors holds set on this side."""
        raise NotImplementedError

    def _dropship_hold_origin_name(self):
        self.ensure_one()
        return self.hold_origin or self.display_name

    def _dropship_check_not_held(self, action):
        """Refuse ``action`` (a verb phrase) on held orders."""
        held = self.filtered("on_hold")
        if held:
            order = held[0]
            raise UserError(
                self.env._(
                    "%(document)s is on hold (%(reason)s), a hold set on %(origin)s: "
                    "release the hold on %(origin)s before you %(action)s.",
                    document=order.display_name,
                    reason=order.hold_reason or self.env._("no reason given"),
                    origin=order._dropship_hold_origin_name(),
                    action=action,
                )
            )

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
            mirrored = changed.filtered("hold_origin")
            if mirrored:
                order = mirrored[0]
                raise UserError(
                    self.env._(
                        "The hold on %(document)s was set on %(origin)s: release it "
                        "there.",
                        document=order.display_name,
                        origin=order.hold_origin,
                    )
                )
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
        (changed | reason_changed)._dropship_mirror_hold()
        return result

    def _dropship_hold_sale_lines(self):
        """The sales lines whose drop-ship status follows the hold of these orders."""
        raise NotImplementedError

    def _dropship_mirror_hold(self):
        """Mirror the hold state of these orders (set here) to their counterparts."""
        changes = []
        touched = [self]
        for order in self.filtered(lambda o: o._dropship_hold_mirror_enabled()):
            origin = order.display_name
            counterparts = order._dropship_hold_counterparts()
            if order.on_hold:
                targets = counterparts.filtered(
                    lambda c, o=origin: not c.on_hold or c.hold_origin == o
                )
                new_vals = {
                    "on_hold": True,
                    "hold_reason": order.hold_reason,
                    "hold_origin": origin,
                }
            else:
                targets = counterparts.filtered(
                    lambda c, o=origin: c.on_hold and c.hold_origin == o
                )
                new_vals = {
                    "on_hold": False,
                    "hold_reason": False,
                    "hold_origin": False,
                }
            for target in targets:
                if target.on_hold != new_vals["on_hold"]:
                    changes.append(self._dropship_hold_change(order, target, "on_hold"))
                if (
                    target.hold_reason != new_vals["hold_reason"]
                    and new_vals["on_hold"]
                ):
                    changes.append(
                        self._dropship_hold_change(order, target, "hold_reason")
                    )
            targets.with_context(**{SKIP: True}).write(new_vals)
            touched.append(targets)
        if changes:
            self.env["dropship.sync.audit"]._dropship_audit(changes)
        # sudo: the status of the sales lines is stored for a purchaser too.
        self.env["sale.order.line"].sudo().union(
            *(orders._dropship_hold_sale_lines() for orders in touched)
        )._dropship_store_state()

    @api.model
    def _dropship_hold_change(self, source, target, field):
        return {
            "source": source,
            "target": target,
            "field": field,
            "old": target[field],
            "new": source[field],
        }

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
