# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _dropship_purchase_orders(self):
        """The purchase orders serving these sales orders through drop-ship pairs."""
        return self.order_line._dropship_purchase_lines().order_id
