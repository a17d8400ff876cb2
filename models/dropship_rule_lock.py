# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from .dropship_door import as_mirror


class DropshipRuleLock(models.AbstractModel):
    """Rule 3: locking (or unlocking) one side locks (or unlocks) the other.

    A purchase order is locked in state ``done``; a sales order by its
    ``locked`` flag.
    """

    _name = "dropship.rule.lock"
    _inherit = "dropship.rule"
    _description = "Drop-ship rule: locks"

    @api.model
    def _mirror(self, orders):
        """Mirror the lock state of ``orders`` (sales or purchase orders)."""
        changes = []
        routes = self._route(orders, "lock")
        for order in routes.get("mirror", orders.browse()):
            changes += self._apply(order)
        for order in routes.get("notify", orders.browse()):
            if self._targets(order):
                self._notify(order)
        self._audit(changes)

    @api.model
    def _targets(self, order):
        """The counterparts of ``order`` whose lock state differs."""
        lock = self._is_locked(order)
        counterparts = order._dropship_hold_counterparts()
        if order._name == "sale.order":
            state = "purchase" if lock else "done"
            return counterparts.filtered(lambda po: po.state == state)
        return counterparts.filtered(
            lambda so: so.state == "sale" and so.locked != lock
        )

    @api.model
    def _apply(self, order):
        targets = self._targets(order)
        lock = self._is_locked(order)
        if not targets:
            return []
        field = "state" if targets._name == "purchase.order" else "locked"
        old = {target: target[field] for target in targets}
        with as_mirror(self.env):
            if targets._name == "purchase.order" and lock:
                targets.button_done()
            elif targets._name == "purchase.order":
                targets.button_unlock()
            elif lock:
                targets.action_lock()
            else:
                targets.action_unlock()
        return [
            self._change(order, target, field, old[target], target[field], "lock")
            for target in targets
        ]

    @api.model
    def _notify(self, order):
        lock = self._is_locked(order)
        self._activity(
            self._targets(order),
            self.env._(
                "%(document)s was %(action)s: check whether its drop-ship "
                "%(other)s should be too.",
                document=order.display_name,
                action=self.env._("locked") if lock else self.env._("unlocked"),
                other=self.env._("purchase order")
                if order._name == "sale.order"
                else self.env._("sales order"),
            ),
        )
