# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from .dropship_rule_quantity import _positive

# Key, in ``cr.precommit.data``, of the orders whose own cancellation this
# transaction started: {model name: ids}. Odoo cancels the drop-ship
# transfer of a sales or purchase order it cancels before it writes the
# order's state, so these moves are the order's cancellation (rules 2 and
# 2c decide on it), not a rejection of the vendor's goods for
# ``stock.move._action_cancel`` to translate. The memo goes with the
# transaction (a commit, a rollback or the rollback of a flushing savepoint
# clears it).
CANCELLING = "dropship.rule.cancel.orders"


class DropshipRuleCancel(models.AbstractModel):
    """Rules 2, 2b and 2c: a cancellation on one side cancels the other.

    A cancelled sales order cancels the purchase orders that serve only it
    and zeroes its lines on shared ones; a purchase line set to zero or a
    cancelled purchase order cancels the sales lines (the sales order when
    nothing is left on it), or waits for approval, or only tells. Nothing
    is cancelled whose goods the customer already received.
    """

    _name = "dropship.rule.cancel"
    _inherit = "dropship.rule"
    _description = "Drop-ship rule: cancellations"
    _dropship_kinds = ("cancel",)

    # Refusal reasons

    @api.model
    def _reasons_received(self, sale_lines, action):
        """Why ``action`` cannot be done on drop-ship lines whose goods the
        customer received."""
        pair = self.env["dropship.pair"]
        return [
            self.env._(
                "%(document)s: the customer already received %(qty)s %(uom)s of "
                "%(product)s (drop-ship), so you cannot %(action)s. Create a "
                "return first.",
                document=line.order_id.display_name,
                qty=self._fmt(line.qty_delivered),
                uom=line.product_uom.name,
                product=line.product_id.display_name,
                action=action,
            )
            for line in sale_lines
            if _positive(line.qty_delivered, line.product_uom)
            and pair._purchase_lines(line)
        ]

    # Sales side: rule 2

    @api.model
    def _on_sale_cancel(self, orders):
        """Before ``orders`` are cancelled: refuse when goods were received,
        and cancel (or zero) their purchase lines first, so that core finds
        no open purchase line to leave its activity on."""
        routes = self._route(orders, "so_cancel")
        active = routes.get("mirror", orders.browse()) | routes.get(
            "notify", orders.browse()
        )
        self._refuse(self._reasons_received(active.order_line, self.env._("cancel it")))
        mirror = routes.get("mirror", orders.browse())
        purchase_lines = self.env["dropship.pair"]._purchase_lines(mirror.order_line)
        if purchase_lines:
            self.env["dropship.rule.quantity"]._set_purchase_zero(
                purchase_lines, "so_cancel"
            )
        self._cancel_started(orders)

    @api.model
    def _cancel_started(self, orders):
        """Remember that this transaction cancels ``orders`` (sales or
        purchase orders), see ``CANCELLING``."""
        memo = self.env.cr.precommit.data.setdefault(CANCELLING, {})
        memo.setdefault(orders._name, set()).update(orders.ids)

    @api.model
    def _cancel_under_way(self, orders):
        """The orders of ``orders`` whose own cancellation this transaction
        started (their state may not say so yet)."""
        memo = self.env.cr.precommit.data.get(CANCELLING) or {}
        ids = memo.get(orders._name, set())
        return orders.filtered(lambda order: order.id in ids)

    # Purchase side: rule 2c

    @api.model
    def _on_purchase_cancel(self, orders):
        """Before ``orders`` are cancelled: check that the sales side can
        follow. Returns the routes {policy: purchase lines} for after."""
        pair = self.env["dropship.pair"]
        lines = pair._purchase_side(orders.order_line).filtered(
            lambda pol: pol.state != "cancel"
        )
        routes = self._route(lines, "po_cancel")
        mirror = routes.get("mirror")
        if mirror:
            quantity = self.env["dropship.rule.quantity"]
            targets = pair._sale_targets(
                mirror.sale_line_id, dict.fromkeys(mirror.ids, 0.0)
            )
            self._refuse(quantity._reasons_sale_qty(targets, mirror.order_id[:1]))
        self._cancel_started(orders)
        return routes

    @api.model
    def _after_purchase_cancel(self, routes):
        """After the purchase orders were cancelled: the sales lines follow
        (mirror) or a change waits for the salesperson (approve). Policy
        notify: core's own activity on the sales order tells them."""
        quantity = self.env["dropship.rule.quantity"]
        if routes.get("approve"):
            quantity._propose(routes["approve"], "po_cancel")
        mirror = routes.get("mirror")
        if mirror:
            quantity._follow_purchase(
                mirror.sale_line_id, {pol.sale_line_id: pol.order_id for pol in mirror}
            )

    # What a cancellation will do (the confirmations)

    @api.model
    def _names(self, records):
        return ", ".join(records.mapped("display_name"))

    @api.model
    def _cannot_cancel(self, refusals):
        """The dialog's sentences for a cancellation that would be refused."""
        return [
            self.env._("This order cannot be cancelled: %(reason)s", reason=reason)
            for reason in refusals
        ]

    @api.model
    def _sale_cancel_preview(self, order):
        """What cancelling the sales order ``order`` does to its drop-ship
        purchase orders under its company's policy (rule 2), as sentences;
        empty without drop-ship purchase orders. A cancellation that would
        be refused says why instead."""
        pols = self.env["dropship.pair"]._purchase_lines(order.order_line)
        if not pols:
            return []
        policy = order.company_id._dropship_policy("so_cancel")
        quantity = self.env["dropship.rule.quantity"]
        refusals = []
        if policy in ("mirror", "notify"):
            refusals = self._reasons_received(order.order_line, self.env._("cancel it"))
        if policy == "mirror":
            refusals += quantity._reasons_locked(pols.order_id)
        if refusals:
            return self._cannot_cancel(refusals)
        purchases = self._names(pols.order_id)
        if policy == "notify":
            return [
                self.env._(
                    "The drop-ship purchase order(s) %(orders)s are not cancelled: "
                    "their purchaser gets an activity to cancel them with the vendor.",
                    orders=purchases,
                )
            ]
        if policy == "off":
            return [
                self.env._(
                    "The drop-ship purchase order(s) %(orders)s are not cancelled "
                    "or changed (the company synchronizes no cancellation).",
                    orders=purchases,
                )
            ]
        emptied, lines = quantity._purchase_zero_plan(pols)
        texts = []
        if emptied:
            texts.append(
                self.env._(
                    "The drop-ship purchase order(s) %(orders)s are cancelled with "
                    "it, with their drop-ship transfers.",
                    orders=self._names(emptied),
                )
            )
        for purchase, group in lines.grouped("order_id").items():
            texts.append(
                self.env._(
                    "%(order)s also serves other sales orders: only its lines of "
                    "%(products)s are set to 0.",
                    order=purchase.display_name,
                    products=self._names(group.product_id),
                )
            )
        return texts

    @api.model
    def _purchase_cancel_lines(self, orders):
        """The open drop-ship lines of the purchase orders ``orders`` whose
        sales line still sells: what a cancellation of ``orders`` reaches."""
        return (
            self.env["dropship.pair"]
            ._purchase_side(orders.order_line)
            .filtered(lambda pol: pol.state != "cancel")
            .filtered(lambda pol: pol.sale_line_id.state != "cancel")
        )

    @api.model
    def _purchase_cancel_reaches_sale(self, orders):
        """Whether cancelling ``orders`` changes a sales order (policy
        mirror) or asks its salesperson (policy approve)."""
        lines = self._purchase_cancel_lines(orders)
        routes = self._route(lines, "po_cancel")
        return bool(routes.get("mirror") or routes.get("approve"))

    @api.model
    def _purchase_cancel_preview(self, orders):
        """What cancelling the purchase orders ``orders`` does to the sales
        orders they serve under their company's policy (rule 2c), as
        sentences. A cancellation that would be refused says why instead."""
        routes = self._route(self._purchase_cancel_lines(orders), "po_cancel")
        texts = []
        mirror = routes.get("mirror")
        if mirror:
            texts += self._purchase_cancel_mirror_preview(mirror)
        if routes.get("approve"):
            texts.append(
                self.env._(
                    "The salesperson of %(orders)s is asked to approve the "
                    "cancellation; until then the sales order keeps its quantities.",
                    orders=self._names(routes["approve"].sale_line_id.order_id),
                )
            )
        for policy in ("notify", "off"):
            if routes.get(policy):
                texts.append(
                    self.env._(
                        "%(orders)s is not changed: its salesperson gets an "
                        "activity to check it.",
                        orders=self._names(routes[policy].sale_line_id.order_id),
                    )
                    if policy == "notify"
                    else self.env._(
                        "%(orders)s is not changed.",
                        orders=self._names(routes[policy].sale_line_id.order_id),
                    )
                )
        return texts

    @api.model
    def _purchase_cancel_mirror_preview(self, pols):
        """Policy mirror: the sales orders cancelled, the sales lines
        reduced or cancelled when ``pols`` are cancelled."""
        pair = self.env["dropship.pair"]
        quantity = self.env["dropship.rule.quantity"]
        targets = pair._sale_targets(pols.sale_line_id, dict.fromkeys(pols.ids, 0.0))
        refusals = quantity._reasons_sale_qty(targets, pols.order_id[:1])
        if refusals:
            return self._cannot_cancel(refusals)
        lines = quantity._records(targets, "sale.order.line")
        emptied = quantity._empty_sales(lines.order_id, targets)
        texts = []
        if emptied:
            texts.append(
                self.env._(
                    "The sales order(s) %(orders)s are cancelled: nothing is left "
                    "on them.",
                    orders=self._names(emptied),
                )
            )
        for line in lines.filtered(lambda sol: sol.order_id not in emptied):
            texts.append(
                self.env._(
                    "%(order)s: the quantity of %(product)s goes from %(old)s to "
                    "%(new)s %(uom)s.",
                    order=line.order_id.display_name,
                    product=line.product_id.display_name,
                    old=self._fmt(line.product_uom_qty),
                    new=self._fmt(targets[line]),
                    uom=line.product_uom.name,
                )
            )
        return texts

    # Integrity

    @api.model
    def _verify(self, batch):
        result = []
        quantity = self.env["dropship.rule.quantity"]
        for line in batch.lines:
            ordering = batch.ordering_lines(line)
            selling = line.state == "sale" and _positive(
                line.product_uom_qty, line.product_uom
            )
            if bool(selling) == bool(ordering):
                continue
            key = quantity._drift_key(line, batch.purchase_qty.get(line.id, 0.0))
            if selling:
                result.append(
                    self._verify_sale_open(line, batch.purchase_lines[line], key)
                )
            else:
                result.append(self._verify_purchase_open(line, ordering, key))
        return list(filter(None, result))

    @api.model
    def _verify_sale_open(self, line, pols, key):
        """The purchase side was cancelled, the sales line still sells."""
        if line.company_id._dropship_policy("po_cancel") == "off":
            return None
        purchase_line = self.env["dropship.pair"]._newest(pols)
        values = {
            "purchase": purchase_line.order_id.display_name,
            "product": line.product_id.display_name,
            "sale": line.order_id.display_name,
            "qty": self._fmt(line.product_uom_qty),
            "uom": line.product_uom.name,
        }
        description = self.env._(
            "%(purchase)s no longer orders %(product)s (cancelled or set to zero), "
            "but %(sale)s still sells %(qty)s %(uom)s of it.",
            **values,
        )
        summary = self.env._(
            "%(sale)s: the quantity of %(product)s goes from %(qty)s %(uom)s to 0; "
            "the sales order is cancelled when nothing is left on it.",
            **values,
        )
        quantity = self.env["dropship.rule.quantity"]
        reasons = quantity._reasons_sale_qty({line: 0.0}, purchase_line.order_id)
        return self._issue(
            "cancel",
            line,
            purchase_line,
            description,
            target="sale",
            summary=summary,
            reasons=reasons,
            key=key,
        )

    @api.model
    def _verify_purchase_open(self, line, ordering, key):
        """The sales line was cancelled, the purchase side still orders."""
        code = "so_cancel" if line.state == "cancel" else "so_line_cancel"
        if line.company_id._dropship_policy(code) == "off":
            return None
        purchase_line = self.env["dropship.pair"]._newest(ordering)
        values = {
            "sale": line.order_id.display_name,
            "product": line.product_id.display_name,
            "purchase": ", ".join(ordering.order_id.mapped("display_name")),
            "qty": self._fmt(sum(ordering.mapped("product_qty"))),
            "uom": purchase_line.product_uom.name,
        }
        description = self.env._(
            "%(sale)s no longer sells %(product)s (cancelled or set to zero), "
            "but %(purchase)s still orders %(qty)s %(uom)s of it.",
            **values,
        )
        summary = self.env._(
            "%(purchase)s: the quantity of %(product)s goes from %(qty)s %(uom)s "
            "to 0; a purchase order left with nothing is cancelled.",
            **values,
        )
        quantity = self.env["dropship.rule.quantity"]
        reasons = quantity._reasons_purchase_qty(dict.fromkeys(ordering, 0.0))
        return self._issue(
            "cancel",
            line,
            purchase_line,
            description,
            target="purchase",
            summary=summary,
            reasons=reasons,
            key=key,
        )

    def _fix(self, issues):
        to_sale = issues.filtered(lambda i: i.fix_target == "sale")
        if to_sale:
            # sudo: the fix mirrors onto the sales side like rule 2c does for
            # a purchaser; a purchase manager may have no sales rights.
            self.env["dropship.rule.quantity"]._follow_purchase(
                to_sale.sale_line_id.sudo(),
                {i.sale_line_id.sudo(): i.purchase_line_id.sudo() for i in to_sale},
            )
        to_purchase = issues - to_sale
        if to_purchase:
            # sudo: as rules 2 / 2b do for a salesperson without purchase rights.
            pols = (
                self.env["dropship.pair"]
                ._purchase_lines(to_purchase.sale_line_id)
                .filtered(lambda pol: _positive(pol.product_qty, pol.product_uom))
            )
            cancelled = pols.filtered(lambda pol: pol.sale_line_id.state == "cancel")
            if cancelled:
                self.env["dropship.rule.quantity"]._set_purchase_zero(
                    cancelled, "so_cancel"
                )
            if pols - cancelled:
                self.env["dropship.rule.quantity"]._set_purchase_zero(
                    pols - cancelled, "so_line_cancel"
                )
