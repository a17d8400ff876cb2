# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models

# How a reversal stands: open until the salesperson settles it.
REVERSAL_STATES = [
    ("open", "To Settle"),
    ("replacement", "Replacement Requested"),
    ("replaced", "Replaced"),
    ("credited", "Credited"),
    ("closed", "Nothing to Do"),
]


class DropshipReversal(models.Model):
    """Received units taken back from the customer (rule 7): a return of a
    drop-ship receipt, or a lot or serial number changed or removed on a
    done receipt, and how the salesperson settled it.

    One record per sales line and event; the order's banner lists the
    reversals still to settle, and the line reads *Returned* while one of
    its reversals is open.
    """

    _name = "dropship.reversal"
    _description = "Drop-ship reversal"
    _order = "id desc"

    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Sales Line",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    sale_order_id = fields.Many2one(
        related="sale_line_id.order_id", store=True, index=True, string="Sales Order"
    )
    company_id = fields.Many2one(
        related="sale_order_id.company_id", store=True, index=True
    )
    product_id = fields.Many2one(related="sale_line_id.product_id")
    lot_ids = fields.Many2many(
        "stock.lot",
        "dropship_reversal_lot_rel",
        "reversal_id",
        "lot_id",
        string="Lots/Serial Numbers",
        readonly=True,
    )
    document = fields.Char(
        string="Reversed By",
        readonly=True,
        help="The return (or the receipt whose lots were changed) that took "
        "the units back.",
    )
    state = fields.Selection(
        REVERSAL_STATES,
        string="Status",
        default="open",
        required=True,
        index=True,
        readonly=True,
    )
    settle_note = fields.Text(string="Settlement", readonly=True)
    settled_by_id = fields.Many2one("res.users", readonly=True)
    settled_date = fields.Datetime(string="Settled On", readonly=True)
    replacement_picking_ids = fields.Many2many(
        "stock.picking",
        "dropship_reversal_replacement_rel",
        "reversal_id",
        "picking_id",
        string="Replacement Transfers",
        readonly=True,
    )

    def _compute_display_name(self):
        for reversal in self:
            what = ", ".join(reversal.lot_ids.mapped("name")) or reversal.document
            reversal.display_name = f"{reversal.product_id.display_name}: {what or ''}"

    @api.model
    def _dropship_migrate_open_activities(self):
        """One open reversal per sales line with reversed lots of an order
        whose reversal activity is still open (before reversals were
        records, the activity was the open reversal)."""
        activity_type = self.env.ref(
            "sale_purchase_dropship_sync.mail_activity_type_reversal",
            raise_if_not_found=False,
        )
        if not activity_type:
            return
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "sale.order"),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        orders = self.env["sale.order"].browse(set(activities.mapped("res_id")))
        lines = orders.order_line.filtered(
            lambda sol: sol.dropship_reversed_lot_ids and not sol.dropship_reversal_ids
        )
        self.create(
            [
                {
                    "sale_line_id": line.id,
                    "lot_ids": [Command.set(line.dropship_reversed_lot_ids.ids)],
                }
                for line in lines
            ]
        )
