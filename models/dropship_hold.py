# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL

# Where the pre-migration of 18.0.1.1.0 keeps the holds of 18.0.1.0.0.
LEGACY = {
    "sale.order": "dropship_hold_legacy_sale_order",
    "purchase.order": "dropship_hold_legacy_purchase_order",
}


class DropshipHold(models.Model):
    """One hold of a sales or purchase order (rules 1 and 1b).

    A hold is set on an order (``origin_hold_id`` empty) with a code and/or a
    free-text reason, and mirrored to the counterpart orders as holds that
    point at it (``origin_hold_id``); those are released with it. An order is
    on hold while any of its holds is open.
    """

    _name = "dropship.hold"
    _description = "Drop-ship Hold"
    _order = "id desc"

    sale_order_id = fields.Many2one(
        "sale.order", index="btree_not_null", ondelete="cascade", readonly=True
    )
    purchase_order_id = fields.Many2one(
        "purchase.order", index="btree_not_null", ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    hold_reason_id = fields.Many2one(
        "dropship.hold.reason", string="Hold Code", readonly=True
    )
    reason = fields.Char(readonly=True)
    origin_hold_id = fields.Many2one(
        "dropship.hold",
        string="Mirrored From",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
        help="The hold set on the counterpart order that this hold mirrors.",
    )
    set_on = fields.Char(
        compute="_compute_set_on", help="The order where the hold was set."
    )
    user_id = fields.Many2one(
        "res.users", string="Set By", default=lambda self: self.env.user, readonly=True
    )
    date = fields.Datetime(
        string="Set On Date", default=fields.Datetime.now, readonly=True
    )
    state = fields.Selection(
        [("open", "Open"), ("released", "Released")],
        string="Status",
        default="open",
        required=True,
        readonly=True,
        index=True,
    )
    released_by_id = fields.Many2one("res.users", readonly=True)
    release_date = fields.Datetime(readonly=True)

    @api.depends("origin_hold_id", "sale_order_id", "purchase_order_id")
    def _compute_set_on(self):
        for hold in self:
            # sudo: the name of the order that holds this one is shown to
            # whoever sees the hold (a purchaser held by a sales order).
            origin = (hold.origin_hold_id or hold).sudo()
            hold.set_on = origin._held_order().display_name

    @api.depends("hold_reason_id", "reason", "set_on")
    def _compute_display_name(self):
        for hold in self:
            hold.display_name = hold._label()

    def _held_order(self):
        """The order this hold is on."""
        self.ensure_one()
        return self.sale_order_id or self.purchase_order_id

    def _label(self):
        """The code and the reason of this hold, as people read them."""
        self.ensure_one()
        parts = [self.hold_reason_id.name, self.reason]
        return ": ".join(part for part in parts if part) or self.env._(
            "no reason given"
        )

    @api.model
    def _dropship_migrate_legacy(self):
        """Holds of 18.0.1.0.0 (one boolean, reason and origin per order)
        become hold records: a hold set on the order itself, or a hold
        mirrored from the counterpart named as its origin."""
        legacy = {}
        for model, table in LEGACY.items():
            self.env.cr.execute(SQL("SELECT to_regclass(%s)", table))
            if not self.env.cr.fetchone()[0]:
                continue
            self.env.cr.execute(
                SQL(
                    "SELECT id, hold_reason, hold_origin FROM %s",
                    SQL.identifier(table),
                )
            )
            legacy[model] = self.env.cr.fetchall()
        rows = [
            (self.env[model].browse(order_id).exists(), reason, origin)
            for model, model_rows in legacy.items()
            for order_id, reason, origin in model_rows
        ]
        rows = [row for row in rows if row[0]]
        own = {}
        for order, reason, origin in rows:
            if not origin or origin == order.display_name:
                own[order] = self.create(self._dropship_legacy_vals(order, reason))
        for order, reason, origin in rows:
            if order in own:
                continue
            counterparts = order._dropship_hold_counterparts()
            source = counterparts.filtered(lambda o, n=origin: o.display_name == n)[:1]
            origin_hold = own.get(source) if source else None
            self.create(self._dropship_legacy_vals(order, reason, origin_hold))
        for table in LEGACY.values():
            self.env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(table)))

    @api.model
    def _dropship_legacy_vals(self, order, reason, origin_hold=None):
        return {
            order._dropship_hold_link: order.id,
            "company_id": order.company_id.id,
            "reason": reason or False,
            "origin_hold_id": origin_hold.id if origin_hold else False,
            "user_id": False,
        }
