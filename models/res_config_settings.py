# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dropship_sync_so_hold = fields.Boolean(
        related="company_id.dropship_sync_so_hold",
        readonly=False,
    )
    dropship_sync_po_hold = fields.Boolean(
        related="company_id.dropship_sync_po_hold",
        readonly=False,
    )
    dropship_sync_so_cancel_policy = fields.Selection(
        related="company_id.dropship_sync_so_cancel_policy",
        readonly=False,
    )
    dropship_sync_so_line_cancel_policy = fields.Selection(
        related="company_id.dropship_sync_so_line_cancel_policy",
        readonly=False,
    )
    dropship_sync_po_cancel_policy = fields.Selection(
        related="company_id.dropship_sync_po_cancel_policy",
        readonly=False,
    )
    dropship_sync_lock_policy = fields.Selection(
        related="company_id.dropship_sync_lock_policy",
        readonly=False,
    )
    dropship_sync_receipt_cost = fields.Boolean(
        related="company_id.dropship_sync_receipt_cost",
        readonly=False,
    )
    dropship_sync_lot_record = fields.Boolean(
        related="company_id.dropship_sync_lot_record",
        readonly=False,
    )
    dropship_sync_lot_split = fields.Boolean(
        related="company_id.dropship_sync_lot_split",
        readonly=False,
    )
    dropship_sync_receipt_date = fields.Boolean(
        related="company_id.dropship_sync_receipt_date",
        readonly=False,
    )
    dropship_sync_po_date_policy = fields.Selection(
        related="company_id.dropship_sync_po_date_policy",
        readonly=False,
    )
    dropship_sync_so_qty_policy = fields.Selection(
        related="company_id.dropship_sync_so_qty_policy",
        readonly=False,
    )
    dropship_sync_po_qty_policy = fields.Selection(
        related="company_id.dropship_sync_po_qty_policy",
        readonly=False,
    )
    dropship_sync_po_price_policy = fields.Selection(
        related="company_id.dropship_sync_po_price_policy",
        readonly=False,
    )
    dropship_sync_price_tolerance = fields.Float(
        related="company_id.dropship_sync_price_tolerance",
        readonly=False,
    )
    dropship_sync_bill_cost_policy = fields.Selection(
        related="company_id.dropship_sync_bill_cost_policy",
        readonly=False,
    )
    dropship_mail_shipped = fields.Boolean(
        related="company_id.dropship_mail_shipped",
        readonly=False,
    )
    dropship_mail_delayed = fields.Boolean(
        related="company_id.dropship_mail_delayed",
        readonly=False,
    )

    def action_dropship_check_now(self):
        """*Check Now* of the integrity queue, from the settings: the same
        check, then the queue itself."""
        result = self.env["dropship.integrity.issue"].action_dropship_check_now()
        result["params"]["next"] = self.env["ir.actions.act_window"]._for_xml_id(
            "sale_purchase_dropship_sync.dropship_integrity_issue_action"
        )
        return result
