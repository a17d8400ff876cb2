# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round, split_every

# Sales lines checked per batch: one read per relation and batch.
SCAN_BATCH = 500

ISSUE_KINDS = [
    ("cancel", "One side cancelled"),
    ("qty", "Quantities differ"),
    ("hold", "Hold on one side only"),
    ("receipt", "Receipt not reflected"),
    ("cost", "Cost not reflected"),
    ("lots", "Lots not reflected"),
]


class DropshipIntegrityIssue(models.Model):
    """A drop-ship pair whose sales and purchase sides drifted apart.

    The queue is filled by ``_dropship_scan`` (daily scheduled action, or
    *Check Now*): one open issue per pair and kind, updated by later scans,
    *resolved* when a scan no longer finds the drift and *fixed* when the
    Fix action repaired it. The Fix re-runs the synchronization through the
    same methods as the rules themselves, so both chatters say what changed.
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
    kind = fields.Selection(ISSUE_KINDS, required=True, readonly=True, index=True)
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
        [("open", "Open"), ("fixed", "Fixed"), ("resolved", "Resolved")],
        default="open",
        required=True,
        readonly=True,
        index=True,
        help="Fixed: repaired by the Fix action. Resolved: a later check no "
        "longer found the drift.",
    )
    detected_date = fields.Datetime(
        string="Detected On", default=fields.Datetime.now, required=True, readonly=True
    )
    last_check_date = fields.Datetime(string="Last Checked On", readonly=True)
    close_date = fields.Datetime(string="Closed On", readonly=True)

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
                    "%(count)s open drop-ship integrity issues.", count=len(issues)
                )
                if issues
                else self.env._("Every drop-ship pair is in sync."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_dropship_fix(self):
        """Repair the selected open issues by re-running the synchronization.

        The pairs are checked again first; an issue that cannot be fixed
        safely (goods received, locked target, unclear direction) refuses
        the whole action with its explanation, and nothing is written.
        """
        self.check_access("write")
        issues = self.filtered(lambda i: i.state == "open")
        if not issues:
            raise UserError(
                self.env._(
                    "There is no open issue to fix: the selected ones were fixed "
                    "or resolved already."
                )
            )
        orders = issues.sale_order_id
        self._dropship_scan_orders(orders)
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
        for kind, group in issues.grouped("kind").items():
            getattr(group, f"_dropship_fix_{kind}")()
        self.env.flush_all()
        self._dropship_scan_orders(orders, fixed=issues)
        return True

    # Fixes (one method per kind, on the issues of that kind)

    def _dropship_fix_cancel(self):
        to_sale = self.filtered(lambda i: i.fix_target == "sale")
        if to_sale:
            # sudo: the fix mirrors onto the sales side like rule 2c does for
            # a purchaser; a purchase manager may have no sales rights.
            lines = to_sale.sale_line_id.sudo()
            lines._dropship_follow_purchase_qty(
                {i.sale_line_id.id: i.purchase_line_id.sudo() for i in to_sale},
                cancel=True,
            )
        to_purchase = self - to_sale
        if to_purchase:
            # sudo: as rules 2 / 2b do for a salesperson without purchase rights.
            purchase_lines = (
                to_purchase.sale_line_id.sudo()
                ._dropship_purchase_lines()
                .filtered(
                    lambda pol: (
                        float_compare(
                            pol.product_qty,
                            0.0,
                            precision_rounding=pol.product_uom.rounding,
                        )
                        > 0
                    )
                )
            )
            purchase_lines._dropship_set_zero()

    def _dropship_fix_qty(self):
        to_sale = self.filtered(lambda i: i.fix_target == "sale")
        if to_sale:
            # sudo: as rule 10b does for a purchaser without sales rights.
            to_sale.sale_line_id.sudo()._dropship_follow_purchase_qty(
                {i.sale_line_id.id: i.purchase_line_id.sudo() for i in to_sale}
            )
        to_purchase = self - to_sale
        if to_purchase:
            # sudo: as rule 10 does for a salesperson without purchase rights.
            purchase_lines = to_purchase.sale_line_id.sudo()._dropship_purchase_lines()
            purchase_lines._dropship_follow_sale_qty()

    def _dropship_fix_hold(self):
        # The hold (or its release) is mirrored again from the side that set
        # it: the sales order when the purchase order is to follow, and the
        # other way round.
        # sudo: rules 1 / 1b mirror for users with rights on one side only.
        sale_setters = self.filtered(lambda i: i.fix_target == "purchase").sale_order_id
        if sale_setters:
            sale_setters.sudo()._dropship_mirror_hold()
        purchase_setters = self.filtered(
            lambda i: i.fix_target == "sale"
        ).purchase_order_id
        if purchase_setters:
            purchase_setters.sudo()._dropship_mirror_hold()

    def _dropship_fix_receipt(self):
        # sudo: the status of the sales lines follows the receipts for a
        # purchase manager without sales rights, as on a receipt.
        lines = self.sale_line_id.sudo()
        before = {line: (line.qty_delivered, line.dropship_state) for line in lines}
        self.env.add_to_compute(lines._fields["qty_delivered"], lines)
        lines.flush_recordset(["qty_delivered"])
        # A recomputation does not tell the fields that depend on it
        # (invoicing status, drop-ship status): do it here.
        lines.modified(["qty_delivered"])
        lines._dropship_store_state()
        changes = []
        for issue in self:
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
        self.env["dropship.sync.audit"]._dropship_audit(changes)

    def _dropship_fix_cost(self):
        # sudo: the cost of the sales lines follows the purchase side for a
        # purchase manager without sales rights, as on a price change.
        lines = self.sale_line_id.sudo()
        before = {line: line.purchase_price for line in lines}
        lines._dropship_recompute_cost()
        lines.flush_recordset(["purchase_price"])
        self.env["dropship.sync.audit"]._dropship_audit(
            issue._dropship_change("purchase_price", before[issue.sale_line_id])
            for issue in self
            if float_compare(
                before[issue.sale_line_id],
                issue.sale_line_id.sudo().purchase_price,
                precision_digits=6,
            )
        )

    def _dropship_fix_lots(self):
        # sudo: as on a receipt validated by a user without sales rights.
        lines = self.sale_line_id.sudo()
        before = {line: line.lot_ids for line in lines}
        fnames = ["lot_ids", "dropship_reversed_lot_ids"]
        for fname in fnames:
            self.env.add_to_compute(lines._fields[fname], lines)
        lines.flush_recordset(fnames)
        lines.modified(fnames)
        self.env["dropship.sync.audit"]._dropship_audit(
            issue._dropship_change("lot_ids", before[issue.sale_line_id])
            for issue in self
            if before[issue.sale_line_id] != issue.sale_line_id.sudo().lot_ids
        )

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
        self._dropship_scan()

    @api.model
    def _dropship_scan(self, companies=None):
        """Check the drop-ship pairs of ``companies`` (all by default).

        Creates or updates one open issue per drifted pair and kind; open
        issues of these companies that are no longer found are resolved.

        :return: the open issues found
        """
        if companies is None:
            companies = self.env["res.company"].sudo().search([])
        # sudo: the check compares both sides of each pair, which a sales or
        # purchase manager cannot both read; it is limited to ``companies``
        # and only records the differences in issues of these companies.
        lines = (
            self.env["sale.order.line"]
            .sudo()
            .search(
                [
                    ("company_id", "in", companies.ids),
                    ("state", "in", ("sale", "cancel")),
                    ("purchase_line_ids", "!=", False),
                ],
                order="id",
            )
        )
        return self._dropship_scan_lines(lines, [("company_id", "in", companies.ids)])

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
        for index, batch in enumerate(split_every(SCAN_BATCH, lines.ids, lines.browse)):
            if index:
                # Only ids and texts are kept: on a big database, the cache
                # does not grow with every batch read.
                self.env.invalidate_all()
            found.update(self._dropship_find(batch))
        return self._dropship_record(found, scope, fixed or self.browse())

    @api.model
    def _dropship_record(self, found, scope, fixed):
        """Create or update the issues ``found`` ({key: values}); the open
        issues of ``scope`` not found any more are closed."""
        now = fields.Datetime.now()
        existing = self.search(scope + [("state", "=", "open")])
        by_key = {self._dropship_key(issue): issue for issue in existing}
        result = self.browse()
        unchanged = self.browse()
        create_vals = []
        for key, vals in found.items():
            issue = by_key.pop(key, None)
            if not issue:
                create_vals.append(vals)
                continue
            result |= issue
            changed = {
                fname: value
                for fname, value in vals.items()
                if issue._dropship_value(fname) != value
            }
            if changed:
                issue.write(dict(changed, last_check_date=now))
            else:
                unchanged |= issue
        unchanged.write({"last_check_date": now})
        for vals in create_vals:
            vals.update(detected_date=now, last_check_date=now)
        result |= self.create(create_vals)
        gone = self.browse().union(*by_key.values())
        (gone & fixed).write({"state": "fixed", "close_date": now})
        (gone - fixed).write({"state": "resolved", "close_date": now})
        return result

    def _dropship_value(self, fname):
        value = self[fname]
        if isinstance(value, models.BaseModel):
            return value.id
        return value

    @api.model
    def _dropship_key(self, issue):
        """One open issue per pair and kind: a sales line (the pair) for the
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

    @api.model
    def _dropship_find(self, lines):
        """{key: issue values} of the drifts of these sales lines (sudo)."""
        found = {}
        purchase_lines = lines._dropship_purchase_lines(include_cancelled=True)
        by_line = purchase_lines.grouped("sale_line_id")
        pairs = lines.filtered(lambda sol: sol in by_line)
        if not pairs:
            return found
        targets = pairs._dropship_qty_from_purchase()
        waiting = self._dropship_waiting(pairs)
        # One read per relation for the receipts of the whole batch.
        pairs.move_ids.move_line_ids.mapped("lot_id")
        pairs.move_ids.fetch(["dropship_removed_lot_ids"])
        hold_pairs = {}
        for line in pairs:
            pols = by_line[line]
            open_pols = pols.filtered(lambda pol: pol.state != "cancel")
            checks = (
                self._dropship_check_quantities(line, pols, open_pols, targets),
                self._dropship_check_receipt(line, pols),
                self._dropship_check_cost(line, pols),
                self._dropship_check_lots(line, pols),
            )
            for vals in filter(None, checks):
                if (line.id, vals["kind"]) not in waiting:
                    found[self._dropship_key(vals)] = vals
            if line.state == "sale":
                for purchase in open_pols.order_id:
                    hold_pairs[line.order_id, purchase] = True
        for order, purchase in hold_pairs:
            vals = self._dropship_check_hold(order, purchase)
            if vals:
                found[self._dropship_key(vals)] = vals
        return found

    @api.model
    def _dropship_waiting(self, lines):
        """{(sales line id, kind)} of the supplier changes of these lines that
        wait for the salesperson's approval: the difference is expected until
        the salesperson decides, it is not a drift."""
        kinds = {
            "po_qty": ("qty", "cancel"),
            "po_cancel": ("qty", "cancel"),
            "po_price": ("cost",),
        }
        # sudo: see _dropship_scan.
        pending = (
            self.env["dropship.sync.change"]
            .sudo()
            ._read_group(
                [
                    ("state", "=", "pending"),
                    ("sale_line_id", "in", lines.ids),
                    ("rule", "in", list(kinds)),
                ],
                ["sale_line_id", "rule"],
            )
        )
        return {(line.id, kind) for line, rule in pending for kind in kinds[rule]}

    @api.model
    def _dropship_vals(
        self,
        kind,
        line,
        purchase_line,
        description,
        target=False,
        summary=False,
        blocked=False,
    ):
        return {
            "kind": kind,
            "company_id": line.company_id.id,
            "sale_order_id": line.order_id.id,
            "sale_line_id": line.id,
            "purchase_order_id": purchase_line.order_id.id,
            "purchase_line_id": purchase_line.id,
            "description": description,
            "fix_target": target,
            "fixable": not blocked,
            "fix_summary": False if blocked else summary,
            "explanation": blocked or False,
        }

    @api.model
    def _dropship_fmt(self, value):
        return self.env["dropship.sync.audit"]._dropship_format(value)

    # Checks: each returns the values of an issue, or None

    @api.model
    def _dropship_check_quantities(self, line, pols, open_pols, targets):
        """One side cancelled (or at zero) while the other still has quantity
        (rules 2 / 2b / 2c), or quantities that differ (rules 10 / 10b)."""
        company = line.company_id
        selling = (
            line.state == "sale"
            and float_compare(
                line.product_uom_qty, 0.0, precision_rounding=line.product_uom.rounding
            )
            > 0
        )
        ordering = open_pols.filtered(
            lambda pol: (
                float_compare(
                    pol.product_qty, 0.0, precision_rounding=pol.product_uom.rounding
                )
                > 0
            )
        )
        product = line.product_id.display_name
        if selling and not ordering:
            if company.dropship_sync_po_cancel_policy == "off":
                return None
            purchase_line = pols.sorted("id")[-1]
            description = self.env._(
                "%(purchase)s no longer orders %(product)s (cancelled or set to "
                "zero), but %(sale)s still sells %(qty)s %(uom)s of it.",
                purchase=purchase_line.order_id.display_name,
                product=product,
                sale=line.order_id.display_name,
                qty=self._dropship_fmt(line.product_uom_qty),
                uom=line.product_uom.name,
            )
            summary = self.env._(
                "%(sale)s: the quantity of %(product)s goes to 0; the sales order "
                "is cancelled when nothing is left on it.",
                sale=line.order_id.display_name,
                product=product,
            )
            blocked = self._dropship_sale_blocked(line, 0.0)
            return self._dropship_vals(
                "cancel", line, purchase_line, description, "sale", summary, blocked
            )
        if ordering and not selling:
            policy = (
                company.dropship_sync_so_cancel_policy
                if line.state == "cancel"
                else company.dropship_sync_so_line_cancel_policy
            )
            if policy == "off":
                return None
            purchase_line = ordering.sorted("id")[-1]
            description = self.env._(
                "%(sale)s no longer sells %(product)s (cancelled or set to zero), "
                "but %(purchase)s still orders %(qty)s %(uom)s of it.",
                sale=line.order_id.display_name,
                product=product,
                purchase=", ".join(ordering.order_id.mapped("display_name")),
                qty=self._dropship_fmt(sum(ordering.mapped("product_qty"))),
                uom=purchase_line.product_uom.name,
            )
            summary = self.env._(
                "%(purchase)s: the quantity of %(product)s goes to 0; a purchase "
                "order left with nothing is cancelled.",
                purchase=", ".join(ordering.order_id.mapped("display_name")),
                product=product,
            )
            blocked = self._dropship_purchase_blocked(ordering, line, 0.0)
            return self._dropship_vals(
                "cancel", line, purchase_line, description, "purchase", summary, blocked
            )
        if selling and ordering:
            return self._dropship_check_qty(line, open_pols, targets)
        return None

    @api.model
    def _dropship_check_qty(self, line, open_pols, targets):
        """The sales quantity differs from its open purchase lines'."""
        # A kit sold and its components bought: quantities do not compare.
        if open_pols.product_id != line.product_id:
            return None
        rounding = line.product_uom.rounding
        purchase_qty = targets.get(line.id, 0.0)
        if (
            float_compare(
                line.product_uom_qty, purchase_qty, precision_rounding=rounding
            )
            == 0
        ):
            return None
        company = line.company_id
        purchase_line = open_pols.sorted("id")[-1]
        sale_date = line.write_date
        purchase_date = max(open_pols.mapped("write_date"))
        sale, purchase = (
            line.order_id.display_name,
            ", ".join(open_pols.order_id.mapped("display_name")),
        )
        description = self.env._(
            "%(product)s: %(sale)s sells %(sale_qty)s %(uom)s, %(purchase)s orders "
            "%(purchase_qty)s %(uom)s.",
            product=line.product_id.display_name,
            sale=sale,
            purchase=purchase,
            sale_qty=self._dropship_fmt(line.product_uom_qty),
            purchase_qty=self._dropship_fmt(purchase_qty),
            uom=line.product_uom.name,
        )
        if sale_date == purchase_date:
            if (
                company.dropship_sync_so_qty_policy == "off"
                and company.dropship_sync_po_qty_policy == "off"
            ):
                return None
            blocked = self.env._(
                "%(sale)s and %(purchase)s were last changed at the same time, so "
                "which one is right cannot be told. Correct the quantity by hand on "
                "the document that is wrong.",
                sale=sale,
                purchase=purchase,
            )
            return self._dropship_vals(
                "qty", line, purchase_line, description, blocked=blocked
            )
        if sale_date > purchase_date:
            if company.dropship_sync_so_qty_policy == "off":
                return None
            summary = self.env._(
                "%(sale)s was changed last: %(purchase)s follows and orders "
                "%(qty)s %(uom)s.",
                sale=sale,
                purchase=purchase,
                qty=self._dropship_fmt(line.product_uom_qty),
                uom=line.product_uom.name,
            )
            blocked = self._dropship_purchase_blocked(
                open_pols, line, line.product_uom_qty
            )
            return self._dropship_vals(
                "qty", line, purchase_line, description, "purchase", summary, blocked
            )
        if company.dropship_sync_po_qty_policy == "off":
            return None
        summary = self.env._(
            "%(purchase)s was changed last: %(sale)s follows and sells %(qty)s "
            "%(uom)s.",
            sale=sale,
            purchase=purchase,
            qty=self._dropship_fmt(purchase_qty),
            uom=line.product_uom.name,
        )
        blocked = self._dropship_sale_blocked(line, purchase_qty)
        return self._dropship_vals(
            "qty", line, purchase_line, description, "sale", summary, blocked
        )

    @api.model
    def _dropship_check_hold(self, order, purchase):
        """Held on one side only, for a hold the other side should follow."""
        if order.on_hold == purchase.on_hold:
            return None
        company = order.company_id
        held, other = (order, purchase) if order.on_hold else (purchase, order)
        if not held.hold_origin:
            setter = held
        elif held.hold_origin == other.display_name:
            # Held by the other side, whose hold was released since.
            setter = other
        else:
            return None
        setter_is_sale = setter._name == "sale.order"
        enabled = (
            company.dropship_sync_so_hold
            if setter_is_sale
            else company.dropship_sync_po_hold
        )
        if not enabled:
            return None
        if setter == held:
            description = self.env._(
                "%(held)s is on hold (%(reason)s) but %(other)s is not.",
                held=held.display_name,
                reason=held.hold_reason or self.env._("no reason given"),
                other=other.display_name,
            )
            summary = self.env._(
                "%(other)s is put on hold too, until the hold is released on %(held)s.",
                other=other.display_name,
                held=held.display_name,
            )
        else:
            description = self.env._(
                "%(held)s is still on hold (%(reason)s) for a hold set on "
                "%(other)s, which was released.",
                held=held.display_name,
                reason=held.hold_reason or self.env._("no reason given"),
                other=other.display_name,
            )
            summary = self.env._(
                "The hold on %(held)s is released.", held=held.display_name
            )
        return {
            "kind": "hold",
            "company_id": company.id,
            "sale_order_id": order.id,
            "sale_line_id": False,
            "purchase_order_id": purchase.id,
            "purchase_line_id": False,
            "description": description,
            "fix_target": "purchase" if setter_is_sale else "sale",
            "fixable": True,
            "fix_summary": summary,
            "explanation": False,
        }

    @api.model
    def _dropship_check_receipt(self, line, pols):
        """The drop-ship status or delivered quantity of the sales line does
        not show what its receipts did."""
        differences = []
        expected_state = line._dropship_get_state()
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
            expected_qty = self._dropship_delivered(line)
            if float_compare(
                line.qty_delivered,
                expected_qty,
                precision_rounding=line.product_uom.rounding,
            ):
                differences.append(
                    self.env._(
                        "delivered %(stored)s %(uom)s while the drop-ship receipts "
                        "delivered %(expected)s %(uom)s",
                        stored=self._dropship_fmt(line.qty_delivered),
                        expected=self._dropship_fmt(expected_qty),
                        uom=line.product_uom.name,
                    )
                )
        if not differences:
            return None
        purchase_line = pols.sorted("id")[-1]
        description = self.env._(
            "%(product)s on %(sale)s: %(differences)s.",
            product=line.product_id.display_name,
            sale=line.order_id.display_name,
            differences="; ".join(differences),
        )
        summary = self.env._(
            "The delivered quantity and drop-ship status of the sales line are "
            "computed again from the receipts of %(purchase)s.",
            purchase=purchase_line.order_id.display_name,
        )
        return self._dropship_vals(
            "receipt", line, purchase_line, description, "sale", summary
        )

    @api.model
    def _dropship_delivered(self, line):
        """What the done moves of ``line`` delivered, counted as core does."""
        outgoing, incoming = line._get_outgoing_incoming_moves()
        qty = 0.0
        for moves, sign in ((outgoing, 1), (incoming, -1)):
            for move in moves.filtered(lambda m: m.state == "done"):
                qty += sign * move.product_uom._compute_quantity(
                    move.quantity, line.product_uom, rounding_method="HALF-UP"
                )
        return qty

    @api.model
    def _dropship_check_cost(self, line, pols):
        """The sales line cost is not the vendor's (rules 5 and 10b)."""
        if not line._dropship_cost_applies():
            return None
        expected = line._dropship_cost()
        # Compared at the coarser of the currency and the price precisions.
        digits = self.env["decimal.precision"].precision_get("Product Price")
        rounding = max(line.currency_id.rounding, 10**-digits)
        if (
            float_compare(line.purchase_price, expected, precision_rounding=rounding)
            == 0
        ):
            return None
        purchase_line = pols.sorted("id")[-1]
        description = self.env._(
            "%(product)s on %(sale)s costs %(stored)s, while %(purchase)s and its "
            "receipts give %(expected)s.",
            product=line.product_id.display_name,
            sale=line.order_id.display_name,
            purchase=purchase_line.order_id.display_name,
            stored=self._dropship_fmt(line.purchase_price),
            expected=self._dropship_fmt(
                float_round(expected, precision_rounding=rounding)
            ),
        )
        summary = self.env._(
            "The cost of the sales line is computed again from the purchase price "
            "and the receipt costs."
        )
        return self._dropship_vals(
            "cost", line, purchase_line, description, "sale", summary
        )

    @api.model
    def _dropship_check_lots(self, line, pols):
        """The lots recorded on the sales line are not the ones delivered."""
        if not line.company_id.dropship_sync_lot_record:
            return None
        expected, _received = line._dropship_delivered_lots()
        if expected == line.lot_ids:
            return None
        purchase_line = pols.sorted("id")[-1]
        description = self.env._(
            "%(product)s on %(sale)s records the lots %(stored)s, while the "
            "drop-ship receipts delivered %(expected)s.",
            product=line.product_id.display_name,
            sale=line.order_id.display_name,
            stored=self._dropship_fmt(line.lot_ids.sorted("name")),
            expected=self._dropship_fmt(expected.sorted("name")),
        )
        summary = self.env._(
            "The sales line records the lots delivered by %(purchase)s (the line "
            "is not split afterwards).",
            purchase=purchase_line.order_id.display_name,
        )
        return self._dropship_vals(
            "lots", line, purchase_line, description, "sale", summary
        )

    # Why a fix is not safe (None when it is)

    @api.model
    def _dropship_sale_blocked(self, line, new_qty):
        """Why ``line`` cannot be set to ``new_qty`` by the fix."""
        if line.order_id.locked:
            return self.env._(
                "%(document)s is locked: unlock it, then press Fix again.",
                document=line.order_id.display_name,
            )
        if (
            float_compare(
                new_qty,
                line.qty_delivered,
                precision_rounding=line.product_uom.rounding,
            )
            < 0
        ):
            return self.env._(
                "The customer already received %(qty)s %(uom)s of %(product)s on "
                "%(document)s, so the sales line cannot go below that. Create a "
                "return first and press Fix again, or correct the purchase order "
                "by hand if the customer keeps the goods.",
                qty=self._dropship_fmt(line.qty_delivered),
                uom=line.product_uom.name,
                product=line.product_id.display_name,
                document=line.order_id.display_name,
            )
        return None

    @api.model
    def _dropship_purchase_blocked(self, purchase_lines, line, new_qty):
        """Why ``purchase_lines`` cannot order ``new_qty`` (in the UoM of the
        sales ``line``) after the fix."""
        locked = purchase_lines.order_id.filtered(lambda po: po.state == "done")
        if locked:
            return self.env._(
                "%(document)s is locked: unlock it, then press Fix again.",
                document=locked[0].display_name,
            )
        received = sum(
            pol.product_uom._compute_quantity(
                pol.qty_received, line.product_uom, round=False
            )
            for pol in purchase_lines
        )
        if (
            float_compare(
                new_qty, received, precision_rounding=line.product_uom.rounding
            )
            < 0
        ):
            return self.env._(
                "The vendor already delivered %(qty)s %(uom)s of %(product)s to the "
                "customer on %(document)s, so the purchase order cannot go below "
                "that. Return the goods first (return of the drop-ship transfer) "
                "and press Fix again, or correct the sales order by hand if the "
                "customer keeps them.",
                qty=self._dropship_fmt(received),
                uom=line.product_uom.name,
                product=line.product_id.display_name,
                document=", ".join(purchase_lines.order_id.mapped("display_name")),
            )
        return None
