# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import float_compare, float_is_zero

from .dropship_door import as_mirror

# When the module was installed (set by the post-init hook): quantities last
# written before it were not watched by the rules.
INSTALL_DATE_PARAM = "sale_purchase_dropship_sync.install_date"


def _differs(qty, other, uom):
    return float_compare(qty, other, precision_rounding=uom.rounding) != 0


def _positive(qty, uom):
    return float_compare(qty, 0.0, precision_rounding=uom.rounding) > 0


def _below(qty, floor, uom):
    return float_compare(qty, floor, precision_rounding=uom.rounding) < 0


class DropshipRuleQuantity(models.AbstractModel):
    """Rules 10 and 10b (quantity), and 2b / 2c for a line set to zero.

    A sales quantity change after confirmation changes the same purchase
    line (no second request for quotation); a supplier quantity change
    reaches the sales line, or waits for the salesperson's approval, or
    only tells them, by policy. Both sides refuse to go below what the
    customer already received.
    """

    _name = "dropship.rule.quantity"
    _inherit = "dropship.rule"
    _description = "Drop-ship rule: quantities"
    _dropship_kinds = ("qty",)

    @api.model
    def _sale_code(self, line, qty):
        zero = float_is_zero(qty, precision_rounding=line.product_uom.rounding)
        return "so_line_cancel" if zero else "so_qty"

    @api.model
    def _purchase_code(self, pol, qty):
        zero = float_is_zero(qty, precision_rounding=pol.product_uom.rounding)
        return "po_cancel" if zero else "po_qty"

    # Refusal reasons (texts; the mirror raises them, the queue shows them)

    @api.model
    def _reasons_negative(self, orders, qty):
        return [
            self.env._(
                "%(document)s: a drop-ship quantity cannot be negative.",
                document=order.display_name,
            )
            for order in (orders[:1] if qty < 0 else orders.browse())
        ]

    @api.model
    def _reasons_sale_qty(self, new_qty, source=None):
        """Why sales lines cannot take the quantities ``new_qty``
        ({sales line: quantity}) that ``source`` (the purchase document
        whose change it is, if any) asks for."""
        reasons = []
        for line, qty in new_qty.items():
            if _below(qty, line.qty_delivered, line.product_uom):
                reasons.append(
                    self.env._(
                        "%(document)s: %(product)s cannot go below the %(qty)s "
                        "%(uom)s already received by the customer (drop-ship). "
                        "Create a return first.",
                        document=line.order_id.display_name,
                        product=line.product_id.display_name,
                        qty=self._fmt(line.qty_delivered),
                        uom=line.product_uom.name,
                    )
                )
        if reasons and source:
            reasons[0] += "\n" + self.env._(
                "The change of %(change)s cannot be applied.",
                change=source.display_name,
            )
        if source is not None:
            reasons += self._reasons_locked(
                self._records(new_qty, "sale.order.line").order_id
            )
        return reasons

    @api.model
    def _reasons_purchase_qty(self, new_qty, mirrored=True):
        """Why purchase lines cannot take the quantities ``new_qty``
        ({purchase line: quantity}); ``mirrored``: the change comes from the
        sales side (a locked purchase order refuses it)."""
        reasons = []
        for pol, qty in new_qty.items():
            if _below(qty, pol.qty_received, pol.product_uom):
                reasons.append(
                    self.env._(
                        "The vendor already delivered %(qty)s %(uom)s of %(product)s "
                        "to the customer on %(document)s, so the purchase order "
                        "cannot go below that. Return the goods first (return of "
                        "the drop-ship transfer).",
                        qty=self._fmt(pol.qty_received),
                        uom=pol.product_uom.name,
                        product=pol.product_id.display_name,
                        document=pol.order_id.display_name,
                    )
                )
        if mirrored:
            reasons += self._reasons_locked(
                self._records(new_qty, "purchase.order.line").order_id
            )
        return reasons

    @api.model
    def _reasons_cancelled_sale(self, pols, qty):
        """A purchase line of a cancelled sales order orders nothing more:
        the goods would go to a customer who cancelled."""
        return [
            self.env._(
                "%(sale)s is cancelled: %(purchase)s cannot order more "
                "%(product)s for it. Order it for a new sales order instead.",
                sale=pol.sale_line_id.order_id.display_name,
                purchase=pol.order_id.display_name,
                product=pol.product_id.display_name,
            )
            # sudo: the state of the sales side is read for a purchaser.
            for pol in pols.sudo()
            if pol.sale_line_id.state == "cancel"
            and float_compare(
                qty, pol.product_qty, precision_rounding=pol.product_uom.rounding
            )
            > 0
        ]

    # Sales side: rules 10 and 2b

    @api.model
    def _sale_plan(self, lines, new_qty):
        """Check a sales quantity change of ``lines`` to ``new_qty`` before
        it is written and route it: {policy: sales lines}."""
        lines = lines.filtered(
            lambda sol: (
                sol.state == "sale"
                and _differs(sol.product_uom_qty, new_qty, sol.product_uom)
            )
        )
        paired = self.env["dropship.pair"]._purchase_lines(lines).sale_line_id
        lines = lines.filtered(lambda sol: sol.id in set(paired.ids))
        self._refuse(self._reasons_negative(lines.order_id, new_qty))
        routes = self._route(lines, lambda sol: self._sale_code(sol, new_qty))
        active = routes.get("mirror", lines.browse()) | routes.get(
            "notify", lines.browse()
        )
        self._refuse(self._reasons_sale_qty(dict.fromkeys(active, new_qty)))
        mirror = routes.get("mirror", lines.browse())
        pols = self.env["dropship.pair"]._purchase_lines(mirror)
        self._refuse(self._reasons_locked(pols.order_id))
        return routes

    @api.model
    def _sale_apply(self, routes, old_qty):
        """After the sales quantity change: the purchase lines follow
        (mirror) or the purchaser is told (notify)."""
        mirror = routes.get("mirror")
        if mirror:
            self._follow_sale(mirror)
        notify = routes.get("notify")
        if notify:
            self._notify_purchase(notify, old_qty)

    @api.model
    def _follow_sale(self, sale_lines):
        """Make the purchase lines of ``sale_lines`` order what they sell
        (converted to the purchase UoM). Lines brought to zero follow rule
        2b."""
        new_qty = self.env["dropship.pair"]._purchase_targets(sale_lines)
        if not new_qty:
            return
        self._refuse(self._reasons_purchase_qty(new_qty))
        zero = [pol for pol, qty in new_qty.items() if float_is_zero(qty, 6)]
        new_qty = {pol: qty for pol, qty in new_qty.items() if pol not in zero}
        changes = [
            self._purchase_qty_change(
                pol,
                qty,
                self._sale_code(pol.sale_line_id, pol.sale_line_id.product_uom_qty),
            )
            for pol, qty in new_qty.items()
        ]
        self._write_by_value(new_qty, "product_qty")
        self._audit(changes)
        if zero:
            self._set_purchase_zero(
                self._records(zero, "purchase.order.line"), "so_line_cancel"
            )

    @api.model
    def _purchase_qty_change(self, pol, qty, rule):
        """The change of the purchase line ``pol`` to ``qty`` that its
        sales line makes."""
        return self._change(
            pol.sale_line_id, pol, "product_qty", pol.product_qty, qty, rule
        )

    # Lines brought to zero, orders left empty (rules 2, 2b, 2c)

    @api.model
    def _set_purchase_zero(self, pols, code):
        """Rules 2 / 2b: bring ``pols`` to zero; a purchase order left with
        nothing is cancelled (with its drop-ship transfer).

        :param code: the rule that does it (``so_cancel``, ``so_line_cancel``)
        """
        self._refuse(self._reasons_locked(pols.order_id))
        emptied, lines = self._purchase_zero_plan(pols)
        changes = [self._purchase_qty_change(pol, 0.0, code) for pol in lines]
        changes += [
            self._change(
                po.order_line.sale_line_id.order_id[:1],
                po,
                "state",
                po.state,
                "cancel",
                code,
            )
            for po in emptied
        ]
        with as_mirror(self.env):
            if lines:
                lines.write({"product_qty": 0.0})
            if emptied:
                emptied.button_cancel()
        self._audit(changes)

    @api.model
    def _purchase_zero_plan(self, pols):
        """What bringing ``pols`` to zero does: (the purchase orders left
        with nothing, cancelled whole; the lines of the other purchase
        orders, set to zero)."""
        emptied = pols.order_id.filtered(
            lambda po: (
                not po.order_line.filtered(
                    lambda pol: (
                        pol not in pols
                        and pol.state != "cancel"
                        and not pol.display_type
                        and _positive(pol.product_qty, pol.product_uom)
                    )
                )
            )
        )
        return emptied, pols - emptied.order_line

    @api.model
    def _empty_sales(self, orders, new_qty=None):
        """The sales orders of ``orders`` left without any quantity (with
        ``new_qty``, {sales line: quantity}, instead of the current ones)."""
        new_qty = new_qty or {}
        return orders.filtered(
            lambda o: (
                o.state != "cancel"
                and not any(
                    _positive(new_qty.get(line, line.product_uom_qty), line.product_uom)
                    for line in o.order_line
                    if not line.display_type and not line.is_downpayment
                )
            )
        )

    @api.model
    def _cancel_empty_sales(self, sources):
        """Cancel the sales orders of ``sources`` ({sales order: purchase
        document that emptied it}) left without any quantity."""
        empty = self._empty_sales(self._records(sources, "sale.order"))
        if not empty:
            return
        self._refuse(self._reasons_locked(empty))
        old = {so: so.state for so in empty}
        with as_mirror(self.env):
            empty._action_cancel()
        self._audit(
            self._change(sources[so], so, "state", old[so], so.state, "po_cancel")
            for so in empty
        )

    @api.model
    def _notify_purchase(self, lines, old_qty):
        """Policy notify: log the change and tell the purchaser."""
        pair = self.env["dropship.pair"]
        self._notify(
            [
                self._change(
                    line,
                    pol,
                    "product_qty",
                    pol.product_qty,
                    line.product_uom._compute_quantity(
                        line.product_uom_qty, pol.product_uom, round=False
                    ),
                    self._sale_code(line, line.product_uom_qty),
                )
                for line in lines
                for pol in pair._purchase_lines(line)
            ],
            [
                (
                    pair._purchase_lines(line).order_id,
                    self.env._(
                        "%(document)s: the quantity of %(product)s changed from "
                        "%(old)s to %(new)s. Check the drop-ship purchase order.",
                        document=line.order_id.display_name,
                        product=line.product_id.display_name,
                        old=self._fmt(old_qty[line.id]),
                        new=self._fmt(line.product_uom_qty),
                    ),
                )
                for line in lines
            ],
        )

    # Purchase side: rules 10b and 2c (line)

    @api.model
    def _purchase_capture(self, pols, qty):
        """Check a supplier quantity change of ``pols`` to ``qty`` before it
        is written: {purchase line id: old quantity}."""
        self._refuse(self._reasons_negative(pols.order_id, qty))
        self._refuse(self._reasons_purchase_qty(dict.fromkeys(pols, qty), False))
        routes = self._route(
            pols,
            lambda pol: self._purchase_code(pol, qty),
            new=dict.fromkeys(pols, qty),
        )
        self._refuse(
            self._reasons_cancelled_sale(pols - routes.get("off", pols.browse()), qty)
        )
        mirror = routes.get("mirror")
        if mirror:
            sale_lines = mirror.sale_line_id
            targets = self.env["dropship.pair"]._sale_targets(
                sale_lines, dict.fromkeys(mirror.ids, qty)
            )
            self._refuse(self._reasons_sale_qty(targets, mirror[:1]))
        return {pol.id: pol.product_qty for pol in pols}

    @api.model
    def _purchase_apply(self, pols, old_qty):
        """After a supplier quantity change: route it by policy."""
        changed = pols.filtered(
            lambda pol: _differs(pol.product_qty, old_qty[pol.id], pol.product_uom)
        )
        routes = self._route(
            changed, lambda pol: self._purchase_code(pol, pol.product_qty)
        )
        if routes.get("mirror"):
            mirror = routes["mirror"]
            self._follow_purchase(
                mirror.sale_line_id, {pol.sale_line_id: pol for pol in mirror}
            )
        if routes.get("approve"):
            self._propose(routes["approve"])
        if routes.get("notify"):
            self._notify_sale(routes["notify"], old_qty)

    @api.model
    def _follow_purchase(self, sale_lines, sources, cancel=True):
        """Set ``sale_lines`` to the quantity of their open purchase lines;
        with ``cancel``, cancel the sales orders left with nothing.

        :param sources: {sales line: purchase line (or order) that changed}
        """
        targets = self.env["dropship.pair"]._sale_targets(sale_lines)
        if not targets:
            return
        source = next(iter(sources.values()))
        self._refuse(self._reasons_sale_qty(targets, source))
        changes = [
            self._change(
                sources[line],
                line,
                "product_uom_qty",
                line.product_uom_qty,
                qty,
                self._purchase_code(line, qty),
            )
            for line, qty in targets.items()
        ]
        self._write_by_value(targets, "product_uom_qty", skip_procurement=True)
        self._audit(changes)
        if cancel:
            self._cancel_empty_sales(
                {
                    line.order_id: sources[line].order_id
                    if sources[line]._name.endswith(".line")
                    else sources[line]
                    for line in targets
                }
            )
        self.env["dropship.rule.invoice"]._check_now(
            self._records(targets, "sale.order.line")
        )

    @api.model
    def _propose(self, pols, rule=None):
        """Policy approve: a pending change for the salesperson.

        :param rule: the rule code (by default from the new quantity)
        """
        targets = self.env["dropship.pair"]._purchase_qty(pols.sale_line_id)
        self.env["dropship.sync.change"]._dropship_propose(
            [
                self._change(
                    pol,
                    pol.sale_line_id,
                    "product_uom_qty",
                    pol.sale_line_id.product_uom_qty,
                    targets.get(pol.sale_line_id.id, 0.0),
                    rule or self._purchase_code(pol, pol.product_qty),
                    proposed_float=pol.product_qty,
                    extra={
                        "amount_impact": (
                            targets.get(pol.sale_line_id.id, 0.0)
                            - pol.sale_line_id.product_uom_qty
                        )
                        * pol.sale_line_id.price_reduce_taxexcl
                    },
                )
                for pol in pols
            ]
        )

    @api.model
    def _notify_sale(self, pols, old_qty):
        """Policy notify: log the supplier change and tell the salesperson."""
        targets = self.env["dropship.pair"]._purchase_qty(pols.sale_line_id)
        self._notify(
            [
                self._change(
                    pol,
                    pol.sale_line_id,
                    "product_uom_qty",
                    pol.sale_line_id.product_uom_qty,
                    targets.get(pol.sale_line_id.id, 0.0),
                    self._purchase_code(pol, pol.product_qty),
                )
                for pol in pols
            ],
            [
                (
                    pol.sale_line_id.order_id,
                    self.env._(
                        "%(document)s: the vendor changed the quantity of "
                        "%(product)s from %(old)s to %(new)s %(uom)s. Check the "
                        "drop-ship sales order.",
                        document=pol.order_id.display_name,
                        product=pol.product_id.display_name,
                        old=self._fmt(old_qty[pol.id]),
                        new=self._fmt(pol.product_qty),
                        uom=pol.product_uom.name,
                    ),
                )
                for pol in pols
            ],
        )

    @api.model
    def _is_stale(self, change, pol):
        """Whether the pending ``change`` no longer matches the purchase line
        ``pol`` (changed again, or no longer cancelled)."""
        if change.rule == "po_cancel":
            return pol.state != "cancel" and _differs(
                pol.product_qty, 0.0, pol.product_uom
            )
        return _differs(pol.product_qty, change.proposed_float, pol.product_uom)

    @api.model
    def _apply_approved(self, change):
        """An approved supplier quantity change (or cancellation)."""
        # sudo: as in the mirror path, the sales lines follow the purchase
        # lines for a salesperson who may have no purchase rights.
        pol = change.purchase_line_id.sudo()
        source = pol if change.rule == "po_qty" else pol.order_id
        self._follow_purchase(change.sale_line_id.sudo(), {change.sale_line_id: source})

    @api.model
    def _drift_key(self, line, purchase_qty):
        """The quantities of a pair, as a decision on it remembers them."""
        return f"{self._fmt(line.product_uom_qty)}|{self._fmt(purchase_qty)}"

    @api.model
    def _decision(self, line):
        """(integrity kind, drift key) of the quantities of the pair of
        ``line`` now: what a rejected supplier change decides to keep."""
        purchase_qty = self.env["dropship.pair"]._purchase_qty(line).get(line.id, 0.0)
        zero = float_is_zero(purchase_qty, precision_rounding=line.product_uom.rounding)
        return ("cancel" if zero else "qty"), self._drift_key(line, purchase_qty)

    # Integrity

    @api.model
    def _verify(self, batch):
        result = []
        for line in batch.lines.filtered(lambda sol: sol.state == "sale"):
            open_pols = batch.ordering_lines(line)
            # A kit sold and its components bought: quantities do not compare.
            if (
                open_pols
                and open_pols.product_id == line.product_id
                and line.product_uom_qty > 0
            ):
                result.append(
                    self._verify_line(line, open_pols, batch.purchase_qty[line.id])
                )
        return list(filter(None, result))

    @api.model
    def _verify_line(self, line, open_pols, purchase_qty):
        """The sales quantity differs from its open purchase lines'."""
        if not _differs(line.product_uom_qty, purchase_qty, line.product_uom):
            return None
        values = {
            "product": line.product_id.display_name,
            "sale": line.order_id.display_name,
            "purchase": ", ".join(open_pols.order_id.mapped("display_name")),
            "sale_qty": self._fmt(line.product_uom_qty),
            "purchase_qty": self._fmt(purchase_qty),
            "uom": line.product_uom.name,
        }
        description = self.env._(
            "%(product)s: %(sale)s sells %(sale_qty)s %(uom)s, %(purchase)s orders "
            "%(purchase_qty)s %(uom)s.",
            **values,
        )
        issue = {"key": self._drift_key(line, purchase_qty)}
        target = self._fix_target(line, open_pols)
        codes = {"purchase": ["so_qty"], "sale": ["po_qty"]}.get(
            target, ["so_qty", "po_qty"]
        )
        if all(line.company_id._dropship_policy(code) == "off" for code in codes):
            return None
        if target == "purchase":
            targets = self.env["dropship.pair"]._purchase_targets(line)
            issue["reasons"] = self._reasons_purchase_qty(targets)
            issue["summary"] = self.env._(
                "%(sale)s was changed last. %(purchase)s: the quantity of "
                "%(product)s goes from %(purchase_qty)s to %(sale_qty)s %(uom)s.",
                **values,
            )
        elif target == "sale":
            issue["reasons"] = self._reasons_sale_qty(
                {line: purchase_qty}, open_pols[:1]
            )
            issue["summary"] = self.env._(
                "%(purchase)s was changed last. %(sale)s: the quantity of "
                "%(product)s goes from %(sale_qty)s to %(purchase_qty)s %(uom)s.",
                **values,
            )
        else:
            issue["reasons"] = [self._reason_undecidable(line, open_pols, values)]
        newest = self.env["dropship.pair"]._newest(open_pols)
        return self._issue("qty", line, newest, description, target=target, **issue)

    @api.model
    def _reason_undecidable(self, line, open_pols, values):
        """Why the integrity check cannot tell which side of a quantity
        drift is right."""
        if line.write_date == max(open_pols.mapped("write_date")):
            return self.env._(
                "%(sale)s and %(purchase)s were last changed at the same time, "
                "so which one is right cannot be told. Correct the quantity by "
                "hand on the document that is wrong.",
                **values,
            )
        return self.env._(
            "%(sale)s and %(purchase)s were both last changed before the "
            "drop-ship synchronization was installed (or their data was "
            "imported), so which one is right cannot be told. Correct the "
            "quantity by hand on the document that is wrong.",
            **values,
        )

    @api.model
    def _fix_target(self, line, open_pols):
        """The side a quantity fix changes: the one not written last.

        None when that cannot be told: both sides written at the same time,
        or neither written since the module was installed. A write date only
        tells which side changed last when the rules watched the writes:
        data imported or changed before the install (or by SQL) has write
        dates that say nothing of its quantities.
        """
        sale_date, purchase_date = line.write_date, max(open_pols.mapped("write_date"))
        if sale_date == purchase_date or max(sale_date, purchase_date) <= (
            self._watched_since()
        ):
            return None
        return "purchase" if sale_date > purchase_date else "sale"

    @api.model
    def _watched_since(self):
        """When the rules started watching the quantities (the install)."""
        # sudo: a system parameter, read for any manager running the check.
        value = self.env["ir.config_parameter"].sudo().get_param(INSTALL_DATE_PARAM)
        return fields.Datetime.to_datetime(value) or fields.Datetime.to_datetime(
            "1970-01-01 00:00:00"
        )

    def _fix(self, issues):
        to_sale = issues.filtered(lambda i: i.fix_target == "sale")
        if to_sale:
            # sudo: as rule 10b does for a purchaser without sales rights.
            self._follow_purchase(
                to_sale.sale_line_id.sudo(),
                {i.sale_line_id.sudo(): i.purchase_line_id.sudo() for i in to_sale},
                cancel=False,
            )
        to_purchase = issues - to_sale
        if to_purchase:
            # sudo: as rule 10 does for a salesperson without purchase rights.
            self._follow_sale(to_purchase.sale_line_id.sudo())
