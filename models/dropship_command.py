# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from .dropship_door import ACTOR, Actor, fact, scope
from .dropship_rule_registry import REGISTRY

# The channels through which the vendor itself changes its purchase order.
VENDOR_CHANNELS = ("portal", "document")
# How far ahead a vendor's ship date may lie.
MAX_YEARS_AHEAD = 2


class Command(NamedTuple):
    """A business action on drop-ship pairs.

    :ivar label: what the action is, for people
    :ivar authorize: the method of ``dropship.command`` that refuses the
        action to a user who may not do it (beyond Odoo's access rights on
        the records, which the entry point's own call checks)
    :ivar restart: the entry point has read nothing of the pairs before
        the lock (see ``dropship.pair._lock``)
    :ivar receipt: the action receives goods (takes the products' turn)
    :ivar verify: the method that checks what must hold afterwards
    """

    label: str
    authorize: str | None = None
    restart: bool = True
    receipt: bool = False
    verify: str | None = None


COMMANDS = {
    "hold": Command("Put on hold", verify="_verify_holds"),
    "release": Command(
        "Release a hold", authorize="_authorize_release", verify="_verify_holds"
    ),
    "lock": Command("Lock or unlock"),
    "sale_quantity": Command("Change the quantity sold"),
    "supplier_change": Command("Change a purchase line (quantity, price, date)"),
    "sale_cancel": Command("Cancel a sales order"),
    "purchase_cancel": Command("Cancel a purchase order"),
    "move_cancel": Command("Cancel drop-ship moves", restart=False),
    "prepare_receipt": Command("Set a receipt quantity"),
    "ship": Command("Validate a drop-ship receipt", receipt=True),
    "lot_change": Command("Change the lot of a done receipt", restart=False),
    "vendor": Command(
        "A vendor's action (ship, propose, decline)",
        authorize="_authorize_vendor",
        receipt=True,
    ),
    "vendor_document": Command(
        "A vendor's document (despatch advice, order response, CSV)",
        authorize="_authorize_vendor_document",
        receipt=True,
    ),
    "review": Command(
        "Approve or reject a supplier change", authorize="_authorize_order_write"
    ),
    "fix": Command("Fix integrity issues"),
    "reversal": Command(
        "Settle a reversal (replace, credit, nothing to do)",
        authorize="_authorize_order_write",
        restart=False,
    ),
    "bill": Command("Post or reset a vendor bill", restart=False),
}


