# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models


class DropshipRuleDate(models.AbstractModel):
    """Rules 9 and 8: the vendor's ship date and the receipt date.

    The sales line shows the vendor's planned ship date (*Vendor Ship
    Date*); when the vendor moves it past what the customer was promised,
    the salesperson gets one activity per order. The receipt date of a
    drop-ship transfer (the date the customer got the goods) becomes the
    *Actual Ship Date* of its sales lines.
    """

    _name = "dropship.rule.date"
    _inherit = "dropship.rule"
    _description = "Drop-ship rule: dates"

    # Rule 9

    @api.model
    def _set_expected_date(self, pols):
        """Give the sales lines of ``pols`` the vendor's planned ship date."""
        self._write_by_value(
            {pol.sale_line_id: pol.date_planned for pol in pols},
            "dropship_expected_date",
        )

    @api.model
    def _purchase_capture(self, pols):
        return {pol.id: pol.date_planned for pol in pols}

    @api.model
    def _purchase_apply(self, pols, old_date, policy=None):
        """The vendor moved its ship date on ``pols``.

        :param policy: apply this policy instead of the company's (an
            approved supplier change is applied as "mirror")
        """
        if policy:
            changed = pols
            routes = {policy: pols}
        else:
            changed = pols.filtered(lambda pol: pol.date_planned != old_date[pol.id])
            routes = self._route(changed, "po_date")

        def proposed(pol, old=None):
            return self._change(
                pol,
                pol.sale_line_id,
                "dropship_expected_date",
                pol.sale_line_id.dropship_expected_date or old,
                pol.date_planned,
                "po_date",
                proposed_date=pol.date_planned,
            )

        self.env["dropship.sync.change"]._dropship_propose(
            [proposed(pol) for pol in routes.get("approve", ())]
        )
        mirror = routes.get("mirror", changed.browse())
        notify = routes.get("notify", changed.browse())
        changes = [proposed(pol, old_date[pol.id]) for pol in mirror]
        self._set_expected_date(mirror)
        self._audit(changes)
        self.env["dropship.sync.change"]._dropship_log_notice(
            [proposed(pol) for pol in notify]
        )
        self._warn_slipped(mirror, notify, old_date)

    @api.model
    def _warn_slipped(self, mirror, notify, old_date):
        """One activity per sales order whose vendor now ships later than
        promised (every notified change counts)."""
        slipped = {}
        for pol in mirror | notify:
            order = pol.sale_line_id.order_id
            promised = order.commitment_date or order.expected_date
            if pol in mirror and promised and pol.date_planned <= promised:
                continue
            slipped[order] = slipped.get(order, pol.browse()) | pol
        for order, lines in slipped.items():
            promised = order.commitment_date or order.expected_date
            note = Markup("<ul>%s</ul>") % Markup().join(
                Markup("<li>%s</li>")
                % self.env._(
                    "%(document)s: the vendor now ships %(product)s on %(new)s (was "
                    "%(old)s); promised to the customer for %(promised)s.",
                    document=pol.order_id.display_name,
                    product=pol.product_id.display_name,
                    new=self._fmt(pol.date_planned),
                    old=self._fmt(old_date[pol.id]),
                    promised=self._fmt(promised) if promised else "-",
                )
                for pol in lines
            )
            self._activity(
                order,
                note,
                summary=self.env._("Drop-ship date slipped"),
                activity_type=self.env["dropship.service.level"]._slip_activity_type(
                    order
                ),
            )

    @api.model
    def _is_stale(self, change, pol):
        """Whether the pending date ``change`` no longer matches ``pol``."""
        return pol.date_planned != change.proposed_date

    @api.model
    def _apply_approved(self, change):
        # sudo: the salesperson approving may have no purchase rights.
        pol = change.purchase_line_id.sudo()
        self._purchase_apply(pol, {pol.id: pol.date_planned}, "mirror")

    # Rule 8

    @api.model
    def _stamp_receipt_date(self, moves):
        """Date the drop-ship transfers of ``moves`` (being validated) that
        have no receipt date with the validation time."""
        pickings = moves.picking_id.filtered(
            lambda p: (
                p.is_dropship
                and not p.receipt_date
                and p.company_id._dropship_policy("receipt_date") == "mirror"
            )
        )
        if pickings:
            pickings.receipt_date = fields.Datetime.now()

    @api.model
    def _actual_ship_date(self, line):
        """The date the customer received the goods of ``line``: the latest
        receipt date of its done drop-ship receipts."""
        moves = line.move_ids.filtered(
            lambda m: m.state == "done" and m._is_dropshipped()
        )
        if line.company_id._dropship_policy("receipt_date") != "mirror" or not moves:
            return False
        return max(m.picking_id.receipt_date or m.date for m in moves)
