# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero


class DropshipRuleLots(models.AbstractModel):
    """Rules 6 and 7: lots and serial numbers, and their reversal.

    The sales line records the lots its drop-ship receipts delivered
    (``lot_ids``), without those returned since; the split per lot lives in
    ``dropship.lot.split``. A received lot taken back (a return, or the lot
    changed or removed on a done receipt line) is confirmed through the
    reversal warning first, then named on the sales order with an activity
    for the salesperson.
    """

    _name = "dropship.rule.lots"
    _inherit = "dropship.rule"
    _description = "Drop-ship rule: lots and reversals"
    _dropship_kinds = ("lots",)

    @api.model
    def _delivered_lots(self, line, batch=None):
        """(lots the customer has, lots ever received) from the done
        drop-ship receipts and returns of the sales ``line``.

        :param batch: the ``ScanBatch`` of ``line``, when a check reads it
        """
        Lot = self.env["stock.lot"]
        net = defaultdict(float)
        received = Lot
        moves = batch.receipt_moves(line) if batch else line._dropship_receipt_moves()
        for move, sign in moves:
            for move_line in move.move_line_ids.filtered("lot_id"):
                net[move_line.lot_id] += sign * move_line.quantity
            if sign > 0:
                received |= move.move_line_ids.lot_id | move.dropship_removed_lot_ids
        kept = Lot.union(
            *(
                lot
                for lot, qty in net.items()
                if float_compare(qty, 0.0, precision_digits=6) > 0
            )
        )
        return kept, received

    # Rule 7: reversals

    @api.model
    def _returned_lots(self, moves):
        """{sales line: lots} that the drop-ship returns among ``moves`` take
        back from the customer."""
        lots = defaultdict(lambda: self.env["stock.lot"])
        for move in moves.filtered(
            lambda m: m._is_dropshipped_returned() and m.sale_line_id
        ):
            lots[move.sale_line_id] |= move.move_line_ids.filtered(
                lambda ml: ml.lot_id and ml.quantity
            ).lot_id
        return {line: lot_ids for line, lot_ids in lots.items() if lot_ids}

    @api.model
    def _reversed_by(self, move_lines, vals):
        """{move line: lot} of the done drop-ship receipt lines whose lot
        ``vals`` takes away from the customer."""
        result = {}
        for move_line in move_lines.filtered(
            lambda ml: ml.state == "done" and ml.lot_id
        ):
            if not move_line.move_id._is_dropshipped():
                continue
            lot_changed = (
                "lot_id" in vals and vals["lot_id"] != move_line.lot_id.id
            ) or ("lot_name" in vals and vals["lot_name"] != move_line.lot_id.name)
            emptied = "quantity" in vals and float_is_zero(
                vals["quantity"] or 0.0,
                precision_rounding=move_line.product_uom_id.rounding,
            )
            if lot_changed or emptied:
                result[move_line] = move_line.lot_id
        return result

    @api.model
    def _after_returns(self, moves):
        """After drop-ship ``moves`` are done: tell the salesperson about
        the lots the returns among them took back."""
        returned = moves.filtered(lambda m: m.state == "done")
        reversed_lots = self._returned_lots(returned)
        if reversed_lots:
            self._notify_reversal(reversed_lots, returned.picking_id)
        self._after_replacements(moves)

    @api.model
    def _record_removed(self, reversed_lots):
        """After lots of done receipt lines were changed or removed
        (``reversed_lots``: {move line: lot}), the receipts remember them:
        {sales line: lots reversed on it}."""
        by_line = defaultdict(lambda: self.env["stock.lot"])
        for move_line, lot in reversed_lots.items():
            # sudo: recorded for a stock user without sales rights.
            move = move_line.move_id.sudo()
            move.dropship_removed_lot_ids |= lot
            by_line[move.sale_line_id] |= lot
        return dict(by_line)

    @api.model
    def _notify_reversal(self, reversed_lots, documents):
        """Rule 7: log the reversal and tell the salesperson.

        :param reversed_lots: {sales line: lots reversed on it}
        :param documents: the returns (or receipts) where it happened
        """
        self._log_reversal(reversed_lots)
        # sudo: recorded for a stock user who validates the return.
        self.env["dropship.reversal"].sudo().create(
            [
                {
                    "sale_line_id": line.id,
                    "lot_ids": [Command.set(lots.ids)],
                    "document": ", ".join(documents.mapped("display_name")),
                }
                for line, lots in reversed_lots.items()
            ]
        )
        by_order = defaultdict(list)
        for line, lots in reversed_lots.items():
            by_order[line.order_id].append((line, lots))
        for order, items in by_order.items():
            note = Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._(
                    "Received lots or serial numbers of %(order)s (customer "
                    "%(customer)s) were reversed by %(documents)s:",
                    order=order.display_name,
                    customer=order.partner_id.display_name,
                    documents=", ".join(documents.mapped("display_name")),
                ),
                Markup().join(
                    Markup("<li>%s: %s</li>")
                    % (line.product_id.display_name, ", ".join(lots.mapped("name")))
                    for line, lots in items
                ),
            )
            # sudo: posted for a stock user who validates the return without
            # any sales right.
            order = order.sudo()
            order._message_log(body=note)
            self._activity(
                order,
                note,
                activity_type="sale_purchase_dropship_sync.mail_activity_type_reversal",
            )

    @api.model
    def _log_reversal(self, reversed_lots):
        """The change log entries of a reversal, one per sales line."""
        pair = self.env["dropship.pair"]
        label = (
            self.env["sale.order.line"]
            ._fields["dropship_reversed_lot_ids"]
            ._description_string(self.env)
        )
        self.env["dropship.sync.change"]._dropship_log(
            [
                self._change(
                    pair._newest(pair._purchase_lines(line, include_cancelled=True))
                    or line,
                    line,
                    "dropship_reversed_lot_ids",
                    None,
                    None,
                    "reversal",
                    label=label,
                    old_text="-",
                    new_text=", ".join(lots.mapped("name")),
                )
                for line, lots in reversed_lots.items()
            ]
        )

    # Rule 7: the next step after a reversal

    @api.model
    def _open_reversals(self, order):
        """The reversals of ``order`` still to settle (as superuser)."""
        return order.sudo().dropship_reversal_ids.filtered(lambda r: r.state == "open")

    @api.model
    def _reversed_lines(self, order):
        """The drop-ship lines of ``order`` with reversals to settle."""
        return self._open_reversals(order).sale_line_id.with_env(self.env)

    @api.model
    def _ship_replacement(self, order):
        """The vendor ships the reversed units again: a new drop-ship
        transfer for what the purchase lines now miss."""
        pair = self.env["dropship.pair"]
        purchases = pair._purchase_lines(self._reversed_lines(order)).order_id
        before = purchases.picking_ids
        purchases._create_picking()
        new = purchases.picking_ids - before
        self._settle(
            order,
            "replacement",
            self.env._(
                "Replacement requested: %(transfers)s.",
                transfers=", ".join(new.mapped("name")) or "-",
            ),
            pickings=new,
        )
        return new

    @api.model
    def _credit_reversed(self, order):
        """The customer keeps no replacement: the reversed units leave the
        sales lines (and, by rule 10, the purchase lines) so that invoicing
        credits them."""
        lines = self._reversed_lines(order).filtered(
            lambda sol: sol.product_uom_qty > sol.qty_delivered
        )
        for qty, group in lines.grouped("qty_delivered").items():
            group.write({"product_uom_qty": qty})
        self._settle(
            order,
            "credited",
            self.env._(
                "The reversed units were taken off %(lines)s, to be credited.",
                lines=", ".join(lines.product_id.mapped("display_name")) or "-",
            ),
        )

    @api.model
    def _settle(self, order, state, note, pickings=None):
        """Settle the open reversals of ``order`` as ``state`` with ``note``;
        the salesperson's activity is done, the change log says how."""
        reversals = self._open_reversals(order)
        if not reversals:
            raise UserError(
                self.env._(
                    "%(order)s has no reversal to settle.", order=order.display_name
                )
            )
        values = {
            "state": state,
            "settle_note": note,
            "settled_by_id": self.env.uid,
            "settled_date": fields.Datetime.now(),
        }
        if pickings:
            values["replacement_picking_ids"] = [Command.set(pickings.ids)]
        reversals.write(values)
        self._log_settled(reversals, "open")
        reversal_type = self.env.ref(
            "sale_purchase_dropship_sync.mail_activity_type_reversal"
        )
        # sudo: the reversal activity may be assigned to another salesperson.
        activities = order.sudo().activity_ids.filtered(
            lambda a: a.activity_type_id == reversal_type
        )
        activities.action_feedback(feedback=note)

    @api.model
    def _log_settled(self, reversals, old_state):
        """Log how ``reversals`` (from ``old_state``) stand now."""
        states = dict(reversals._fields["state"]._description_selection(self.env))
        pair = self.env["dropship.pair"]
        self.env["dropship.sync.change"]._dropship_log(
            [
                self._change(
                    pair._newest(
                        pair._purchase_lines(
                            reversal.sale_line_id, include_cancelled=True
                        )
                    )
                    or reversal.sale_line_id,
                    reversal.sale_line_id,
                    "dropship_reversal_ids",
                    None,
                    None,
                    "reversal",
                    label=self.env._("Reversal"),
                    old_text=f"{reversal.display_name}: {states[old_state]}",
                    new_text=f"{reversal.display_name}: {states[reversal.state]}",
                )
                for reversal in reversals
            ]
        )

    @api.model
    def _after_replacements(self, moves):
        """After drop-ship receipts ``moves`` are done: the reversals whose
        replacement the customer now has in full are replaced."""
        lines = moves.filtered(
            lambda m: m.state == "done" and m._is_dropshipped()
        ).sale_line_id
        waiting = lines.sudo().dropship_reversal_ids.filtered(
            lambda r: (
                r.state == "replacement"
                and float_compare(
                    r.sale_line_id.qty_delivered,
                    r.sale_line_id.product_uom_qty,
                    precision_rounding=r.sale_line_id.product_uom.rounding,
                )
                >= 0
            )
        )
        if waiting:
            waiting.write({"state": "replaced"})
            self._log_settled(waiting, "replacement")

    # Integrity

    @api.model
    def _verify(self, batch):
        result = []
        lines = batch.lines.filtered(
            lambda sol: sol.company_id._dropship_policy("lots") == "mirror"
        )
        # One read per relation for the receipts of the whole batch.
        lines.move_ids.move_line_ids.mapped("lot_id")
        lines.move_ids.fetch(["dropship_removed_lot_ids"])
        for line in lines:
            expected, _received = self._delivered_lots(line, batch)
            if expected == line.lot_ids:
                continue
            purchase_line = batch.newest(line, include_cancelled=True)
            values = {
                "product": line.product_id.display_name,
                "sale": line.order_id.display_name,
                "stored": self._fmt(line.lot_ids.sorted("name")),
                "expected": self._fmt(expected.sorted("name")),
                "purchase": purchase_line.order_id.display_name,
            }
            description = self.env._(
                "%(product)s on %(sale)s records the lots %(stored)s, while the "
                "drop-ship receipts delivered %(expected)s.",
                **values,
            )
            summary = self.env._(
                "%(sale)s: the lots of %(product)s go from %(stored)s to "
                "%(expected)s, as delivered by %(purchase)s (the line is not split "
                "afterwards).",
                **values,
            )
            result.append(
                self._issue(
                    "lots",
                    line,
                    purchase_line,
                    description,
                    target="sale",
                    summary=summary,
                    key=f"{values['stored']}|{values['expected']}",
                )
            )
        return result

    def _fix(self, issues):
        # sudo: as on a receipt validated by a user without sales rights.
        lines = issues.sale_line_id.sudo()
        before = {line: line.lot_ids for line in lines}
        fnames = ["lot_ids", "dropship_reversed_lot_ids"]
        for fname in fnames:
            self.env.add_to_compute(lines._fields[fname], lines)
        lines.flush_recordset(fnames)
        lines.modified(fnames)
        self._audit(
            issue._dropship_change("lot_ids", before[issue.sale_line_id])
            for issue in issues
            if before[issue.sale_line_id] != issue.sale_line_id.sudo().lot_ids
        )
