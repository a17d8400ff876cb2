# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from copy import copy
from operator import itemgetter

from odoo import Command, api, fields, models
from odoo.tools import SQL

from .dropship_door import SPLIT, fact, mirroring
from .dropship_numbers import MAX_AMOUNT, to_float
from .dropship_rule import ScanBatch, in_selection_order
from .dropship_service_level import late_fields

DROPSHIP_STATES = [
    ("rfq", "Waiting for PO"),
    ("ordered", "Ordered"),
    ("hold", "On Hold"),
    ("partial", "Partially Shipped"),
    ("shipped", "Shipped"),
    ("returned", "Returned"),
    ("cancel", "Cancelled"),
]


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    dropship_state = fields.Selection(
        DROPSHIP_STATES,
        string="Drop-ship Status",
        compute="_compute_dropship_state",
        store=True,
        index="btree_not_null",
        group_expand=in_selection_order("dropship_state"),
        help="Where the drop-shipped goods of this line stand: waiting for the "
        "purchase order to be confirmed, ordered from the vendor, on hold, "
        "partially or fully shipped to the customer, returned, or cancelled. "
        "Empty for lines that are not drop-shipped.",
    )

    actual_ship_date = fields.Datetime(
        compute="_compute_actual_ship_date",
        store=True,
        help="Drop-ship: the date the customer received the goods of this line "
        "(the receipt date of the vendor's latest drop-ship transfer). The "
        "order's Effective Date is when Odoo validated its first delivery.",
    )
    dropship_expected_date = fields.Datetime(
        string="Vendor Ship Date",
        readonly=True,
        copy=False,
        help="Drop-ship: the date the vendor plans to ship, from the purchase order "
        "line.",
    )

    dropship_late, dropship_late_badge = late_fields()

    lot_ids = fields.Many2many(
        "stock.lot",
        "sale_order_line_dropship_lot_rel",
        "sale_line_id",
        "lot_id",
        string="Lots/Serial Numbers",
        compute="_compute_dropship_lot_ids",
        store=True,
        copy=False,
        help="Drop-ship: the lots and serial numbers the vendor delivered to the "
        "customer for this line, without the ones returned since.",
    )
    dropship_reversed_lot_ids = fields.Many2many(
        "stock.lot",
        "sale_order_line_dropship_reversed_lot_rel",
        "sale_line_id",
        "lot_id",
        string="Reversed Lots/Serial Numbers",
        compute="_compute_dropship_lot_ids",
        store=True,
        copy=False,
        help="Drop-ship: lots and serial numbers that were received and then "
        "returned or taken off the receipt.",
    )

    dropship_reversal_ids = fields.One2many(
        "dropship.reversal",
        "sale_line_id",
        string="Drop-ship Reversals",
        readonly=True,
    )

    dropship_out_of_sync = fields.Boolean(
        compute="_compute_dropship_out_of_sync",
        help="Drop-ship: an open integrity issue names this line (its two "
        "sides differ).",
    )

    @api.depends(
        "state",
        "product_uom_qty",
        "qty_delivered",
        "order_id.on_hold",
        "purchase_line_ids.state",
        "purchase_line_ids.order_id.on_hold",
        "purchase_line_ids.order_id.picking_type_id",
        "move_ids.state",
        "dropship_reversal_ids.state",
    )
    def _compute_dropship_state(self):
        self._dropship_cache_stored_state()
        rule = self.env["dropship.rule.receipt"]
        batch = ScanBatch(self.env, self)
        for line in self:
            line.dropship_state = rule._state(line, batch=batch)

    @api.depends(
        "move_ids.state",
        "move_ids.move_line_ids.lot_id",
        "move_ids.move_line_ids.quantity",
        "move_ids.dropship_removed_lot_ids",
    )
    def _compute_dropship_lot_ids(self):
        # One query per relation for the whole batch, not one per line.
        self.fetch(["lot_ids", "dropship_reversed_lot_ids"])
        self.move_ids.fetch(["dropship_removed_lot_ids", "move_line_ids"])
        self.move_ids.move_line_ids.fetch(["lot_id", "quantity"])
        rule = self.env["dropship.rule.lots"]
        Lot = self.env["stock.lot"]
        fields_ = [self._fields["lot_ids"], self._fields["dropship_reversed_lot_ids"]]
        batched = []  # [(line, lots, reversed lots)] of the lines being computed
        for line in self:
            if line.company_id.dropship_sync_lot_record:
                kept, received = rule._delivered_lots(line)
                values = (kept, received - kept)
            else:
                values = (Lot, Lot)
            if line.id and all(self.env.is_protected(f, line) for f in fields_):
                batched.append((line, *values))
            else:
                line.lot_ids, line.dropship_reversed_lot_ids = values
        if batched:
            # Lines being recomputed get their lots in one query per field
            # (what assigning them line by line does, one query per line).
            lines = self.browse([line.id for line, *_values in batched])
            for index, field in enumerate(fields_, start=1):
                self.env.remove_to_compute(field, lines)
                field.write_batch(
                    [(item[0], [Command.set(item[index].ids)]) for item in batched]
                )

    def _compute_dropship_out_of_sync(self):
        flagged = self.env["dropship.integrity.issue"]._dropship_flagged(self)
        for line in self:
            line.dropship_out_of_sync = line.id in flagged

    def _dropship_customer_info(self):
        """What the customer's portal page of the order shows for this
        drop-ship line (nothing about the vendor): status, expected ship
        date, tracking references (with the carrier's link when known) and
        the serial numbers delivered; None for other lines."""
        self.ensure_one()
        if not self.dropship_state:
            return None
        # sudo: the transfers are read for the customer on the portal; only
        # their tracking references are shown.
        pickings = (
            self.sudo()
            .move_ids.filtered(lambda m: m.state == "done" and m._is_dropshipped())
            .picking_id
        )
        states = dict(self._fields["dropship_state"]._description_selection(self.env))
        return {
            "state": self.dropship_state,
            "state_label": states[self.dropship_state],
            "late": self.dropship_late,
            "expected_date": self.dropship_expected_date
            if self.dropship_state in ("ordered", "hold", "partial")
            else False,
            "ship_date": self.actual_ship_date,
            "tracking": [
                (picking.carrier_tracking_ref, picking.dropship_tracking_url)
                for picking in pickings
                if picking.carrier_tracking_ref
            ],
            "serials": self.lot_ids.mapped("name"),
        }

    def _compute_dropship_late(self):
        rule = self.env["dropship.service.level"]
        saved = self.filtered(lambda line: isinstance(line.id, int))
        late = rule._late_purchase_lines(sale_lines=saved).sale_line_id
        rule._set_late(self, self.browse(late.ids))

    def _search_dropship_late(self, operator, value):
        return self.env["dropship.service.level"]._search_late(
            operator, value, "sale_line_id"
        )

    @api.depends("move_ids.state", "move_ids.date", "move_ids.picking_id.receipt_date")
    def _compute_actual_ship_date(self):
        rule = self.env["dropship.rule.date"]
        for line in self:
            line.actual_ship_date = rule._actual_ship_date(line)

    def _compute_purchase_price(self):
        """Rules 5 and 10b (price): a drop-ship line costs what its vendor
        charges (``dropship.rule.price_cost``).

        No extra ``@api.depends``: the field is precomputed, which dependencies
        through purchase lines would prevent; the receipt and purchase-line
        hooks ask for the recomputation instead (``_dropship_recompute_cost``).
        """
        rule = self.env["dropship.rule.price_cost"]
        rule._prefetch(self)
        # The pairs of the lines are read once for all of them.
        batch = ScanBatch(self.env, self)
        dropship = self.filtered(lambda line: rule._applies(line, batch=batch))
        result = super(SaleOrderLine, self - dropship)._compute_purchase_price()
        for line in dropship:
            line.purchase_price = rule._cost(line, batch=batch)
        return result

    def _add_precomputed_values(self, vals_list):
        if not fact(self.env, SPLIT) or len(vals_list) < 2:
            return super()._add_precomputed_values(vals_list)
        # The split per lot creates many lines alike (one per serial number):
        # the fields computed before the lines exist are computed once per
        # distinct set of values, then given to the lines of that set.
        groups = defaultdict(list)
        for vals in vals_list:
            groups[repr(sorted(vals.items(), key=itemgetter(0)))].append(vals)
        super()._add_precomputed_values([group[0] for group in groups.values()])
        for first, *others in groups.values():
            for vals in others:
                for fname, value in first.items():
                    if fname not in vals:
                        # the containers (x2many commands, the set of
                        # precomputed fields) are the lines' own
                        vals[fname] = copy(value)

    def write(self, vals):
        if "product_uom_qty" not in vals or mirroring(self.env):
            return super().write(vals)
        # The quantity rule compares the value before the Float field
        # converts it: a string is taken as the number Odoo would store, and
        # what is no number (or an absurd one) is refused here, not by a
        # server error. Negative quantities stay core's (drop-ship lines
        # refuse them in the rule).
        qty = to_float(
            self.env,
            vals["product_uom_qty"],
            self._fields["product_uom_qty"]._description_string(self.env),
            minimum=-MAX_AMOUNT,
            maximum=MAX_AMOUNT,
        )
        vals = {**vals, "product_uom_qty": qty}
        return self.env["dropship.command"]._run(
            "sale_quantity", self, lambda: self._dropship_write_qty(vals)
        )

    def _dropship_write_qty(self, vals):
        """write() of a quantity change after confirmation, run by the door
        (rules 10 and 2b)."""
        rule = self.env["dropship.rule.quantity"]
        routes = rule._sale_plan(self, vals["product_uom_qty"] or 0.0)
        notify = routes.get("notify", self.browse())
        old_qty = {sol.id: sol.product_uom_qty for sol in notify}
        mirror = routes.get("mirror", self.browse()).with_env(self.env)
        others = self - mirror
        result = super(SaleOrderLine, others).write(vals) if others else True
        if mirror:
            # skip_procurement: the existing purchase line follows instead of
            # core ordering the difference on a new request for quotation.
            super(SaleOrderLine, mirror.with_context(skip_procurement=True)).write(vals)
        rule._sale_apply(routes, old_qty)
        return result

    def _update_line_quantity(self, values):
        # A quantity the synchronization writes (a mirrored supplier change,
        # the split per lot) is told by its own note on both orders; core's
        # "ordered quantity updated" message would say it twice, and for a
        # split read as if the customer's order was cut.
        if mirroring(self.env):
            return
        return super()._update_line_quantity(values)

    def _dropship_cache_stored_state(self):
        """Put the stored drop-ship status of these lines in the cache where
        it is missing (one query), so that a recomputation writes only the
        statuses that change: an unchanged line is not updated, and its row
        is not locked against a concurrent change (a transfer reserved, a
        purchase order printed)."""
        field = self._fields["dropship_state"]
        missing = [id_ for id_ in self.env.cache.get_missing_ids(self, field) if id_]
        if not missing:
            return
        self.env.cr.execute(
            SQL(
                "SELECT id, dropship_state FROM sale_order_line WHERE id = ANY(%s)",
                missing,
            )
        )
        stored = dict(self.env.cr.fetchall())
        lines = self.browse(list(stored))
        self.env.cache.update(lines, field, [stored[id_] for id_ in lines.ids])

    def _dropship_store_state(self):
        """Store the drop-ship status of these lines (see the receipt rule)."""
        self.env["dropship.rule.receipt"]._store_state(self)

    def _dropship_get_state(self):
        """The drop-ship status of one line, from its pair (False if none)."""
        self.ensure_one()
        return self.env["dropship.rule.receipt"]._state(self)

    def _dropship_receipt_moves(self):
        """Done drop-ship receipts and returns of this line, with their sign."""
        self.ensure_one()
        for move in self.move_ids.filtered(lambda m: m.state == "done"):
            if move._is_dropshipped():
                yield move, 1
            elif move._is_dropshipped_returned():
                yield move, -1

    def _dropship_recompute_cost(self):
        self.env.add_to_compute(self._fields["purchase_price"], self)
        self.modified(["purchase_price"])  # the margins follow the cost

    def _dropship_purchase_lines(self, include_cancelled=False):
        """The drop-ship purchase order lines paired with these sales lines,
        in the environment of the caller (see ``dropship.pair``)."""
        pair = self.env["dropship.pair"]
        return pair._purchase_lines(self, include_cancelled).with_env(self.env)
