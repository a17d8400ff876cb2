# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from .dropship_hold_mixin import SKIP
from .dropship_lot_split import SPLIT


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    dropship_agreed_price = fields.Float(
        string="Price Accepted on the Sales Side",
        digits="Product Price",
        readonly=True,
        copy=False,
        help="Drop-ship: the purchase price that the sales line cost follows "
        "while a supplier price change waits for approval (or was only "
        "notified). Empty when the cost follows the current price.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._dropship_check_sale_line_company(
            [
                (vals["order_id"], vals["sale_line_id"])
                for vals in vals_list
                if vals.get("sale_line_id") and vals.get("order_id")
            ]
        )
        lines = super().create(vals_list)
        dropship = lines._dropship_filter()
        dropship._dropship_set_expected_date()
        # sudo: the paired sales lines cost the new purchase price (rule 10b).
        dropship.sale_line_id.sudo()._dropship_recompute_cost()
        # A purchase order created for a held sales order (e.g. core ordering
        # a quantity increase on a new RFQ) is held too (rule 1).
        # sudo: the sales order is read for a purchaser without sales rights.
        held = dropship.sudo().sale_line_id.order_id.filtered(
            lambda so: so.on_hold and not so.hold_origin
        )
        held._dropship_mirror_hold()
        return lines

    def write(self, vals):
        if vals.get("sale_line_id"):
            self._dropship_check_sale_line_company(
                [(order_id, vals["sale_line_id"]) for order_id in self.order_id.ids]
            )
        if not {"product_qty", "price_unit", "date_planned"} & set(vals):
            return super().write(vals)
        if self.env.context.get(SKIP):
            result = super().write(vals)
            # A change mirrored from the sales side (or applied by the split)
            # can make a pending supplier change obsolete.
            self.env["dropship.sync.change"]._dropship_supersede_for(
                purchase_lines=self
            )
            return result
        lines = self._dropship_filter().filtered(lambda pol: pol.state != "cancel")
        if lines and "product_qty" in vals:
            new_qty = vals["product_qty"] or 0.0
            if new_qty < 0:
                raise UserError(
                    self.env._(
                        "%(document)s: a drop-ship quantity cannot be negative.",
                        document=lines[0].order_id.display_name,
                    )
                )
            # Checked before anything is written (core checks it after).
            too_low = lines.filtered(
                lambda pol: (
                    float_compare(
                        new_qty,
                        pol.qty_received,
                        precision_rounding=pol.product_uom.rounding,
                    )
                    < 0
                )
            )
            if too_low:
                raise UserError(
                    self.env._(
                        "%(document)s: %(product)s cannot go below the %(qty)s %(uom)s "
                        "the vendor already "
                        "delivered to the customer. Create a return first.",
                        document=too_low[0].order_id.display_name,
                        product=too_low[0].product_id.display_name,
                        qty=too_low[0].qty_received,
                        uom=too_low[0].product_uom.name,
                    )
                )
        old_qty = {pol.id: pol.product_qty for pol in lines}
        old_price = {pol.id: pol.price_unit for pol in lines}
        old_date = {pol.id: pol.date_planned for pol in lines}
        # sudo: the cost of the paired sales lines is read for a purchaser
        # without sales rights, to audit how the price change moves it.
        old_cost = {pol.id: pol.sale_line_id.sudo().purchase_price for pol in lines}
        if "product_qty" in vals:
            mirror = lines.filtered(
                lambda pol: pol._dropship_qty_policy(vals["product_qty"]) == "mirror"
            )
            if mirror:
                # sudo: checked for a purchaser without sales rights too.
                mirror.sale_line_id.sudo()._dropship_check_follow_purchase_qty(
                    {pol.sale_line_id.id: pol for pol in mirror},
                    dict.fromkeys(mirror.ids, vals["product_qty"]),
                )
        if "price_unit" in vals:
            # Approve / notify: the sales cost keeps the price agreed so far.
            for pol in lines.filtered(
                lambda pol: (
                    pol.company_id.dropship_sync_po_price_policy
                    in ("approve", "notify")
                    and not pol.dropship_agreed_price
                )
            ):
                pol.with_context(**{SKIP: True}).dropship_agreed_price = pol.price_unit
        result = super().write(vals)
        if {"product_qty", "price_unit"} & set(vals):
            lines.sale_line_id.sudo()._dropship_recompute_cost()
        if "product_qty" in vals:
            changed = lines.filtered(
                lambda pol: (
                    float_compare(
                        pol.product_qty,
                        old_qty[pol.id],
                        precision_rounding=pol.product_uom.rounding,
                    )
                    != 0
                )
            )
            changed._dropship_push_qty_to_sale(old_qty)
        if "price_unit" in vals:
            changed = lines.filtered(lambda pol: pol.price_unit != old_price[pol.id])
            changed._dropship_push_price_to_sale(old_price, old_cost)
        if "date_planned" in vals:
            changed = lines.filtered(lambda pol: pol.date_planned != old_date[pol.id])
            changed._dropship_push_date_to_sale(old_date)
        return result

    def _create_or_update_picking(self):
        # Lines created or reduced by the split per lot keep the moves the
        # split re-links to them.
        if self.env.context.get(SPLIT):
            return
        return super()._create_or_update_picking()

    @api.model
    def _dropship_check_sale_line_company(self, pairs):
        """Refuse purchase lines serving a sales line of another company.

        :param pairs: [(purchase order id, sales line id)], checked in batch
        """
        if not pairs:
            return
        orders = self.env["purchase.order"].browse({order_id for order_id, _ in pairs})
        # sudo: the company of the sales line is read for a purchaser.
        sale_lines = (
            self.env["sale.order.line"].sudo().browse({line_id for _, line_id in pairs})
        )
        order_by_id = {order.id: order for order in orders}
        line_by_id = {line.id: line for line in sale_lines.exists()}
        for order_id, line_id in pairs:
            order, sale_line = order_by_id[order_id], line_by_id.get(line_id)
            if sale_line and sale_line.company_id != order.company_id:
                raise UserError(
                    self.env._(
                        "%(document)s belongs to %(company)s: it cannot serve %(sale)s "
                        "of %(other)s.",
                        document=order.display_name,
                        company=order.company_id.name,
                        sale=sale_line.order_id.display_name,
                        other=sale_line.company_id.name,
                    )
                )

    def _dropship_filter(self):
        """The lines of ``self`` that are the purchase side of a drop-ship pair.

        A line belongs to a pair when Odoo's drop-ship route created it for a
        sales order line of the same company: it points at that line through
        ``sale_line_id``, it buys goods (services bought on order use the
        drop-ship operation type too, but nothing ships) and its order ships
        from the vendor straight to the customer (drop-ship operation type).
        """
        # sudo: the sales line is read for a purchaser without sales rights.
        return (
            self.sudo()
            .filtered(
                lambda line: (
                    line.sale_line_id
                    and line.product_id.type == "consu"
                    and line.sale_line_id.company_id == line.company_id
                    and line.order_id._is_dropship_order()
                )
            )
            .with_env(self.env)
        )

    def _dropship_sale_lines(self):
        """The sales order lines paired with these purchase order lines."""
        return self._dropship_filter().sale_line_id

    def _dropship_check_unlocked(self):
        locked = self.order_id.filtered(lambda po: po.state == "done")
        if locked:
            raise UserError(
                self.env._(
                    "%(document)s is locked: unlock it so that the change of its "
                    "drop-ship "
                    "sales order can be applied.",
                    document=locked[0].display_name,
                )
            )

    def _dropship_set_zero(self):
        """Rules 2 / 2b: bring these purchase lines to zero; a purchase order
        left with nothing is cancelled (with its drop-ship transfer)."""
        self._dropship_check_unlocked()
        emptied = self.order_id.filtered(
            lambda po: (
                not po.order_line.filtered(
                    lambda pol: (
                        pol not in self
                        and pol.state != "cancel"
                        and not pol.display_type
                        and float_compare(
                            pol.product_qty,
                            0.0,
                            precision_rounding=pol.product_uom.rounding,
                        )
                        > 0
                    )
                )
            )
        )
        lines = self - emptied.order_line
        changes = [
            {
                "source": pol.sale_line_id,
                "target": pol,
                "field": "product_qty",
                "old": pol.product_qty,
                "new": 0.0,
            }
            for pol in lines
        ]
        changes += [
            {
                "source": po.order_line.sale_line_id.order_id[:1],
                "target": po,
                "field": "state",
                "old": po.state,
                "new": "cancel",
            }
            for po in emptied
        ]
        if lines:
            lines.with_context(**{SKIP: True}).write({"product_qty": 0.0})
        if emptied:
            emptied.with_context(**{SKIP: True}).button_cancel()
        self.env["dropship.sync.audit"]._dropship_audit(changes)

    def _dropship_follow_sale_qty(self):
        """Rule 10: make these purchase lines order what their sales lines now
        sell (converted to the purchase UoM). An increase goes to the newest
        line, a decrease is taken from the newest lines first (never below
        what was received). Lines brought to zero follow rule 2b."""
        new_qty = {}
        for sale_line, purchase_lines in self.grouped("sale_line_id").items():
            purchase_lines = purchase_lines.sorted("id", reverse=True)
            current = sum(
                pol.product_uom._compute_quantity(
                    pol.product_qty, sale_line.product_uom, round=False
                )
                for pol in purchase_lines
            )
            diff = sale_line.product_uom_qty - current
            if float_is_zero(diff, precision_rounding=sale_line.product_uom.rounding):
                continue
            if diff > 0:
                newest = purchase_lines[0]
                new_qty[newest] = (
                    newest.product_qty
                    + sale_line.product_uom._compute_quantity(
                        diff, newest.product_uom, rounding_method="HALF-UP"
                    )
                )
                continue
            for pol in purchase_lines:
                missing = sale_line.product_uom._compute_quantity(
                    -diff, pol.product_uom, rounding_method="HALF-UP"
                )
                take = min(missing, max(pol.product_qty - pol.qty_received, 0.0))
                if float_is_zero(take, precision_rounding=pol.product_uom.rounding):
                    continue
                new_qty[pol] = pol.product_qty - take
                diff += pol.product_uom._compute_quantity(
                    take, sale_line.product_uom, round=False
                )
                if float_is_zero(
                    diff, precision_rounding=sale_line.product_uom.rounding
                ):
                    break
        zero = self.browse(
            [
                pol.id
                for pol, qty in new_qty.items()
                if float_is_zero(qty, precision_digits=6)
            ]
        )
        by_qty = defaultdict(lambda: self.browse())
        for pol, qty in new_qty.items():
            if pol not in zero:
                by_qty[qty] |= pol
        if by_qty:
            self.browse([pol.id for pol in new_qty])._dropship_check_unlocked()
        changes = []
        for qty, group in by_qty.items():
            changes += [
                {
                    "source": pol.sale_line_id,
                    "target": pol,
                    "field": "product_qty",
                    "old": pol.product_qty,
                    "new": qty,
                }
                for pol in group
            ]
            group.with_context(**{SKIP: True}).write({"product_qty": qty})
        self.env["dropship.sync.audit"]._dropship_audit(changes)
        if zero:
            zero._dropship_set_zero()

    def _dropship_push_qty_to_sale(self, old_qty):
        """Rules 10b / 2c (line): the supplier changed quantities."""
        by_policy = self.grouped(lambda pol: pol._dropship_qty_policy(pol.product_qty))
        mirror = by_policy.get("mirror", self.browse())
        if mirror:
            # sudo: a purchaser without sales rights changes the sales lines
            # of the pair; the change is checked and audited on both sides.
            sale_lines = mirror.sale_line_id.sudo()
            sale_lines._dropship_follow_purchase_qty(
                {pol.sale_line_id.id: pol for pol in mirror},
                cancel=True,
            )
        approve = by_policy.get("approve", self.browse())
        if approve:
            # sudo: read for a purchaser without sales rights; the sales line
            # only changes once the salesperson approves.
            targets = approve.sale_line_id.sudo()._dropship_qty_from_purchase()
            self.env["dropship.sync.change"]._dropship_propose(
                [
                    {
                        "purchase_line": pol,
                        "rule": "po_qty" if pol.product_qty else "po_cancel",
                        "field": "product_uom_qty",
                        "old": pol.sale_line_id.sudo().product_uom_qty,
                        "new": targets.get(pol.sale_line_id.id, 0.0),
                        "proposed_float": pol.product_qty,
                    }
                    for pol in approve
                ]
            )
        notify = by_policy.get("notify", self.browse())
        audit = self.env["dropship.sync.audit"]
        if notify:
            # sudo: read for a purchaser without sales rights.
            targets = notify.sale_line_id.sudo()._dropship_qty_from_purchase()
            self.env["dropship.sync.change"]._dropship_log_notice(
                {
                    "source": pol,
                    "target": pol.sale_line_id,
                    "field": "product_uom_qty",
                    "old": pol.sale_line_id.sudo().product_uom_qty,
                    "new": targets.get(pol.sale_line_id.id, 0.0),
                    "rule": "po_qty" if pol.product_qty else "po_cancel",
                }
                for pol in notify
            )
        for pol in notify:
            audit._dropship_activity(
                pol.sale_line_id.sudo().order_id,
                self.env._(
                    "%(document)s: the vendor changed the quantity of %(product)s from "
                    "%(old)s to %(new)s "
                    "%(uom)s. Check the drop-ship sales order.",
                    document=pol.order_id.display_name,
                    product=pol.product_id.display_name,
                    old=audit._dropship_format(old_qty[pol.id]),
                    new=audit._dropship_format(pol.product_qty),
                    uom=pol.product_uom.name,
                ),
            )

    def _dropship_qty_policy(self, qty):
        """The policy for a supplier quantity change to ``qty``: a line set to
        zero is a cancelled line (rule 2c), otherwise rule 10b."""
        self.ensure_one()
        if float_is_zero(qty, precision_rounding=self.product_uom.rounding):
            return self.company_id.dropship_sync_po_cancel_policy
        return self.company_id.dropship_sync_po_qty_policy

    def _dropship_push_price_to_sale(self, old_price, old_cost):
        """Rule 10b (price): with the mirror policy the sales line cost
        follows the purchase price (computed, see
        ``sale.order.line._compute_purchase_price``); audit it, or tell the
        salesperson with the notify policy."""
        audit = self.env["dropship.sync.audit"]
        by_policy = self.grouped(
            lambda pol: pol.company_id.dropship_sync_po_price_policy
        )
        mirror = by_policy.get("mirror", self.browse())
        # The cost now follows the purchase price again.
        mirror.filtered("dropship_agreed_price").with_context(
            **{SKIP: True}
        ).dropship_agreed_price = 0.0
        self.env["dropship.sync.change"]._dropship_propose(
            [
                {
                    "purchase_line": pol,
                    "rule": "po_price",
                    "field": "purchase_price",
                    "old": old_cost[pol.id],
                    "new": pol._dropship_sale_cost(pol.price_unit),
                    "proposed_float": pol.price_unit,
                }
                for pol in by_policy.get("approve", self.browse())
                if pol.price_unit != pol.dropship_agreed_price
            ]
        )
        changes = []
        for pol in mirror:
            # sudo: a purchaser without sales rights reads the new cost.
            sale_line = pol.sale_line_id.sudo()
            if (
                float_compare(
                    old_cost[pol.id], sale_line.purchase_price, precision_digits=6
                )
                != 0
            ):
                changes.append(
                    {
                        "source": pol,
                        "target": sale_line,
                        "field": "purchase_price",
                        "old": old_cost[pol.id],
                        "new": sale_line.purchase_price,
                    }
                )
        audit._dropship_audit(changes)
        self.env["dropship.sync.change"]._dropship_log_notice(
            {
                "source": pol,
                "target": pol.sale_line_id,
                "field": "purchase_price",
                "old": old_cost[pol.id],
                "new": pol._dropship_sale_cost(pol.price_unit),
                "rule": "po_price",
            }
            for pol in by_policy.get("notify", self.browse())
        )
        for pol in by_policy.get("notify", self.browse()):
            audit._dropship_activity(
                pol.sale_line_id.sudo().order_id,
                self.env._(
                    "%(document)s: the vendor changed the price of %(product)s from "
                    "%(old)s to %(new)s. "
                    "Check the cost on the drop-ship sales order.",
                    document=pol.order_id.display_name,
                    product=pol.product_id.display_name,
                    old=audit._dropship_format(old_price[pol.id]),
                    new=audit._dropship_format(pol.price_unit),
                ),
            )

    def _dropship_set_expected_date(self):
        """Give the paired sales lines the vendor's planned ship date."""
        by_date = self.grouped("date_planned")
        for date, lines in by_date.items():
            # sudo: set for a purchaser without sales rights as well.
            lines.sale_line_id.sudo().with_context(
                **{SKIP: True}
            ).dropship_expected_date = date

    def _dropship_push_date_to_sale(self, old_date, policy=None):
        """Rule 9: the vendor moved its ship date.

        :param policy: apply this policy instead of the company's (an
            approved supplier change is applied as "mirror")
        """
        audit = self.env["dropship.sync.audit"]
        by_policy = self.grouped(
            lambda pol: policy or pol.company_id.dropship_sync_po_date_policy
        )
        self.env["dropship.sync.change"]._dropship_propose(
            [
                {
                    "purchase_line": pol,
                    "rule": "po_date",
                    "field": "dropship_expected_date",
                    # sudo: read for a purchaser without sales rights.
                    "old": pol.sale_line_id.sudo().dropship_expected_date,
                    "new": pol.date_planned,
                    "proposed_date": pol.date_planned,
                }
                for pol in by_policy.get("approve", self.browse())
            ]
        )
        mirror = by_policy.get("mirror", self.browse())
        changes = [
            {
                "source": pol,
                "target": pol.sale_line_id,
                "field": "dropship_expected_date",
                "old": pol.sale_line_id.sudo().dropship_expected_date
                or old_date[pol.id],
                "new": pol.date_planned,
            }
            for pol in mirror
        ]
        mirror._dropship_set_expected_date()
        audit._dropship_audit(changes)
        self.env["dropship.sync.change"]._dropship_log_notice(
            {
                "source": pol,
                "target": pol.sale_line_id,
                "field": "dropship_expected_date",
                # sudo: read for a purchaser without sales rights.
                "old": pol.sale_line_id.sudo().dropship_expected_date,
                "new": pol.date_planned,
                "rule": "po_date",
            }
            for pol in by_policy.get("notify", self.browse())
        )
        slipped = defaultdict(lambda: self.browse())
        for pol in mirror | by_policy.get("notify", self.browse()):
            # sudo: the commitment of the sales order is read for a purchaser.
            order = pol.sale_line_id.sudo().order_id
            promised = order.commitment_date or order.expected_date
            if pol in mirror and promised and pol.date_planned <= promised:
                continue
            slipped[order] |= pol
        for order, lines in slipped.items():
            promised = order.commitment_date or order.expected_date
            note = Markup("<ul>%s</ul>") % Markup().join(
                Markup("<li>%s</li>")
                % self.env._(
                    "%(document)s: the vendor now ships %(product)s on %(new)s (was "
                    "%(old)s); "
                    "promised to the customer for %(promised)s.",
                    document=pol.order_id.display_name,
                    product=pol.product_id.display_name,
                    new=audit._dropship_format(pol.date_planned),
                    old=audit._dropship_format(old_date[pol.id]),
                    promised=audit._dropship_format(promised) if promised else "-",
                )
                for pol in lines
            )
            audit._dropship_activity(
                order, note, summary=self.env._("Drop-ship date slipped")
            )

    def _dropship_sale_cost(self, price_unit=None):
        """This line's unit price as a cost of its sales line: in the sales
        order currency, per unit of the sales line UoM.

        :param price_unit: this purchase price instead of the one the sales
            side follows (the current price with the mirror policy, the last
            agreed one while a supplier price change waits or was only
            notified)
        """
        self.ensure_one()
        sale_line = self.sale_line_id
        if price_unit is None:
            price_unit = self.price_unit
            if (
                self.dropship_agreed_price
                and self.company_id.dropship_sync_po_price_policy != "mirror"
            ):
                price_unit = self.dropship_agreed_price
        price = self.product_uom._compute_price(price_unit, sale_line.product_uom)
        return self.currency_id._convert(
            price,
            sale_line.currency_id,
            sale_line.company_id,
            sale_line.order_id.date_order or self.order_id.date_order,
            round=False,
        )

    def _dropship_accept_price(self):
        """An approved supplier price change: the sales cost follows it."""
        # sudo: the salesperson approving may have no purchase rights; the
        # purchase line only records which price the sales side accepted.
        for pol in self.sudo():
            sale_line = pol.sale_line_id
            old_cost = sale_line.purchase_price
            pol.with_context(**{SKIP: True}).dropship_agreed_price = pol.price_unit
            sale_line._dropship_recompute_cost()
            self.env["dropship.sync.audit"]._dropship_audit(
                [
                    {
                        "source": pol,
                        "target": sale_line,
                        "field": "purchase_price",
                        "old": old_cost,
                        "new": sale_line.purchase_price,
                        "rule": "po_price",
                        "policy": "approve",
                    }
                ]
            )
