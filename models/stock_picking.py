# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .dropship_door import VALIDATING, scope


class StockPicking(models.Model):
    _inherit = "stock.picking"

    receipt_date = fields.Datetime(
        copy=False,
        help="Drop-ship: the date the customer received the goods. Leave it empty "
        "to use the validation time. It becomes the actual ship date of the sales "
        "lines.",
    )

    # The field of stock_delivery (carrier tracking): declared here too, so
    # that drop-ship transfers have it without the shipping modules and both
    # modules share one column when stock_delivery is installed.
    carrier_tracking_ref = fields.Char(
        string="Tracking Reference",
        copy=False,
        help="Drop-ship: the tracking reference of the vendor's shipment to the "
        "customer. It is shown on the sales order and posted to its chatter "
        "when the transfer is validated.",
    )

    dropship_tracking_url = fields.Char(
        string="Tracking Link",
        compute="_compute_dropship_tracking_url",
        help="Drop-ship: the carrier's page of the tracking reference, when the "
        "shipping modules know the carrier.",
    )

    on_hold = fields.Boolean(
        compute="_compute_dropship_hold",
        search="_search_on_hold",
        help="Its purchase order, or a sales order it serves, is on hold: the "
        "transfer cannot be validated until the hold is released. A done or "
        "cancelled transfer is never on hold.",
    )
    dropship_hold_reasons = fields.Char(
        string="Held By", compute="_compute_dropship_hold"
    )

    @api.depends("state", "purchase_id.on_hold", "sale_id.on_hold")
    def _compute_dropship_hold(self):
        # sudo: the warehouse clerk sees why the transfer is held without any
        # sales or purchase right; only names and reasons are read.
        for picking in self.sudo():
            # A hold stops what is still to ship: a done (or cancelled)
            # transfer is shipped whatever its orders say now.
            closed = picking.state in ("done", "cancel")
            orders = [
                o
                for o in (picking.purchase_id, picking.sale_id)
                if o.on_hold and not closed
            ]
            holds = self.env["dropship.hold"].sudo()
            for order in orders:
                open_holds = order.dropship_hold_ids.filtered(
                    lambda h: h.state == "open"
                )
                # A mirrored hold is the hold that set it, named once.
                holds |= open_holds.origin_hold_id | open_holds.filtered(
                    lambda h: not h.origin_hold_id
                )
            picking.on_hold = bool(orders)
            picking.dropship_hold_reasons = "; ".join(
                f"{hold._label()} ({hold.set_on})" for hold in holds
            )

    @api.depends("carrier_tracking_ref")
    def _compute_dropship_tracking_url(self):
        # The carrier link of stock_delivery, when it is installed.
        has_url = "carrier_tracking_url" in self._fields
        for picking in self:
            picking.dropship_tracking_url = (
                picking.carrier_tracking_url if has_url else False
            )

    def _search_on_hold(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        domain = [
            "&",
            ("state", "not in", ("done", "cancel")),
            "|",
            ("purchase_id.on_hold", "=", True),
            ("sale_id.on_hold", "=", True),
        ]
        return domain if (operator == "=") == bool(value) else ["!", *domain]

    def write(self, vals):
        old_refs = {}
        if "carrier_tracking_ref" in vals:
            old_refs = {
                picking.id: picking.carrier_tracking_ref
                for picking in self
                if picking.state == "done"
            }
        result = super().write(vals)
        if old_refs:
            self.filtered(lambda p: p.id in old_refs)._dropship_post_tracking(old_refs)
        if "receipt_date" in vals:
            # sudo: the purchase lines keep when their goods reached the
            # customer, whoever dates the transfer.
            done = self.sudo().filtered(lambda p: p.state == "done")
            self.env["dropship.rule.receipt"]._store_shipped(
                done.move_ids.purchase_line_id
            )
        return result

    def _dropship_post_tracking(self, old_refs=None):
        """Tell the drop-ship sales orders the vendor's tracking reference."""
        # sudo: a stock user validating the transfer may have no sales or
        # purchase rights; the orders are only named and noted.
        self.env["dropship.rule.receipt"]._post_tracking(self.sudo(), old_refs)

    def button_validate(self):
        # sudo: a stock user validating the receipt may have no purchase
        # rights; the pairs of the drop-ship transfers are locked.
        dropship = self.sudo().filtered("is_dropship")
        return self.env["dropship.command"]._run(
            "ship",
            self,
            self._dropship_button_validate,
            lock=[dropship.move_ids.purchase_line_id],
        )

    def _dropship_check_returnable(self):
        """A drop-ship return takes back at most what its transfer delivered
        and was not returned yet: core would validate it and only then find
        a serial number twice, or leave the sales line delivered below zero."""
        # sudo: the drop-ship moves are read for a stock user.
        moves = self.sudo().move_ids.filtered(
            lambda m: (
                m.state not in ("done", "cancel")
                and m.origin_returned_move_id
                and m.origin_returned_move_id._is_dropshipped()
            )
        )
        for origin, returns in moves.grouped("origin_returned_move_id").items():
            uom = origin.product_id.uom_id
            delivered = origin.product_uom._compute_quantity(origin.quantity, uom)
            returned = sum(
                move.product_uom._compute_quantity(move.quantity, uom)
                for move in origin.returned_move_ids
                if move.state == "done" or move in returns
            )
            if float_compare(returned, delivered, precision_rounding=uom.rounding) > 0:
                fmt = self.env["dropship.sync.audit"]._dropship_format
                raise UserError(
                    self.env._(
                        "%(transfer)s delivered %(delivered)s %(uom)s of %(product)s "
                        "to the customer and %(done)s were returned already: a "
                        "return cannot take back more than the customer received.",
                        transfer=origin.picking_id.display_name,
                        delivered=fmt(delivered),
                        uom=uom.name,
                        product=origin.product_id.display_name,
                        done=fmt(
                            sum(
                                m.product_uom._compute_quantity(m.quantity, uom)
                                for m in origin.returned_move_ids
                                if m.state == "done"
                            )
                        ),
                    )
                )

    def _dropship_button_validate(self):
        """button_validate(), run by the door: a held pair is not shipped,
        a reversal is confirmed first (rule 7)."""
        # sudo: the hold of the purchase order is read for a stock user.
        held = self.sudo().filtered("is_dropship").purchase_id.filtered("on_hold")
        held._dropship_check_not_held(self.env._("validate its drop-ship transfer"))
        self._dropship_check_returnable()
        warning = self.env["dropship.reversal.warning"]._dropship_for_pickings(self)
        if warning:
            return warning
        done = self.filtered(lambda p: p.state == "done")
        with scope(self.env, **{VALIDATING: True}):
            result = super().button_validate()
        # The customer hears that the vendor shipped.
        self.env["dropship.service.level"]._notify_shipped(self - done)
        return result
