# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import float_compare, float_is_zero, float_round

from .dropship_door import as_mirror
from .dropship_rule import ScanBatch


class DropshipRulePriceCost(models.AbstractModel):
    """Rules 10b (price) and 5: the sales line cost is what the vendor charges.

    Received units count at their receipt cost, the others at the purchase
    price, quantity-weighted, in the sales currency and UoM; products in
    standard costing keep Odoo's standard cost. A supplier price change
    reaches the cost (mirror), waits for approval, or only tells; while it
    waits the cost keeps the last accepted price (``dropship_agreed_price``).
    """

    _name = "dropship.rule.price_cost"
    _inherit = "dropship.rule"
    _description = "Drop-ship rule: price and cost"
    _dropship_kinds = ("cost",)

    # The cost

    @api.model
    def _applies(self, line, batch=None):
        """Whether the cost of the sales ``line`` follows its vendor.

        :param batch: the ``ScanBatch`` of ``line``, when a check reads it
        """
        if not line.product_id or not line.company_id:
            return False
        product, company = line.product_id, line.company_id

        def cost_method():
            return product.with_company(company).categ_id.property_cost_method

        if batch:
            method = batch.cached("cost_method", (product, company), cost_method)
        else:
            method = cost_method()
        if method == "standard":
            return False
        batch = batch or ScanBatch(self.env, line)
        if not batch.purchase_lines_of(line, include_cancelled=True):
            return False
        if batch.bill_lines(line):
            return True
        if batch.receipt_moves(line):
            return line.company_id._dropship_policy("receipt_cost") == "mirror"
        return line.company_id._dropship_policy("po_price") != "off" and bool(
            batch.purchase_lines_of(line)
        )

    @api.model
    def _prefetch(self, lines):
        """Read the vendor bill lines of the pairs of ``lines`` for the whole
        batch at once: the cost is then computed line by line from the
        cache."""
        pols = self.env["dropship.pair"]._purchase_lines(lines, include_cancelled=True)
        # sudo: see dropship.pair; a salesperson has no right on vendor bills.
        pols.sudo().invoice_lines.fetch(["parent_state", "move_id", "display_type"])

    @api.model
    def _cost(self, line, pending=False, batch=None):
        """Quantity-weighted unit cost of ``line`` in its currency and UoM:
        billed units at their bill price (rule 5b), received units not billed
        at their receipt cost (rule 5), units to come at the purchase price.

        :param pending: count the vendor bills that wait for approval too
        :param batch: the ``ScanBatch`` of ``line``, when a check reads it
        """
        batch = batch or ScanBatch(self.env, line)
        company = line.company_id
        rounding = line.product_uom.rounding
        received_qty = received_value = 0.0
        for move, sign in batch.receipt_moves(line):
            received_qty += sign * move.product_uom._compute_quantity(
                move.quantity, line.product_uom, round=False
            )
            received_value += sign * move.quantity * move.receipt_unit_cost
        covered_qty, value = received_qty, received_value
        billed_qty, billed_value = batch.billed(line, pending)
        if float_compare(billed_qty, 0.0, precision_rounding=rounding) > 0:
            not_billed = max(received_qty - billed_qty, 0.0)
            value = billed_value + (
                not_billed * received_value / received_qty if not_billed else 0.0
            )
            covered_qty = billed_qty + not_billed
        date = line.order_id.date_order or fields.Date.context_today(line)
        value = company.currency_id._convert(
            value, line.currency_id, company, date, round=False
        )
        purchase_line = batch.newest(line)
        purchase_cost = self._sale_cost(purchase_line) if purchase_line else 0.0
        if float_compare(covered_qty, 0.0, precision_rounding=rounding) <= 0:
            return purchase_cost
        remaining = max(line.product_uom_qty - covered_qty, 0.0)
        return (value + remaining * purchase_cost) / (covered_qty + remaining)

    @api.model
    def _sale_cost(self, pol, price_unit=None):
        """The unit price of the purchase line ``pol`` as a cost of its sales
        line: in the sales order currency, per unit of the sales line UoM.

        :param price_unit: this purchase price instead of the one the sales
            side follows (the current price with the mirror policy, the last
            agreed one while a supplier price change waits or was notified)
        """
        sale_line = pol.sale_line_id
        if price_unit is None:
            price_unit = pol.price_unit
            # Set while a supplier price change waits or was only notified
            # (cleared when the sales side follows the price again).
            if pol.dropship_agreed_price:
                price_unit = pol.dropship_agreed_price
        price = pol.product_uom._compute_price(price_unit, sale_line.product_uom)
        return pol.currency_id._convert(
            price,
            sale_line.currency_id,
            sale_line.company_id,
            sale_line.order_id.date_order or pol.order_id.date_order,
            round=False,
        )

    # Supplier price change

    @api.model
    def _purchase_capture(self, pols, price=None):
        """Before a supplier price change of ``pols`` (to ``price``):
        remember the prices and costs; with approve / notify, the cost keeps
        the agreed price."""
        routes = self._route(
            pols, "po_price", new=None if price is None else dict.fromkeys(pols, price)
        )
        waiting = routes.get("approve", pols.browse()) | routes.get(
            "notify", pols.browse()
        )
        for pol in waiting.filtered(lambda pol: not pol.dropship_agreed_price):
            with as_mirror(self.env):
                pol.dropship_agreed_price = pol.price_unit
        return {
            pol.id: (pol.price_unit, pol.sale_line_id.purchase_price) for pol in pols
        }

    @api.model
    def _purchase_apply(self, pols, before):
        """After a supplier price change: route it by policy."""
        changed = pols.filtered(lambda pol: pol.price_unit != before[pol.id][0])
        routes = self._route(
            changed, "po_price", old={pol: before[pol.id][0] for pol in changed}
        )
        mirror = routes.get("mirror", changed.browse())
        # The cost now follows the purchase price again.
        with as_mirror(self.env):
            mirror.filtered("dropship_agreed_price").dropship_agreed_price = 0.0

        def proposed(pol):
            return self._change(
                pol,
                pol.sale_line_id,
                "purchase_price",
                before[pol.id][1],
                self._sale_cost(pol, pol.price_unit),
                "po_price",
                proposed_float=pol.price_unit,
                extra={
                    "amount_impact": (
                        before[pol.id][1] - self._sale_cost(pol, pol.price_unit)
                    )
                    * pol.sale_line_id.product_uom_qty
                },
            )

        self.env["dropship.sync.change"]._dropship_propose(
            [
                proposed(pol)
                for pol in routes.get("approve", ())
                if pol.price_unit != pol.dropship_agreed_price
            ]
        )
        self._audit(
            self._change(pol, pol.sale_line_id, "purchase_price", old, new, "po_price")
            for pol in mirror
            for old, new in [(before[pol.id][1], pol.sale_line_id.purchase_price)]
            if float_compare(old, new, precision_digits=6)
        )
        notify = routes.get("notify", changed.browse())
        self._notify(
            [proposed(pol) for pol in notify],
            [
                (
                    pol.sale_line_id.order_id,
                    self.env._(
                        "%(document)s: the vendor changed the price of %(product)s "
                        "from %(old)s to %(new)s. Check the cost on the drop-ship "
                        "sales order.",
                        document=pol.order_id.display_name,
                        product=pol.product_id.display_name,
                        old=self._fmt(before[pol.id][0]),
                        new=self._fmt(pol.price_unit),
                    ),
                )
                for pol in notify
            ],
        )

    @api.model
    def _is_stale(self, change, pol):
        """Whether the pending price ``change`` no longer matches ``pol``."""
        return bool(float_compare(pol.price_unit, change.proposed_float, 6))

    @api.model
    def _apply_approved(self, change):
        """An approved supplier price change: the sales cost follows it."""
        # sudo: the salesperson approving may have no purchase rights; the
        # purchase line only records which price the sales side accepted.
        pol = change.purchase_line_id.sudo()
        sale_line = pol.sale_line_id
        old_cost = sale_line.purchase_price
        with as_mirror(self.env):
            pol.dropship_agreed_price = pol.price_unit
        sale_line._dropship_recompute_cost()
        self._audit(
            [
                self._change(
                    pol,
                    sale_line,
                    "purchase_price",
                    old_cost,
                    sale_line.purchase_price,
                    "po_price",
                    policy="approve",
                )
            ]
        )

    # Integrity

    @api.model
    def _reasons_missing(self, line, expected, batch):
        """Why the cost of ``line`` cannot be computed: the data it would
        come from is missing."""
        reasons = []
        empty = self._records(
            (
                move
                for move, sign in batch.receipt_moves(line)
                if sign > 0 and float_is_zero(move.receipt_unit_cost, 6)
            ),
            "stock.move",
        )
        if empty:
            reasons.append(
                self.env._(
                    "The receipt cost of %(receipts)s is empty (a receipt "
                    "validated without a cost, e.g. before this module was "
                    "installed): the cost of %(product)s on %(sale)s cannot be "
                    "computed from it. Set the cost of the sales line by hand.",
                    receipts=", ".join(empty.picking_id.mapped("name")),
                    product=line.product_id.display_name,
                    sale=line.order_id.display_name,
                )
            )
        elif float_is_zero(expected, 6) and not float_is_zero(line.purchase_price, 6):
            reasons.append(
                self.env._(
                    "The purchase side gives no cost for %(product)s on %(sale)s "
                    "(a price of 0): the cost is not set to 0. Check the price on "
                    "the purchase order.",
                    product=line.product_id.display_name,
                    sale=line.order_id.display_name,
                )
            )
        return reasons

    @api.model
    def _verify(self, batch):
        # Compared at the coarser of the currency and the price precisions.
        digits = self.env["decimal.precision"].precision_get("Product Price")
        # The vendor bill lines of the whole batch in one query (rule 5b).
        self._records(batch.purchase_lines.values(), "purchase.order.line").fetch(
            ["invoice_lines"]
        )
        result = []
        for line in batch.lines:
            if not self._applies(line, batch):
                continue
            expected = self._cost(line, batch=batch)
            rounding = max(line.currency_id.rounding, 10**-digits)
            if not float_compare(
                line.purchase_price, expected, precision_rounding=rounding
            ):
                continue
            purchase_line = batch.newest(line, include_cancelled=True)
            values = {
                "product": line.product_id.display_name,
                "sale": line.order_id.display_name,
                "purchase": purchase_line.order_id.display_name,
                "stored": self._fmt(line.purchase_price),
                "expected": self._fmt(
                    float_round(expected, precision_rounding=rounding)
                ),
            }
            description = self.env._(
                "%(product)s on %(sale)s costs %(stored)s, while %(purchase)s and "
                "its receipts give %(expected)s.",
                **values,
            )
            summary = self.env._(
                "%(sale)s: the cost of %(product)s goes from %(stored)s to "
                "%(expected)s (purchase price and receipt costs of %(purchase)s).",
                **values,
            )
            result.append(
                self._issue(
                    "cost",
                    line,
                    purchase_line,
                    description,
                    target="sale",
                    summary=summary,
                    reasons=self._reasons_missing(line, expected, batch),
                    key=f"{values['stored']}|{values['expected']}",
                )
            )
        return result

    def _fix(self, issues):
        # sudo: the cost of the sales lines follows the purchase side for a
        # purchase manager without sales rights, as on a price change.
        lines = issues.sale_line_id.sudo()
        before = {line: line.purchase_price for line in lines}
        lines._dropship_recompute_cost()
        lines.flush_recordset(["purchase_price"])
        self._audit(
            issue._dropship_change("purchase_price", before[issue.sale_line_id])
            for issue in issues
            if float_compare(
                before[issue.sale_line_id],
                issue.sale_line_id.sudo().purchase_price,
                precision_digits=6,
            )
        )
