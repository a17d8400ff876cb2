# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.modules import module
from odoo.tools import SQL, split_every

from .dropship_door import FIXING, scope
from .dropship_rule import ScanBatch, in_selection_order
from .dropship_rule_registry import APPROVAL_RULES

# Sales lines checked per batch: one read per relation and batch.
SCAN_BATCH = 1000
# Sales lines per chunk of a full check: the issues of a chunk are recorded
# (and, run by the scheduled action, committed) before the next one starts.
SCAN_CHUNK = 2000
# The last sales order id of the chunks a scheduled check committed: an
# interrupted check resumes after it.
SCAN_CURSOR_PARAM = "sale_purchase_dropship_sync.scan_cursor"

# The check's own bookkeeping: neither offered to group by nor to filter on.
NOT_SEARCHABLE = {"drift_key", "fix_target", "decision_id"}
NOT_GROUPABLE = NOT_SEARCHABLE | {
    "sale_line_id",
    "purchase_line_id",
    "credit_note_id",
    "credit_note_state",
    "decided_by_id",
    "decided_date",
    "last_check_date",
    "create_uid",
    "create_date",
    "write_uid",
    "write_date",
}

ISSUE_KINDS = [
    ("cancel", "One side cancelled"),
    ("qty", "Quantities differ"),
    ("hold", "Hold on one side only"),
    ("receipt", "Receipt not reflected"),
    ("cost", "Cost not reflected"),
    ("lots", "Lots not reflected"),
    ("invoice", "Invoiced above what ships"),
    ("transfer", "Transfer differs"),
]


