# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .dropship_door import as_mirror

# Vendor bills and vendor credit notes: the moves whose lines set the cost.
BILL_TYPES = {"in_invoice": 1, "in_refund": -1}


def in_selection_order(field_name):
    """A ``group_expand`` for a selection field: grouped lists show the
    groups in the order of the selection (the workflow), not of the keys."""

    def expand(records, values, domain):
        order = records._fields[field_name].get_values(records.env)
        return sorted(values, key=lambda v: order.index(v) if v in order else 0)

    return expand


class ScanBatch:
    """The pairs of a batch of sales lines, read once for every rule's check.

    The integrity check builds one per batch of sales lines and hands it to
    every family's ``_verify``: what the rules read of a pair (its purchase
    lines, the newest one, the open quantity in the sales UoM, the done
    receipts and returns, the vendor bill lines) is then computed once per
    line for all families, from records read once per relation for the
    whole batch. The rules' helpers build one for a single line when they
    are called outside a check.

    :ivar lines: the paired sales lines
    :ivar purchase_lines: {sales line: its purchase lines, cancelled included
        (as superuser)}
    """

    def __init__(self, env, lines):
        self.env = env
        paired = env["dropship.pair"]._purchase_lines(lines, include_cancelled=True)
        # sudo: see dropship.pair; each line keeps the order of its own
        # purchase lines.
        self.purchase_lines = {}
        for line, line_sudo in zip(lines, lines.sudo(), strict=True):
            pols = line_sudo.purchase_line_ids & paired
            if pols:
                self.purchase_lines[line] = pols
        self.lines = lines.filtered(lambda sol: sol in self.purchase_lines)
        self._memo = {}

    @property
    def purchase_qty(self):
        """{sales line id: open purchase quantity in its UoM}"""
        return self.cached(
            "purchase_qty",
            None,
            lambda: self.env["dropship.pair"]._purchase_qty(
                self.lines, by_line={line: self.open_lines(line) for line in self.lines}
            ),
        )

    def cached(self, key, line, compute):
        """The value of ``compute()`` for ``line`` under ``key``: computed
        once per batch, whichever rule asks first."""
        memo = self._memo.setdefault(key, {})
        if line not in memo:
            memo[line] = compute()
        return memo[line]

    def purchase_lines_of(self, line, include_cancelled=False):
        """The purchase lines of the pair of ``line`` (as superuser);
        cancelled ones are left out unless ``include_cancelled``."""
        pols = self.purchase_lines.get(line)
        if pols is None:
            return self.env["purchase.order.line"].sudo()
        if include_cancelled:
            return pols
        return self.cached(
            "open", line, lambda: pols.filtered(lambda pol: pol.state != "cancel")
        )

    def open_lines(self, line):
        return self.purchase_lines_of(line)

    def ordering_lines(self, line):
        """The open purchase lines of the pair of ``line`` that still order
        something (a quantity above zero)."""
        return self.cached(
            "ordering",
            line,
            lambda: self.open_lines(line).filtered(
                lambda pol: (
                    float_compare(
                        pol.product_qty,
                        0.0,
                        precision_rounding=pol.product_uom.rounding,
                    )
                    > 0
                )
            ),
        )

    def newest(self, line, include_cancelled=False):
        """The newest purchase line of the pair of ``line`` (see
        ``dropship.pair._newest``)."""
        return self.cached(
            ("newest", include_cancelled),
            line,
            lambda: self.env["dropship.pair"]._newest(
                self.purchase_lines_of(line, include_cancelled)
            ),
        )

    def done_moves(self, line):
        """The done stock moves of ``line``."""
        return self.cached(
            "done_moves",
            line,
            lambda: line.move_ids.filtered(lambda move: move.state == "done"),
        )

    def receipt_moves(self, line):
        """[(move, sign)]: the done drop-ship receipts and returns of
        ``line`` (see ``sale.order.line._dropship_receipt_moves``)."""
        return self.cached(
            "receipt_moves", line, lambda: list(line._dropship_receipt_moves())
        )

    def bill_lines(self, line, pending=False):
        """The posted vendor bill lines that give the cost of the sales
        ``line`` (as superuser), under its company's policy for vendor
        bills (rule 5b).

        :param pending: every posted line, also those that wait for the
            salesperson's approval or were only notified (what the cost
            would be if they counted)
        """
        policy = line.company_id._dropship_policy("bill_cost")
        if not pending and policy not in ("mirror", "approve"):
            return self.env["account.move.line"]

        def posted():
            pols = self.purchase_lines_of(line, include_cancelled=True)
            # sudo: the pair is read as superuser (see dropship.pair); a
            # salesperson has no right on vendor bills.
            return pols.sudo().invoice_lines.filtered(
                lambda aml: (
                    aml.parent_state == "posted"
                    and aml.move_id.move_type in BILL_TYPES
                    and aml.display_type == "product"
                )
            )

        bill_lines = self.cached("bill_lines", line, posted)
        if policy == "approve" and not pending:
            bill_lines = bill_lines.filtered("dropship_cost_approved")
        return bill_lines

    def billed(self, line, pending=False):
        """(quantity in the UoM of ``line``, value in the company currency)
        of the units billed for the sales ``line``: bills minus credit notes,
        each at its accounting value (bill price converted at the bill
        date)."""
        qty = value = 0.0
        for aml in self.bill_lines(line, pending):
            sign = BILL_TYPES[aml.move_id.move_type]
            qty += sign * aml.product_uom_id._compute_quantity(
                aml.quantity, line.product_uom, round=False
            )
            value += aml.balance
        return qty, value


