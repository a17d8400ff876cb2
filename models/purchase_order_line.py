# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .dropship_lot_split import SPLIT
from .dropship_rule import PROCUREMENT, SKIP


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

    dropship_out_of_sync = fields.Boolean(
        compute="_compute_dropship_out_of_sync",
        help="Drop-ship: an open integrity issue names this line (its two "
        "sides differ).",
    )

    def _compute_dropship_out_of_sync(self):
        flagged = self.env["dropship.integrity.issue"]._dropship_flagged(self)
        for line in self:
            line.dropship_out_of_sync = line.id in flagged

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
        if self.env.context.get(SKIP) or self.env.context.get(PROCUREMENT):
            result = super().write(vals)
            # A change mirrored from the sales side (or applied by the split,
            # or ordered by core after a sales change) can make a pending
            # supplier change obsolete.
            self.env["dropship.sync.change"]._dropship_supersede_for(
                purchase_lines=self
            )
            return result
        self.env["dropship.pair"]._lock(self, restart=True)
        lines = (
            self.env["dropship.pair"]
            ._purchase_side(self)
            .filtered(lambda pol: pol.state != "cancel")
        )
        rules = {
            "product_qty": self.env["dropship.rule.quantity"],
            "price_unit": self.env["dropship.rule.price_cost"],
            "date_planned": self.env["dropship.rule.date"],
        }
        before = {}
        if lines and "product_qty" in vals:
            before["product_qty"] = rules["product_qty"]._purchase_capture(
                lines, vals["product_qty"] or 0.0
            )
        if lines and "price_unit" in vals:
            before["price_unit"] = rules["price_unit"]._purchase_capture(lines)
        if lines and "date_planned" in vals:
            before["date_planned"] = rules["date_planned"]._purchase_capture(lines)
        result = super().write(vals)
        if {"product_qty", "price_unit"} & set(before):
            lines.sale_line_id._dropship_recompute_cost()
        for field, captured in before.items():
            rules[field]._purchase_apply(lines, captured)
        return result

    def _create_or_update_picking(self):
        # Lines created or reduced by the split per lot keep the moves the
        # split re-links to them.
        if self.env.context.get(SPLIT):
            return
        return super()._create_or_update_picking()

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
