# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

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

# The company setting of each rule code; rules without one always apply.
RULE_SETTING = {
    "so_hold": "dropship_sync_so_hold",
    "po_hold": "dropship_sync_po_hold",
    "so_cancel": "dropship_sync_so_cancel_policy",
    "so_line_cancel": "dropship_sync_so_line_cancel_policy",
    "po_cancel": "dropship_sync_po_cancel_policy",
    "lock": "dropship_sync_lock_policy",
    "receipt_cost": "dropship_sync_receipt_cost",
    "lots": "dropship_sync_lot_record",
    "lot_split": "dropship_sync_lot_split",
    "receipt_date": "dropship_sync_receipt_date",
    "po_date": "dropship_sync_po_date_policy",
    "so_qty": "dropship_sync_so_qty_policy",
    "po_qty": "dropship_sync_po_qty_policy",
    "po_price": "dropship_sync_po_price_policy",
    "bill_cost": "dropship_sync_bill_cost_policy",
}


class ResCompany(models.Model):
    _inherit = "res.company"

    # Rule 1 / 1b
    dropship_sync_so_hold = fields.Boolean(
        string="Hold on Sales Order Holds Its Purchase Orders",
        default=True,
    )
    dropship_sync_po_hold = fields.Boolean(
        string="Hold on Purchase Order Holds Its Sales Orders",
        default=True,
    )
    # Rule 2 / 2b / 2c
    dropship_sync_so_cancel_policy = fields.Selection(
        POLICY_SELECTION,
        string="Sales Order Cancellation",
        default="mirror",
        required=True,
    )
    dropship_sync_so_line_cancel_policy = fields.Selection(
        POLICY_SELECTION,
        string="Sales Order Line Cancellation",
        default="mirror",
        required=True,
    )
    dropship_sync_po_cancel_policy = fields.Selection(
        SUPPLIER_POLICY_SELECTION,
        string="Purchase Order Cancellation",
        default="mirror",
        required=True,
    )
    # Rule 3
    dropship_sync_lock_policy = fields.Selection(
        POLICY_SELECTION,
        string="Lock / Unlock",
        default="mirror",
        required=True,
    )
    # Rule 5
    dropship_sync_receipt_cost = fields.Boolean(
        string="Receipt Cost to Sales Line Cost",
        default=True,
    )
    # Rule 6
    dropship_sync_lot_record = fields.Boolean(
        string="Record Lots and Serial Numbers on Sales Lines",
        default=True,
    )
    dropship_sync_lot_split = fields.Boolean(
        string="Split Lines per Lot or Serial Number",
        default=True,
    )
    # Rule 8
    dropship_sync_receipt_date = fields.Boolean(
        string="Receipt Date to Actual Ship Date",
        default=True,
    )
    # Rule 9
    dropship_sync_po_date_policy = fields.Selection(
        SUPPLIER_POLICY_SELECTION,
        string="Supplier Date Change",
        default="mirror",
        required=True,
    )
    # Rule 10 / 10b
    dropship_sync_so_qty_policy = fields.Selection(
        POLICY_SELECTION,
        string="Sales Quantity Change",
        default="mirror",
        required=True,
    )
    dropship_sync_po_qty_policy = fields.Selection(
        SUPPLIER_POLICY_SELECTION,
        string="Supplier Quantity Change",
        default="mirror",
        required=True,
    )
    dropship_sync_po_price_policy = fields.Selection(
        SUPPLIER_POLICY_SELECTION,
        string="Supplier Price Change",
        default="mirror",
        required=True,
    )

    # Rule 5b
    dropship_sync_bill_cost_policy = fields.Selection(
        SUPPLIER_POLICY_SELECTION,
        string="Vendor Bill Cost",
        default="mirror",
        required=True,
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
