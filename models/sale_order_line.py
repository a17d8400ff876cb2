# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import float_compare, float_is_zero

DROPSHIP_STATES = [
    ("rfq", "Waiting for PO"),
    ("ordered", "Ordered"),
    ("hold", "On Hold"),
    ("partial", "Partially Shipped"),
    ("shipped", "Shipped"),
    ("returned", "Returned"),
    ("cancel", "Cancelled"),
]


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

    @api.depends(
        "state",
        "product_uom_qty",
        "qty_delivered",
        "purchase_line_ids.state",
        "purchase_line_ids.order_id.picking_type_id",
        "move_ids.state",
    )
    def _compute_dropship_state(self):
        for line in self:
            line.dropship_state = line._dropship_get_state()

    def _dropship_get_state(self):
        """The drop-ship status of one line, from its pair (False if none)."""
        self.ensure_one()
        purchase_lines = self._dropship_purchase_lines(include_cancelled=True)
        if not purchase_lines:
            return False
        rounding = self.product_uom.rounding
        if self.move_ids.filtered(lambda m: m.state == "done" and m._is_dropshipped_returned()):
            return "returned"
        if float_compare(self.qty_delivered, 0.0, precision_rounding=rounding) > 0:
            if float_compare(self.qty_delivered, self.product_uom_qty, precision_rounding=rounding) >= 0:
                return "shipped"
            return "partial"
        open_lines = purchase_lines.filtered(lambda pol: pol.state != "cancel")
        if (
            self.state == "cancel"
            or not open_lines
            or float_is_zero(self.product_uom_qty, precision_rounding=rounding)
        ):
            return "cancel"
        if any(state in ("purchase", "done") for state in open_lines.mapped("state")):
            return "ordered"
        return "rfq"

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
