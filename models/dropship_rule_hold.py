# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from .dropship_rule import SKIP


class DropshipRuleHold(models.AbstractModel):
    """Rules 1 and 1b: a hold set on one side holds the other side.

    A hold is set with a reason on one side and, when the company's setting
    says so, mirrored to the counterpart orders, which remember where it came
    from (``hold_origin``). A hold is released on the side that set it; the
    release mirrors to the orders that were held by it.
    """

    _name = "dropship.rule.hold"
    _inherit = "dropship.rule"
    _description = "Drop-ship rule: holds"
    _dropship_kinds = ("hold",)

    @api.model
    def _code(self, order):
        return "so_hold" if order._name == "sale.order" else "po_hold"

    # Refusal reasons

    @api.model
    def _reasons_held(self, orders, action):
        """Why ``action`` (a verb phrase) cannot be done on held ``orders``."""
        return [
            self.env._(
                "%(document)s is on hold (%(reason)s): release the hold before you "
                "%(action)s.",
                document=order.display_name,
                reason=order.hold_reason or self.env._("no reason given"),
                action=action,
            )
            if not order.hold_origin
            else self.env._(
                "%(document)s is on hold (%(reason)s), a hold set on %(origin)s: "
                "release the hold on %(origin)s before you %(action)s.",
                document=order.display_name,
                reason=order.hold_reason or self.env._("no reason given"),
                origin=order.hold_origin,
                action=action,
            )
            for order in orders.filtered("on_hold")
        ]

    @api.model
    def _reasons_release(self, orders):
        """Why the holds of ``orders`` cannot be released there."""
        return [
            self.env._(
                "The hold on %(document)s was set on %(origin)s: release it there.",
                document=order.display_name,
                origin=order.hold_origin,
            )
            for order in orders.filtered("hold_origin")
        ]

    # Apply

    @api.model
    def _mirror(self, orders, log=True):
        """Mirror the hold state of ``orders`` (set there) to their
        counterparts, and store the drop-ship status of the lines.

        :param log: the hold of ``orders`` just changed: an order whose hold
            reached no other order notes it on its own chatter
        """
        changes = []
        touched = [orders]
        routes = self._route(orders, self._code)
        for order in routes.get("mirror", orders.browse()):
            targets, new_vals = self._mirror_targets(order)
            changes += [
                self._change(
                    order,
                    target,
                    "on_hold",
                    self._hold_text(target),
                    self._hold_text(order),
                    self._code(order),
                )
                for target in targets
                if self._hold_text(target) != self._hold_text(order)
            ]
            targets.with_context(**{SKIP: True}).write(new_vals)
            touched.append(targets)
        # One message per event: an order whose hold reached no other order
        # says so itself (a mirrored one in the note of the mirror).
        silent = orders - self.env[orders._name].union(
            *(change["source"] for change in changes)
        )
        for order in silent if log else ():
            order._message_log(
                body=self.env._(
                    "Put on hold: %(reason)s",
                    reason=order.hold_reason or self.env._("no reason given"),
                )
                if order.on_hold
                else self.env._("Hold released.")
            )
        self._audit(changes)
        # sudo: the status of the sales lines is stored for a purchaser too.
        sale_lines = self.env["sale.order.line"].sudo()
        sale_lines.union(
            *(orders._dropship_hold_sale_lines() for orders in touched)
        )._dropship_store_state()

    @api.model
    def _mirror_targets(self, order):
        """The counterparts of ``order`` that follow its hold, and their values."""
        origin = order.display_name
        counterparts = order._dropship_hold_counterparts()
        if order.on_hold:
            targets = counterparts.filtered(
                lambda c: not c.on_hold or c.hold_origin == origin
            )
            return targets, {
                "on_hold": True,
                "hold_reason": order.hold_reason,
                "hold_origin": origin,
            }
        targets = counterparts.filtered(lambda c: c.on_hold and c.hold_origin == origin)
        return targets, {"on_hold": False, "hold_reason": False, "hold_origin": False}

    @api.model
    def _hold_text(self, order):
        """How the hold state of ``order`` reads in the chatter and the log."""
        if order.on_hold:
            return self.env._(
                "Yes (%(reason)s)",
                reason=order.hold_reason or self.env._("no reason given"),
            )
        return self.env._("No")

    # Integrity

    @api.model
    def _verify(self, batch):
        pairs = {}
        for line in batch.lines.filtered(lambda sol: sol.state == "sale"):
            for purchase in batch.open_lines(line).order_id:
                pairs[line.order_id, purchase] = True
        return list(filter(None, (self._verify_pair(*pair) for pair in pairs)))

    @api.model
    def _verify_pair(self, order, purchase):
        """Held on one side only, for a hold the other side should follow."""
        if order.on_hold == purchase.on_hold:
            return None
        held, other = (order, purchase) if order.on_hold else (purchase, order)
        if not held.hold_origin:
            setter = held
        elif held.hold_origin == other.display_name:
            # Held by the other side, whose hold was released since.
            setter = other
        else:
            return None
        if setter.company_id._dropship_policy(self._code(setter)) == "off":
            return None
        reason = held.hold_reason or self.env._("no reason given")
        if setter == held:
            description = self.env._(
                "%(held)s is on hold (%(reason)s) but %(other)s is not.",
                held=held.display_name,
                reason=reason,
                other=other.display_name,
            )
            summary = self.env._(
                "%(other)s is put on hold too, until the hold is released on %(held)s.",
                other=other.display_name,
                held=held.display_name,
            )
        else:
            description = self.env._(
                "%(held)s is still on hold (%(reason)s) for a hold set on "
                "%(other)s, which was released.",
                held=held.display_name,
                reason=reason,
                other=other.display_name,
            )
            summary = self.env._(
                "The hold on %(held)s is released.", held=held.display_name
            )
        return {
            "kind": "hold",
            "company_id": order.company_id.id,
            "sale_order_id": order.id,
            "sale_line_id": False,
            "purchase_order_id": purchase.id,
            "purchase_line_id": False,
            "description": description,
            "fix_target": "purchase" if setter._name == "sale.order" else "sale",
            "fixable": True,
            "fix_summary": summary,
            "explanation": False,
            "drift_key": f"{order.on_hold}|{purchase.on_hold}",
        }

    def _fix(self, issues):
        # The hold (or its release) is mirrored again from the side that set
        # it: the sales order when the purchase order is to follow, and the
        # other way round.
        # sudo: rules 1 / 1b mirror for users with rights on one side only.
        sale_setters = issues.filtered(lambda i: i.fix_target == "purchase")
        if sale_setters:
            self._mirror(sale_setters.sale_order_id.sudo(), log=False)
        purchase_setters = issues.filtered(lambda i: i.fix_target == "sale")
        if purchase_setters:
            self._mirror(purchase_setters.purchase_order_id.sudo(), log=False)