class DropshipCommand(models.AbstractModel):
    """The one door through which a change reaches a drop-ship pair.

    Every entry point (the order and line overrides, the vendor portal, the
    integrity Fix, the approval of a supplier change, the vendor bill, the
    crons) hands its change to a rule family through this model, which

    1. knows who acts (``_actor``: the user, or the vendor of the portal
       set by the portal itself, never by the caller's context),
    2. locks the pairs it will read (``dropship.pair._lock``),
    3. routes each change once, by the company's policy within the bounds
       of the actor (``_route``),
    4. lets the family apply it, and records it under the actor
       (``dropship.sync.change``, which reads the actor from here).

    The routing is the only place where a company's policy for a change is
    decided; a vendor's change is bounded there: it never raises what the
    customer ordered, a price change beyond the company's tolerance and
    any change of a held pair wait for the salesperson.
    """

    _name = "dropship.command"
    _description = "Drop-ship command"

    # The steps

    @api.model
    def _run(self, name, records, apply, lock=None):
        """Run the command ``name`` on ``records``: may the user do it →
        lock every pair it reads → ``apply()`` (routing by policy, the rule
        family's change and its record happen there, through this model)
        → what must now hold. Returns what ``apply`` returns.

        :param apply: a function without arguments; None when the entry
            point applies the change itself after this call, within the
            same transaction (a write that only prepares a receipt, a bill
            whose posting applies it)
        :param lock: the recordsets whose pairs are locked, when not
            ``records`` itself
        """
        command = COMMANDS[name]
        if command.authorize:
            getattr(self, command.authorize)(records)
        self.env["dropship.pair"]._lock(
            *(lock if lock is not None else [records]),
            restart=command.restart,
            receipt=command.receipt,
        )
        result = apply() if apply else None
        if command.verify:
            getattr(self, command.verify)(records)
        return result

    # Authority

    @api.model
    def _authorize_release(self, orders):
        """Only the side that set a hold releases it, and only a member of
        its code's release groups."""
        rule = self.env["dropship.rule.hold"]
        rule._refuse(rule._reasons_release(orders))

    @api.model
    def _authorize_vendor(self, pickings):
        """A portal or API user acts only on the drop-ship transfers of
        purchase orders of its own vendor (its commercial partner)."""
        partner = self.env.user.commercial_partner_id
        # sudo: the vendor of the purchase order is read for a portal user.
        vendors = pickings.sudo().purchase_id.partner_id.commercial_partner_id
        if not pickings or vendors != partner:
            raise AccessError(
                self.env._("These drop-ship shipments are not your company's.")
            )

    @api.model
    def _authorize_vendor_document(self, pickings):
        """A vendor's document acts on the drop-ship transfers of its own
        vendor when a portal or API user sends it (``_authorize_vendor``);
        a purchaser who uploads it must be allowed to change their
        purchase orders. The document itself only reaches the orders of its
        vendor (``dropship.vendor.document._resolve``)."""
        if self.env.user.share:
            self._authorize_vendor(pickings)
            return
        if not pickings:
            raise AccessError(self.env._("The document concerns no shipment."))
        # sudo: the purchase orders of the transfers, checked for the user.
        pickings.sudo().purchase_id.with_env(self.env).check_access("write")

    @api.model
    def _authorize_order_write(self, records):
        """The user may change the sales orders concerned (a decision on
        the customer's order)."""
        orders = records
        if records._name == "dropship.sync.change":
            orders = records.sale_order_id
        orders.check_access("write")

    # What must hold

    @api.model
    def _verify_holds(self, orders):
        """Every order of the pairs of ``orders`` is held exactly while it
        has an open hold, and a mirrored hold is open only while the hold
        it mirrors is."""
        # sudo: the orders of the other side are read for the check only.
        orders = orders.sudo()
        counterparts = orders._dropship_hold_counterparts()
        for order in [*orders, *counterparts]:
            open_holds = order.dropship_hold_ids.filtered(lambda h: h.state == "open")
            stale = open_holds.origin_hold_id.filtered(lambda h: h.state != "open")
            if order.on_hold != bool(open_holds) or stale:
                raise UserError(
                    self.env._(
                        "%(document)s: its holds did not follow (%(count)s open). "
                        "Nothing was changed; try again.",
                        document=order.display_name,
                        count=len(open_holds),
                    )
                )

    # Who acts

    @api.model
    def _actor(self):
        """The ``Actor`` set by the entry point (a vendor), or None for the
        user of the environment."""
        return fact(self.env, ACTOR)

    @api.model
    def _vendor_acting(self):
        actor = self._actor()
        return bool(actor) and actor.channel in VENDOR_CHANNELS

    @api.model
    def _as_vendor(self, channel="portal", note=False):
        """The vendor (the portal user of this environment) acts in the
        ``with`` block: its changes are bounded and recorded as its own."""
        return scope(self.env, **{ACTOR: Actor(self.env.uid, channel, note)})

    # Routing

    @api.model
    def _route(self, records, rule, old=None, new=None):
        """{policy: records} of ``records`` by their company's policy for
        ``rule``, within the bounds of the actor.

        :param rule: the rule code, or a function giving it per record
        :param old: {record: value before the change} of the rule's vendor
            field, when the change is already written
        :param new: {record: value after the change}, when it is not yet
        """
        routes = {}
        vendor = self._vendor_acting()
        for record in records:
            code = rule(record) if callable(rule) else rule
            policy = record.company_id._dropship_policy(code)
            if vendor:
                policy = self._vendor_policy(record, code, policy, old, new)
            routes[policy] = routes.get(policy, records.browse()) | record
        return routes

    @api.model
    def _vendor_policy(self, pol, code, policy, old=None, new=None):
        """The policy of a vendor's change of the purchase line ``pol``
        under ``code``: what would reach the customer's order without a
        review (mirror, notify) waits for the salesperson instead when the
        pair is held, when the vendor raises the quantity the customer
        ordered, or when it moves the price beyond the tolerance."""
        field = REGISTRY[code].vendor_field
        if (
            not field
            or pol._name != "purchase.order.line"
            or policy not in ("mirror", "notify")
        ):
            return policy
        value = (new or {}).get(pol, pol[field])
        if self._pair_held(pol):
            return "approve"
        if field == "product_qty" and self._raises_sale(pol, value):
            return "approve"
        if field == "price_unit" and self._beyond_tolerance(
            pol, (old or {}).get(pol, pol.price_unit), value
        ):
            return "approve"
        return policy

    @api.model
    def _pair_held(self, pols):
        """Whether a purchase order of ``pols`` or a sales order they serve
        is on hold."""
        # sudo: the hold of the sales side is read for a vendor or purchaser.
        pols = pols.sudo()
        return any(pols.order_id.mapped("on_hold")) or any(
            pols.sale_line_id.order_id.mapped("on_hold")
        )

    @api.model
    def _raises_sale(self, pol, qty):
        """Whether ``qty`` on ``pol`` orders more than its sales line sells."""
        sale_line = pol.sudo().sale_line_id
        total = self.env["dropship.pair"]._purchase_qty(sale_line, {pol.id: qty})
        return (
            float_compare(
                total.get(sale_line.id, 0.0),
                sale_line.product_uom_qty,
                precision_rounding=sale_line.product_uom.rounding,
            )
            > 0
        )

    @api.model
    def _beyond_tolerance(self, pol, old_price, new_price):
        """Whether the price change of ``pol`` from ``old_price`` to
        ``new_price`` exceeds the company's tolerance."""
        tolerance = pol.company_id.dropship_sync_price_tolerance
        if not old_price:
            return bool(new_price)
        return abs(new_price - old_price) * 100.0 > tolerance * abs(old_price)

    # Bounds of values

    @api.model
    def _date_bounds(self, purchase):
        """(first, last) day a ship date of ``purchase`` may take: not
        before the order date, at most two years ahead."""
        first = fields.Datetime.to_datetime(purchase.date_order).date()
        today = fields.Date.context_today(self)
        last = today + relativedelta(years=MAX_YEARS_AHEAD, days=-1)
        return min(first, today), last

    @api.model
    def _check_planned_date(self, pols, value):
        """Refuse a planned ship date outside the bounds of the orders of
        ``pols`` (before the order date, or beyond two years)."""
        if not value:
            return
        planned = fields.Datetime.to_datetime(value)
        if isinstance(planned, datetime):
            day = planned.date()
        else:  # pragma: no cover - to_datetime always gives a datetime
            day = datetime.combine(planned, time()).date()
        for purchase in pols.order_id:
            first, last = self._date_bounds(purchase)
            if not first <= day <= last:
                raise UserError(
                    self.env._(
                        "%(document)s: the ship date %(date)s is out of range: "
                        "it must lie between %(first)s and %(last)s.",
                        document=purchase.display_name,
                        date=day.isoformat(),
                        first=first.isoformat(),
                        last=last.isoformat(),
                    )
                )
