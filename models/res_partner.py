# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import fields, models

# How many months of promises the vendor's smart button sums up.
SCORECARD_MONTHS = 12
# The vendor's figures on its contact, for purchase users.
SCORECARD_FIELD = {
    "compute": "_compute_dropship_scorecard",
    "groups": "purchase.group_purchase_user",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    dropship_promised_lines = fields.Integer(
        string="Drop-ship Lines Promised", **SCORECARD_FIELD
    )
    dropship_on_time_rate = fields.Float(
        string="Drop-ship On Time (%)",
        help="Drop-ship purchase lines of this vendor promised in the last "
        "twelve months and fully shipped on or before the promised date.",
        **SCORECARD_FIELD,
    )

    def _compute_dropship_scorecard(self):
        first = fields.Date.context_today(self).replace(day=1) - relativedelta(
            months=SCORECARD_MONTHS - 1
        )
        vendors = self.commercial_partner_id
        figures = {
            vendor: (lines, rate)
            for vendor, lines, rate in self.env[
                "dropship.vendor.scorecard"
            ]._read_group(
                [("vendor_id", "in", vendors.ids), ("period", ">=", first)],
                ["vendor_id"],
                ["lines:sum", "on_time_rate:avg"],
            )
        }
        for partner in self:
            lines, rate = figures.get(partner.commercial_partner_id, (0, 0.0))
            partner.dropship_promised_lines = lines
            partner.dropship_on_time_rate = rate

    def action_dropship_scorecard(self):
        """The scorecard of this vendor."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale_purchase_dropship_sync.dropship_vendor_scorecard_action"
        )
        action["domain"] = [("vendor_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"search_default_group_period": 1}
        return action
