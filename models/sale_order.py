# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .dropship_hold_mixin import SKIP
from .dropship_sync_change import pending_changes_field


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "dropship.hold.mixin", "dropship.change.mixin"]
    _dropship_change_link = "sale_order_id"

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

    def write(self, vals):
        lock_changed = self.browse()
        if "locked" in vals and not self.env.context.get(SKIP):
            lock_changed = self.filtered(lambda o: o.locked != bool(vals["locked"]))
        result = super().write(vals)
        if lock_changed:
            lock_changed._dropship_mirror_lock()
        return result

    def action_confirm(self):
        self._dropship_check_not_held(self.env._("confirm it"))
        return super().action_confirm()

    def _action_cancel(self):
        if self.env.context.get(SKIP):
            return super()._action_cancel()
        active = self.filtered(
            lambda o: o.company_id.dropship_sync_so_cancel_policy != "off"
        )
        active.order_line._dropship_check_not_received(self.env._("cancel it"))
        mirror = active.filtered(
            lambda o: o.company_id.dropship_sync_so_cancel_policy == "mirror"
        )
        purchase_lines = mirror.order_line._dropship_purchase_lines()
        if purchase_lines:
            # Before super: core then finds no open purchase line to leave
            # its "sales order cancelled" activity on.
            purchase_lines.sudo()._dropship_set_zero()
        result = super()._action_cancel()
        # Pending supplier changes of a cancelled order no longer apply.
        self.env["dropship.sync.change"]._dropship_supersede_for(sale_orders=self)
        return result

    def _dropship_purchase_orders(self):
        """The purchase orders serving these sales orders through drop-ship pairs."""
        return self.order_line._dropship_purchase_lines().order_id

    def _dropship_hold_counterparts(self):
        # sudo: the hold is mirrored onto purchase orders that a salesperson
        # without purchase rights can neither read nor write.
        return self.sudo()._dropship_purchase_orders()

    def _dropship_hold_sale_lines(self):
        # sudo: held for a purchaser without sales rights as well.
        return self.sudo().order_line

    def _dropship_hold_mirror_enabled(self):
        return self.company_id.dropship_sync_so_hold

    def _dropship_mirror_lock(self):
        """Rule 3: lock or unlock the drop-ship purchase orders of these orders."""
        changes = []
        for order in self:
            policy = order.company_id.dropship_sync_lock_policy
            purchases = order._dropship_hold_counterparts()
            if order.locked:
                targets = purchases.filtered(lambda po: po.state == "purchase")
            else:
                targets = purchases.filtered(lambda po: po.state == "done")
            if not targets or policy == "off":
                continue
            if policy == "notify":
                self.env["dropship.sync.audit"]._dropship_activity(
                    targets,
                    self.env._(
                        "%(document)s was %(action)s: check whether its drop-ship "
                        "purchase order should be too.",
                        document=order.display_name,
                        action=self.env._("locked")
                        if order.locked
                        else self.env._("unlocked"),
                    ),
                )
                continue
            old = {po: po.state for po in targets}
            targets = targets.with_context(**{SKIP: True})
            if order.locked:
                targets.button_done()
            else:
                targets.button_unlock()
            changes += [
                {
                    "source": order,
                    "target": po,
                    "field": "state",
                    "old": old[po],
                    "new": po.state,
                }
                for po in targets
            ]
        if changes:
            self.env["dropship.sync.audit"]._dropship_audit(changes)

    def _dropship_cancel_if_empty(self, source):
        """Cancel the orders left without any quantity; ``source`` names why."""
        empty = self.filtered(
            lambda o: (
                o.state != "cancel"
                and all(
                    float_compare(
                        line.product_uom_qty,
                        0.0,
                        precision_rounding=line.product_uom.rounding or 0.01,
                    )
                    <= 0
                    for line in o.order_line
                    if not line.display_type and not line.is_downpayment
                )
            )
        )
        if not empty:
            return
        locked = empty.filtered("locked")
        if locked:
            raise UserError(
                self.env._(
                    "%(document)s is locked: unlock it before its drop-ship purchase "
                    "order can cancel it.",
                    document=locked[0].display_name,
                )
            )
        old = {so: so.state for so in empty}
        empty.with_context(**{SKIP: True})._action_cancel()
        self.env["dropship.sync.audit"]._dropship_audit(
            {
                "source": source[so],
                "target": so,
                "field": "state",
                "old": old[so],
                "new": so.state,
            }
            for so in empty
        )

    def _activity_cancel_on_purchase(self):
        # A cancellation mirrored from the purchase order needs no activity
        # telling the purchase order about it.
        if self.env.context.get(SKIP):
            return
        return super()._activity_cancel_on_purchase()
