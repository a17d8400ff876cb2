# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from psycopg2 import Error as PsycopgError
from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.sql_db import Cursor
from odoo.tools import SQL, float_compare, float_is_zero, float_round

_logger = logging.getLogger(__name__)

# The tables of a pair in the one order every path locks them: the sales
# side before the purchase side, orders before their lines.
LOCK_ORDER = (
    ("sale.order", "sale_order"),
    ("sale.order.line", "sale_order_line"),
    ("purchase.order", "purchase_order"),
    ("purchase.order.line", "purchase_order_line"),
)
# How many times a transaction that found its pair changed starts anew at the
# lock before it lets Odoo retry the whole request.
LOCK_RESTARTS = 10
# Key of the rows this transaction locked, in ``cr.precommit.data``.
LOCKED_ROWS = "dropship.pair.locked_rows"
# Key, among those rows, of the purchase lines locked with their products.
RECEIPT_LINES = "receipt"


class DropshipPair(models.AbstractModel):
    """The one elevated accessor of drop-ship pairs.

    A pair is a sales order line and the purchase order lines that Odoo's
    drop-ship route created for it. Salespeople without purchase rights and
    purchasers without sales rights both work with the pairs of their own
    orders, so the pair is read here as superuser, and only here; callers
    read, check and mirror through it, and audit what they change.
    """

    _name = "dropship.pair"
    _description = "Drop-ship pair"

    @api.model
    def _purchase_side(self, purchase_lines):
        """The lines of ``purchase_lines`` that are the purchase side of a pair.

        A line belongs to a pair when Odoo's drop-ship route created it for a
        sales order line of the same company: it points at that line through
        ``sale_line_id``, it buys goods (services bought on order use the
        drop-ship operation type too, but nothing ships) and its order ships
        from the vendor straight to the customer.
        """
        # sudo: the sales line and the operation type are read for a user
        # with rights on one side only; the result is returned as superuser.
        return purchase_lines.sudo().filtered(
            lambda line: (
                line.sale_line_id
                and line.product_id.type == "consu"
                and line.sale_line_id.company_id == line.company_id
                and line.order_id._is_dropship_order()
            )
        )

    @api.model
    def _purchase_lines(self, sale_lines, include_cancelled=False):
        """The purchase lines (as superuser) paired with ``sale_lines``;
        cancelled ones are left out unless ``include_cancelled``."""
        # sudo: see the class docstring.
        purchase_lines = self._purchase_side(sale_lines.sudo().purchase_line_ids)
        if not include_cancelled:
            purchase_lines = purchase_lines.filtered(lambda pol: pol.state != "cancel")
        return purchase_lines

    @api.model
    def _sale_lines(self, purchase_lines):
        """The sales lines (as superuser) paired with ``purchase_lines``."""
        return self._purchase_side(purchase_lines).sale_line_id

    @api.model
    def _lock(self, *records, restart=False, receipt=False):
        """Lock the rows of the pairs of ``records`` (sales or purchase
        orders or lines) before anything is read to decide on a change.

        Every path that mirrors a change calls this first, so two opposite
        changes of one pair (a salesperson and a supplier, a clerk and a
        cron) take the same rows in the same order: the sales orders, their
        lines, the purchase orders, their lines, each by ascending id. The
        second one waits for the first instead of deadlocking.

        Odoo's transactions are *repeatable read*: once the first change
        commits, the second one may not decide on the pair it read before
        (a serialization failure, which Odoo retries after a random pause,
        at most five times; on a busy pair each retry can meet the next
        change). With ``restart``, the caller has read nothing of the pair
        yet, so when the transaction has written nothing either it starts
        anew right here, in a new snapshot that sees the first change, and
        takes its turn at the lock again; Odoo's retry of the whole request
        is left for the transactions that did write something before, or
        that run inside a savepoint.

        :param restart: the caller decides only on what it reads after this
            call (it holds no value read from the pair before it).
        :param receipt: the caller receives goods of the pairs (``records``
            are purchase lines): it also takes the turn of their products,
            whose stock quants every receipt of the product updates, so
            that two receipts of one product serialize at the lock too.
        """
        if self._lock_held(records, receipt):
            return
        for attempt in range(LOCK_RESTARTS + 1):
            # Read again after a restart: the pair may have changed.
            ids = self._lock_ids(records, receipt)
            if not ids:
                return
            if not (restart and attempt < LOCK_RESTARTS and self._lock_restartable()):
                self.env.cr.execute(self._lock_query(ids))
                self._lock_remember(ids)
                return
            if self._lock_or_start_anew(ids, attempt):
                return

    def _lock_or_start_anew(self, ids, attempt):
        """Lock the rows ``ids``; True when they are locked, False when a
        concurrent change of the pair made the transaction start anew (in
        a new snapshot, to take its turn again)."""
        cr = self.env.cr
        try:
            # A conflict here is no error: the transaction restarts. One
            # round trip, in a savepoint of its own.
            cr.execute(
                SQL(
                    "SAVEPOINT dropship_pair_lock; %s; "
                    "RELEASE SAVEPOINT dropship_pair_lock",
                    self._lock_query(ids),
                ),
                log_exceptions=False,
            )
        except errors.SerializationFailure:
            cr.execute(
                "ROLLBACK TO SAVEPOINT dropship_pair_lock; "
                "RELEASE SAVEPOINT dropship_pair_lock"
            )
            if not self._lock_start_anew():
                raise
            _logger.debug(
                "drop-ship pair changed by a concurrent transaction: "
                "transaction started anew at the pair lock (%d)",
                attempt + 1,
            )
            return False
        self._lock_remember(ids)
        return True

    def _lock_ids(self, records, receipt=False):
        """{model: ids} of the rows of the pairs of ``records`` (and of the
        products of a ``receipt``), or None when they belong to no pair.

        The rows are those of every pair of the purchase orders of these
        pairs, not only of the pairs of ``records``: a purchase order shared
        by several sales orders (merged RFQs) carries the holds of each of
        them, and the status of its lines follows all of them, so a change
        of one of its sales orders reads and writes what a change of another
        one also reads and writes (see ``_component``).
        """
        # sudo: the pair is locked for a user with rights on one side only.
        lines = {
            "sale.order.line": self.env["sale.order.line"].sudo(),
            "purchase.order.line": self.env["purchase.order.line"].sudo(),
        }
        for recordset in records:
            recordset = recordset.sudo()
            if recordset._name in ("sale.order", "purchase.order"):
                recordset = recordset.order_line
            lines[recordset._name] |= recordset
        pols = self._purchase_side(
            lines["purchase.order.line"] | lines["sale.order.line"].purchase_line_ids
        )
        if not pols:
            return None
        component = self._component(pols)
        sols = component.sale_line_id
        return {
            "sale.order": sols.order_id.ids,
            "sale.order.line": sols.ids,
            "purchase.order": component.order_id.ids,
            "purchase.order.line": component.ids,
            "product.product": pols.product_id.ids if receipt else [],
            RECEIPT_LINES: pols.ids if receipt else [],
        }

    def _component(self, purchase_lines):
        """The purchase lines (as superuser) of every pair of the purchase
        orders of ``purchase_lines``, themselves purchase lines of pairs.

        One hop (the purchase orders of the pairs, then the sales orders
        those serve) is enough: a purchase order's holds come only from
        itself and from the sales orders it serves, and a sales order's
        only from itself and from the purchase orders that serve it. A
        change of a pair thus writes no order beyond these (its sales
        order, its purchase orders, the holds and line statuses of the
        sales orders they serve), and two changes that write one order both
        lock it and take the turn of its sales orders (all those it serves,
        for a purchase order): the second one, when it started before the
        first committed, fails at the lock instead of deciding on what it
        read before.
        """
        # One read of the lines of all the orders, then one read of what
        # ``_purchase_side`` filters on: no query per line or per order.
        return self._purchase_side(purchase_lines.order_id.order_line)

    def _lock_held(self, records, receipt=False):
        """Whether this transaction locked the pairs of ``records`` (and
        the products of a ``receipt``) already.

        The rows stay locked until the transaction ends (the memo is kept
        in the cursor's commit data, which a commit, a rollback or the
        rollback of a flushing savepoint clears).
        """
        held = self.env.cr.precommit.data.get(LOCKED_ROWS)
        return bool(held) and all(
            set(recordset.ids)
            <= held.get(RECEIPT_LINES if receipt else recordset._name, set())
            for recordset in records
        )

    def _lock_remember(self, ids):
        held = self.env.cr.precommit.data.setdefault(LOCKED_ROWS, {})
        for model, model_ids in ids.items():
            held.setdefault(model, set()).update(model_ids)

    def _lock_query(self, ids):
        """The statements that take the rows ``ids`` ({model: ids}) in the
        lock order, then mark the turn of this transaction on all their
        sales orders (those of every pair of the purchase orders)."""
        statements = [
            SQL(
                "SELECT 1 FROM %s WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE",
                SQL.identifier(table),
                sorted(ids[model]),
            )
            for model, table in LOCK_ORDER
        ]
        # A transaction that held the lock before may have changed the pair
        # without updating the rows locked above (a receipt changes moves,
        # a hold adds records). Each holder updates the turn of the pair,
        # so the next one, when it started before that holder committed,
        # fails here like on any row changed since it started, instead of
        # deciding on what it read before.
        statements.append(
            self._turn_query("dropship_pair_turn", "sale_order_id", ids["sale.order"])
        )
        if ids["product.product"]:
            statements.append(
                self._turn_query(
                    "dropship_product_turn", "product_id", ids["product.product"]
                )
            )
        return SQL("; ").join(statements)

    def _turn_query(self, table, column, ids):
        """The statement that updates (or creates) the turn rows of ``ids``
        in ``table``, keyed by ``column``, by ascending id."""
        return SQL(
            """INSERT INTO %(table)s (%(column)s, turn)
               SELECT id, 1 FROM unnest(%(ids)s::int[]) AS id ORDER BY id
               ON CONFLICT (%(column)s)
               DO UPDATE SET turn = %(table)s.turn + 1""",
            table=SQL.identifier(table),
            column=SQL.identifier(column),
            ids=sorted(ids),
        )

    def _lock_restartable(self):
        """Whether this transaction may start anew without losing anything:
        a worker's own cursor that has written nothing to the database,
        with no pending ORM update, commit hook or registry change."""
        cr = self.env.cr
        # A test cursor shares one transaction with the test that runs it.
        if type(cr) is not Cursor:
            return False
        registry = self.env.registry
        # ``Callbacks`` has no public way to tell it is empty; ``cr.cache``
        # holds what an import or export keeps for its transaction (an
        # empty entry, such as the recursion guard that accounting leaves
        # after a first attempt of the request, keeps nothing).
        if (
            any(cr.cache.values())
            or cr.precommit._funcs
            or cr.postcommit._funcs
            or registry.registry_invalidated
            or registry.cache_invalidated
        ):
            _logger.debug(
                "pair lock: commit hooks or registry changes, no restart: %s",
                [getattr(f, "__qualname__", f) for f in cr.precommit._funcs],
            )
            return False
        # Pending updates are written now: a recomputation often changes
        # nothing, and the transaction can then still start anew.
        self.env.flush_all()
        cr.execute("SELECT pg_current_xact_id_if_assigned() IS NULL")
        if not cr.fetchone()[0]:
            _logger.debug("pair lock: the transaction wrote before, no restart")
            return False
        return True

    def _lock_start_anew(self):
        """Roll back this transaction (it wrote nothing) so that the next
        statement begins a new one; False when that cannot be done because
        the lock ran inside the caller's savepoint."""
        cr = self.env.cr
        try:
            # PostgreSQL refuses to export a snapshot from a subtransaction:
            # the only query that tells whether a savepoint is open. When it
            # is, the savepoint is aborted and the caller rolls it back.
            cr.execute("SELECT pg_export_snapshot()", log_exceptions=False)
        except PsycopgError:
            _logger.debug("pair lock: inside a savepoint, no restart")
            return False
        cr.rollback()
        return True

    @api.model
    def _newest(self, purchase_lines):
        """The newest of ``purchase_lines``: it takes quantity increases and
        names the purchase side of a pair in messages and issues."""
        return purchase_lines.sorted("id", reverse=True)[:1]

    @api.model
    def _by_sale_line(self, sale_lines, include_cancelled=False):
        """{sales line: its purchase lines} for the paired ``sale_lines``."""
        purchase_lines = self._purchase_lines(sale_lines, include_cancelled)
        return purchase_lines.grouped("sale_line_id")

    @api.model
    def _purchase_qty(self, sale_lines, new_purchase_qty=None, by_line=None):
        """{sales line id: quantity of its open purchase lines, in its UoM}.

        :param new_purchase_qty: {purchase line id: quantity} used instead of
            the current quantities, to check a change before it is written.
        :param by_line: {sales line: its open purchase lines}, when the
            caller read them already (a scan batch)
        """
        new_purchase_qty = new_purchase_qty or {}
        if by_line is None:
            by_line = self._by_sale_line(sale_lines)
        result = {}
        for line, purchase_lines in by_line.items():
            if not purchase_lines:
                continue
            total = sum(
                pol.product_uom._compute_quantity(
                    new_purchase_qty.get(pol.id, pol.product_qty),
                    line.product_uom,
                    round=False,
                )
                for pol in purchase_lines
            )
            result[line.id] = float_round(
                total, precision_rounding=line.product_uom.rounding
            )
        return result

    @api.model
    def _purchase_targets(self, sale_lines):
        """{purchase line: new quantity} for the open purchase lines of
        ``sale_lines`` to order what the sales lines sell. An increase goes
        to the newest line, a decrease is taken from the newest lines first
        down to what each received; what cannot be taken so is taken from
        the newest line (and refused by the quantity rule)."""
        new_qty = {}
        for sale_line, pols in self._by_sale_line(sale_lines).items():
            pols = pols.sorted("id", reverse=True)
            uom = sale_line.product_uom
            current = sum(
                pol.product_uom._compute_quantity(pol.product_qty, uom, round=False)
                for pol in pols
            )
            diff = sale_line.product_uom_qty - current
            if float_is_zero(diff, precision_rounding=uom.rounding):
                continue
            for pol in pols if diff < 0 else ():
                missing = uom._compute_quantity(
                    -diff, pol.product_uom, rounding_method="HALF-UP"
                )
                take = min(missing, max(pol.product_qty - pol.qty_received, 0.0))
                if float_is_zero(take, precision_rounding=pol.product_uom.rounding):
                    continue
                new_qty[pol] = pol.product_qty - take
                diff += pol.product_uom._compute_quantity(take, uom, round=False)
            if not float_is_zero(diff, precision_rounding=uom.rounding):
                newest = pols[0]
                new_qty[newest] = new_qty.get(
                    newest, newest.product_qty
                ) + uom._compute_quantity(
                    diff, newest.product_uom, rounding_method="HALF-UP"
                )
        return new_qty

    @api.model
    def _sale_targets(self, sale_lines, new_purchase_qty=None):
        """{sales line: new quantity} of the ``sale_lines`` whose quantity
        differs from their open purchase lines' (with ``new_purchase_qty``,
        {purchase line id: quantity}, instead of the current ones)."""
        qty = self._purchase_qty(sale_lines, new_purchase_qty)
        return {
            line: qty.get(line.id, 0.0)
            for line in sale_lines
            if float_compare(
                line.product_uom_qty,
                qty.get(line.id, 0.0),
                precision_rounding=line.product_uom.rounding,
            )
        }

    @api.model
    def _check_company(self, pairs):
        """Refuse purchase lines serving a sales line of another company.

        :param pairs: [(purchase order id, sales line id)], checked in batch
        """
        if not pairs:
            return
        orders = self.env["purchase.order"].browse({order_id for order_id, _ in pairs})
        # sudo: the company of the sales line is read for a purchaser.
        sale_lines = (
            self.env["sale.order.line"].sudo().browse({line_id for _, line_id in pairs})
        )
        order_by_id = {order.id: order for order in orders}
        line_by_id = {line.id: line for line in sale_lines.exists()}
        for order_id, line_id in pairs:
            order, sale_line = order_by_id[order_id], line_by_id.get(line_id)
            if sale_line and sale_line.company_id != order.company_id:
                raise UserError(
                    self.env._(
                        "%(document)s belongs to %(company)s: it cannot serve "
                        "%(sale)s of %(other)s.",
                        document=order.display_name,
                        company=order.company_id.name,
                        sale=sale_line.order_id.display_name,
                        other=sale_line.company_id.name,
                    )
                )


class DropshipPairTurn(models.Model):
    """How many times the pairs of a sales order were locked: the row that
    every transaction holding the pair lock updates (see
    ``dropship.pair._lock_query``)."""

    _name = "dropship.pair.turn"
    _description = "Drop-ship pair lock turn"
    _log_access = False

    sale_order_id = fields.Many2one(
        "sale.order", required=True, ondelete="cascade", readonly=True
    )
    turn = fields.Integer(readonly=True)

    _sql_constraints = [
        (
            "sale_order_id_uniq",
            "unique(sale_order_id)",
            "A sales order has one lock turn.",
        )
    ]


class DropshipProductTurn(models.Model):
    """How many times the drop-ship receipts of a product were locked: the
    row that every receipt updates before the stock quants of the product
    (see ``dropship.pair._lock``, ``receipt``)."""

    _name = "dropship.product.turn"
    _description = "Drop-ship receipt turn of a product"
    _log_access = False

    product_id = fields.Many2one(
        "product.product", required=True, ondelete="cascade", readonly=True
    )
    turn = fields.Integer(readonly=True)

    _sql_constraints = [
        (
            "product_id_uniq",
            "unique(product_id)",
            "A product has one receipt turn.",
        )
    ]
