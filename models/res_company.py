# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .dropship_rule_registry import RULE_SETTING, default_policy

# How a change on one side of a drop-ship pair reaches the other side.
POLICY_SELECTION = [
    ("mirror", "Mirror the change"),
    ("notify", "Only notify (activity)"),
    ("off", "Do nothing"),
]
# Supplier-side rules can also wait for the salesperson's approval.
SUPPLIER_POLICY_SELECTION = [
    ("mirror", "Mirror the change"),
    ("approve", "Ask the salesperson to approve"),
    ("notify", "Only notify (activity)"),
    ("off", "Do nothing"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    # Rule 1 / 1b
    dropship_sync_so_hold = fields.Boolean(
        string="Hold on Sales Order Holds Its Purchase Orders",
        default=default_policy("so_hold") == "mirror",
    )
    dropship_sync_po_hold = fields.Boolean(
        string="Hold on Purchase Order Holds Its Sales Orders",
        default=default_policy("po_hold") == "mirror",
    )
    # Rule 2 / 2b / 2c
    dropship_sync_so_cancel_policy = fields.Selection(
        POLICY_SELECTION,
        string="Sales Order Cancellation",
        default=default_policy("so_cancel"),
        required=True,
    )
    dropship_sync_so_line_cancel_policy = fields.Selection(
        POLICY_SELECTION,
        string="Sales Order Line Cancellation",
        default=default_policy("so_line_cancel"),
        required=True,
    )
    dropship_sync_po_cancel_policy = fields.Selection(
        SUPPLIER_POLICY_SELECTION,
        string="Purchase Order Cancellation",
        default=default_policy("po_cancel"),
        required=True,
    )
    # Rule 3
    dropship_sync_lock_policy = fields.Selection(
        POLICY_SELECTION,
        string="Lock / Unlock",
        default=default_policy("lock"),
        required=True,
    )
    # Rule 5
    dropship_sync_receipt_cost = fields.Boolean(
        string="Receipt Cost to Sales Line Cost",
        default=default_policy("receipt_cost") == "mirror",
    )
    # Rule 6
    dropship_sync_lot_record = fields.Boolean(
        string="Record Lots and Serial Numbers on Sales Lines",
        default=default_policy("lots") == "mirror",
    )
    dropship_sync_lot_split = fields.Boolean(
        string="Split Lines per Lot or Serial Number",
        default=default_policy("lot_split") == "mirror",
    )
    # Rule 8
    dropship_sync_receipt_date = fields.Boolean(
        string="Receipt Date to Actual Ship Date",
        default=default_policy("receipt_date") == "mirror",
    )
    # Rule 9
    dropship_sync_po_date_policy = fields.Selection(
        SUPPLIER_POLICY_SELECTION,
        string="Supplier Date Change",
        default=default_policy("po_date"),
        required=True,
    )
    # Rule 10 / 10b
    dropship_sync_so_qty_policy = fields.Selection(
        POLICY_SELECTION,
        string="Sales Quantity Change",
        default=default_policy("so_qty"),
        required=True,
    )
    dropship_sync_po_qty_policy = fields.Selection(
        SUPPLIER_POLICY_SELECTION,
        string="Supplier Quantity Change",
        default=default_policy("po_qty"),
        required=True,
    )
    dropship_sync_po_price_policy = fields.Selection(
        SUPPLIER_POLICY_SELECTION,
        string="Supplier Price Change",
        default=default_policy("po_price"),
        required=True,
    )

    # A vendor's price change beyond this share of the price is reviewed.
    dropship_sync_price_tolerance = fields.Float(
        string="Vendor Price Tolerance (%)",
        default=20.0,
        help="A price change made by the vendor (portal, documents) by more "
        "than this percentage of the price before it always waits for the "
        "salesperson's approval, whatever the supplier price policy.",
    )

    # Rule 5b
    dropship_sync_bill_cost_policy = fields.Selection(
        SUPPLIER_POLICY_SELECTION,
        string="Vendor Bill Cost",
        default=default_policy("bill_cost"),
        required=True,
    )

    # Service levels: what the customer hears from us
    dropship_mail_shipped = fields.Boolean(
        string="Shipment Notice to the Customer",
        default=True,
        help="When a drop-ship receipt is validated (in the back office, on the "
        "vendor portal or from a vendor document), the customer gets a mail "
        "with the products, quantities, serial numbers and tracking number.",
    )
    dropship_mail_delayed = fields.Boolean(
        string="Delay Notice to the Customer",
        default=True,
        help="When the vendor's ship date moves past the date promised to the "
        "customer, the salesperson's activity offers a delay notice with the "
        "new date, sent in one click.",
    )

    @api.constrains("dropship_sync_price_tolerance")
    def _check_dropship_price_tolerance(self):
        for company in self:
            if not 0.0 <= company.dropship_sync_price_tolerance <= 1000.0:
                raise ValidationError(
                    self.env._(
                        "The vendor price tolerance is a percentage from 0 to 1000."
                    )
                )

    def _dropship_policy(self, rule):
        """The policy of this company for the rule ``rule`` (a rule code):
        ``mirror``, ``approve``, ``notify`` or ``off``. A rule switched by a
        checkbox is ``mirror`` when checked; rules without a setting (the
        receipt status, the reversal warning) are always ``mirror``."""
        self.ensure_one()
        setting = RULE_SETTING.get(rule)
        if not setting:
            return "mirror"
        value = self[setting]
        if isinstance(value, bool):
            return "mirror" if value else "off"
        return value
