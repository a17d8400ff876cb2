# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    def _dropship_filter(self):
        """The lines of ``self`` that are the purchase side of a drop-ship pair.

        A line belongs to a pair when Odoo's drop-ship route created it for a
        sales order line of the same company: it points at that line through
        ``sale_line_id``, it buys goods (services bought on order use the
        drop-ship operation type too, but nothing ships) and its order ships
        from the vendor straight to the customer (drop-ship operation type).
        """
        return self.filtered(
            lambda line: line.sale_line_id
            and line.product_id.type == "consu"
            and line.sale_line_id.company_id == line.company_id
            and line.order_id._is_dropship_order()
        )

    def _dropship_sale_lines(self):
        """The sales order lines paired with these purchase order lines."""
        return self._dropship_filter().sale_line_id
