# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class DropshipRuleHold(models.AbstractModel):
    """Rules 1 and 1b: a hold set on one side holds the other side.

    Each hold is a ``dropship.hold`` record, with a code (who may release
    it) and/or a reason. A hold set on an order is mirrored, when the
    company's setting says so, to the counterpart orders as holds that point
    at it; it is released on the order where it was set, and its mirrored
    holds with it. An order is on hold while any of its holds is open: a
    purchase order shared by two held sales orders stays held until both
    release.
    """

    _name = "dropship.rule.hold"
    _inherit = "dropship.rule"
    _description = "Drop-ship rule: holds"
    _dropship_kinds = ("hold",)

    @api.model
    def _code(self, order):
        return "so_hold" if order._name == "sale.order" else "po_hold"

    @api.model
    def _open(self, order):
        return order.dropship_hold_ids.filtered(lambda h: h.state == "open")

    @api.model
    def _own_holds(self, order):
        """The open holds set on ``order`` itself."""
        return self._open(order).filtered(lambda h: not h.origin_hold_id)

    # Refusal reasons

    @api.model
    def _reasons_held(self, orders, action):
        """Why ``action`` (a verb phrase) cannot be done on held ``orders``."""
        reasons = []
        for order in orders.filtered("on_hold"):
            holds = self._open(order)
            own, mirrored = (
                holds - holds.filtered("origin_hold_id"),
                holds.filtered("origin_hold_id"),
            )
            if own:
                reasons.append(
                    self.env._(
                        "%(document)s is on hold (%(reason)s): release the hold "
                        "before you %(action)s.",
                        document=order.display_name,
                        reason="; ".join(own.mapped(lambda h: h._label())),
                        action=action,
                    )
                )
            for origin, group in mirrored.grouped("set_on").items():
                reasons.append(
                    self.env._(
                        "%(document)s is on hold (%(reason)s), a hold set on "
                        "%(origin)s: it must be released on %(origin)s before you "
                        "%(action)s.",
                        document=order.display_name,
                        reason="; ".join(group.mapped(lambda h: h._label())),
                        origin=origin,
                        action=action,
                    )
                )
        return reasons

    @api.model
    def _reasons_release(self, orders):
        """Why the holds of ``orders`` cannot be released there: none was
        set there, or the user is not allowed to release its code."""
        reasons = []
        for order in orders:
            own = self._own_holds(order)
            if not own and order.on_hold:
                reasons.append(
                    self.env._(
                        "%(document)s is held by a hold set on %(origin)s: "
                        "release it there.",
                        document=order.display_name,
                        origin=order.hold_origin,
                    )
                )
            for hold in own.filtered(
                lambda h: not self._may_release_code(h.hold_reason_id)
            ):
                reasons.append(
                    self.env._(
                        "The hold %(hold)s on %(document)s can only be released "
                        "by: %(groups)s.",
                        hold=hold._label(),
                        document=order.display_name,
                        groups=", ".join(
                            hold.hold_reason_id.release_group_ids.mapped("full_name")
                        ),
                    )
                )
        return reasons

    @api.model
    def _reasons_recode(self, holds, code):
        """Why ``holds`` cannot take the hold code ``code``: a code says who
        may release the hold, so changing it needs the right to release it
        under its current code."""
        return [
            self.env._(
                "The hold %(hold)s on %(document)s can only be released by: "
                "%(groups)s. Its code can only be changed by them too.",
                hold=hold._label(),
                document=hold._held_order().display_name,
                groups=", ".join(
                    hold.hold_reason_id.release_group_ids.mapped("full_name")
                ),
            )
            for hold in holds
            if code
            and hold.hold_reason_id != code
            and not self._may_release_code(hold.hold_reason_id)
        ]

    @api.model
    def _may_release_code(self, code):
        """Whether the current user may release a hold of the code ``code``."""
        groups = code.release_group_ids
        return not groups or bool(groups & self.env.user.groups_id)

    @api.model
    def _released_by(self, order, few=5):
        """Who may release the open holds of ``order`` that the current
        user may not release, by their codes: the groups, with their users
        when they are ``few`` at most. False when no such hold is open."""
        # sudo: the code of a hold mirrored from an order the user cannot
        # read, and the members of the groups, only named.
        holds = self._open(order).sudo()
        codes = (
            holds.origin_hold_id | holds.filtered(lambda h: not h.origin_hold_id)
        ).hold_reason_id
        groups = codes.filtered(
            lambda code: not self._may_release_code(code)
        ).release_group_ids
        if not groups:
            return False
        names = ", ".join(sorted(groups.mapped("full_name")))
        users = groups.users.filtered(lambda user: user.active and not user.share)
        if not users or len(users) > few:
            return names
        return self.env._(
            "%(groups)s (%(users)s)",
            groups=names,
            users=", ".join(sorted(users.mapped("name"))),
        )

    # Apply

    @api.model
    def _set(self, orders, reason=None, code_id=None):
        """Put ``orders`` on hold (or give the hold set there a new reason
        or code), then mirror the new holds to the counterparts."""
        reason = (reason or "").strip() or False
        code = self.env["dropship.hold.reason"].browse(code_id or [])
        values = {"reason": reason, "hold_reason_id": code.id}
        new_vals, updated = [], self.env["dropship.hold"]
        for order in orders:
            own = self._own_holds(order)
            if own:
                updated |= own
            else:
                new_vals.append(self._hold_vals(order, values))
        self._refuse(self._reasons_recode(updated, code))
        # sudo: a hold is a record of the synchronization, set by whoever
        # may edit the order (checked by the write that called this).
        holds = self.env["dropship.hold"].sudo()
        mirrored = holds
        if updated:
            updated.sudo().write({k: v for k, v in values.items() if v})
            mirrored |= self._sync_mirrored(updated.sudo())
        new = holds.create(new_vals) if new_vals else holds
        mirrored |= self._mirror(new)
        self._log_unmirrored(orders, mirrored)

    @api.model
    def _hold_vals(self, order, values, origin=None):
        link = order._dropship_hold_link
        return dict(
            values,
            **{link: order.id},
            company_id=order.company_id.id,
            origin_hold_id=origin.id if origin else False,
        )

    @api.model
    def _mirror(self, holds, log=True):
        """Mirror the open ``holds`` (set on their orders) to the counterparts
        of their orders that do not have them yet, and store the drop-ship
        status of the sales lines; returns the holds created."""
        vals_list, changes, orders = [], [], []
        holds = holds.filtered(lambda h: h.state == "open")
        # One read of the holds mirrored already (none for new holds).
        existing = (
            holds.search([("origin_hold_id", "in", holds.ids)]) if holds else holds
        )
        for hold in holds:
            order = hold._held_order()
            orders.append(order)
            if order.company_id._dropship_policy(self._code(order)) != "mirror":
                continue
            done = existing.filtered(lambda m, h=hold: m.origin_hold_id == h)
            counterparts = order._dropship_hold_counterparts()
            done_orders = self._records(
                (h._held_order() for h in done), counterparts._name
            )
            for target in counterparts - done_orders:
                values = {
                    "reason": hold.reason,
                    "hold_reason_id": hold.hold_reason_id.id,
                }
                vals_list.append(self._hold_vals(target, values, hold))
                changes.append(
                    self._change(
                        order,
                        target,
                        "on_hold",
                        self._hold_text(target),
                        self._hold_text(target, hold),
                        self._code(order),
                    )
                )
        # sudo: the hold reaches orders of the other side, which the user may
        # not be allowed to write; it is audited on both sides.
        created = self.env["dropship.hold"].sudo().create(vals_list)
        self._audit(changes if log else [])
        self._store_states(orders + [h._held_order() for h in holds])
        return created

    @api.model
    def _sync_mirrored(self, holds):
        """The mirrored holds of ``holds`` take their new reason and code;
        returns them."""
        mirrored = holds.search([("origin_hold_id", "in", holds.ids)])
        for hold in holds:
            mirrored.filtered(lambda m, h=hold: m.origin_hold_id == h).write(
                {"reason": hold.reason, "hold_reason_id": hold.hold_reason_id.id}
            )
        return mirrored

    @api.model
    def _release(self, orders):
        """Release the holds set on ``orders`` and the holds they mirrored."""
        self._refuse(self._reasons_release(orders))
        own = self._records((self._own_holds(o) for o in orders), "dropship.hold")
        if not own:
            return
        # sudo: the mirrored holds are on orders the user may not write.
        mirrored = own.sudo().search(
            [("origin_hold_id", "in", own.ids), ("state", "=", "open")]
        )
        targets = {m._held_order(): m for m in mirrored}
        old = {target: self._hold_text(target) for target in targets}
        (own | mirrored).sudo().write(
            {
                "state": "released",
                "released_by_id": self.env.uid,
                "release_date": fields.Datetime.now(),
            }
        )
        changes = [
            self._change(
                hold.origin_hold_id._held_order(),
                target,
                "on_hold",
                old[target],
                self._hold_text(target),
                self._code(hold.origin_hold_id._held_order()),
            )
            for target, hold in targets.items()
        ]
        self._audit(changes)
        self._log_unmirrored(orders, mirrored)
        self._store_states(list(orders) + list(targets))

    @api.model
    def _hold_text(self, order, new_hold=None):
        """How the hold state of ``order`` reads in the chatter and the log
        (with ``new_hold`` added, for a hold about to be mirrored)."""
        holds = self._open(order) | (new_hold or self.env["dropship.hold"])
        if holds:
            return self.env._(
                "Yes (%(reasons)s)",
                reasons="; ".join(holds.mapped(lambda h: h._label())),
            )
        return self.env._("No")

    @api.model
    def _log_unmirrored(self, orders, mirrored):
        """One message per event: an order whose hold (or release) reached
        no other order (``mirrored``, the holds it mirrored, is empty)
        notes it on its own chatter."""
        if mirrored:
            return
        for order in orders:
            order._message_log(
                body=self.env._("Put on hold: %(reason)s", reason=order.hold_reason)
                if order.on_hold
                else self.env._("Hold released.")
            )

    @api.model
    def _store_states(self, orders):
        # sudo: the status of the sales lines is stored for a purchaser too.
        lines = self.env["sale.order.line"].sudo()
        for order in orders:
            lines |= order._dropship_hold_sale_lines()
        lines._dropship_store_state()

    # Integrity

    @api.model
    def _verify(self, batch):
        pairs = {}
        for line in batch.lines.filtered(lambda sol: sol.state == "sale"):
            for purchase in batch.open_lines(line).order_id:
                pairs[line.order_id, purchase] = True
        # One read of the holds for the whole batch.
        for orders in (batch.lines.order_id, batch.lines.purchase_line_ids.order_id):
            orders.dropship_hold_ids.mapped("origin_hold_id")
        return [
            vals
            for sale, purchase in pairs
            for vals in (
                self._verify_pair(sale, purchase, sale, purchase),
                self._verify_pair(purchase, sale, sale, purchase),
            )
            if vals
        ]

    @api.model
    def _verify_pair(self, setter, other, sale, purchase):
        """A hold set on ``setter`` that ``other`` should follow and does not."""
        if setter.company_id._dropship_policy(self._code(setter)) != "mirror":
            return None
        mirrored = self._open(other).origin_hold_id
        missing = self._own_holds(setter) - mirrored
        if not missing:
            return None
        reasons = "; ".join(missing.mapped(lambda h: h._label()))
        return {
            "kind": "hold",
            "company_id": sale.company_id.id,
            "sale_order_id": sale.id,
            "sale_line_id": False,
            "purchase_order_id": purchase.id,
            "purchase_line_id": False,
            "description": self.env._(
                "%(held)s is on hold (%(reason)s) but %(other)s is not held by it.",
                held=setter.display_name,
                reason=reasons,
                other=other.display_name,
            ),
            "fix_target": "purchase" if setter == sale else "sale",
            "fixable": True,
            "fix_summary": self.env._(
                "%(other)s is put on hold too (%(reason)s), until the hold is "
                "released on %(held)s.",
                other=other.display_name,
                reason=reasons,
                held=setter.display_name,
            ),
            "explanation": False,
            "drift_key": ",".join(str(i) for i in sorted(missing.ids)),
        }

    def _fix(self, issues):
        # The holds of the side that set them are mirrored again.
        # sudo: rules 1 / 1b mirror for users with rights on one side only.
        sale_setters = issues.filtered(lambda i: i.fix_target == "purchase")
        purchase_setters = issues - sale_setters
        setters = (
            sale_setters.sale_order_id.sudo(),
            purchase_setters.purchase_order_id.sudo(),
        )
        holds = self._records(
            (self._own_holds(o) for orders in setters for o in orders),
            "dropship.hold",
        )
        self._mirror(holds)
