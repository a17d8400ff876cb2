# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .dropship_door import PROCUREMENT, SPLIT, fact, mirroring
from .dropship_numbers import MAX_AMOUNT, in_range, to_float
from .dropship_service_level import late_fields

PROMISE = "Drop-ship: the %s the vendor promised when the purchase order was confirmed."


def kept(field_type, string, help_text, **kwargs):
    """A fact of the line that only the synchronization writes, not copied."""
    return field_type(
        string=string, readonly=True, copy=False, help=help_text, **kwargs
    )


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

    # The vendor's promise, kept as it was when the purchase order was
    # confirmed: later changes of the line (by the vendor or anyone) do not
    # touch it. The vendor scorecard measures the line against it.
    promised_date = kept(fields.Datetime, "Promised Ship Date", PROMISE % "ship date")
    confirmed_qty = kept(
        fields.Float,
        "Confirmed Quantity",
        PROMISE % "quantity",
        digits="Product Unit of Measure",
    )
    confirmed_price = kept(
        fields.Float, "Confirmed Price", PROMISE % "unit price", digits="Product Price"
    )
    dropship_split_origin_id = kept(
        fields.Many2one,
        "Split From",
        "Drop-ship: the line this one was split from per lot or serial number; "
        "the vendor's promise is kept on that line.",
        comodel_name="purchase.order.line",
        index="btree_not_null",
    )
    # What the drop-ship receipts of the line shipped (returns not
    # deducted), stored by the receipts' rule for the vendor scorecard.
    dropship_shipped_qty = kept(
        fields.Float,
        "Shipped Quantity",
        "Drop-ship: the quantity the done drop-ship receipts of this line "
        "shipped, in the unit of measure of the product (returns not deducted).",
        digits="Product Unit of Measure",
    )
    dropship_ship_date = kept(
        fields.Datetime,
        "Last Ship Date",
        "Drop-ship: when the customer received the last done drop-ship receipt "
        "of this line (its transfer's Received by Customer date, else its "
        "validation date).",
    )
    dropship_late, dropship_late_badge = late_fields()

    dropship_out_of_sync = fields.Boolean(
        compute="_compute_dropship_out_of_sync",
        help="Drop-ship: an open integrity issue names this line (its two "
        "sides differ).",
    )

    def _compute_dropship_out_of_sync(self):
        flagged = self.env["dropship.integrity.issue"]._dropship_flagged(self)
        for line in self:
            line.dropship_out_of_sync = line.id in flagged

    def _compute_dropship_late(self):
        rule = self.env["dropship.service.level"]
        saved = self.filtered(lambda pol: isinstance(pol.id, int))
        late = rule._late_purchase_lines(purchase_lines=saved)
        rule._set_late(self, self.browse(late.ids))

    def _search_dropship_late(self, operator, value):
        return self.env["dropship.service.level"]._search_late(operator, value, "id")

    @api.model_create_multi
    def create(self, vals_list):
        self.env["dropship.pair"]._check_company(
            [
                (vals["order_id"], vals["sale_line_id"])
                for vals in vals_list
                if vals.get("sale_line_id") and vals.get("order_id")
            ]
        )
        lines = super().create(vals_list)
        dropship = self.env["dropship.pair"]._purchase_side(lines)
        self.env["dropship.rule.date"]._set_expected_date(dropship)
        # A line added to a confirmed order is promised as it is created.
        dropship.filtered(
            lambda pol: pol.order_id.state in ("purchase", "done")
        )._dropship_keep_promise()
        # The paired sales lines cost the new purchase price (rule 10b).
        dropship.sale_line_id._dropship_recompute_cost()
        # A purchase order created for a held sales order (e.g. core ordering
        # a quantity increase on a new RFQ) is held too (rule 1).
        rule = self.env["dropship.rule.hold"]
        rule._mirror(
            rule._records(
                (rule._own_holds(so) for so in dropship.sale_line_id.order_id),
                "dropship.hold",
            ),
            log=False,
        )
        return lines

    def write(self, vals):
        if vals.get("sale_line_id"):
            self.env["dropship.pair"]._check_company(
                [(order_id, vals["sale_line_id"]) for order_id in self.order_id.ids]
            )
        if not {"product_qty", "price_unit", "date_planned"} & set(vals):
            return super().write(vals)
        if mirroring(self.env) or fact(self.env, PROCUREMENT):
            result = super().write(vals)
            if {"product_qty", "price_unit"} & set(vals):
                # The cost of the sales lines weighs what is still to come
                # at the purchase price: it follows a mirrored quantity too.
                self.env["dropship.pair"]._purchase_side(
                    self
                ).sale_line_id._dropship_recompute_cost()
            # A change mirrored from the sales side (or applied by the split,
            # or ordered by core after a sales change) can make a pending
            # supplier change obsolete.
            self.env["dropship.sync.change"]._dropship_supersede_for(
                purchase_lines=self
            )
            return result
        # A supplier change of a drop-ship pair must be a number its sales
        # line can follow: core takes a negative price, and JSON-RPC passes a
        # string or nan as sent. Core's own writes (a quantity its
        # procurement takes back) returned above; plain numbers in range
        # need no check, nor a read of the pairs.
        numbers = {
            field: vals[field]
            for field in ("product_qty", "price_unit")
            if field in vals and not in_range(vals[field], 0.0, MAX_AMOUNT)
        }
        if numbers and self.env["dropship.pair"]._purchase_side(self):
            vals = vals | {
                field: to_float(
                    self.env,
                    value,
                    self._fields[field]._description_string(self.env),
                    minimum=0.0,
                    maximum=MAX_AMOUNT,
                )
                for field, value in numbers.items()
            }
        return self.env["dropship.command"]._run(
            "supplier_change", self, lambda: self._dropship_write_supplier(vals)
        )

    def _dropship_keep_promise(self):
        """Keep what the vendor promises on the drop-ship lines of ``self``
        (ship date, quantity, price), on confirmation of their order. A
        line keeps its first promise, and a line split off per lot shares
        the promise of the line it comes from."""
        lines = (
            self.env["dropship.pair"]
            ._purchase_side(self)
            .filtered(
                lambda pol: not pol.promised_date and not pol.dropship_split_origin_id
            )
        )
        by_value = lines.grouped(
            lambda pol: (pol.date_planned, pol.product_qty, pol.price_unit)
        )
        # sudo: the promise is a fact of the line, kept by the synchronization
        # for whoever confirms the order.
        for (date, qty, price), group in by_value.items():
            group.sudo().write(
                {"promised_date": date, "confirmed_qty": qty, "confirmed_price": price}
            )

    def _dropship_rules(self):
        """{purchase line field: the rule family of its supplier change}"""
        return {
            "product_qty": self.env["dropship.rule.quantity"],
            "price_unit": self.env["dropship.rule.price_cost"],
            "date_planned": self.env["dropship.rule.date"],
        }

    def _dropship_write_supplier(self, vals):
        """write() of a supplier change (quantity, price, ship date), run by
        the door: each family checks it before it is written, then routes
        and applies it (rules 9, 10b and 2c)."""
        lines = (
            self.env["dropship.pair"]
            ._purchase_side(self)
            .filtered(lambda pol: pol.state != "cancel")
        )
        before = self._dropship_capture(lines, vals) if lines else {}
        result = super().write(vals)
        if {"product_qty", "price_unit"} & set(before):
            lines.sale_line_id._dropship_recompute_cost()
        rules = self._dropship_rules()
        for field, captured in before.items():
            rules[field]._purchase_apply(lines, captured)
        return result

    def _dropship_capture(self, lines, vals):
        """Check the supplier change ``vals`` of the pair ``lines`` before it
        is written: {field: what its family needs after the write}."""
        rules = self._dropship_rules()
        before = {}
        if vals.get("date_planned"):
            self.env["dropship.command"]._check_planned_date(
                lines, vals["date_planned"]
            )
        if "product_qty" in vals:
            before["product_qty"] = rules["product_qty"]._purchase_capture(
                lines, vals["product_qty"] or 0.0
            )
        if "price_unit" in vals:
            before["price_unit"] = rules["price_unit"]._purchase_capture(
                lines, vals["price_unit"]
            )
        if "date_planned" in vals:
            before["date_planned"] = rules["date_planned"]._purchase_capture(lines)
        return before

    dropship_lot_ids = fields.Many2many(
        related="sale_line_id.lot_ids",
        string="Lots/Serial Numbers",
        help="Drop-ship: the lots and serial numbers this line delivered to "
        "the customer (one per line after the split per serial number).",
    )

    def _compute_price_unit_and_date_planned_and_name(self):
        # Odoo plans the line again from the vendor's lead time whenever its
        # quantity changes; on a confirmed drop-ship line the date is the
        # vendor's promise (rule 9), which a quantity change does not move.
        confirmed = self.filtered(lambda pol: pol.state in ("purchase", "done"))
        dropship = self.env["dropship.pair"]._purchase_side(confirmed)
        kept = {
            pol: pol.date_planned
            for pol in confirmed
            if pol in dropship and pol.date_planned
        }
        result = super()._compute_price_unit_and_date_planned_and_name()
        for pol, date in kept.items():
            pol.date_planned = date
        return result

    def _create_or_update_picking(self):
        # Lines created or reduced by the split per lot keep the moves the
        # split re-links to them.
        if fact(self.env, SPLIT):
            return
        # The open drop-ship moves take the difference themselves.
        rest = self.env["dropship.rule.transfer"]._follow_purchase_lines(self)
        return super(PurchaseOrderLine, rest)._create_or_update_picking()

    def _get_qty_procurement(self):
        """What the moves of a drop-ship line bring: a return not validated
        yet (waiting in the warehouse, or refused) has taken nothing back,
        so neither Odoo's new moves nor the transfer rule ship it again."""
        qty = super()._get_qty_procurement()
        if not self._dropship_filter():
            return qty
        return qty + sum(
            move.product_uom._compute_quantity(
                move.product_uom_qty, self.product_uom, rounding_method="HALF-UP"
            )
            for move in self._get_outgoing_incoming_moves()[0]
            if move.state != "done"
        )

    def _dropship_filter(self):
        """The lines of ``self`` that are the purchase side of a drop-ship
        pair, in the environment of the caller (see ``dropship.pair``)."""
        return self.env["dropship.pair"]._purchase_side(self).with_env(self.env)

    def _dropship_sale_lines(self):
        """The sales order lines paired with these purchase order lines."""
        return self._dropship_filter().sale_line_id

    def _dropship_sale_cost(self, price_unit=None):
        """This line's price as a cost of its sales line (see the price rule)."""
        self.ensure_one()
        return self.env["dropship.rule.price_cost"]._sale_cost(self, price_unit)