class DropshipRule(models.AbstractModel):
    """What every synchronization rule family has: a code per rule, a policy
    per company, refusal reasons, and an integrity check with its fix.

    A family (``dropship.rule.<name>``) defines, in its own file:

    - its detection and apply methods, called by the thin overrides of the
      orders, lines and transfers (capture what changes, ``super()``, hand
      off to the rule);
    - its refusal reasons as functions returning texts (no raise): the
      mirror raises them with ``_refuse``, the integrity queue shows them as
      the reason a drift cannot be fixed;
    - ``_verify(batch)``: the drifts of its kinds among the pairs of a scan
      batch, as integrity issue values; ``_fix(issues)``: the repair.

    Routing by policy is one method for all rules (``_route``), and every
    change a rule makes is logged under the rule's own code.
    """

    _name = "dropship.rule"
    _description = "Drop-ship synchronization rule"

    # The integrity issue kinds this family verifies and fixes.
    _dropship_kinds = ()

    @api.model
    def _dropship_families(self):
        """Every rule family, in a stable order."""
        return [
            self.env[name]
            for name in sorted(self.env.registry.models)
            if name.startswith("dropship.rule.")
        ]

    @api.model
    def _dropship_family(self, kind):
        """The rule family that verifies and fixes the issue kind ``kind``."""
        return next(
            family
            for family in self._dropship_families()
            if kind in family._dropship_kinds
        )

    @api.model
    def _route(self, records, rule, old=None, new=None):
        """{policy: records} of ``records``: routed by the door (see
        ``dropship.command._route``), the one place that decides."""
        return self.env["dropship.command"]._route(records, rule, old=old, new=new)

    @api.model
    def _refuse(self, reasons):
        """Raise the first refusal reason, if any, as a ``UserError``."""
        reasons = [reason for reason in reasons if reason]
        if reasons:
            raise UserError(reasons[0])

    @api.model
    def _records(self, records, model):
        """The records of the iterable ``records`` as one recordset, in their
        own environment (the pair is read as superuser)."""
        records = list(records)
        if not records:
            return self.env[model]
        return records[0].union(*records[1:])

    @api.model
    def _write_by_value(self, new_values, field, **context):
        """Write ``field`` on each record of ``new_values`` ({record: value}),
        one write per distinct value, as the synchronization (no mirror
        back); ``context`` holds Odoo's own keys (``skip_procurement``)."""
        by_value = {}
        for record, value in new_values.items():
            by_value.setdefault(value, []).append(record)
        with as_mirror(self.env):
            for value, records in by_value.items():
                self._records(records, records[0]._name).with_context(**context).write(
                    {field: value}
                )

    @api.model
    def _is_locked(self, order):
        """A sales order is locked by its flag, a purchase order in ``done``."""
        return order.locked if order._name == "sale.order" else order.state == "done"

    @api.model
    def _reasons_locked(self, orders):
        """Why a change of the other side cannot reach ``orders``: locked."""
        locked = orders.filtered(self._is_locked)[:1]
        return [
            self.env._(
                "%(document)s is locked: unlock it so that the change of its "
                "drop-ship %(other)s can be applied.",
                document=order.display_name,
                other=self.env._("purchase order")
                if order._name == "sale.order"
                else self.env._("sales order"),
            )
            for order in locked
        ]

    @api.model
    def _notify(self, changes, notes):
        """Policy notify: log ``changes`` as notified and leave each note of
        ``notes`` ([(order, note)]) as an activity for the order's owner."""
        self.env["dropship.sync.change"]._dropship_log_notice(changes)
        for record, note in notes:
            self._activity(record, note)

    @api.model
    def _change(self, source, target, field, old, new, rule, **extra):
        """One change for the audit and the change log."""
        change = {"source": source, "target": target, "field": field}
        return change | {"old": old, "new": new, "rule": rule} | extra

    @api.model
    def _audit(self, changes):
        self.env["dropship.sync.audit"]._dropship_audit(changes)

    @api.model
    def _activity(self, records, note, **kwargs):
        self.env["dropship.sync.audit"]._dropship_activity(records, note, **kwargs)

    @api.model
    def _fmt(self, value):
        return self.env["dropship.sync.audit"]._dropship_format(value)

    # Integrity: each family overrides these for its kinds

    @api.model
    def _verify(self, batch):
        """The drifts of this family's kinds in ``batch`` (a ``ScanBatch``):
        a list of integrity issue values (see ``_issue``)."""
        return []

    def _fix(self, issues):
        """Repair ``issues`` (open, fixable, of this family's kinds)."""
        raise NotImplementedError

    @api.model
    def _issue(self, kind, line, purchase_line, description, **values):
        """Integrity issue values of a drift of the pair of ``line``.

        :param values: ``target`` (the side the fix changes), ``summary``
            (what the fix writes on which document), ``reasons`` (why it
            cannot be fixed automatically), ``key`` (the values that
            differ: a decision on this pair holds while they stay the same)
        """
        reasons = [reason for reason in values.get("reasons") or () if reason]
        return {
            "kind": kind,
            "company_id": line.company_id.id,
            "sale_order_id": line.order_id.id,
            "sale_line_id": line.id,
            "purchase_order_id": purchase_line.order_id.id,
            "purchase_line_id": purchase_line.id,
            "description": description,
            "fix_target": values.get("target", False),
            "fixable": not reasons,
            "fix_summary": False if reasons else values.get("summary", False),
            "explanation": "\n".join(reasons) or False,
            "drift_key": values.get("key", False),
        }
