# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.models import parse_read_group_spec
from odoo.tools import SQL

from .dropship_margin_report import DropshipMarginReport

# The rates of the scorecard, each a ratio of two sums of the view, so that
# a group of rows (a vendor over a year, every vendor of a month) gets the
# rate of its lines, not the mean of the rates of its months:
# {rate: (numerator, denominator, factor)}.
RATIOS = {
    "on_time_rate": ("on_time_lines", "lines", 100.0),
    "fill_rate": ("shipped_qty", "confirmed_qty", 100.0),
    "cut_rate": ("cut_lines", "lines", 100.0),
    "days_late_avg": ("late_days", "late_lines", 1.0),
    "price_change_rate": ("price_change_lines", "lines", 100.0),
    "cost_variance_pct": ("billed_variance", "billed_confirmed", 100.0),
}

# The rules of the change log under which the vendor lowers a quantity
# (a supplier change, a decline on the portal or in a vendor document) or
# changes a price.
VENDOR_CUT_RULES = ("po_qty", "po_cancel")
VENDOR_PRICE_RULES = ("po_price",)


def rate(string, help_text):
    return fields.Float(
        string=string, digits=(16, 2), aggregator="avg", readonly=True, help=help_text
    )


class DropshipVendorScorecard(models.Model):
    """How each vendor keeps its word, per company and month of the promised
    ship date, over the drop-ship purchase lines promised in that month.

    A line is measured against its promise (``promised_date``,
    ``confirmed_qty``, ``confirmed_price`` of the purchase line); the lines
    split off per lot count once, with the line they come from; returns do
    not undo a shipment; a cancelled line counts as declined."""

    _name = "dropship.vendor.scorecard"
    _description = "Drop-ship Vendor Scorecard"
    _auto = False
    _order = "period desc, vendor_id"
    _rec_name = "vendor_id"
    # What the view reads: flushed before the scorecard is searched.
    _depends = {
        "purchase.order.line": [
            "order_id",
            "company_id",
            "product_id",
            "product_uom",
            "product_qty",
            "state",
            "price_unit",
            "promised_date",
            "confirmed_qty",
            "confirmed_price",
            "dropship_split_origin_id",
            "dropship_shipped_qty",
            "dropship_ship_date",
        ],
        "purchase.order": ["partner_id"],
        "account.move": ["state", "move_type"],
        "account.move.line": [
            "purchase_line_id",
            "quantity",
            "product_uom_id",
            "price_subtotal",
            "display_type",
            "parent_state",
        ],
        "dropship.sync.change": ["purchase_line_id", "rule", "source_side"],
    }

    vendor_id = fields.Many2one("res.partner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    period = fields.Date(
        readonly=True, help="The first day of the month of the promised ship dates."
    )
    lines = fields.Integer(
        readonly=True, help="Drop-ship purchase lines promised in the month."
    )
    on_time_rate = rate(
        "On Time (%)",
        "Lines whose final quantity was fully shipped on or before the promised "
        "date (the customer's receipt date of the transfer, else its "
        "validation date).",
    )
    fill_rate = rate(
        "Fill Rate (%)",
        "Quantity shipped over the quantity confirmed (returns not deducted).",
    )
    cut_rate = rate(
        "Cut (%)",
        "Lines whose final quantity is below the confirmed one by the vendor's "
        "doing (supplier change, decline, vendor document); cancelled lines "
        "count as declined.",
    )
    days_late_avg = rate(
        "Days Late",
        "Mean number of days between the promised date and the last ship date, "
        "over the lines shipped late.",
    )
    price_change_rate = rate(
        "Price Changed (%)",
        "Lines whose price the vendor changed after the confirmation.",
    )
    cost_variance_pct = rate(
        "Cost Variance (%)",
        "Posted vendor bills against the confirmed price: (billed amount - "
        "confirmed price x billed quantity) / (confirmed price x billed "
        "quantity).",
    )
    # The sums the rates are made of.
    on_time_lines = fields.Integer(readonly=True)
    cut_lines = fields.Integer(readonly=True)
    late_lines = fields.Integer(readonly=True)
    late_days = fields.Integer(readonly=True)
    price_change_lines = fields.Integer(readonly=True)
    confirmed_qty = fields.Float(string="Confirmed Quantity", readonly=True)
    shipped_qty = fields.Float(string="Shipped Quantity", readonly=True)
    billed_confirmed = fields.Float(string="Billed at Confirmed Price", readonly=True)
    billed_variance = fields.Float(string="Billed above Confirmed Price", readonly=True)

    def _read_group_select(self, aggregate_spec, query):
        fname, __, func = parse_read_group_spec(aggregate_spec)
        if fname not in RATIOS or func in (None, "recordset"):
            return super()._read_group_select(aggregate_spec, query)
        numerator, denominator, factor = RATIOS[fname]
        return SQL(
            "COALESCE(SUM(%s) * %s / NULLIF(SUM(%s), 0), 0)",
            self._field_to_sql(self._table, numerator, query),
            factor,
            self._field_to_sql(self._table, denominator, query),
        )

    def _query(self):
        """One row per vendor, company and month of the promised dates, from
        the measured lines: promised, not split off (the lines split off per
        lot count with the line they come from)."""
        return SQL(
            "WITH %s\n%s",
            SQL(",\n").join(
                SQL("%s AS (%s)", SQL.identifier(name), query)
                for name, query in (
                    ("split", self._split_query()),
                    ("promised", self._promised_query()),
                    ("billed", self._billed_query()),
                    ("vendor_change", self._vendor_change_query()),
                    ("measured", self._measured_query()),
                )
            ),
            self._rows_query(),
        )

    @api.model
    def _to_product_joins(self):
        """The joins giving ``to_product``, the factor from the unit of the
        purchase line ``pol`` to its product's."""
        return SQL(
            """
      JOIN uom_uom lu ON lu.id = pol.product_uom
      JOIN product_product pp ON pp.id = pol.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
      JOIN uom_uom pu ON pu.id = pt.uom_id
CROSS JOIN LATERAL (SELECT pu.factor / lu.factor AS to_product) unit"""
        )

    @api.model
    def _split_query(self):
        """Per measured line, its lines split off per lot (few): what they
        order (a cancelled one nothing) and what they shipped, when last,
        in the unit of the product, and whether the vendor cut them or
        changed their price."""
        return SQL(
            """
    SELECT pol.dropship_split_origin_id AS origin_id,
           SUM(CASE WHEN pol.state = 'cancel' THEN 0
                    ELSE pol.product_qty * unit.to_product END) AS qty,
           BOOL_OR(pol.state = 'cancel') AS cancelled,
           SUM(pol.dropship_shipped_qty) AS shipped_qty,
           MAX(pol.dropship_ship_date) AS last_date,
           BOOL_OR(%(cut)s) AS cut,
           BOOL_OR(%(price)s) AS price
      FROM purchase_order_line pol %(joins)s
     WHERE pol.dropship_split_origin_id IS NOT NULL
     GROUP BY pol.dropship_split_origin_id""",
            joins=self._to_product_joins(),
            cut=self._vendor_changed(VENDOR_CUT_RULES),
            price=self._vendor_changed(VENDOR_PRICE_RULES),
        )

    @api.model
    def _vendor_changed(self, rules):
        """Whether the vendor changed the purchase line ``pol`` under one
        of ``rules`` (the change log)."""
        return SQL(
            "EXISTS (SELECT FROM dropship_sync_change c "
            "WHERE c.purchase_line_id = pol.id AND c.source_side = 'purchase' "
            "AND c.rule IN %s)",
            rules,
        )

    @api.model
    def _promised_query(self):
        """The measured lines with their vendor, their final quantity (with
        the lines split off them), what shipped of both and when last, in
        the unit of the product. The receipts are stored on the lines
        (``dropship_shipped_qty``, ``dropship_ship_date``)."""
        return SQL(
            """
    SELECT pol.id, pol.company_id, pol.promised_date, pol.confirmed_price,
           rp.commercial_partner_id AS vendor_id,
           pol.confirmed_qty * pu.factor / lu.factor AS confirmed_qty,
           CASE WHEN pol.state = 'cancel' THEN 0
                ELSE pol.product_qty * unit.to_product END
               + COALESCE(sl.qty, 0) AS final_qty,
           pol.state = 'cancel' OR COALESCE(sl.cancelled, FALSE) AS cancelled,
           COALESCE(sl.cut, FALSE) AS split_cut,
           COALESCE(sl.price, FALSE) AS split_price,
           COALESCE(pol.dropship_shipped_qty, 0) + COALESCE(sl.shipped_qty, 0)
               AS shipped_qty,
           GREATEST(pol.dropship_ship_date, sl.last_date) AS last_date
      FROM purchase_order_line pol
      JOIN purchase_order po ON po.id = pol.order_id
      JOIN res_partner rp ON rp.id = po.partner_id %s
      LEFT JOIN split sl ON sl.origin_id = pol.id
     WHERE pol.promised_date IS NOT NULL
       AND pol.dropship_split_origin_id IS NULL""",
            self._to_product_joins(),
        )

    @api.model
    def _billed_query(self):
        """Per measured line, its posted vendor bills (credit notes
        deducted), the quantity in the unit of the purchase line."""
        return SQL(
            """
    SELECT COALESCE(pol.dropship_split_origin_id, pol.id) AS origin_id,
           SUM(aml.price_subtotal * sgn.value) AS amount,
           SUM(aml.quantity / COALESCE(au.factor, lu.factor) * lu.factor
               * sgn.value) AS qty
      FROM account_move_line aml
      JOIN account_move am ON am.id = aml.move_id
      JOIN purchase_order_line pol ON pol.id = aml.purchase_line_id
      JOIN uom_uom lu ON lu.id = pol.product_uom
      LEFT JOIN uom_uom au ON au.id = aml.product_uom_id
      CROSS JOIN LATERAL (
          SELECT CASE WHEN am.move_type = 'in_refund' THEN -1 ELSE 1 END AS value
      ) sgn
     WHERE am.state = 'posted' AND aml.display_type = 'product'
       AND am.move_type IN ('in_invoice', 'in_refund')
     GROUP BY COALESCE(pol.dropship_split_origin_id, pol.id)"""
        )

    @api.model
    def _vendor_change_query(self):
        """Per purchase line, whether the vendor cut its quantity or changed
        its price (the change log; those of the lines split off a measured
        line are in ``split``)."""
        return SQL(
            """
    SELECT c.purchase_line_id AS line_id,
           BOOL_OR(c.rule IN %(cut_rules)s) AS cut,
           BOOL_OR(c.rule IN %(price_rules)s) AS price
      FROM dropship_sync_change c
     WHERE c.source_side = 'purchase'
       AND c.rule IN %(all_rules)s
       AND c.purchase_line_id IS NOT NULL
     GROUP BY c.purchase_line_id""",
            cut_rules=VENDOR_CUT_RULES,
            price_rules=VENDOR_PRICE_RULES,
            all_rules=VENDOR_CUT_RULES + VENDOR_PRICE_RULES,
        )

    @api.model
    def _measured_query(self):
        """Per measured line, what the rates count."""
        return SQL(
            """
    SELECT p.id, p.vendor_id, p.company_id,
           date_trunc('month', p.promised_date)::date AS period,
           p.confirmed_qty, p.shipped_qty,
           p.final_qty > 0
               AND p.shipped_qty >= p.final_qty - 0.000001
               AND p.last_date::date <= p.promised_date::date AS on_time,
           p.shipped_qty > 0
               AND p.last_date::date > p.promised_date::date AS late,
           CASE WHEN p.shipped_qty > 0
                THEN p.last_date::date - p.promised_date::date END AS days,
           p.final_qty < p.confirmed_qty - 0.000001
               AND (p.cancelled OR p.split_cut OR COALESCE(vc.cut, FALSE)) AS cut,
           p.split_price OR COALESCE(vc.price, FALSE) AS price_changed,
           COALESCE(b.amount, 0) AS billed_amount,
           p.confirmed_price * COALESCE(b.qty, 0) AS billed_confirmed
      FROM promised p
      LEFT JOIN billed b ON b.origin_id = p.id
      LEFT JOIN vendor_change vc ON vc.line_id = p.id"""
        )

    @api.model
    def _rows_query(self):
        """The rows of the view: the sums of the measured lines and their
        rates."""
        return SQL(
            """
SELECT MIN(id) AS id, vendor_id, company_id, period,
       COUNT(*) AS lines,
       COUNT(*) FILTER (WHERE on_time) AS on_time_lines,
       COUNT(*) FILTER (WHERE cut) AS cut_lines,
       COUNT(*) FILTER (WHERE late) AS late_lines,
       COALESCE(SUM(days) FILTER (WHERE late), 0) AS late_days,
       COUNT(*) FILTER (WHERE price_changed) AS price_change_lines,
       SUM(confirmed_qty) AS confirmed_qty,
       SUM(shipped_qty) AS shipped_qty,
       SUM(billed_confirmed) AS billed_confirmed,
       SUM(billed_amount) - SUM(billed_confirmed) AS billed_variance,
       COUNT(*) FILTER (WHERE on_time) * 100.0 / COUNT(*) AS on_time_rate,
       COALESCE(SUM(shipped_qty) * 100.0 / NULLIF(SUM(confirmed_qty), 0), 0)
           AS fill_rate,
       COUNT(*) FILTER (WHERE cut) * 100.0 / COUNT(*) AS cut_rate,
       COALESCE(AVG(days) FILTER (WHERE late), 0) AS days_late_avg,
       COUNT(*) FILTER (WHERE price_changed) * 100.0 / COUNT(*)
           AS price_change_rate,
       COALESCE((SUM(billed_amount) - SUM(billed_confirmed)) * 100.0
                / NULLIF(SUM(billed_confirmed), 0), 0) AS cost_variance_pct
  FROM measured
 GROUP BY vendor_id, company_id, period"""
        )

    # The view is created as the margin report's is (from ``_query``).
    init = DropshipMarginReport.init
