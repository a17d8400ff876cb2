# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models

from .dropship_door import KEPT_MOVES, mirroring, scope
from .dropship_sync_change import pending_changes_field


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "dropship.hold.mixin", "dropship.change.mixin"]
    _dropship_change_link = "sale_order_id"
    _dropship_hold_link = "sale_order_id"
    _dropship_lock_field = "locked"

    dropship_hold_ids = fields.One2many(
        "dropship.hold", "sale_order_id", string="Holds", readonly=True
    )

    dropship_pending_change_ids = pending_changes_field(
        "sale_order_id",
        "Changes of the drop-ship purchase orders that wait for the "
        "salesperson's approval.",
    )

    dropship_issue_ids = fields.One2many(
        "dropship.integrity.issue",
        "sale_order_id",
        string="Drop-ship Integrity Issues",
        domain=[("state", "=", "open")],
        readonly=True,
    )

    dropship_reversal_ids = fields.One2many(
        "dropship.reversal",
        "sale_order_id",
        string="Drop-ship Reversals",
        readonly=True,
    )
    dropship_reversal_lot_ids = fields.Many2many(
        "stock.lot",
        string="Reversed Lots",
        compute="_compute_dropship_reversal_lot_ids",
        help="Received lots or serial numbers taken back from the customer "
        "by reversals not settled yet.",
    )
    dropship_reversal_open_count = fields.Integer(
        string="Reversals to Settle",
        compute="_compute_dropship_reversal_lot_ids",
    )

    dropship_has_lots = fields.Boolean(
        compute="_compute_dropship_columns",
        help="A line lists received lots or serial numbers: the order lines "
        "show the column.",
    )
    dropship_has_late = fields.Boolean(
        compute="_compute_dropship_columns",
        help="A drop-ship line is late: the order lines show the Late column.",
    )

    dropship_tracking_refs = fields.Char(
        string="Vendor Tracking",
        compute="_compute_dropship_tracking_refs",
        help="Drop-ship: the tracking references of the vendor's shipments to "
        "the customer.",
    )

    dropship_over_invoiced = fields.Html(
        string="Invoiced above What Ships",
        compute="_compute_dropship_over_invoiced",
        sanitize=False,
        help="The drop-ship lines invoiced for more than the vendor ships, "
        "with the quantity and amount invoiced too much.",
    )
    dropship_invoice_issue_count = fields.Integer(
        string="Over-invoiced Lines", compute="_compute_dropship_over_invoiced"
    )

    @api.depends("dropship_issue_ids")
    def _compute_dropship_over_invoiced(self):
        banner = self.env["dropship.rule.invoice"]._banner(self._origin)
        for order in self:
            items = banner.get(order._origin.id, [])
            order.dropship_invoice_issue_count = len(items)
            order.dropship_over_invoiced = (
                Markup("<ul class='mb-1'>%s</ul>")
                % Markup().join(Markup("<li>%s</li>") % item for item in items)
                if items
                else False
            )

    @api.depends("order_line.move_ids.picking_id.carrier_tracking_ref")
    def _compute_dropship_tracking_refs(self):
        for order in self:
            # sudo: a salesperson without inventory rights sees the
            # references of the vendor's shipments of their orders.
            pickings = (
                order.sudo()
                .order_line.move_ids.picking_id.filtered(
                    lambda p: p.is_dropship and p.carrier_tracking_ref
                )
                .sorted("id")
            )
            order.dropship_tracking_refs = ", ".join(
                pickings.mapped("carrier_tracking_ref")
            )

    @api.depends("dropship_reversal_ids.state", "dropship_reversal_ids.lot_ids")
    def _compute_dropship_reversal_lot_ids(self):
        for order in self:
            # sudo: the reversals are records of the synchronization.
            reversals = order.sudo().dropship_reversal_ids.filtered(
                lambda r: r.state == "open"
            )
            order.dropship_reversal_lot_ids = reversals.lot_ids
            order.dropship_reversal_open_count = len(reversals)

    @api.depends("order_line.lot_ids", "order_line.dropship_reversed_lot_ids")
    def _compute_dropship_columns(self):
        for order in self:
            order.dropship_has_lots = any(
                line.lot_ids or line.dropship_reversed_lot_ids
                for line in order.order_line
            )
            order.dropship_has_late = any(order.order_line.mapped("dropship_late"))

    def write(self, vals):
        return self._dropship_write_first(vals, super().write)

    def _dropship_write(self, vals, write):
        lock_changed = self.browse()
        if "locked" in vals:
            lock_changed = self.filtered(lambda o: o.locked != bool(vals["locked"]))
        result = super()._dropship_write(vals, write)
        if lock_changed:
            self.env["dropship.rule.lock"]._mirror(lock_changed)
        return result

    def action_confirm(self):
        self._dropship_check_not_held(self.env._("confirm it"))
        return super().action_confirm()

    def _action_cancel(self):
        if mirroring(self.env):
            return super()._action_cancel()
        return self.env["dropship.command"]._run(
            "sale_cancel", self, self._dropship_action_cancel
        )

    def _dropship_action_cancel(self):
        """_action_cancel() of the sales orders, run by the door (rule 2)."""
        self.env["dropship.rule.cancel"]._on_sale_cancel(self)
        # Odoo cancels the sales orders' transfers whole: a drop-ship
        # transfer shared with other sales orders (merged RFQs) keeps their
        # moves, its own followed their purchase lines to zero.
        kept = self.env["dropship.rule.transfer"]._moves_of_others(self)
        with scope(self.env, **{KEPT_MOVES: frozenset(kept.ids)}):
            result = super()._action_cancel()
        # Pending supplier changes of a cancelled order no longer apply.
        self.env["dropship.sync.change"]._dropship_supersede_for(sale_orders=self)
        return result

    def action_dropship_replacement(self):
        """After a reversal: the vendor ships the reversed units again."""
        self.ensure_one()
        pickings = self.env["dropship.command"]._run(
            "reversal",
            self,
            lambda: self.env["dropship.rule.lots"]._ship_replacement(self),
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if pickings else "warning",
                "message": self.env._(
                    "Replacement drop-ship transfer: %(names)s",
                    names=", ".join(pickings.mapped("name")),
                )
                if pickings
                else self.env._("Nothing is missing: no replacement is needed."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_dropship_credit_over_invoiced(self):
        """Invoiced above what ships: the Fix of the order's over-invoicing
        issues, a draft credit note for the difference, once confirmed."""
        self.ensure_one()
        issues = self.env["dropship.integrity.issue"].search(
            [
                ("sale_order_id", "=", self.id),
                ("kind", "=", "invoice"),
                ("state", "=", "open"),
            ]
        )
        return issues.action_dropship_fix()

    def action_dropship_credit_reversed(self):
        """After a reversal: take the reversed units off the order, then
        invoice it (a credit note for what was invoiced already)."""
        self.ensure_one()
        self.env["dropship.command"]._run(
            "reversal",
            self,
            lambda: self.env["dropship.rule.lots"]._credit_reversed(self),
        )
        if not any(self.order_line.mapped("qty_invoiced")):
            # Nothing was invoiced: nothing to credit, the order is right.
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "success",
                    "message": self.env._(
                        "The reversed units were taken off %(order)s. Nothing "
                        "was invoiced yet: there is nothing to credit.",
                        order=self.display_name,
                    ),
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_view_sale_advance_payment_inv"
        )
        action["context"] = {"active_model": "sale.order", "active_ids": self.ids}
        return action

    def action_dropship_reversal_done(self):
        """After a reversal: nothing more to do (e.g. the customer keeps
        the units returned by mistake). Asks for the reason first."""
        self.ensure_one()
        # The door checks the right to change the order before anything.
        self.env["dropship.command"]._run("reversal", self, None)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Nothing to Do"),
            "res_model": "dropship.reversal.settle",
            "view_mode": "form",
            "target": "new",
            "context": {"default_sale_order_id": self.id},
        }

    def _dropship_settle_reversals(self, note):
        """Settle the open reversals of this order with nothing to do."""
        self.ensure_one()
        self.env["dropship.command"]._run(
            "reversal",
            self,
            lambda: self.env["dropship.rule.lots"]._settle(self, "closed", note),
        )

    def _dropship_purchase_orders(self):
        """The purchase orders serving these sales orders through drop-ship pairs."""
        return self._dropship_hold_counterparts().with_env(self.env)

    def _dropship_hold_counterparts(self):
        """The purchase orders (as superuser, see ``dropship.pair``)."""
        return self.env["dropship.pair"]._purchase_lines(self.order_line).order_id

    def _dropship_hold_sale_lines(self):
        return self.env["dropship.pair"]._purchase_lines(self.order_line).sale_line_id

    def _activity_cancel_on_purchase(self):
        # A cancellation mirrored from the purchase order needs no activity
        # telling the purchase order about it.
        if mirroring(self.env):
            return
        return super()._activity_cancel_on_purchase()
