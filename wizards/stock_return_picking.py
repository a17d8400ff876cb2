# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class StockReturnPickingLine(models.TransientModel):
    _inherit = "stock.return.picking.line"

    dropship_lot_names = fields.Char(
        string="Lots/Serial Numbers",
        compute="_compute_dropship_lot_names",
        help="The lots or serial numbers the move to return delivered: after "
        "the split per serial number, each line of a receipt is one serial.",
    )

    @api.depends("move_id")
    def _compute_dropship_lot_names(self):
        for line in self:
            lots = line.move_id.move_line_ids.filtered("quantity").lot_id
            line.dropship_lot_names = ", ".join(lots.mapped("name"))