class DropshipIntegrityIssue(models.Model):
    """A drop-ship pair whose sales and purchase sides drifted apart.

    The queue is filled by ``_dropship_scan`` (daily scheduled action, or
    *Check Now*), which calls every rule family's ``_verify``: one issue per
    pair and kind, updated by later scans, *resolved* when a scan no longer
    finds the drift and *fixed* when the Fix action repaired it. A drift that
    somebody decided on (a rejected supplier change, an accepted difference)
    is *decided*, not open, until one side changes again. The Fix is the
    rule family's ``_fix``, so both chatters say what changed.
    """

    _name = "dropship.integrity.issue"
    _description = "Drop-ship Integrity Issue"
    _order = "detected_date desc, id desc"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Sales Order Line",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
    )
    purchase_order_id = fields.Many2one(
        "purchase.order",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
    )
    purchase_line_id = fields.Many2one(
        "purchase.order.line",
        string="Purchase Order Line",
        readonly=True,
        ondelete="cascade",
    )
    kind = fields.Selection(
        ISSUE_KINDS,
        required=True,
        readonly=True,
        index=True,
        group_expand=in_selection_order("kind"),
    )
    description = fields.Text(
        readonly=True, help="What differs, with the values of both sides."
    )
    fixable = fields.Boolean(
        readonly=True,
        help="The Fix action can repair this issue by re-running the synchronization.",
    )
    fix_target = fields.Selection(
        [("sale", "Sales Order"), ("purchase", "Purchase Order")],
        string="Fix Updates",
        readonly=True,
        help="The side that the Fix action changes so that it follows the other.",
    )
    fix_summary = fields.Text(readonly=True, help="What the Fix action changes.")
    explanation = fields.Text(
        readonly=True,
        help="Why this issue cannot be fixed automatically, and what to do by hand.",
    )
    state = fields.Selection(
        [
            ("open", "Open"),
            ("decided", "Decided"),
            ("fixed", "Fixed"),
            ("resolved", "Resolved"),
        ],
        string="Status",
        default="open",
        required=True,
        readonly=True,
        index=True,
        group_expand=in_selection_order("state"),
        help="Decided: somebody decided to keep this difference (a rejected "
        "supplier change, an accepted difference); it opens again when one "
        "side changes. Fixed: repaired by the Fix action. Resolved: a later "
        "check no longer found the drift.",
    )
    drift_key = fields.Char(
        readonly=True,
        help="The values that differ, as a decision on this pair remembers them.",
    )
    decision_id = fields.Many2one(
        "dropship.sync.change",
        readonly=True,
        ondelete="set null",
        help="The decision that keeps this difference.",
    )
    decided_by_id = fields.Many2one(
        related="decision_id.reviewer_id", string="Decided By"
    )
    decided_date = fields.Datetime(
        related="decision_id.review_date", string="Decided On"
    )
    detected_date = fields.Datetime(
        string="Detected On", default=fields.Datetime.now, required=True, readonly=True
    )
    last_check_date = fields.Datetime(string="Last Checked On", readonly=True)
    close_date = fields.Datetime(string="Closed On", readonly=True)
    fixed_by_id = fields.Many2one(
        "res.users", readonly=True, help="Who confirmed the Fix that repaired it."
    )
    credit_note_id = fields.Many2one(
        "account.move",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The draft credit note that the Fix made for what the customer "
        "was invoiced too much, for the accountant to check and post.",
    )
    credit_note_state = fields.Selection(
        related="credit_note_id.state", string="Credit Note Status"
    )

    @api.depends("kind", "sale_order_id", "purchase_order_id")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        # sudo: a purchaser reads the issues of sales orders they cannot
        # open, and a salesperson those of purchase orders; only the names.
        for issue in self:
            documents = [
                document.sudo().display_name
                for document in (issue.sale_order_id, issue.purchase_order_id)
                if document
            ]
            issue.display_name = "{}: {}".format(
                kinds.get(issue.kind, ""), " / ".join(documents)
            )

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        # The bookkeeping of the check is no way to group or filter issues:
        # the custom group-by and filter menus leave these fields out.
        result = super().fields_get(allfields=allfields, attributes=attributes)
        for fname, description in result.items():
            if fname in NOT_GROUPABLE and "groupable" in description:
                description["groupable"] = False
            if fname in NOT_SEARCHABLE and "searchable" in description:
                description["searchable"] = False
        return result

    def _dropship_origin_name(self):
        """How the changes of the Fix of these issues are signed in the
        change log and on the orders' chatter."""
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        return ", ".join(
            self.env._(
                "Integrity Fix “%(kind)s” on %(orders)s",
                kind=kinds.get(issue.kind, ""),
                orders=" / ".join(
                    order.name
                    for order in (issue.sale_order_id, issue.purchase_order_id)
                    if order
                ),
            )
            for issue in self
        )

    def _dropship_issue_of(self, *records):
        """The issue among these (being fixed) that a change of ``records``
        (the orders or order lines of one change) repairs: the issue of its
        line, else of its order."""
        keys = {(record._name, record.id) for record in records if record}
        orders = {
            (record.order_id._name, record.order_id.id)
            for record in records
            if record and record._name.endswith(".line")
        }
        for names, wanted in (
            (("sale_line_id", "purchase_line_id"), keys),
            (("sale_order_id", "purchase_order_id"), keys | orders),
        ):
            for issue in self:
                if any(
                    (issue[name]._name, issue[name].id) in wanted
                    for name in names
                    if issue[name]
                ):
                    return issue
        return self.browse()

    @api.model
    def _dropship_flagged(self, lines):
        """The ids of ``lines`` (sales or purchase lines) that an open issue
        names: their rows are highlighted on the orders."""
        field = (
            "sale_line_id" if lines._name == "sale.order.line" else "purchase_line_id"
        )
        # sudo: the users of the orders see which lines are out of sync,
        # although the queue itself is for managers.
        groups = self.sudo()._read_group(
            [(field, "in", lines.ids), ("state", "=", "open")], [field]
        )
        return {line.id for (line,) in groups}

    # Actions

    def action_dropship_check_now(self):
        """Check the drop-ship pairs of the current companies now."""
        self.check_access("create")
        issues = self._dropship_scan(self.env.companies)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if issues else "success",
                "message": self.env._(
                    "Open drop-ship integrity issues: %(count)s.", count=len(issues)
                )
                if issues
                else self.env._("Every drop-ship pair is in sync."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_dropship_fix(self):
        """Check the selected issues again, then open the confirmation that
        names what the Fix writes on which document."""
        issues = self._dropship_fixable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Fix drop-ship issues"),
            "res_model": "dropship.integrity.fix",
            "view_mode": "form",
            "target": "new",
            "context": {"default_issue_ids": [fields.Command.set(issues.ids)]},
        }

    def action_dropship_accept(self, reason=None):
        """Keep the difference of the selected open issues: it is decided,
        and not offered again until one side of the pair changes.

        :param reason: why (the Accept Difference button asks for it; kept
            on the decision, in the change log and the chatter notes)
        """
        self.check_access("write")
        issues = self.filtered(lambda i: i.state == "open" and i.sale_line_id)
        if not issues:
            raise UserError(
                self.env._("Only open issues of a sales line can be accepted.")
            )
        reason = (reason or "").strip() or False
        decisions = self.env["dropship.sync.change"]._dropship_decide(
            [
                {
                    "issue": issue,
                    "note": self.env._(
                        "Difference accepted: %(description)s",
                        description=issue.description,
                    ),
                    "reason": reason,
                }
                for issue in issues
            ]
        )
        for issue, decision in zip(issues, decisions, strict=True):
            issue.write(
                {
                    "state": "decided",
                    "decision_id": decision.id,
                    "fixable": False,
                    "fix_summary": False,
                    "explanation": self._dropship_decision_text(decision),
                }
            )
        issues._dropship_tell_accepted(reason)
        return True

    def action_dropship_accept_reason(self):
        """The Accept Difference button: ask for the reason, then accept."""
        return self.env["dropship.decision.reason"]._dropship_open(issues=self)

    def _dropship_tell_accepted(self, reason):
        """Both orders' chatters note the accepted differences and why."""
        because = self.env["dropship.sync.change"]._dropship_because(reason)
        bodies = {}
        for issue in self.sudo():
            note = (
                self.env._(
                    "%(user)s accepted a drop-ship difference: %(description)s",
                    user=self.env.user.name,
                    description=issue.description,
                )
                + because
            )
            for order in (issue.sale_order_id, issue.purchase_order_id):
                if order:
                    bodies.setdefault(order, []).append(note)
        for order, notes in bodies.items():
            # _message_log_batch writes as superuser: the decision is noted
            # on both orders, whatever side the manager may write to.
            order._message_log_batch(
                {order.id: Markup().join(Markup("<p>%s</p>") % note for note in notes)}
            )

    def action_dropship_credit_note(self):
        """The draft credit note that the Fix of this issue made."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Credit Note"),
            "res_model": "account.move",
            "res_id": self.credit_note_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_dropship_decision(self):
        """The change log entry of the decision that keeps this difference."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Decision"),
            "res_model": "dropship.sync.change",
            "res_id": self.decision_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _dropship_fix_message(self):
        """The notification that tells what the Fix of these issues did."""
        fixed = self.filtered(lambda i: i.state == "fixed")
        left = self - fixed
        done = [issue.fix_summary or issue.description for issue in fixed]
        if fixed.credit_note_id:
            done.append(
                self.env._(
                    "The issue links the credit note; it waits as a draft for "
                    "the accountant."
                )
            )
        if fixed:
            done.append(self.env._("Both orders' chatters note what changed."))
        if left:
            done.append(
                self.env._(
                    "Still open after the Fix: %(issues)s",
                    issues=" ".join(left.mapped("description")),
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if left else "success",
                "sticky": bool(left),
                "title": self.env._(
                    "Fixed %(count)s of %(total)s issue(s)",
                    count=len(fixed),
                    total=len(self),
                )
                if left
                else self.env._("Fixed: %(count)s issue(s)", count=len(fixed)),
                "message": " ".join(done),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _dropship_fixable(self):
        """The selected open issues, checked again: refuse (nothing written)
        when none is open or one cannot be fixed safely."""
        self.check_access("write")
        issues = self.filtered(lambda i: i.state == "open")
        if not issues:
            raise UserError(
                self.env._(
                    "There is no open issue to fix: the selected ones were fixed, "
                    "resolved or decided already."
                )
            )
        self._dropship_scan_orders(issues.sale_order_id)
        issues = issues.filtered(lambda i: i.state == "open")
        blocked = issues.filtered(lambda i: not i.fixable)
        if blocked:
            issue = blocked[0]
            raise UserError(
                self.env._(
                    "%(issue)s cannot be fixed automatically.\n%(explanation)s",
                    issue=issue.display_name,
                    explanation=issue.explanation or "",
                )
            )
        if not issues:
            raise UserError(
                self.env._("The selected issues are no longer found: nothing to fix.")
            )
        return issues

    def _dropship_fix(self):
        """Repair these issues through their rule families, once confirmed."""
        # sudo: the pairs are locked before the issues are read again.
        return self.env["dropship.command"]._run(
            "fix",
            self,
            self._dropship_fix_checked,
            lock=[self.sudo().sale_line_id, self.sudo().purchase_line_id],
        )

    def _dropship_fix_checked(self):
        """The Fix, run by the door once the pairs are locked: the issues
        are checked again, then repaired by their families' commands."""
        issues = self._dropship_fixable()
        rule = self.env["dropship.rule"]
        for kind, group in issues.grouped("kind").items():
            # The issues sign what their Fix changes (see dropship.sync.audit).
            with scope(self.env, **{FIXING: group}):
                rule._dropship_family(kind)._fix(group)
        self.env.flush_all()
        self._dropship_scan_orders(issues.sale_order_id, fixed=issues)
        return issues

    def _dropship_change(self, field, old):
        """An audit entry: ``field`` of the sales line, repaired from the
        purchase line of the pair."""
        self.ensure_one()
        line = self.sale_line_id.sudo()
        return {
            "source": self.purchase_line_id.sudo(),
            "target": line,
            "field": field,
            "old": old,
            "new": line[field],
            "rule": "integrity",
        }

    # Scan

    @api.model
    def _cron_dropship_scan(self):
        # Run by the cron worker (its context names the job), the check is
        # committed chunk by chunk: an interrupted check resumes where the
        # last committed chunk ended. Run by hand (Run Manually, a request)
        # or inside a test, it never commits.
        commit = bool(self.env.context.get("cron_id")) and not module.current_test
        self._dropship_scan(resume=True, commit=commit)

    @api.model
    def _dropship_scan(
        self, companies=None, resume=False, commit=False, max_chunks=None, chunk=None
    ):
        """Check the drop-ship pairs of ``companies`` (all by default).

        Creates or updates one issue per drifted pair and kind; open issues
        of these companies that are no longer found are resolved. The pairs
        are checked in chunks of sales orders (``SCAN_CHUNK`` lines), in the
        order of their ids.

        :param resume: start after the cursor that an interrupted check
            left, and keep the cursor after each chunk (the scheduled
            action)
        :param commit: commit after each chunk (the scheduled action only)
        :param max_chunks: stop after this many chunks, keeping the cursor
            (the next check resumes after it)
        :param chunk: sales lines per chunk (``SCAN_CHUNK``)
        :return: the open issues found
        """
        if companies is None:
            companies = self.env["res.company"].sudo().search([])
        # sudo: the check compares both sides of each pair, which a sales or
        # purchase manager cannot both read; it is limited to ``companies``
        # and only records the differences in issues of these companies.
        params = self.env["ir.config_parameter"].sudo()
        cursor = int(params.get_param(SCAN_CURSOR_PARAM) or 0) if resume else 0
        scope = [("company_id", "in", companies.ids)]
        found_ids = []
        for _chunk in range(max_chunks or 2**31):
            lines, last = self._dropship_scan_chunk(
                companies, cursor, chunk or SCAN_CHUNK
            )
            # (A many2one compared with 0 would compare with NULL.)
            chunk_scope = scope + ([("sale_order_id", ">", cursor)] if cursor else [])
            if last:
                chunk_scope.append(("sale_order_id", "<=", last))
            found_ids += self._dropship_scan_lines(lines, chunk_scope).ids
            cursor = last
            if resume:
                params.set_param(SCAN_CURSOR_PARAM, cursor or False)
            if commit:
                # The scheduled action keeps each chunk checked (and its
                # cursor), so that an interruption does not lose it.
                self.env.cr.commit()  # pylint: disable=invalid-commit
            # The next chunk does not find this one's records in the cache.
            self.env.invalidate_all()
            if not cursor:
                break
        return self.browse(found_ids)

    @api.model
    def _dropship_scan_chunk(self, companies, cursor, size):
        """(paired sales lines, last sales order id) of the next chunk: the
        lines of whole sales orders after ``cursor``; the id is 0 when no
        line is left."""
        # sudo: see _dropship_scan.
        Line = self.env["sale.order.line"].sudo()
        Line.flush_model(["company_id", "state", "order_id"])
        self.env["purchase.order.line"].flush_model(["sale_line_id"])
        query = SQL(
            "SELECT sol.id, sol.order_id FROM sale_order_line sol "
            "WHERE sol.company_id = ANY(%s) AND sol.state IN ('sale', 'cancel') "
            "AND sol.order_id > %s AND EXISTS (SELECT 1 FROM "
            "purchase_order_line pol WHERE pol.sale_line_id = sol.id) "
            "ORDER BY sol.order_id, sol.id LIMIT %s",
            companies.ids,
            cursor,
            size,
        )
        head = self.env.execute_query(query)
        if len(head) < size:
            return Line.browse([row[0] for row in head]), 0
        last = head[-1][1]
        # The rest of the last sales order belongs to this chunk.
        rest = self.env.execute_query(
            SQL(
                "SELECT sol.id FROM sale_order_line sol WHERE sol.order_id = %s "
                "AND sol.state IN ('sale', 'cancel') AND sol.id > %s AND EXISTS "
                "(SELECT 1 FROM purchase_order_line pol WHERE pol.sale_line_id = "
                "sol.id) ORDER BY sol.id",
                last,
                head[-1][0],
            )
        )
        return Line.browse([row[0] for row in head + rest]), last

    @api.model
    def _dropship_scan_orders(self, orders, fixed=None):
        """Check the pairs of these sales orders again; the issues in
        ``fixed`` that are no longer found become fixed."""
        # sudo: see _dropship_scan.
        lines = orders.sudo().order_line.filtered(
            lambda sol: sol.state in ("sale", "cancel") and sol.purchase_line_ids
        )
        return self._dropship_scan_lines(
            lines, [("sale_order_id", "in", orders.ids)], fixed=fixed
        )

    @api.model
    def _dropship_scan_lines(self, lines, scope, fixed=None):
        found = {}
        families = self.env["dropship.rule"]._dropship_families()
        for index, ids in enumerate(split_every(SCAN_BATCH, lines.ids)):
            if index:
                # Only ids and texts are kept: on a big database, the cache
                # does not grow with every batch read.
                self.env.invalidate_all()
            batch = ScanBatch(self.env, lines.browse(ids))
            if not batch.lines:
                continue
            drifts = [vals for family in families for vals in family._verify(batch)]
            found.update(self._dropship_decided(batch.lines, drifts))
        return self._dropship_record(found, scope, fixed or self.browse())

    @api.model
    def _dropship_waiting(self, lines):
        """{(sales line id, kind)} of the supplier changes of these lines that
        wait for the salesperson's approval: the difference is expected until
        the salesperson decides, it is not a drift."""
        # sudo: read by the integrity check, for any manager.
        pending = (
            self.env["dropship.sync.change"]
            .sudo()
            ._read_group(
                [
                    ("state", "=", "pending"),
                    ("sale_line_id", "in", lines.ids),
                    ("rule", "in", list(APPROVAL_RULES)),
                ],
                ["sale_line_id", "rule"],
            )
        )
        return {
            (line.id, kind)
            for line, rule in pending
            for kind in APPROVAL_RULES[rule][1]
        }

    @api.model
    def _dropship_decisions(self, lines):
        """{(sales line id, kind): the newest decision} on these lines."""
        # sudo: read by the integrity check, for any manager.
        decisions = (
            self.env["dropship.sync.change"]
            .sudo()
            .search(
                [
                    ("state", "in", ("rejected", "accepted")),
                    ("sale_line_id", "in", lines.ids),
                    ("decision_key", "!=", False),
                ],
                order="id desc",
            )
        )
        result = {}
        for decision in decisions:
            result.setdefault(
                (decision.sale_line_id.id, decision.decision_kind), decision
            )
        return result

    @api.model
    def _dropship_decided(self, lines, drifts):
        """{key: issue values} of ``drifts``: those waiting for a decision
        (a pending supplier change) are left out, those somebody decided
        on are marked decided."""
        waiting = self._dropship_waiting(lines)
        decisions = self._dropship_decisions(lines)
        found = {}
        for vals in drifts:
            pair = (vals["sale_line_id"], vals["kind"])
            if pair in waiting:
                continue
            decision = decisions.get(pair)
            if decision and decision.decision_key == vals["drift_key"]:
                vals = dict(
                    vals,
                    state="decided",
                    decision_id=decision.id,
                    fixable=False,
                    fix_summary=False,
                    explanation=self._dropship_decision_text(decision),
                )
            else:
                vals = dict(vals, state="open", decision_id=False)
            found[self._dropship_key(vals)] = vals
        return found

    @api.model
    def _dropship_decision_text(self, decision):
        values = {
            "user": decision.reviewer_id.name or "-",
            "date": self.env["dropship.sync.audit"]._dropship_format(
                decision.review_date
            ),
        }
        if decision.state == "rejected":
            text = self.env._(
                "%(user)s rejected this supplier change on %(date)s: the sales "
                "order keeps its values. It is checked again when one side "
                "changes.",
                **values,
            )
            return text + decision._dropship_because(decision.review_note)
        text = self.env._(
            "%(user)s accepted this difference on %(date)s. It is checked again "
            "when one side changes.",
            **values,
        )
        return text + decision._dropship_because(decision.review_note)

    @api.model
    def _dropship_record(self, found, scope, fixed):
        """Create or update the issues ``found`` ({key: values}); the issues
        of ``scope`` still open (or decided) but not found any more are
        closed."""
        now = fields.Datetime.now()
        existing = self.search(scope + [("state", "in", ("open", "decided"))])
        by_key = {self._dropship_key(issue): issue for issue in existing}
        result_ids, unchanged_ids, create_vals = [], [], []
        for key, vals in found.items():
            issue = by_key.pop(key, None)
            if not issue:
                create_vals.append(dict(vals, detected_date=now, last_check_date=now))
                continue
            result_ids.append(issue.id)
            changed = {
                fname: value
                for fname, value in vals.items()
                if issue._dropship_value(fname) != value
            }
            if changed:
                issue.write(dict(changed, last_check_date=now))
            else:
                unchanged_ids.append(issue.id)
        self.browse(unchanged_ids).write({"last_check_date": now})
        result = self.browse(result_ids) | self.create(create_vals)
        gone = self.browse([issue.id for issue in by_key.values()])
        (gone & fixed).write(
            {"state": "fixed", "close_date": now, "fixed_by_id": self.env.uid}
        )
        (gone - fixed).write({"state": "resolved", "close_date": now})
        return result.filtered(lambda i: i.state == "open")

    def _dropship_value(self, fname):
        value = self[fname]
        if isinstance(value, models.BaseModel):
            return value.id
        return value

    @api.model
    def _dropship_key(self, issue):
        """One issue per pair and kind: a sales line (the pair) for the
        line kinds, a sales order and purchase order for holds."""
        if issue["kind"] == "hold":
            return (
                "hold",
                self._dropship_id(issue["sale_order_id"]),
                self._dropship_id(issue["purchase_order_id"]),
            )
        return (issue["kind"], self._dropship_id(issue["sale_line_id"]))

    @api.model
    def _dropship_id(self, value):
        return value.id if isinstance(value, models.BaseModel) else value
