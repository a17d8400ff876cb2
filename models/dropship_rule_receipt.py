# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools import SQL, float_compare, float_is_zero

from .dropship_rule import ScanBatch
from .dropship_rule_registry import RECEIPT_RULES


class DropshipRuleReceipt(models.AbstractModel):
    """Rule 4 (and what a receipt brings to the other rules): a validated
    drop-ship transfer moves the sales line to shipped for the received
    quantity only; its receipt cost, date and lots reach the sales line;
    the vendor's tracking reference reaches the sales order.
    """

    _name = "dropship.rule.receipt"
    _inherit = "dropship.rule"
    _description = "Drop-ship rule: receipts"
    _dropship_kinds = ("receipt",)

    # The drop-ship status of a sales line

    @api.model
    def _state(self, line, batch=None):
        """The drop-ship status of the sales ``line`` (False if unpaired).

        :param batch: the ``ScanBatch`` of ``line``, when a check reads it
        """
        batch = batch or ScanBatch(self.env, line)
        if not batch.purchase_lines_of(line, include_cancelled=True):
            return False
        rounding = line.product_uom.rounding
        open_lines = batch.open_lines(line)
        done = batch.done_moves(line)
        if done and self._reversal_open(line, done):
            return "returned"
        cancelled = (
            line.state == "cancel"
            or not open_lines
            or float_is_zero(line.product_uom_qty, precision_rounding=rounding)
        )
        if not cancelled and (
            line.order_id.on_hold or any(open_lines.order_id.mapped("on_hold"))
        ):
            return "hold"
        if float_compare(line.qty_delivered, 0.0, precision_rounding=rounding) > 0:
            if (
                float_compare(
                    line.qty_delivered,
                    line.product_uom_qty,
                    precision_rounding=rounding,
                )
                >= 0
            ):
                return "shipped"
            return "partial"
        if cancelled:
            return "cancel"
        if any(state in ("purchase", "done") for state in open_lines.mapped("state")):
            return "ordered"
        return "rfq"

    @api.model
    def _reversal_open(self, line, done):
        """Whether units the customer received on ``line`` (its ``done``
        moves) were taken back and neither replaced, credited nor settled:
        an open reversal, or, for returns of a line without reversal
        records, fewer units delivered than sold."""
        # sudo: the reversals are records of the synchronization.
        reversals = line.sudo().dropship_reversal_ids
        if reversals:
            return any(r.state == "open" for r in reversals)
        return any(m._is_dropshipped_returned() for m in done) and (
            float_compare(
                line.qty_delivered,
                line.product_uom_qty,
                precision_rounding=line.product_uom.rounding,
            )
            < 0
        )

    @api.model
    def _store_state(self, lines):
        """Store the drop-ship status of ``lines``, one UPDATE per status.

        A hold changes the status of every line of the orders; the ORM writes
        stored computed values 100 rows per query, which would make holding
        an order of 200 lines cost more queries than one of 50. Rows whose
        status does not change are not updated: an update takes the row's
        lock, which a concurrent change of the line would then wait for.
        """
        lines = lines.filtered("id")
        if not lines:
            return
        field = lines._fields["dropship_state"]
        self.env.remove_to_compute(field, lines)
        batch = ScanBatch(self.env, lines)
        values = {line.id: self._state(line, batch=batch) for line in lines}
        by_value = {}
        for line_id, value in values.items():
            by_value.setdefault(value, []).append(line_id)
        for value, ids in by_value.items():
            self.env.cr.execute(
                SQL(
                    "UPDATE sale_order_line SET dropship_state = %s "
                    "WHERE id IN %s AND dropship_state IS DISTINCT FROM %s",
                    value or None,
                    tuple(ids),
                    value or None,
                )
            )
        self.env.cache.update(
            lines, field, [values[line.id] for line in lines], check_dirty=False
        )

    # Validation of drop-ship receipts and returns

    @api.model
    def _before_done(self, moves):
        """Before drop-ship ``moves`` are done: what the sales lines show."""
        self.env["dropship.rule.date"]._stamp_receipt_date(moves)
        # Settle the receipt cost while the moves are still open (it is
        # computed lazily and a done move keeps the cost it has).
        moves.mapped("receipt_unit_cost")
        return self._snapshot(moves.sale_line_id)

    @api.model
    def _after_done(self, moves, before):
        """After drop-ship ``moves`` are done: store what the purchase lines
        shipped, audit what the sales lines show now, split per lot, warn of
        reversed lots, post the tracking."""
        moves.picking_id.filtered("carrier_tracking_ref")._dropship_post_tracking()
        sale_lines = moves.sale_line_id
        if sale_lines:
            self._audit_lines(sale_lines, before)
            self.env["dropship.lot.split"]._split(
                sale_lines.filtered(lambda sol: sol.product_id.tracking != "none")
            )
            self.env["dropship.rule.lots"]._after_returns(moves)
        self._store_shipped(self._with_split_lines(moves.purchase_line_id))

    # What the purchase lines shipped (the vendor scorecard)

    @api.model
    def _shipped_sql(self, lines):
        """The UPDATE that stores on the purchase lines that ``lines`` (an
        SQL condition on ``pol``) selects what their done drop-ship receipts
        shipped (in the unit of the product) and when the last reached the
        customer (the transfer's receipt date, else the move's date); empty
        without receipt. Returns go the other way and do not count. Only
        the rows whose values change are written."""
        return SQL(
            """
            UPDATE purchase_order_line target
               SET dropship_shipped_qty = r.qty, dropship_ship_date = r.last_date
              FROM (
                SELECT pol.id, SUM(m.product_qty) AS qty,
                       MAX(COALESCE(sp.receipt_date, m.date)) AS last_date
                  FROM purchase_order_line pol
                  LEFT JOIN stock_move m
                         ON m.purchase_line_id = pol.id AND m.state = 'done'
                        AND EXISTS (
                            SELECT FROM stock_location src, stock_location dst
                             WHERE src.id = m.location_id AND src.usage = 'supplier'
                               AND dst.id = m.location_dest_id
                               AND dst.usage = 'customer')
                  LEFT JOIN stock_picking sp ON sp.id = m.picking_id
                 WHERE %(lines)s
                 GROUP BY pol.id
              ) r
             WHERE target.id = r.id
               AND (target.dropship_shipped_qty IS DISTINCT FROM r.qty
                    OR target.dropship_ship_date IS DISTINCT FROM r.last_date)
            """,
            lines=lines,
        )

    @api.model
    def _store_shipped(self, purchase_lines):
        """Store on ``purchase_lines`` what their drop-ship receipts shipped
        and when (``dropship_shipped_qty``, ``dropship_ship_date``): after a
        receipt or a return is done, a split per lot, a receipt date
        changed."""
        purchase_lines = purchase_lines.filtered("id")
        if not purchase_lines:
            return
        self._flush_receipts()
        self.env.cr.execute(
            self._shipped_sql(SQL("pol.id IN %s", tuple(purchase_lines.ids)))
        )
        purchase_lines.invalidate_recordset(
            ["dropship_shipped_qty", "dropship_ship_date"]
        )

    @api.model
    def _with_split_lines(self, purchase_lines):
        """``purchase_lines`` and the lines split off per lot from them or
        from the line they were split from."""
        origins = purchase_lines | purchase_lines.dropship_split_origin_id
        if not origins:
            return purchase_lines
        return purchase_lines | purchase_lines.search(
            [("dropship_split_origin_id", "in", origins.ids)]
        )

    @api.model
    def _flush_receipts(self):
        """Write what ``_shipped_sql`` reads."""
        self.env["stock.move"].flush_model(
            [
                "purchase_line_id",
                "state",
                "product_qty",
                "date",
                "picking_id",
                "location_id",
                "location_dest_id",
            ]
        )
        self.env["stock.picking"].flush_model(["receipt_date"])

    @api.model
    def _snapshot(self, sale_lines):
        return {
            sol.id: {field: sol[field] for field in RECEIPT_RULES} for sol in sale_lines
        }

    @api.model
    def _audit_lines(self, sale_lines, before):
        """Audit what a drop-ship receipt (or return) changed on these lines."""
        sale_lines._dropship_recompute_cost()
        pair = self.env["dropship.pair"]
        changes = []
        for line in sale_lines:
            source = pair._newest(pair._purchase_lines(line, include_cancelled=True))
            for field, old in before.get(line.id, {}).items():
                new = line[field]
                if field == "purchase_price":
                    if float_compare(old, new, precision_digits=6) == 0:
                        continue
                elif old == new:
                    continue
                changes.append(
                    self._change(source, line, field, old, new, RECEIPT_RULES[field])
                )
        self._audit(changes)

    @api.model
    def _post_tracking(self, pickings, old_refs=None):
        """Tell the drop-ship sales orders the vendor's tracking reference."""
        old_refs = old_refs or {}
        changes = []
        for picking in pickings.filtered(lambda p: p.is_dropship and p.state == "done"):
            if picking.carrier_tracking_ref == old_refs.get(picking.id, False):
                continue
            source = picking.purchase_id or picking
            if source._name != "purchase.order":
                continue
            sale_orders = picking.move_ids.filtered(
                lambda m: m._is_dropshipped()
            ).sale_line_id.order_id
            changes += [
                self._change(
                    source,
                    order,
                    self.env._(
                        "Vendor Tracking Reference (%(transfer)s)",
                        transfer=picking.name,
                    ),
                    old_refs.get(picking.id) or None,
                    picking.carrier_tracking_ref or None,
                    "tracking",
                )
                for order in sale_orders
            ]
        self._audit(changes)

    # Integrity

    @api.model
    def _delivered(self, line, batch):
        """What the done moves of ``line`` delivered, counted as core does
        (among the moves of the line: nothing when none of them is done)."""
        if not batch.done_moves(line):
            return 0.0
        outgoing, incoming = line._get_outgoing_incoming_moves()
        qty = 0.0
        for moves, sign in ((outgoing, 1), (incoming, -1)):
            for move in moves.filtered(lambda m: m.state == "done"):
                qty += sign * move.product_uom._compute_quantity(
                    move.quantity, line.product_uom, rounding_method="HALF-UP"
                )
        return qty

    @api.model
    def _differences(self, line, batch):
        """What the sales line shows differently from its receipts."""
        differences = []
        pols = batch.purchase_lines[line]
        expected_state = self._state(line, batch)
        if line.dropship_state != expected_state:
            labels = dict(
                line._fields["dropship_state"]._description_selection(self.env)
            )
            differences.append(
                self.env._(
                    "drop-ship status %(stored)s instead of %(expected)s",
                    stored=labels.get(line.dropship_state, "-"),
                    expected=labels.get(expected_state, "-"),
                )
            )
        if (
            line.qty_delivered_method == "stock_move"
            and pols.product_id == line.product_id
        ):
            expected_qty = self._delivered(line, batch)
            if float_compare(
                line.qty_delivered,
                expected_qty,
                precision_rounding=line.product_uom.rounding,
            ):
                differences.append(
                    self.env._(
                        "delivered %(stored)s %(uom)s while the drop-ship receipts "
                        "delivered %(expected)s %(uom)s",
                        stored=self._fmt(line.qty_delivered),
                        expected=self._fmt(expected_qty),
                        uom=line.product_uom.name,
                    )
                )
        return differences

    @api.model
    def _verify(self, batch):
        result = []
        for line in batch.lines:
            differences = self._differences(line, batch)
            if not differences:
                continue
            purchase_line = batch.newest(line, include_cancelled=True)
            description = self.env._(
                "%(product)s on %(sale)s: %(differences)s.",
                product=line.product_id.display_name,
                sale=line.order_id.display_name,
                differences="; ".join(differences),
            )
            summary = self.env._(
                "%(sale)s: the delivered quantity and drop-ship status of "
                "%(product)s are computed again from the receipts of %(purchase)s "
                "(%(differences)s).",
                sale=line.order_id.display_name,
                product=line.product_id.display_name,
                purchase=purchase_line.order_id.display_name,
                differences="; ".join(differences),
            )
            result.append(
                self._issue(
                    "receipt",
                    line,
                    purchase_line,
                    description,
                    target="sale",
                    summary=summary,
                    key="; ".join(differences),
                )
            )
        return result

    def _fix(self, issues):
        # sudo: the status of the sales lines follows the receipts for a
        # purchase manager without sales rights, as on a receipt.
        lines = issues.sale_line_id.sudo()
        before = {line: (line.qty_delivered, line.dropship_state) for line in lines}
        self.env.add_to_compute(lines._fields["qty_delivered"], lines)
        lines.flush_recordset(["qty_delivered"])
        # A recomputation does not tell the fields that depend on it
        # (invoicing status, drop-ship status): do it here.
        lines.modified(["qty_delivered"])
        self._store_state(lines)
        changes = []
        for issue in issues:
            line = issue.sale_line_id.sudo()
            old_qty, old_state = before[line]
            if float_compare(
                old_qty,
                line.qty_delivered,
                precision_rounding=line.product_uom.rounding,
            ):
                changes.append(issue._dropship_change("qty_delivered", old_qty))
            if old_state != line.dropship_state:
                changes.append(issue._dropship_change("dropship_state", old_state))
        self._audit(changes)
