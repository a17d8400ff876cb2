# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL


def unit_price(string, help_text):
    """A unit price of the report: per unit of the sales line, in the
    company currency, averaged when rows are grouped."""
    return fields.Float(
        string=string,
        digits="Product Price",
        aggregator="avg",
        readonly=True,
        help=help_text,
    )


class DropshipMarginReport(models.Model):
    """The margin of each drop-ship pair (a sales line and its purchase
    lines): what it sells for, what the vendor asked on the purchase order,
    what the receipts and the vendor bills cost, and the margin the sales
    line carries. Amounts are in the company currency (the orders' own
    rates), unit prices per unit of the sales line."""

    _name = "dropship.margin.report"
    _description = "Drop-ship Margin"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "sale_line_id"
    # What the view reads: flushed before the report is searched.
    _depends = {
        "sale.order.line": [
            "order_id",
            "company_id",
            "product_id",
            "product_uom",
            "product_uom_qty",
            "price_subtotal",
            "purchase_price",
            "margin",
            "margin_percent",
        ],
        "sale.order": ["partner_id", "user_id", "date_order", "state", "currency_rate"],
        "purchase.order.line": [
            "sale_line_id",
            "order_id",
            "product_id",
            "product_uom",
            "product_qty",
            "price_unit",
            "state",
        ],
        "purchase.order": ["partner_id", "currency_rate", "picking_type_id"],
        "stock.move": [
            "sale_line_id",
            "state",
            "quantity",
            "product_uom",
            "receipt_unit_cost",
            "location_id",
            "location_dest_id",
        ],
        "account.move.line": [
            "purchase_line_id",
            "quantity",
            "product_uom_id",
            "balance",
            "display_type",
            "parent_state",
        ],
    }

    sale_line_id = fields.Many2one(
        "sale.order.line", string="Sales Order Line", readonly=True
    )
    order_id = fields.Many2one("sale.order", string="Sales Order", readonly=True)
    purchase_order_id = fields.Many2one(
        "purchase.order",
        readonly=True,
        help="The newest purchase order of the pair.",
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    vendor_id = fields.Many2one("res.partner", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    date = fields.Datetime(string="Order Date", readonly=True)
    product_uom_qty = fields.Float(string="Quantity", readonly=True)
    qty_received = fields.Float(string="Received", readonly=True)
    qty_billed = fields.Float(string="Billed", readonly=True)
    sale_price = unit_price(
        "Sale Price", "Unit sale price, discount deducted, before taxes."
    )
    purchase_price = unit_price(
        "PO Price", "Unit price of the purchase order lines, weighted by quantity."
    )
    receipt_cost = unit_price(
        "Receipt Cost", "Unit cost of the done drop-ship receipts (returns deducted)."
    )
    billed_cost = unit_price(
        "Billed Cost",
        "Unit price of the posted vendor bills (credit notes deducted).",
    )
    cost = unit_price(
        "Line Cost",
        "The unit cost that the sales line carries (its Cost column), the one "
        "its margin is computed on: it can differ from the PO price (a "
        "receipt or bill cost, a rejected supplier change, a standard cost).",
    )
    sale_amount = fields.Monetary(string="Sales", readonly=True)
    cost_amount = fields.Monetary(string="Total Cost", readonly=True)
    margin = fields.Monetary(readonly=True)
    margin_percent = fields.Float(string="Margin (%)", aggregator="avg", readonly=True)

    def _query(self):
        rate = SQL("COALESCE(NULLIF(so.currency_rate, 0), 1.0)")
        return SQL(
            """
WITH pair AS (%(pair)s), receipt AS (%(receipt)s), bill AS (%(bill)s)
SELECT sol.id AS id,
       sol.id AS sale_line_id,
       sol.order_id AS order_id,
       po.id AS purchase_order_id,
       so.partner_id AS partner_id,
       po.partner_id AS vendor_id,
       so.user_id AS user_id,
       sol.company_id AS company_id,
       sol.product_id AS product_id,
       so.date_order AS date,
       sol.product_uom_qty AS product_uom_qty,
       COALESCE(receipt.qty, 0) * su.factor AS qty_received,
       COALESCE(bill.qty, 0) * su.factor AS qty_billed,
       sol.price_subtotal / NULLIF(sol.product_uom_qty, 0) / %(rate)s
           AS sale_price,
       pair.value / NULLIF(pair.qty * su.factor, 0) AS purchase_price,
       receipt.value / NULLIF(receipt.qty * su.factor, 0) AS receipt_cost,
       bill.value / NULLIF(bill.qty * su.factor, 0) AS billed_cost,
       sol.purchase_price / %(rate)s AS cost,
       sol.price_subtotal / %(rate)s AS sale_amount,
       (sol.price_subtotal - COALESCE(sol.margin, 0)) / %(rate)s AS cost_amount,
       COALESCE(sol.margin, 0) / %(rate)s AS margin,
       COALESCE(sol.margin_percent, 0) AS margin_percent
  FROM sale_order_line sol
  JOIN sale_order so ON so.id = sol.order_id
  JOIN uom_uom su ON su.id = sol.product_uom
  JOIN pair ON pair.sale_line_id = sol.id
  JOIN purchase_order_line npol ON npol.id = pair.purchase_line_id
  JOIN purchase_order po ON po.id = npol.order_id
  LEFT JOIN receipt ON receipt.sale_line_id = sol.id
  LEFT JOIN bill ON bill.sale_line_id = sol.id
 WHERE so.state = 'sale'
   AND po.company_id = sol.company_id
""",
            pair=self._query_pair(),
            receipt=self._query_receipt(),
            bill=self._query_bill(),
            rate=rate,
        )

    def _query_pair(self):
        """Per sales line: its newest drop-ship purchase line, the ordered
        quantity (reference unit) and value (company currency)."""
        return SQL(
            """
    SELECT pol.sale_line_id,
           MAX(pol.id) AS purchase_line_id,
           SUM(pol.product_qty / pu.factor) AS qty,
           SUM(pol.price_unit * pol.product_qty
               / COALESCE(NULLIF(po.currency_rate, 0), 1.0)) AS value
      FROM purchase_order_line pol
      JOIN purchase_order po ON po.id = pol.order_id
      JOIN uom_uom pu ON pu.id = pol.product_uom
      JOIN product_product pp ON pp.id = pol.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
      JOIN stock_picking_type spt ON spt.id = po.picking_type_id
      LEFT JOIN stock_location ts ON ts.id = spt.default_location_src_id
      LEFT JOIN stock_location td ON td.id = spt.default_location_dest_id
     WHERE pol.sale_line_id IS NOT NULL
       AND pol.state != 'cancel'
       AND pt.type = 'consu'
       AND (spt.code = 'dropship'
            OR (ts.usage = 'supplier' AND td.usage = 'customer'))
     GROUP BY pol.sale_line_id
"""
        )

    def _query_receipt(self):
        """Per sales line: the quantity and value received net of returns."""
        return SQL(
            """
    SELECT sm.sale_line_id,
           SUM(CASE WHEN src.usage = 'supplier' THEN 1 ELSE -1 END
               * sm.quantity / mu.factor) AS qty,
           SUM(CASE WHEN src.usage = 'supplier' THEN 1 ELSE -1 END
               * sm.quantity * sm.receipt_unit_cost) AS value
      FROM stock_move sm
      JOIN stock_location src ON src.id = sm.location_id
      JOIN stock_location dst ON dst.id = sm.location_dest_id
      JOIN uom_uom mu ON mu.id = sm.product_uom
     WHERE sm.state = 'done'
       AND sm.sale_line_id IS NOT NULL
       AND ((src.usage = 'supplier' AND dst.usage = 'customer')
            OR (src.usage = 'customer' AND dst.usage = 'supplier'))
     GROUP BY sm.sale_line_id
"""
        )

    def _query_bill(self):
        """Per sales line: the quantity and value of posted vendor bills."""
        return SQL(
            """
    SELECT pol.sale_line_id,
           SUM(CASE WHEN am.move_type = 'in_invoice' THEN 1 ELSE -1 END
               * aml.quantity / au.factor) AS qty,
           SUM(aml.balance) AS value
      FROM account_move_line aml
      JOIN account_move am ON am.id = aml.move_id
      JOIN purchase_order_line pol ON pol.id = aml.purchase_line_id
      JOIN uom_uom au ON au.id = aml.product_uom_id
     WHERE am.state = 'posted'
       AND am.move_type IN ('in_invoice', 'in_refund')
       AND aml.display_type = 'product'
       AND pol.sale_line_id IS NOT NULL
     GROUP BY pol.sale_line_id
"""
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
