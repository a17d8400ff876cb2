# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_is_zero, float_round

from .dropship_hold_mixin import SKIP

DROPSHIP_STATES = [
    ("rfq", "Waiting for PO"),
    ("ordered", "Ordered"),
    ("hold", "On Hold"),
    ("partial", "Partially Shipped"),
    ("shipped", "Shipped"),
    ("returned", "Returned"),
    ("cancel", "Cancelled"),
]

# The rule behind each sales line field that a receipt changes.
RECEIPT_RULES = {
    "dropship_state": "receipt",
    "purchase_price": "receipt_cost",
    "actual_ship_date": "receipt_date",
    "lot_ids": "lots",
}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    dropship_state = fields.Selection(
        DROPSHIP_STATES,
        string="Drop-ship Status",
        compute="_compute_dropship_state",
        store=True,
        index="btree_not_null",
        help="Where the drop-shipped goods of this line stand: waiting for the "
        "purchase order to be confirmed, ordered from the vendor, on hold, "
        "partially or fully shipped to the customer, returned, or cancelled. "
        "Empty for lines that are not drop-shipped.",
    )

    actual_ship_date = fields.Datetime(
        compute="_compute_actual_ship_date",
        store=True,
        help="Drop-ship: the date the customer received the goods, from the "
        "latest validated drop-ship receipt.",
    )
    dropship_expected_date = fields.Datetime(
        string="Vendor Ship Date",
        readonly=True,
        copy=False,
        help="Drop-ship: the date the vendor plans to ship, from the purchase order "
        "line.",
    )

    lot_ids = fields.Many2many(
        "stock.lot",
        "sale_order_line_dropship_lot_rel",
        "sale_line_id",
        "lot_id",
        string="Lots/Serial Numbers",
        compute="_compute_dropship_lot_ids",
        store=True,
        copy=False,
        help="Drop-ship: the lots and serial numbers the vendor delivered to the "
        "customer for this line, without the ones returned since.",
    )
    dropship_reversed_lot_ids = fields.Many2many(
        "stock.lot",
        "sale_order_line_dropship_reversed_lot_rel",
        "sale_line_id",
        "lot_id",
        string="Reversed Lots/Serial Numbers",
        compute="_compute_dropship_lot_ids",
        store=True,
        copy=False,
        help="Drop-ship: lots and serial numbers that were received and then "
        "returned or taken off the receipt.",
    )

    @api.depends(
        "state",
        "product_uom_qty",
        "qty_delivered",
        "order_id.on_hold",
        "purchase_line_ids.state",
        "purchase_line_ids.order_id.on_hold",
        "purchase_line_ids.order_id.picking_type_id",
        "move_ids.state",
    )
    def _compute_dropship_state(self):
        for line in self:
            line.dropship_state = line._dropship_get_state()

    @api.depends(
        "move_ids.state",
        "move_ids.move_line_ids.lot_id",
        "move_ids.move_line_ids.quantity",
        "move_ids.dropship_removed_lot_ids",
    )
    def _compute_dropship_lot_ids(self):
        # One query per relation for the whole batch, not one per line.
        self.fetch(["lot_ids", "dropship_reversed_lot_ids"])
        self.move_ids.fetch(["dropship_removed_lot_ids"])
        for line in self:
            if not line.company_id.dropship_sync_lot_record:
                line.lot_ids = line.dropship_reversed_lot_ids = False
                continue
            kept, received = line._dropship_delivered_lots()
            line.lot_ids = kept
            line.dropship_reversed_lot_ids = received - kept

    def _dropship_delivered_lots(self):
        """(lots the customer has, lots ever received) from the done drop-ship
        receipts and returns of this line."""
        self.ensure_one()
        Lot = self.env["stock.lot"]
        net = defaultdict(float)
        received = Lot
        for move, sign in self._dropship_receipt_moves():
            for move_line in move.move_line_ids.filtered("lot_id"):
                net[move_line.lot_id] += sign * move_line.quantity
            if sign > 0:
                received |= move.move_line_ids.lot_id | move.dropship_removed_lot_ids
        kept = Lot.union(
            *(
                lot
                for lot, qty in net.items()
                if float_compare(qty, 0.0, precision_digits=6) > 0
            )
        )
        return kept, received

    @api.depends("move_ids.state", "move_ids.date", "move_ids.picking_id.receipt_date")
    def _compute_actual_ship_date(self):
        for line in self:
            moves = line.move_ids.filtered(
                lambda m: m.state == "done" and m._is_dropshipped()
            )
            if line.company_id.dropship_sync_receipt_date and moves:
                line.actual_ship_date = max(
                    m.picking_id.receipt_date or m.date for m in moves
                )
            else:
                line.actual_ship_date = False

    def _compute_purchase_price(self):
        """Rules 5 and 10b (price): a drop-ship line costs what its vendor
        charges. Received units count at their receipt cost, the others at
        the purchase price, quantity-weighted, in the sales currency and UoM.
        Products in standard costing keep Odoo's standard cost.

        No extra ``@api.depends``: the field is precomputed, which dependencies
        through purchase lines would prevent; the receipt and purchase-line
        hooks ask for the recomputation instead (``_dropship_recompute_cost``).
        """
        dropship = self.filtered(lambda sol: sol._dropship_cost_applies())
        result = super(SaleOrderLine, self - dropship)._compute_purchase_price()
        for line in dropship:
            line.purchase_price = line._dropship_cost()
        return result

    def write(self, vals):
        if "product_uom_qty" not in vals or self.env.context.get(SKIP):
            return super().write(vals)
        new_qty = vals["product_uom_qty"] or 0.0
        lines = self.filtered(
            lambda sol: (
                sol.state == "sale"
                and float_compare(
                    sol.product_uom_qty,
                    new_qty,
                    precision_rounding=sol.product_uom.rounding,
                )
                != 0
            )
        )
        # sudo: the pair is read (and mirrored) for a salesperson who may
        # have no purchase rights.
        purchase_lines = lines._dropship_purchase_lines().sudo()
        lines = lines.filtered(
            lambda sol: sol.id in set(purchase_lines.sale_line_id.ids)
        )
        zero = float_is_zero(new_qty, precision_digits=6)

        def policy(sol):
            company = sol.company_id
            return (
                company.dropship_sync_so_line_cancel_policy
                if zero
                else company.dropship_sync_so_qty_policy
            )

        if lines and new_qty < 0:
            raise UserError(
                self.env._(
                    "%(document)s: a drop-ship quantity cannot be negative.",
                    document=lines[0].order_id.display_name,
                )
            )
        active = lines.filtered(lambda sol: policy(sol) != "off")
        active._dropship_check_not_below_delivered(dict.fromkeys(active.ids, new_qty))
        mirror = active.filtered(lambda sol: policy(sol) == "mirror")
        notify = active - mirror
        mirror_purchase_lines = purchase_lines.filtered(
            lambda pol: pol.sale_line_id.id in mirror.ids
        )
        mirror_purchase_lines._dropship_check_unlocked()
        old_qty = {sol.id: sol.product_uom_qty for sol in notify}
        others = self - mirror
        result = super(SaleOrderLine, others).write(vals) if others else True
        if mirror:
            # skip_procurement: the existing purchase line follows instead of
            # core ordering the difference on a new request for quotation.
            super(SaleOrderLine, mirror.with_context(skip_procurement=True)).write(vals)
            mirror_purchase_lines._dropship_follow_sale_qty()
        if notify:
            notify._dropship_notify_purchase(old_qty)
        return result

    def _dropship_store_state(self):
        """Store the drop-ship status of these lines, one UPDATE per status.

        A hold changes the status of every line of the orders; the ORM writes
        stored computed values 100 rows per query, which would make holding
        an order of 200 lines cost more queries than one of 50.
        """
        lines = self.filtered("id")
        if not lines:
            return
        field = self._fields["dropship_state"]
        self.env.remove_to_compute(field, lines)
        values = {line.id: line._dropship_get_state() for line in lines}
        by_value = defaultdict(list)
        for line_id, value in values.items():
            by_value[value].append(line_id)
        for value, ids in by_value.items():
            self.env.cr.execute(
                SQL(
                    "UPDATE sale_order_line SET dropship_state = %s WHERE id IN %s",
                    value or None,
                    tuple(ids),
                )
            )
        self.env.cache.update(
            lines, field, [values[line.id] for line in lines], check_dirty=False
        )

    def _dropship_get_state(self):
        """The drop-ship status of one line, from its pair (False if none)."""
        self.ensure_one()
        purchase_lines = self._dropship_purchase_lines(include_cancelled=True)
        if not purchase_lines:
            return False
        rounding = self.product_uom.rounding
        open_lines = purchase_lines.filtered(lambda pol: pol.state != "cancel")
        if self.move_ids.filtered(
            lambda m: m.state == "done" and m._is_dropshipped_returned()
        ):
            return "returned"
        delivered = (
            float_compare(self.qty_delivered, 0.0, precision_rounding=rounding) > 0
        )
        cancelled = (
            self.state == "cancel"
            or not open_lines
            or float_is_zero(self.product_uom_qty, precision_rounding=rounding)
        )
        if not cancelled and (
            self.order_id.on_hold or any(open_lines.order_id.mapped("on_hold"))
        ):
            return "hold"
        if delivered:
            if (
                float_compare(
                    self.qty_delivered,
                    self.product_uom_qty,
                    precision_rounding=rounding,
                )
                >= 0
            ):
                return "shipped"
            return "partial"
        if cancelled:
            return "cancel"
        if any(state in ("purchase", "done") for state in open_lines.mapped("state")):
            return "ordered"
        return "rfq"

    def _dropship_receipt_moves(self):
        """Done drop-ship receipts and returns of this line, with their sign."""
        self.ensure_one()
        for move in self.move_ids.filtered(lambda m: m.state == "done"):
            if move._is_dropshipped():
                yield move, 1
            elif move._is_dropshipped_returned():
                yield move, -1

    def _dropship_cost_applies(self):
        self.ensure_one()
        if not self.product_id or not self.company_id:
            return False
        product = self.product_id.with_company(self.company_id)
        if product.categ_id.property_cost_method == "standard":
            return False
        if not self._dropship_purchase_lines(include_cancelled=True):
            return False
        if any(True for _move in self._dropship_receipt_moves()):
            return self.company_id.dropship_sync_receipt_cost
        return self.company_id.dropship_sync_po_price_policy != "off" and bool(
            self._dropship_purchase_lines()
        )

    def _dropship_cost(self):
        """Quantity-weighted unit cost in the sales currency and line UoM."""
        self.ensure_one()
        company = self.company_id
        received_qty = received_value = 0.0
        for move, sign in self._dropship_receipt_moves():
            received_qty += sign * move.product_uom._compute_quantity(
                move.quantity, self.product_uom, round=False
            )
            received_value += sign * move.quantity * move.receipt_unit_cost
        date = self.order_id.date_order or fields.Date.context_today(self)
        received_value = company.currency_id._convert(
            received_value, self.currency_id, company, date, round=False
        )
        purchase_line = (
            self._dropship_purchase_lines().sudo().sorted("id", reverse=True)[:1]
        )
        purchase_cost = purchase_line._dropship_sale_cost() if purchase_line else 0.0
        if (
            float_compare(
                received_qty, 0.0, precision_rounding=self.product_uom.rounding
            )
            <= 0
        ):
            return purchase_cost
        remaining = max(self.product_uom_qty - received_qty, 0.0)
        return (received_value + remaining * purchase_cost) / (received_qty + remaining)

    def _dropship_recompute_cost(self):
        self.env.add_to_compute(self._fields["purchase_price"], self)
        self.modified(["purchase_price"])  # the margins follow the cost

    def _dropship_receipt_snapshot(self):
        return {
            sol.id: {
                field: sol[field]
                for field in (
                    "dropship_state",
                    "purchase_price",
                    "actual_ship_date",
                    "lot_ids",
                )
            }
            for sol in self
        }

    def _dropship_audit_receipt(self, before):
        """Audit what a drop-ship receipt (or return) changed on these lines."""
        self._dropship_recompute_cost()
        changes = []
        for line in self:
            source = line._dropship_purchase_lines(include_cancelled=True).sorted(
                "id", reverse=True
            )[:1]
            for field, old in before.get(line.id, {}).items():
                new = line[field]
                if field == "purchase_price":
                    if float_compare(old, new, precision_digits=6) == 0:
                        continue
                elif old == new:
                    continue
                changes.append(
                    {
                        "source": source,
                        "target": line,
                        "field": field,
                        "old": old,
                        "new": new,
                        "rule": RECEIPT_RULES[field],
                    }
                )
        self.env["dropship.sync.audit"]._dropship_audit(changes)

    @api.model
    def _dropship_notify_reversal(self, reversed_lots, documents):
        """Rule 7: tell the salesperson that received lots were reversed.

        :param reversed_lots: {sales line: lots reversed on it}
        :param documents: the returns (or receipts) where it happened
        """
        audit = self.env["dropship.sync.audit"]
        by_order = defaultdict(list)
        log = []
        for line, lots in reversed_lots.items():
            by_order[line.order_id].append((line, lots))
            log.append(
                {
                    "source": line._dropship_purchase_lines(
                        include_cancelled=True
                    ).sorted("id", reverse=True)[:1]
                    or line,
                    "target": line,
                    "field": "dropship_reversed_lot_ids",
                    "rule": "reversal",
                    "label": self._fields[
                        "dropship_reversed_lot_ids"
                    ]._description_string(self.env),
                    "old_text": "-",
                    "new_text": ", ".join(lots.mapped("name")),
                }
            )
        self.env["dropship.sync.change"]._dropship_log(log)
        for order, items in by_order.items():
            note = Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._(
                    "Received lots or serial numbers of %(order)s (customer "
                    "%(customer)s) were reversed by %(documents)s:",
                    order=order.display_name,
                    customer=order.partner_id.display_name,
                    documents=", ".join(documents.mapped("display_name")),
                ),
                Markup().join(
                    Markup("<li>%s: %s</li>")
                    % (line.product_id.display_name, ", ".join(lots.mapped("name")))
                    for line, lots in items
                ),
            )
            # sudo: posted for a stock user who validates the return without
            # any sales right.
            order = order.sudo()
            order._message_log(body=note)
            audit._dropship_activity(
                order,
                note,
                activity_type="sale_purchase_dropship_sync.mail_activity_type_reversal",
            )

    def _dropship_purchase_lines(self, include_cancelled=False):
        """The drop-ship purchase order lines paired with these sales lines.

        Cancelled purchase lines are left out unless ``include_cancelled``.
        Lines that are not drop-shipped have none.
        """
        # sudo: a salesperson without purchase rights still works with the
        # pairs of their own orders; callers only read or mirror through them.
        purchase_lines = self.sudo().purchase_line_ids._dropship_filter()
        if not include_cancelled:
            purchase_lines = purchase_lines.filtered(lambda pol: pol.state != "cancel")
        return purchase_lines.with_env(self.env)

    def _dropship_check_not_received(self, action):
        """Refuse ``action`` on drop-ship lines whose goods the customer received."""
        received = self.filtered(
            lambda sol: (
                float_compare(
                    sol.qty_delivered, 0.0, precision_rounding=sol.product_uom.rounding
                )
                > 0
                and sol._dropship_purchase_lines()
            )
        )
        if received:
            line = received[0]
            raise UserError(
                self.env._(
                    "%(document)s: the customer already received %(qty)s %(uom)s of "
                    "%(product)s "
                    "(drop-ship), so you cannot %(action)s. Create a return first.",
                    document=line.order_id.display_name,
                    qty=line.qty_delivered,
                    uom=line.product_uom.name,
                    product=line.product_id.display_name,
                    action=action,
                )
            )

    def _dropship_check_not_below_delivered(self, new_qty, sources=None):
        """Refuse to set a line below what the customer already received.

        :param new_qty: {line id: new quantity}
        :param sources: {line id: counterpart document whose change it is}
        """
        too_low = self.filtered(
            lambda sol: (
                float_compare(
                    new_qty.get(sol.id, 0.0),
                    sol.qty_delivered,
                    precision_rounding=sol.product_uom.rounding,
                )
                < 0
            )
        )
        if not too_low:
            return
        line = too_low[0]
        message = self.env._(
            "%(document)s: %(product)s cannot go below the %(qty)s %(uom)s already "
            "received "
            "by the customer (drop-ship). Create a return first.",
            document=line.order_id.display_name,
            product=line.product_id.display_name,
            qty=line.qty_delivered,
            uom=line.product_uom.name,
        )
        if sources:
            message += "\n" + self.env._(
                "The change of %(change)s cannot be applied.",
                change=sources[line.id].display_name,
            )
        raise UserError(message)

    def _dropship_check_unlocked(self):
        locked = self.order_id.filtered("locked")
        if locked:
            raise UserError(
                self.env._(
                    "%(document)s is locked: unlock it so that the change of its "
                    "drop-ship "
                    "purchase order can be applied.",
                    document=locked[0].display_name,
                )
            )

    def _dropship_qty_from_purchase(self, new_purchase_qty=None):
        """{sales line id: quantity of its open drop-ship purchase lines, in its UoM}.

        :param new_purchase_qty: {purchase line id: quantity} used instead of
            the current quantities, to check a change before it is written.
        """
        new_purchase_qty = new_purchase_qty or {}
        result = {}
        for line, purchase_lines in (
            self._dropship_purchase_lines().sudo().grouped("sale_line_id").items()
        ):
            total = sum(
                pol.product_uom._compute_quantity(
                    new_purchase_qty.get(pol.id, pol.product_qty),
                    line.product_uom,
                    round=False,
                )
                for pol in purchase_lines
            )
            result[line.id] = float_round(
                total, precision_rounding=line.product_uom.rounding
            )
        return result

    def _dropship_check_follow_purchase_qty(self, sources, new_purchase_qty=None):
        """Refuse, before anything is written, a purchase quantity change that
        these sales lines cannot follow (locked order, below what was received).

        :return: the lines whose quantity changes, and {line id: new quantity}
        """
        targets = self._dropship_qty_from_purchase(new_purchase_qty)
        lines = self.filtered(
            lambda sol: (
                float_compare(
                    sol.product_uom_qty,
                    targets.get(sol.id, 0.0),
                    precision_rounding=sol.product_uom.rounding,
                )
                != 0
            )
        )
        lines._dropship_check_not_below_delivered(targets, sources)
        lines._dropship_check_unlocked()
        return lines, targets

    def _dropship_follow_purchase_qty(self, sources, cancel=False):
        """Rule 10b / 2c: set these sales lines to the quantity of their open
        purchase lines; cancel the orders left with nothing.

        :param sources: {sales line id: purchase line (or order) that changed}
        """
        lines, targets = self._dropship_check_follow_purchase_qty(sources)
        if not lines:
            return
        old = {sol.id: sol.product_uom_qty for sol in lines}
        by_qty = defaultdict(lambda: self.browse())
        for sol in lines:
            by_qty[targets.get(sol.id, 0.0)] |= sol
        for qty, group in by_qty.items():
            group.with_context(**{SKIP: True}, skip_procurement=True).write(
                {"product_uom_qty": qty}
            )
        self.env["dropship.sync.audit"]._dropship_audit(
            {
                "source": sources[sol.id],
                "target": sol,
                "field": "product_uom_qty",
                "old": old[sol.id],
                "new": sol.product_uom_qty,
            }
            for sol in lines
        )
        if cancel:
            order_sources = {sol.order_id: sources[sol.id] for sol in lines}
            lines.order_id._dropship_cancel_if_empty(
                {
                    so: src.order_id if src._name.endswith(".line") else src
                    for so, src in order_sources.items()
                }
            )

    def _dropship_notify_purchase(self, old_qty):
        """Policy notify (rule 10 / 2b): an activity on the purchase orders."""
        audit = self.env["dropship.sync.audit"]
        self.env["dropship.sync.change"]._dropship_log_notice(
            {
                "source": line,
                "target": pol,
                "field": "product_qty",
                "old": pol.product_qty,
                "new": line.product_uom._compute_quantity(
                    line.product_uom_qty, pol.product_uom, round=False
                ),
                "rule": "so_qty" if line.product_uom_qty else "so_line_cancel",
            }
            for line in self
            for pol in line._dropship_purchase_lines()
        )
        for line in self:
            purchases = line._dropship_purchase_lines().sudo().order_id
            audit._dropship_activity(
                purchases,
                self.env._(
                    "%(document)s: the quantity of %(product)s changed from %(old)s to "
                    "%(new)s. "
                    "Check the drop-ship purchase order.",
                    document=line.order_id.display_name,
                    product=line.product_id.display_name,
                    old=audit._dropship_format(old_qty[line.id]),
                    new=audit._dropship_format(line.product_uom_qty),
                ),
            )
