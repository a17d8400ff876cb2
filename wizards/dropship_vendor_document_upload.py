# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import fields, models
from odoo.exceptions import UserError


class DropshipVendorDocumentUpload(models.TransientModel):
    """A purchaser uploads a document the vendor sent (a despatch advice,
    an order response or a CSV of shipped lines)."""

    _name = "dropship.vendor.document.upload"
    _description = "Upload a drop-ship vendor document"

    purchase_id = fields.Many2one("purchase.order", string="Purchase Order")
    partner_id = fields.Many2one(
        "res.partner",
        string="Vendor",
        required=True,
        help="The vendor that sent the document: only its own purchase orders "
        "are changed.",
    )
    file = fields.Binary(required=True)
    filename = fields.Char()

    def action_import(self):
        self.ensure_one()
        data = base64.b64decode(self.file or b"")
        document, duplicate = self.env["dropship.vendor.document"]._import(
            data, self.partner_id, "backend", filename=self.filename or ""
        )
        if duplicate:
            raise UserError(document._answer(duplicate=True)["message"])
        return {
            "type": "ir.actions.act_window",
            "res_model": "dropship.vendor.document",
            "res_id": document.id,
            "view_mode": "form",
            "target": "current",
        }
