# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from markupsafe import Markup

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare

from .dropship_door import MIRRORING, SPLIT, scope


class _TotalsChanged(Exception):
    """Rounding would change an order total: undo the split."""


class DropshipLotSplit(models.AbstractModel):
    """Rule 6: one sales line and one purchase line per lot/serial number.

    When a drop-ship receipt delivers more than one distinct lot for a sales
    line, the sales line and its purchase line are split into one line per
    lot (the part not received yet stays on the original line, which also
    keeps the first lot once everything is received). The done stock moves
    are split the same way, so that delivered and received quantities and
    the lots are exact per line. Every ``create`` is called once per model.
    """

    _name = "dropship.lot.split"
    _description = "Drop-ship split per lot"

    @api.model
    def _split(self, sale_lines):
        plans, skipped = self._plan(sale_lines)
        if skipped:
            self._post_not_split(skipped)
        if not plans:
            return
        orders = self.env["sale.order"].union(*(p["sale_line"].order_id for p in plans))
        purchases = self.env["purchase.order"].union(
            *(p["purchase_line"].order_id for p in plans)
        )
        before = self._totals(orders) | self._totals(purchases)
        try:
            with self.env.cr.savepoint():
                changes = self._apply(plans)
                if self._totals(orders) | self._totals(purchases) != before:
                    raise _TotalsChanged()
        except _TotalsChanged:
            reason = self.env._("splitting would change the order totals by rounding")
            self._post_not_split({p["sale_line"]: reason for p in plans})
            return
        except UserError as error:
            # The split is a convenience: whatever refuses it (a locked
            # order, a rule of another module) must not refuse the receipt.
            self._post_not_split({p["sale_line"]: str(error) for p in plans})
            return
        self.env["dropship.sync.audit"]._dropship_audit(changes)

    @api.model
    def _plan(self, sale_lines):
        plans, skipped = [], {}
        for sale_line in sale_lines:
            company = sale_line.company_id
            if company._dropship_policy("lot_split") != "mirror":
                continue
            if company._dropship_policy("lots") != "mirror":
                continue
            moves = sale_line.move_ids.filtered(
                lambda m: m.state == "done" and m._is_dropshipped()
            )
            if sale_line.move_ids.filtered(
                lambda m: m.state == "done" and m._is_dropshipped_returned()
            ):
                continue
            by_lot = moves.move_line_ids.filtered(
                lambda ml: ml.lot_id and ml.quantity
            ).grouped("lot_id")
            if len(by_lot) < 2:
                continue
            if (
                float_compare(
                    sale_line.qty_invoiced,
                    0.0,
                    precision_rounding=sale_line.product_uom.rounding,
                )
                > 0
            ):
                skipped[sale_line] = self.env._("the line is already invoiced")
                continue
            if len(moves.purchase_line_id) != 1:
                skipped[sale_line] = self.env._(
                    "its receipts belong to several purchase lines"
                )
                continue
            lots = sorted(by_lot, key=lambda lot: (lot.name, lot.id))
            remaining = float_compare(
                sale_line.product_uom_qty,
                sale_line.qty_delivered,
                precision_rounding=sale_line.product_uom.rounding,
            )
            if remaining < 0:
                skipped[sale_line] = self.env._("more was received than ordered")
                continue
            if remaining == 0:
                lots = lots[1:]  # the original line keeps the first lot
            plans.append(
                {
                    "sale_line": sale_line,
                    "purchase_line": moves.purchase_line_id,
                    "lots": [(lot, by_lot[lot]) for lot in lots],
                }
            )
        return plans, skipped

    @api.model
    def _apply(self, plans):
        # Odoo's own keys: no new procurement, no note per new sales line.
        context = {"skip_procurement": True, "sale_no_log_for_new_lines": True}
        # The split writes both sides itself (no mirror back); purchase
        # lines created or reduced by it keep the stock moves it re-links
        # to them (not re-planned by core).
        with scope(self.env, **{MIRRORING: True, SPLIT: True}):
            keys = self._new_lines(plans, context)
            self._split_moves(plans, keys, context)
            changes = self._reduce_split_lines(plans, keys, context)
            # Recompute what the re-linked moves change (received and
            # delivered quantities) while the split is under way.
            self.with_context(**context).env.flush_all()
        return changes

    @api.model
    def _new_lines(self, plans, context):
        """Create one sales line and one purchase line per lot of ``plans``.

        :return: [(plan, lot, move lines, sales qty, purchase qty, new sales
            line, new purchase line)]
        """
        sale_vals, purchase_vals, keys = [], [], []
        for plan in plans:
            sale_line, purchase_line = plan["sale_line"], plan["purchase_line"]
            sale_copy, purchase_copy = self._copies(sale_line, purchase_line)
            for lot, move_lines in plan["lots"]:
                qty, purchase_qty = (
                    sum(
                        ml.product_uom_id._compute_quantity(
                            ml.quantity, uom, round=False
                        )
                        for ml in move_lines
                    )
                    for uom in (sale_line.product_uom, purchase_line.product_uom)
                )
                sale_vals.append(
                    dict(self._copy_values(sale_copy), product_uom_qty=qty)
                )
                purchase_vals.append(
                    dict(self._copy_values(purchase_copy), product_qty=purchase_qty)
                )
                keys.append((plan, lot, move_lines, qty, purchase_qty))
        new_sale_lines = (
            self.env["sale.order.line"].with_context(**context).create(sale_vals)
        )
        for vals, new_sale_line in zip(purchase_vals, new_sale_lines, strict=True):
            vals["sale_line_id"] = new_sale_line.id
        new_purchase_lines = (
            self.env["purchase.order.line"]
            .with_context(**context)
            .create(purchase_vals)
        )
        return [
            key + (sale_line, purchase_line)
            for key, sale_line, purchase_line in zip(
                keys, new_sale_lines, new_purchase_lines, strict=True
            )
        ]

    @api.model
    def _copies(self, sale_line, purchase_line):
        """The values of the copies of a pair, read once per line, not per
        lot."""
        # The new sales lines start at the cost of the line they come from
        # instead of computing it from lines without receipts: the purchase
        # lines created for them and the moves linked to them ask for its
        # recomputation anyway.
        sale_copy = sale_line.copy_data(
            {
                "order_id": sale_line.order_id.id,
                "purchase_price": sale_line.purchase_price,
            }
        )[0]
        # A line split off keeps the promise of the line it comes from (the
        # vendor scorecard counts them as one line).
        purchase_copy = purchase_line.copy_data(
            {
                "order_id": purchase_line.order_id.id,
                "dropship_split_origin_id": (
                    purchase_line.dropship_split_origin_id.id or purchase_line.id
                ),
            }
        )[0]
        return sale_copy, purchase_copy

    @api.model
    def _copy_values(self, values):
        """``values`` of ``copy_data`` for one more record: the containers
        (x2many commands, analytic distributions) are its own."""
        return {
            fname: list(value)
            if isinstance(value, list)
            else dict(value)
            if isinstance(value, dict)
            else value
            for fname, value in values.items()
        }

    @api.model
    def _split_moves(self, plans, keys, context):
        """One done stock move per new line, holding its lot's move lines;
        the original moves keep the rest."""
        move_vals, move_keys = [], []
        moved_qty = defaultdict(float)  # original move -> quantity moved away
        copies = {}  # original move -> its values, read once
        for _plan, _lot, move_lines, _qty, _pqty, sale_line, purchase_line in keys:
            for move, lines in move_lines.grouped("move_id").items():
                if move not in copies:
                    copies[move] = move.copy_data(
                        {
                            "picking_id": move.picking_id.id,
                            "date": move.date,
                            "state": "done",
                            "picked": True,
                            "receipt_unit_cost": move.receipt_unit_cost,
                            "move_line_ids": [],
                        }
                    )[0]
                lot_qty = sum(
                    ml.product_uom_id._compute_quantity(
                        ml.quantity, move.product_uom, round=False
                    )
                    for ml in lines
                )
                moved_qty[move] += lot_qty
                move_vals.append(
                    dict(
                        self._copy_values(copies[move]),
                        product_uom_qty=lot_qty,
                        sale_line_id=sale_line.id,
                        purchase_line_id=purchase_line.id,
                    )
                )
                move_keys.append(lines)
        sale_lines = self.env["sale.order.line"].union(
            *(p["sale_line"] for p in plans), *(key[5] for key in keys)
        )
        purchase_lines = self.env["purchase.order.line"].union(
            *(p["purchase_line"] for p in plans), *(key[6] for key in keys)
        )
        # The orders see their new lines at once (inverse caches).
        sale_lines.order_id.invalidate_recordset(["order_line"])
        purchase_lines.order_id.invalidate_recordset(["order_line"])
        new_moves = self.env["stock.move"].with_context(**context).create(move_vals)
        self._move_lines_to(new_moves, move_keys)
        sale_lines.invalidate_recordset(["move_ids"])
        purchase_lines.invalidate_recordset(["move_ids"])
        for move, qty in moved_qty.items():
            move.product_uom_qty = max(move.product_uom_qty - qty, 0.0)

    @api.model
    def _move_lines_to(self, new_moves, move_lines):
        """Give the done move lines ``move_lines[i]`` to ``new_moves[i]``.

        One UPDATE for all of them instead of one ``write`` per lot (per
        serial number): what depends on the move of a line is marked before
        and after it changes, as ``write`` does, and the analytic entries of
        the moves that receive lines are made again, as ``stock_account``
        does when a line changes its move.
        """
        lines = self.env["stock.move.line"].union(*move_lines)
        old_moves = lines.move_id
        lines.flush_recordset(["move_id", "write_uid", "write_date"])
        lines.modified(["move_id"], before=True)
        self.env.cr.execute(
            SQL(
                "UPDATE stock_move_line AS line SET move_id = new.move_id, "
                "write_uid = %s, write_date = %s "
                "FROM (VALUES %s) AS new(id, move_id) WHERE line.id = new.id",
                self.env.uid,
                self.env.cr.now(),
                SQL(", ").join(
                    SQL("(%s, %s)", line_id, move.id)
                    for move, group in zip(new_moves, move_lines, strict=True)
                    for line_id in group.ids
                ),
            )
        )
        lines.invalidate_recordset(["move_id", "write_uid", "write_date"])
        (old_moves | new_moves).invalidate_recordset(["move_line_ids"])
        lines.modified(["move_id"])
        new_moves._account_analytic_entry_move()

    @api.model
    def _reduce_split_lines(self, plans, keys, context):
        """The original lines keep what was not split off: the audit entries."""
        changes = []
        fmt = self.env["dropship.sync.audit"]._dropship_format
        for plan in plans:
            sale_line, purchase_line = plan["sale_line"], plan["purchase_line"]
            old_sale_qty = sale_line.product_uom_qty
            mine = [key for key in keys if key[0] is plan]
            self._carry_pending(
                purchase_line,
                sum(key[3] for key in mine),
                sum(key[4] for key in mine),
            )
            decided = self.env["dropship.rule.quantity"]._decision(sale_line)
            # The prices are written with the quantities: core would otherwise
            # recompute them from the pricelist / vendor price list.
            sale_line.with_context(**context).write(
                {
                    "product_uom_qty": old_sale_qty - sum(key[3] for key in mine),
                    "price_unit": sale_line.price_unit,
                    "technical_price_unit": sale_line.technical_price_unit,
                }
            )
            purchase_line.with_context(**context).write(
                {
                    "product_qty": purchase_line.product_qty
                    - sum(key[4] for key in mine),
                    "price_unit": purchase_line.price_unit,
                }
            )
            self._carry_decision(sale_line, decided)
            split = ", ".join(f"{key[1].name} ({fmt(key[3])})" for key in mine)
            changes.append(
                {
                    "source": sale_line,
                    "target": purchase_line,
                    "field": self.env._("Split per lot/serial"),
                    "old": old_sale_qty,
                    "new": self.env._(
                        "%(kept)s kept, new lines: %(split)s",
                        kept=fmt(sale_line.product_uom_qty),
                        split=split,
                    ),
                    "rule": "lot_split",
                }
            )
        return changes

    @api.model
    def _carry_pending(self, purchase_line, sale_qty, purchase_qty):
        """A supplier quantity change still waiting for the salesperson
        stays on the original lines, which keep what was not split off: it
        proposes the same difference on what they keep."""
        # sudo: the log is only written by the synchronization itself.
        pending = (
            self.env["dropship.sync.change"]
            .sudo()
            .search(
                [
                    ("purchase_line_id", "=", purchase_line.id),
                    ("state", "=", "pending"),
                    ("rule", "=", "po_qty"),
                ]
            )
        )
        fmt = self.env["dropship.sync.audit"]._dropship_format
        for change in pending:
            values = {"proposed_float": change.proposed_float - purchase_qty}
            for fname in ("old_value", "new_value"):
                try:
                    values[fname] = fmt(float(change[fname]) - sale_qty)
                except (TypeError, ValueError):
                    continue  # a value that is not a plain number stays
            change.write(values)

    @api.model
    def _carry_decision(self, sale_line, decided):
        """A difference somebody decided to keep on the pair of
        ``sale_line`` (a rejected supplier change, an accepted difference)
        stays decided on what the original lines keep: the decision that
        remembered the quantities ``decided`` (kind, key) before the split
        remembers them after it."""
        kind, key = decided
        # sudo: the log is only written by the synchronization itself.
        decisions = (
            self.env["dropship.sync.change"]
            .sudo()
            .search(
                [
                    ("sale_line_id", "=", sale_line.id),
                    ("state", "in", ("rejected", "accepted")),
                    ("decision_kind", "=", kind),
                    ("decision_key", "=", key),
                ]
            )
        )
        if decisions:
            new_kind, new_key = self.env["dropship.rule.quantity"]._decision(sale_line)
            decisions.write({"decision_kind": new_kind, "decision_key": new_key})

    @api.model
    def _totals(self, orders):
        orders.env.flush_all()
        return {
            (order._name, order.id): tuple(
                order.currency_id.round(amount)
                for amount in (
                    order.amount_untaxed,
                    order.amount_tax,
                    order.amount_total,
                )
            )
            for order in orders
        }

    @api.model
    def _post_not_split(self, reasons):
        by_order = defaultdict(list)
        for sale_line, reason in reasons.items():
            by_order[sale_line.order_id].append((sale_line, reason))
        for order, items in by_order.items():
            order._message_log(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (
                    self.env._(
                        "Drop-ship lots are listed on these lines but the lines were "
                        "not split per lot:"
                    ),
                    Markup().join(
                        Markup("<li>%s: %s</li>")
                        % (line.product_id.display_name, reason)
                        for line, reason in items
                    ),
                )
            )
