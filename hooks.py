# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Install on a live database: existing drop-ship data is brought to what the
rules would have recorded, in set-based batches, and uninstall leaves Odoo's
own drop-ship flow as it was."""

from odoo import fields
from odoo.tools import SQL, split_every
from odoo.tools.sql import column_exists, create_column, table_exists

from .models.dropship_integrity_issue import SCAN_CURSOR_PARAM
from .models.dropship_rule_quantity import INSTALL_DATE_PARAM

MODULE = "sale_purchase_dropship_sync"

# Records read and written per batch by the install.
INSTALL_BATCH = 1000

# The stored computed columns of the module. Created empty before the module
# loads, so that Odoo does not compute them record by record for every sales
# line, move and order of the database: the post-init hook fills them for
# the drop-ship records only (the others keep the empty value the computes
# would give them).
PRECREATED_COLUMNS = [
    ("sale_order_line", "dropship_state", "varchar"),
    ("sale_order_line", "actual_ship_date", "timestamp"),
    ("stock_move", "receipt_unit_cost", "numeric"),
    ("sale_order", "on_hold", "boolean"),
    ("purchase_order", "on_hold", "boolean"),
]
PRECREATED_RELATIONS = [
    "sale_order_line_dropship_lot_rel",
    "sale_order_line_dropship_reversed_lot_rel",
]

# The system parameters of the module.
UNINSTALL_PARAMS = [INSTALL_DATE_PARAM, SCAN_CURSOR_PARAM]

# The sales line fields that a drop-ship receipt sets (stored computes).
LINE_FIELDS = [
    "dropship_state",
    "actual_ship_date",
    "lot_ids",
    "dropship_reversed_lot_ids",
]


def pre_init_hook(env):
    cr = env.cr
    for table, column, column_type in PRECREATED_COLUMNS:
        if not column_exists(cr, table, column):
            create_column(cr, table, column, column_type)
    for relation in PRECREATED_RELATIONS:
        if table_exists(cr, relation):
            continue
        # The relation as the ORM creates it (its foreign keys are added by
        # the ORM when the module loads).
        cr.execute(
            SQL(
                "CREATE TABLE %(rel)s (sale_line_id INTEGER NOT NULL, "
                "lot_id INTEGER NOT NULL, PRIMARY KEY(sale_line_id, lot_id)); "
                "CREATE INDEX ON %(rel)s (lot_id, sale_line_id)",
                rel=SQL.identifier(relation),
            )
        )


def post_init_hook(env):
    """Bring the existing drop-ship data to what the rules record.

    In this order, each in batches: the receipt cost of done drop-ship moves
    (from their valuation), the open moves' default receipt cost, the sales
    lines' drop-ship status, actual ship date and lots (rule 6, no split),
    then their cost by rule 5 (which reads the receipt costs). Then, one
    query each, the vendor's promise and what the purchase lines shipped
    (the vendor scorecard).
    """
    env["ir.config_parameter"].sudo().set_param(
        INSTALL_DATE_PARAM, fields.Datetime.to_string(env.cr.now())
    )
    sync_receipt_costs(env)
    sync_sale_lines(env)
    fill_promises(env)
    fill_shipped(env)
    env.flush_all()


def _dropship_move_ids(env):
    """Ids of the moves of drop-ship purchase lines and of their returns."""
    env.cr.execute(
        """
        SELECT m.id FROM stock_move m
          JOIN stock_location src ON src.id = m.location_id
          JOIN stock_location dst ON dst.id = m.location_dest_id
         WHERE m.state != 'cancel'
           AND (m.purchase_line_id IS NOT NULL
                OR m.origin_returned_move_id IS NOT NULL)
           AND ((src.usage = 'supplier' AND dst.usage = 'customer')
                OR (src.usage = 'customer' AND dst.usage = 'supplier')
                OR src.usage = 'transit' OR dst.usage = 'transit')
         ORDER BY m.id
        """
    )
    return [row[0] for row in env.cr.fetchall()]


def _layer_costs(env, move_ids):
    """{move id: unit cost per unit of the product's UoM} from the incoming
    valuation layers of the moves."""
    env.cr.execute(
        """
        SELECT stock_move_id, SUM(value), SUM(quantity)
          FROM stock_valuation_layer
         WHERE stock_move_id = ANY(%s) AND quantity > 0
         GROUP BY stock_move_id
        """,
        [list(move_ids)],
    )
    return {move_id: value / qty for move_id, value, qty in env.cr.fetchall() if qty}


def _receipt_cost(move, layer_cost):
    """The receipt cost the module would have recorded on ``move`` (a
    drop-ship receipt): its valuation (not for standard costing, which
    values at the standard price), else its purchase price."""
    product = move.product_id.with_company(move.company_id)
    if layer_cost is not None and product.categ_id.property_cost_method != "standard":
        return product.uom_id._compute_price(layer_cost, move.product_uom)
    cost = move._dropship_default_receipt_cost()
    if not cost and move.purchase_line_id:
        # A move without a price of its own: the purchase line's price.
        cost = product.uom_id._compute_price(
            move.purchase_line_id._get_stock_move_price_unit(), move.product_uom
        )
    return cost


def _write_column(env, table, column, values):
    """Write ``values`` ({id: value}) in one query."""
    if not values:
        return
    env.cr.execute(
        SQL(
            "UPDATE %(table)s t SET %(column)s = v.value "
            "FROM (SELECT UNNEST(%(ids)s) AS id, UNNEST(%(values)s) AS value) v "
            "WHERE t.id = v.id",
            table=SQL.identifier(table),
            column=SQL.identifier(column),
            ids=list(values),
            values=list(values.values()),
        )
    )


def sync_receipt_costs(env):
    """The receipt cost of the drop-ship moves: done receipts from their
    valuation, open ones their purchase price, returns the cost of the
    receipt they return (receipts first)."""
    Move = env["stock.move"].sudo()
    ids = _dropship_move_ids(env)
    returns = []
    for batch_ids in split_every(INSTALL_BATCH, ids):
        moves = Move.browse(batch_ids)
        moves.fetch(["state", "origin_returned_move_id", "location_id"])
        layers = _layer_costs(env, moves.filtered(lambda m: m.state == "done").ids)
        values = {}
        for move in moves:
            if move.origin_returned_move_id:
                returns.append(move.id)
            elif not move._is_dropshipped():
                continue
            elif move.state == "done":
                values[move.id] = _receipt_cost(move, layers.get(move.id))
            else:
                values[move.id] = move._dropship_default_receipt_cost()
        _write_column(env, "stock_move", "receipt_unit_cost", values)
        env.invalidate_all()
    # A return costs what the receipt it returns cost (returns of returns
    # follow in as many passes as they are deep).
    for _depth in range(5):
        env.cr.execute(
            """
            UPDATE stock_move r SET receipt_unit_cost = o.receipt_unit_cost
              FROM stock_move o
             WHERE r.origin_returned_move_id = o.id AND r.id = ANY(%s)
               AND r.receipt_unit_cost IS DISTINCT FROM o.receipt_unit_cost
            """,
            [returns],
        )
        if not env.cr.rowcount:
            break
    env.invalidate_all()


def _dropship_line_ids(env):
    """Ids of the sales lines that a purchase line points at (the drop-ship
    pairs are among them)."""
    env.cr.execute(
        "SELECT DISTINCT sale_line_id FROM purchase_order_line "
        "WHERE sale_line_id IS NOT NULL ORDER BY sale_line_id"
    )
    return [row[0] for row in env.cr.fetchall()]


def sync_sale_lines(env):
    """The drop-ship status, actual ship date, lots and cost of the paired
    sales lines, through the rules' own computations (no split per lot)."""
    Line = env["sale.order.line"].sudo()
    pair = env["dropship.pair"]
    price_rule = env["dropship.rule.price_cost"]
    for batch_ids in split_every(INSTALL_BATCH, _dropship_line_ids(env)):
        lines = pair._purchase_lines(
            Line.browse(batch_ids), include_cancelled=True
        ).sale_line_id
        for fname in LINE_FIELDS:
            env.add_to_compute(lines._fields[fname], lines)
        lines.flush_recordset(LINE_FIELDS)
        price_rule._prefetch(lines)
        lines.filtered(price_rule._applies)._dropship_recompute_cost()
        env.flush_all()
        env.invalidate_all()


def fill_promises(env):
    """The vendor's promise (ship date, quantity, price) of the drop-ship
    lines of confirmed purchase orders that have none: what the line had
    before the vendor's first change after the confirmation, as the change
    log recorded it (the ship date, the quantity), else what it has
    today."""
    env.flush_all()
    cr = env.cr
    cr.execute(
        """
        UPDATE purchase_order_line pol
           SET promised_date = pol.date_planned,
               confirmed_qty = pol.product_qty,
               confirmed_price = pol.price_unit
          FROM purchase_order po
          JOIN stock_picking_type spt ON spt.id = po.picking_type_id
          LEFT JOIN stock_location src ON src.id = spt.default_location_src_id
          LEFT JOIN stock_location dst ON dst.id = spt.default_location_dest_id
         WHERE po.id = pol.order_id
           AND pol.sale_line_id IS NOT NULL
           AND pol.promised_date IS NULL
           AND pol.dropship_split_origin_id IS NULL
           AND pol.display_type IS NULL
           AND po.date_approve IS NOT NULL
           AND (spt.code = 'dropship'
                OR (src.usage = 'supplier' AND dst.usage = 'customer'))
        RETURNING pol.id
        """
    )
    ids = [row[0] for row in cr.fetchall()]
    if ids:
        _promised_date_from_log(cr, ids)
        _confirmed_qty_from_log(cr, ids)
    env.invalidate_all()


def _promised_date_from_log(cr, ids):
    """The ship date of the lines ``ids`` before the vendor's first change
    of it."""
    cr.execute(
        """
        UPDATE purchase_order_line pol SET promised_date = first.old_date
          FROM (
            SELECT DISTINCT ON (c.purchase_line_id) c.purchase_line_id, c.old_date
              FROM dropship_sync_change c
              JOIN purchase_order po ON po.id = c.purchase_order_id
             WHERE c.purchase_line_id = ANY(%s) AND c.rule = 'po_date'
               AND c.source_side = 'purchase' AND c.old_date IS NOT NULL
               AND c.date >= po.date_approve
             ORDER BY c.purchase_line_id, c.date, c.id
          ) first
         WHERE pol.id = first.purchase_line_id
        """,
        [ids],
    )


def _confirmed_qty_from_log(cr, ids):
    """The quantity of the lines ``ids`` before the vendor's first change
    of it: the log tells the sales line's quantity, converted to the unit of
    the purchase line."""
    cr.execute(
        r"""
        UPDATE purchase_order_line pol
           SET confirmed_qty = first.old_qty / su.factor * pu.factor
          FROM (
            SELECT DISTINCT ON (c.purchase_line_id) c.purchase_line_id,
                   c.old_value::numeric AS old_qty
              FROM dropship_sync_change c
              JOIN purchase_order po ON po.id = c.purchase_order_id
             WHERE c.purchase_line_id = ANY(%s)
               AND c.rule IN ('po_qty', 'po_cancel')
               AND c.source_side = 'purchase'
               AND c.old_value ~ '^[0-9]+(\.[0-9]+)?$'
               AND c.date >= po.date_approve
             ORDER BY c.purchase_line_id, c.date, c.id
          ) first, sale_order_line sol, uom_uom su, uom_uom pu
         WHERE pol.id = first.purchase_line_id
           AND sol.id = pol.sale_line_id
           AND su.id = sol.product_uom AND pu.id = pol.product_uom
        """,
        [ids],
    )


def fill_shipped(env):
    """What the done drop-ship receipts of each purchase line shipped, and
    when the last reached the customer, as the receipts' rule stores it
    (one query)."""
    rule = env["dropship.rule.receipt"]
    rule._flush_receipts()
    env.cr.execute(
        rule._shipped_sql(
            SQL(
                "pol.id IN (SELECT purchase_line_id FROM stock_move "
                "WHERE state = 'done' AND purchase_line_id IS NOT NULL)"
            )
        )
    )
    env["purchase.order.line"].invalidate_model(
        ["dropship_shipped_qty", "dropship_ship_date"]
    )


def uninstall_hook(env):
    """Leave nothing behind that needs the module: its system parameters,
    and activities of its activity types (which Odoo would refuse to
    delete): they stay on the orders as warnings."""
    env["ir.config_parameter"].sudo().search([("key", "in", UNINSTALL_PARAMS)]).unlink()
    types = env["ir.model.data"].search(
        [("module", "=", MODULE), ("model", "=", "mail.activity.type")]
    )
    activities = env["mail.activity"].search(
        [("activity_type_id", "in", types.mapped("res_id"))]
    )
    activities.write(
        {"activity_type_id": env.ref("mail.mail_activity_data_warning").id}
    )
