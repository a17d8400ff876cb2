# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .dropship_door import SPLIT, fact, mirroring
from .dropship_sync_change import pending_changes_field


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    _inherit = ["purchase.order", "dropship.hold.mixin", "dropship.change.mixin"]
    _dropship_change_link = "purchase_order_id"
    _dropship_hold_link = "purchase_order_id"
    _dropship_lock_field = "state"

    dropship_hold_ids = fields.One2many(
        "dropship.hold", "purchase_order_id", string="Holds", readonly=True
    )

    dropship_pending_change_ids = pending_changes_field(
        "purchase_order_id",
        "Changes of this order that wait for the approval of the "
        "salesperson of the drop-ship sales order.",
    )

    dropship_document_count = fields.Integer(
        string="Vendor Documents", compute="_compute_dropship_document_count"
    )

    dropship_cancel_asks = fields.Boolean(
        compute="_compute_dropship_cancel_asks",
        help="Cancelling this order changes a drop-ship sales order (or asks "
        "its salesperson): the Cancel button asks for a confirmation first.",
    )

    dropship_over_invoiced_sales = fields.Char(
        string="Sales Orders Invoiced above What Ships",
        compute="_compute_dropship_over_invoiced_sales",
        help="The drop-ship sales orders whose customer was invoiced for more "
        "than this order ships: they are credited on the sales order.",
    )
    dropship_invoice_issue_count = fields.Integer(
        string="Over-invoiced Lines",
        compute="_compute_dropship_over_invoiced_sales",
    )

    @api.depends("dropship_issue_count")
    def _compute_dropship_over_invoiced_sales(self):
        # sudo: the purchaser sees why the order is flagged, although the
        # queue itself is for managers.
        issues = (
            self.env["dropship.integrity.issue"]
            .sudo()
            .search(
                [
                    ("purchase_order_id", "in", self._origin.ids),
                    ("kind", "=", "invoice"),
                    ("state", "=", "open"),
                ]
            )
        )
        for order in self:
            mine = issues.filtered(lambda i, o=order: i.purchase_order_id == o._origin)
            order.dropship_invoice_issue_count = len(mine)
            order.dropship_over_invoiced_sales = (
                ", ".join(mine.sale_order_id.mapped("display_name")) or False
            )

    def _dropship_over_invoiced_sale_orders(self):
        """The sales orders of the open over-invoicing issues of this order."""
        # sudo: the issues are read as by the banner; the sales orders are
        # returned in the user's environment.
        return (
            self.env["dropship.integrity.issue"]
            .sudo()
            .search(
                [
                    ("purchase_order_id", "in", self.ids),
                    ("kind", "=", "invoice"),
                    ("state", "=", "open"),
                ]
            )
            .sale_order_id.with_env(self.env)
        )

    def action_dropship_over_invoiced_sale(self):
        """The sales order(s) to credit for invoicing above what ships."""
        self.ensure_one()
        orders = self._dropship_over_invoiced_sale_orders()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        if len(orders) == 1:
            action.update(res_id=orders.id, view_mode="form", views=[(False, "form")])
        else:
            action["domain"] = [("id", "in", orders.ids)]
        return action

    @api.depends("state", "order_line.sale_line_id")
    def _compute_dropship_cancel_asks(self):
        rule = self.env["dropship.rule.cancel"]
        for order in self:
            order.dropship_cancel_asks = bool(
                order.id
                and order.state != "cancel"
                and rule._purchase_cancel_reaches_sale(order._origin)
            )

    def _compute_dropship_document_count(self):
        counts = dict(
            self.env["dropship.vendor.document"]._read_group(
                [("purchase_ids", "in", self.ids)], ["purchase_ids"], ["__count"]
            )
        )
        for order in self:
            order.dropship_document_count = counts.get(order, 0)

    def write(self, vals):
        return self._dropship_write_first(vals, super().write)

    def _dropship_write(self, vals, write):
        old_state = {}
        if "state" in vals:
            old_state = {po.id: po.state for po in self}
        result = super()._dropship_write(vals, write)
        if old_state:
            locked = self.filtered(
                lambda po: old_state[po.id] == "purchase" and po.state == "done"
            )
            unlocked = self.filtered(
                lambda po: old_state[po.id] == "done" and po.state == "purchase"
            )
            self.env["dropship.rule.lock"]._mirror(locked | unlocked)
        return result

    def message_post_with_source(self, source_ref, *args, **kwargs):
        # Under the split per lot, ``message_post`` posts nothing (see below):
        # core's notes per line ("received quantity", "ordered quantity") are
        # not even rendered.
        if fact(self.env, SPLIT):
            return self.env["mail.message"]
        return super().message_post_with_source(source_ref, *args, **kwargs)

    def action_dropship_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale_purchase_dropship_sync.dropship_vendor_document_action"
        )
        action["domain"] = [("purchase_ids", "in", self.ids)]
        return action

    def action_dropship_document_upload(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale_purchase_dropship_sync.dropship_vendor_document_upload_action"
        )
        action["context"] = {
            "default_purchase_id": self.id,
            "default_partner_id": self.partner_id.commercial_partner_id.id,
        }
        return action

    def button_confirm(self):
        self._dropship_check_not_held(self.env._("confirm it"))
        return super().button_confirm()

    def button_approve(self, force=False):
        self._dropship_check_not_held(self.env._("confirm it"))
        result = super().button_approve(force=force)
        self.filtered(
            lambda po: po.state in ("purchase", "done")
        ).order_line._dropship_keep_promise()
        return result

    def action_rfq_send(self):
        self._dropship_check_not_held(self.env._("send it"))
        return super().action_rfq_send()

    def print_quotation(self):
        self._dropship_check_not_held(self.env._("print it"))
        return super().print_quotation()

    def button_cancel(self):
        if mirroring(self.env):
            return super().button_cancel()
        return self.env["dropship.command"]._run(
            "purchase_cancel", self, self._dropship_button_cancel
        )

    def action_dropship_cancel(self):
        """The form's Cancel button when drop-ship sales orders follow: the
        confirmation names them first (``button_cancel`` itself, for other
        callers, cancels as before)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel Purchase Order"),
            "res_model": "dropship.purchase.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"default_purchase_order_ids": [fields.Command.set(self.ids)]},
        }

    def _dropship_button_cancel(self):
        """button_cancel() of the purchase orders, run by the door (rule 2c)."""
        rule = self.env["dropship.rule.cancel"]
        routes = rule._on_purchase_cancel(self)
        result = super().button_cancel()
        rule._after_purchase_cancel(routes)
        return result

    def message_post(self, **kwargs):
        # The split per lot creates purchase lines on a confirmed order and
        # moves received quantities between lines: instead of core's note per
        # line ("extra line", "received quantity"), it posts one audit note.
        if fact(self.env, SPLIT):
            return self.env["mail.message"]
        if self.env.context.get("mark_rfq_as_sent") and len(self) == 1:
            # The purchase order sent to the vendor links to its drop-ship
            # shipments on the portal.
            kwargs["body"] = self.env["dropship.portal"]._order_mail_body(
                self, kwargs.get("body")
            )
        return super().message_post(**kwargs)

    def action_merge(self):
        """Keep drop-ship pairs distinct when RFQs are merged.

        Core fuses lines of the same product whatever sales line they serve
        (deliveries are then booked on the wrong sales line) and cancels the
        merged RFQs, which would cancel their sales lines. The drop-ship lines
        of the RFQs to merge are moved, unchanged, to the RFQ they merge into
        before core merges the rest.
        """
        bunches = self.filtered(lambda po: po.state in ("draft", "sent")).grouped(
            self._prepare_grouped_data
        )
        for rfqs in bunches.values():
            if len(rfqs) < 2:
                continue
            oldest = min(rfqs, key=lambda po: po.date_order)
            dropship_lines = (rfqs - oldest).order_line._dropship_filter()
            if dropship_lines:
                dropship_lines.order_id = oldest
        return super().action_merge()

    def _activity_cancel_on_sale(self):
        # A cancellation mirrored from the sales order (or already mirrored
        # onto it, or waiting for approval) needs no activity asking to check
        # it.
        if mirroring(self.env):
            return
        mirrored = self.filtered(
            lambda po: (
                po.company_id._dropship_policy("po_cancel") in ("mirror", "approve")
                and po.order_line._dropship_filter()
            )
        )
        return super(PurchaseOrder, self - mirrored)._activity_cancel_on_sale()

    def _is_dropship_order(self):
        """Whether this order ships from the vendor straight to the customer."""
        self.ensure_one()
        # sudo: a salesperson may read the pair without any inventory right;
        # the operation type only tells where the goods go.
        picking_type = self.sudo().picking_type_id
        return picking_type.code == "dropship" or (
            picking_type.default_location_src_id.usage == "supplier"
            and picking_type.default_location_dest_id.usage == "customer"
        )

    def _dropship_sale_orders(self):
        """The sales orders these purchase orders serve through drop-ship pairs."""
        return self.env["dropship.pair"]._sale_lines(self.order_line).order_id

    def _dropship_hold_counterparts(self):
        """The open sales orders (as superuser, see ``dropship.pair``)."""
        return self._dropship_sale_orders().filtered(lambda so: so.state != "cancel")

    def _dropship_hold_sale_lines(self):
        return self.env["dropship.pair"]._sale_lines(self.order_line)
