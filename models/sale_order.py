# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
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

    dropship_reversal_lot_ids = fields.Many2many(
        "stock.lot",
        string="Reversed Lots",
        compute="_compute_dropship_reversal_lot_ids",
        help="Received lots or serial numbers reversed since, while the "
        "salesperson's reversal activity is open.",
    )

    dropship_tracking_refs = fields.Char(
        string="Vendor Tracking",
        compute="_compute_dropship_tracking_refs",
        help="Drop-ship: the tracking references of the vendor's shipments to "
        "the customer.",
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

    @api.depends(
        "activity_ids.activity_type_id", "order_line.dropship_reversed_lot_ids"
    )
    def _compute_dropship_reversal_lot_ids(self):
        reversal_type = self.env.ref(
            "sale_purchase_dropship_sync.mail_activity_type_reversal",
            raise_if_not_found=False,
        )
        for order in self:
            open_reversal = (
                reversal_type and reversal_type in order.activity_ids.activity_type_id
            )
            order.dropship_reversal_lot_ids = (
                order.order_line.dropship_reversed_lot_ids if open_reversal else False
            )

    def _dropship_write(self, vals):
        lock_changed = self.browse()
        if "locked" in vals:
            lock_changed = self.filtered(lambda o: o.locked != bool(vals["locked"]))
        result = super()._dropship_write(vals)
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

    def action_dropship_credit_reversed(self):
        """After a reversal: take the reversed units off the order, then
        invoice it (a credit note for what was invoiced already)."""
        self.ensure_one()
        self.env["dropship.command"]._run(
            "reversal",
            self,
            lambda: self.env["dropship.rule.lots"]._credit_reversed(self),
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_view_sale_advance_payment_inv"
        )
        action["context"] = {"active_model": "sale.order", "active_ids": self.ids}
        return action

    def action_dropship_reversal_done(self):
        """After a reversal: nothing more to do (e.g. the customer keeps
        another unit); the warning goes away."""
        self.ensure_one()
        # Settling a reversal is a decision on the order: the door checks the
        # right to change it (the activity is closed as superuser).
        self.env["dropship.command"]._run(
            "reversal",
            self,
            lambda: self.env["dropship.rule.lots"]._close_reversal(
                self, self.env._("Reversal handled.")
            ),
        )
        return True

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
