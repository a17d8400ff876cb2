# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    def _is_dropship_order(self):
        """Whether this order ships from the vendor straight to the customer."""
        self.ensure_one()
        # sudo: a salesperson may read the pair without any inventory right;
        # the operation type only tells where the goods go.
        picking_type = self.sudo().picking_type_id
        return picking_type.code == "dropship" or (
            picking_type.default_location_src_id.usage == "supplier"
            and picking_type.default_location_dest_id.usage == "customer"
        )

    def _dropship_sale_orders(self):
        """The sales orders these purchase orders serve through drop-ship pairs."""
        return self.order_line._dropship_sale_lines().order_id
