# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class DropshipVendorDocumentLine(models.Model):
    """What became of one line of a vendor's document."""

    _name = "dropship.vendor.document.line"
    _description = "Drop-ship vendor document line"
    _order = "document_id, sequence, id"

    document_id = fields.Many2one(
        "dropship.vendor.document", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="document_id.company_id", store=True)
    sequence = fields.Integer()
    name = fields.Char(
        string="Line", required=True, help="The line's id in the vendor's document."
    )
    purchase_line_id = fields.Many2one(
        "purchase.order.line", string="Purchase Order Line", ondelete="set null"
    )
    product_id = fields.Many2one(related="purchase_line_id.product_id")
    result = fields.Selection(
        [
            ("shipped", "Shipped"),
            ("accepted", "Accepted"),
            ("proposed", "Proposed"),
            ("declined", "Declined"),
            ("refused", "Refused"),
        ],
        required=True,
    )
    message = fields.Char()
