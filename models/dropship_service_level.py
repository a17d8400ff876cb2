# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models


def late_fields():
    """``dropship_late`` and its badge, on the purchase and the sales lines
    (each model computes and searches them from the late purchase lines)."""
    return (
        fields.Boolean(
            string="Late",
            compute="_compute_dropship_late",
            search="_search_dropship_late",
            help="Drop-ship: the promised or the current ship date of the vendor "
            "has passed and goods are still to ship.",
        ),
        fields.Selection(
            [("late", "Late")], string="Late Shipment", compute="_compute_dropship_late"
        ),
    )


class DropshipServiceLevel(models.AbstractModel):
    """What the customer is promised and how the vendor keeps its word:
    late shipments (a drop-ship purchase line whose promised or current
    ship date has passed with quantity still to ship)."""

    _name = "dropship.service.level"
    _description = "Drop-ship service levels"

    @api.model
    def _late_cutoff(self):
        """A ship date before this moment has passed (the start of today)."""
        return datetime.combine(fields.Date.context_today(self), time.min)

    @api.model
    def _late_domain(self):
        """The late drop-ship purchase lines: confirmed, with drop-ship moves
        still open, whose promised or current ship date has passed."""
        cutoff = self._late_cutoff()
        return [
            ("sale_line_id", "!=", False),
            ("state", "in", ("purchase", "done")),
            (
                "move_ids",
                "any",
                [
                    ("state", "not in", ("done", "cancel")),
                    ("location_id.usage", "=", "supplier"),
                    ("location_dest_id.usage", "=", "customer"),
                ],
            ),
            "|",
            ("promised_date", "<", cutoff),
            ("date_planned", "<", cutoff),
        ]

    @api.model
    def _late_purchase_lines(self, purchase_lines=None, sale_lines=None):
        """The late lines (as superuser), among ``purchase_lines`` or those
        of ``sale_lines`` if given."""
        domain = self._late_domain()
        if purchase_lines is not None:
            domain = [("id", "in", purchase_lines.ids), *domain]
        if sale_lines is not None:
            domain = [("sale_line_id", "in", sale_lines.ids), *domain]
        # sudo: a salesperson without purchase rights sees whether the
        # vendor is late on its lines.
        return self.env["purchase.order.line"].sudo().search(domain)

    @api.model
    def _set_late(self, records, late):
        """Set ``dropship_late`` and its badge on ``records`` from ``late``
        (the late ones among them)."""
        for record in records:
            record.dropship_late = record in late
            record.dropship_late_badge = "late" if record in late else False

    @api.model
    def _search_late(self, operator, value, field):
        """A domain of the records whose ``field`` of the late purchase lines
        points at them (``id`` for the purchase lines themselves)."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        ids = self._late_purchase_lines().mapped(field)
        ids = ids.ids if isinstance(ids, models.BaseModel) else ids
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", ids)]

    @api.model
    def _cron_dropship_late(self):
        """One activity per purchase order with late drop-ship lines, for
        its purchaser (updated on the next run, not repeated)."""
        late = self._late_purchase_lines()
        audit = self.env["dropship.sync.audit"]
        for purchase, lines in late.grouped("order_id").items():
            items = [
                self.env._(
                    "%(product)s for %(sale)s: promised for %(promised)s, planned "
                    "for %(planned)s, %(open)s %(uom)s still to ship.",
                    product=pol.product_id.display_name,
                    sale=pol.sale_line_id.order_id.display_name,
                    promised=audit._dropship_format(pol.promised_date or None),
                    planned=audit._dropship_format(pol.date_planned),
                    open=audit._dropship_format(
                        max(pol.product_qty - pol.qty_received, 0.0)
                    ),
                    uom=pol.product_uom.name,
                )
                for pol in lines
            ]
            note = Markup("<ul>%s</ul>") % Markup().join(
                Markup("<li>%s</li>") % item for item in items
            )
            audit._dropship_activity(
                purchase, note, summary=self.env._("Drop-ship shipment late")
            )
        return late

    # The vendor's own figures (portal)

    @api.model
    def _vendor_figures(self, vendor, months=12):
        """The scorecard of ``vendor`` (a commercial partner) over the last
        ``months`` months of promised dates, every company together: a list
        of rows (one per month, newest first) and their total, each a dict
        of the scorecard's figures."""
        first = fields.Date.context_today(self).replace(day=1) - relativedelta(
            months=months - 1
        )
        measures = [
            "lines:sum",
            "on_time_rate:avg",
            "fill_rate:avg",
            "cut_rate:avg",
            "days_late_avg:avg",
            "price_change_rate:avg",
        ]
        keys = [
            "lines",
            "on_time_rate",
            "fill_rate",
            "cut_rate",
            "days_late_avg",
            "price_change_rate",
        ]
        domain = [("vendor_id", "=", vendor.id), ("period", ">=", first)]
        # sudo: a vendor reads its own figures on the portal (the domain is
        # its own commercial partner), across the companies it serves.
        scorecard = self.env["dropship.vendor.scorecard"].sudo()
        rows = [
            {"period": period, **dict(zip(keys, values, strict=True))}
            for period, *values in scorecard._read_group(
                domain, ["period:month"], measures, order="period:month desc"
            )
        ]
        [total] = scorecard._read_group(domain, [], measures)
        return rows, dict(zip(keys, total, strict=True))

    # What the customer hears

    @api.model
    def _notify_shipped(self, pickings):
        """Send the shipment notice of the validated drop-ship ``pickings``
        to the customers of their sales orders (where the company sends it)."""
        # sudo: the notice goes out for whoever validates (a warehouse clerk,
        # the vendor on the portal or in a document), who may not read the
        # sales order; it is sent in the name of its salesperson.
        shipped = pickings.sudo().filtered(
            lambda p: (
                p.state == "done"
                and p.is_dropship
                and p.sale_id
                and p.company_id.dropship_mail_shipped
            )
        )
        if not shipped:
            return
        template = self.env.ref(
            "sale_purchase_dropship_sync.mail_template_dropship_shipped"
        )
        for picking in shipped:
            order = picking.sale_id
            author = order.user_id.partner_id or picking.company_id.partner_id
            picking.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                author_id=author.id,
            )
            order._message_log(
                body=self.env._(
                    "The customer was told of the shipment %(transfer)s.",
                    transfer=picking.name,
                )
            )

    @api.model
    def _slip_activity_type(self, order):
        """The activity of a slipped ship date on ``order``: with the delay
        notice to send in one click where the company prepares it."""
        if order.company_id.dropship_mail_delayed:
            return "sale_purchase_dropship_sync.mail_activity_type_dropship_delayed"
        return "mail.mail_activity_data_warning"
