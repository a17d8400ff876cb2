# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from .dropship_door import ACTOR, VENDOR_DOCUMENT, fact
from .dropship_rule import in_selection_order
from .dropship_rule_registry import APPROVAL_RULES, RULE_SELECTION, RULE_SETTING


class DropshipSyncChange(models.Model):
    """One change that the synchronization made, proposed or refused.

    The chatter notes tell the story on each document; this log is the
    queryable history of every pair, and holds the supplier changes that
    wait for the salesperson's approval (policy "approve").
    """

    _name = "dropship.sync.change"
    _description = "Drop-ship Change"
    _order = "date desc, id desc"
    _rec_name = "field_label"

    company_id = fields.Many2one("res.company", required=True, index=True)
    sale_order_id = fields.Many2one(
        "sale.order", string="Sales Order", index=True, ondelete="cascade"
    )
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Sales Order Line", ondelete="cascade"
    )
    purchase_order_id = fields.Many2one(
        "purchase.order", index=True, ondelete="cascade"
    )
    purchase_line_id = fields.Many2one(
        "purchase.order.line",
        string="Purchase Order Line",
        index="btree_not_null",
        ondelete="cascade",
    )
    product_id = fields.Many2one("product.product")
    partner_id = fields.Many2one(related="sale_order_id.partner_id", string="Customer")
    currency_id = fields.Many2one(related="sale_order_id.currency_id")
    amount_impact = fields.Monetary(
        string="Impact",
        readonly=True,
        help="What the change does to the sales order, in its currency: the "
        "change of the amount sold for a quantity change, the change of the "
        "margin for a price change.",
    )
    source_side = fields.Selection(
        [("sale", "Sales Order"), ("purchase", "Purchase Order")],
        string="Changed On",
        required=True,
        help="The side of the pair where the change was made.",
    )
    source_ref = fields.Char(string="Source", help="The document that changed.")
    target_ref = fields.Char(string="Target", help="The document that follows.")
    rule = fields.Selection(
        RULE_SELECTION,
        required=True,
        index=True,
        group_expand=in_selection_order("rule"),
    )
    policy = fields.Selection(
        [
            ("mirror", "Mirror"),
            ("notify", "Notify"),
            ("approve", "Approve"),
            ("always", "Always"),
        ],
        required=True,
        default="mirror",
    )
    field_name = fields.Char(string="Technical Field")
    field_label = fields.Char(string="Field", required=True)
    old_value = fields.Char()
    new_value = fields.Char()
    # Dates are also kept as dates: the form shows them in the reader's zone.
    old_date = fields.Datetime(readonly=True)
    new_date = fields.Datetime(readonly=True)
    # The proposed value of a pending change, compared with the purchase
    # line when it is reviewed: a change that no longer applies is superseded.
    proposed_float = fields.Float(digits=0)
    proposed_date = fields.Datetime()
    state = fields.Selection(
        [
            ("done", "Applied"),
            ("notified", "Notified"),
            ("pending", "Pending"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("accepted", "Difference Accepted"),
            ("superseded", "Superseded"),
        ],
        string="Status",
        required=True,
        default="done",
        index=True,
        group_expand=in_selection_order("state"),
    )
    user_id = fields.Many2one(
        "res.users", string="Changed By", default=lambda self: self.env.user
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    channel = fields.Selection(
        [("portal", "Vendor portal"), ("document", "Vendor document")],
        string="Via",
        readonly=True,
        help="Where the change was made, when not in the back office.",
    )
    vendor_document_id = fields.Many2one(
        "dropship.vendor.document",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The vendor's document (despatch advice, order response) that "
        "made the change.",
    )
    vendor_note = fields.Char(
        readonly=True, help="The vendor's reason, given on the vendor portal."
    )
    reviewer_id = fields.Many2one("res.users", string="Reviewed By", readonly=True)
    review_date = fields.Datetime(readonly=True)
    review_note = fields.Char(
        string="Reason",
        help="Why a supplier change was rejected or superseded, or a "
        "difference accepted.",
    )
    # A rejected change or an accepted difference is a decision on the pair:
    # the integrity check does not offer to undo it while the values that
    # differ stay the ones it was taken on.
    decision_kind = fields.Char(readonly=True)
    decision_key = fields.Char(readonly=True)

    @api.depends("field_label", "source_ref", "target_ref")
    def _compute_display_name(self):
        for change in self:
            change.display_name = (
                f"{change.source_ref or ''} → {change.target_ref or ''}: "
                f"{change.field_label}"
            )

    # ------------------------------------------------------------------
    # Review of pending supplier changes
    # ------------------------------------------------------------------
    def action_approve(self):
        """Apply the pending supplier changes through the mirror path."""
        pending = self._dropship_check_reviewable()
        stale = pending._dropship_stale()
        if stale:
            stale._dropship_supersede(
                self.env._("The purchase order changed again or was cancelled.")
            )
        to_apply = pending - stale
        for change in to_apply:
            change._dropship_apply()
        # sudo: the log is only written by the synchronization itself.
        to_apply.sudo().write(
            {
                "state": "approved",
                "reviewer_id": self.env.uid,
                "review_date": fields.Datetime.now(),
            }
        )
        self._dropship_close_reviews(pending.sale_order_id)
        if stale:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "sticky": True,
                    "title": self.env._("Supplier change superseded"),
                    "message": self.env._(
                        "%(count)s change(s) no longer matched the purchase order "
                        "and were not applied: %(changes)s",
                        count=len(stale),
                        changes=", ".join(stale.mapped("display_name")),
                    ),
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
        return True

    def action_reject(self, reason=None):
        """Refuse the pending supplier changes: the sales order stays as it
        is and the purchaser is asked to go back to the vendor.

        :param reason: why (the form's Reject button asks for it; kept in
            ``review_note``, the change log and the chatter notes)
        """
        pending = self._dropship_check_reviewable()
        reason = (reason or "").strip() or False
        quantity = self.env["dropship.rule.quantity"]
        for change in pending:
            kind, key = False, False
            if change.rule in ("po_qty", "po_cancel"):
                # sudo: the pair is read for a salesperson without purchase
                # rights; the decision only remembers its quantities.
                kind, key = quantity._decision(change.sale_line_id.sudo())
            # sudo: the log is only written by the synchronization itself.
            change.sudo().write(
                {
                    "state": "rejected",
                    "reviewer_id": self.env.uid,
                    "review_date": fields.Datetime.now(),
                    "review_note": reason,
                    "decision_kind": kind,
                    "decision_key": key,
                }
            )
        pending._dropship_tell_rejected(reason)
        self._dropship_close_reviews(pending.sale_order_id)
        return True

    def action_dropship_reject_reason(self):
        """The Reject button: ask for the reason, then reject."""
        return self.env["dropship.decision.reason"]._dropship_open(changes=self)

    @api.model
    def _dropship_because(self, reason):
        """ " Reason: ..." after a decision's text, or nothing."""
        return " " + self.env._("Reason: %(reason)s", reason=reason) if reason else ""

    def _dropship_tell_rejected(self, reason):
        """The purchaser gets an activity to go back to the vendor; both
        orders' chatters note the rejection and its reason."""
        audit = self.env["dropship.sync.audit"]
        because = self._dropship_because(reason)
        for purchase, changes in self.grouped("purchase_order_id").items():
            texts = {
                "user": self.env.user.name,
                "document": purchase.display_name,
                "sale": ", ".join(changes.sale_order_id.mapped("display_name")),
                "changes": "; ".join(
                    f"{c.field_label}: {c.old_value} → {c.new_value}" for c in changes
                ),
            }
            audit._dropship_activity(
                purchase,
                self.env._(
                    "%(user)s rejected the supplier change(s) on %(document)s for "
                    "%(sale)s: %(changes)s. The sales order keeps its values; "
                    "please agree with the vendor.",
                    **texts,
                )
                + because,
                summary=self.env._("Supplier change rejected"),
            )
            note = (
                self.env._(
                    "%(user)s rejected the supplier change(s) of %(document)s: "
                    "%(changes)s.",
                    **texts,
                )
                + because
            )
            for orders in (purchase, changes.sale_order_id):
                # _message_log_batch writes as superuser: the note records
                # the decision on both orders, whatever side the reviewer
                # may write to.
                orders._message_log_batch(
                    dict.fromkeys(orders.ids, Markup("<p>%s</p>") % note)
                )

    def _dropship_check_reviewable(self):
        # The reviewer must be allowed to change the sales orders concerned
        # (the door checks it), and the pairs are locked before the state of
        # the changes is read: a change approved or rejected meanwhile by
        # someone else is refused.
        self.env["dropship.command"]._run(
            "review",
            self,
            None,
            lock=[self.sudo().sale_line_id, self.sudo().purchase_line_id],
        )
        pending = self.filtered(lambda c: c.state == "pending")
        if pending != self:
            raise UserError(
                self.env._("Only pending supplier changes can be approved or rejected.")
            )
        return pending

    def _dropship_stale(self):
        """The pending changes that no longer match their documents."""
        return self.filtered(lambda change: change._dropship_is_stale())

    def _dropship_is_stale(self):
        self.ensure_one()
        # sudo: a salesperson without purchase rights reviews the change.
        pol = self.purchase_line_id.sudo()
        sol = self.sale_line_id
        if not pol or not sol or sol.state == "cancel":
            return True
        if pol.state == "cancel" and self.rule != "po_cancel":
            return True
        return self.env[APPROVAL_RULES[self.rule][0]]._is_stale(self, pol)

    def _dropship_supersede(self, reason):
        # sudo: the log is only written by the synchronization itself.
        self.filtered(lambda c: c.state == "pending").sudo().write(
            {
                "state": "superseded",
                "review_date": fields.Datetime.now(),
                "review_note": reason,
            }
        )

    def _dropship_apply(self):
        """Apply one approved supplier change as the mirror policy would."""
        self.ensure_one()
        self.env[APPROVAL_RULES[self.rule][0]]._apply_approved(self)

    @api.model
    def _dropship_supersede_for(self, purchase_lines=None, sale_orders=None):
        """Supersede the pending changes that a new event made obsolete."""
        domain = [("state", "=", "pending")]
        if purchase_lines is not None:
            domain.append(("purchase_line_id", "in", purchase_lines.ids))
        if sale_orders is not None:
            domain.append(("sale_order_id", "in", sale_orders.ids))
        # sudo: the log is only written by the synchronization itself.
        pending = self.sudo().search(domain)
        stale = pending._dropship_stale()
        stale._dropship_supersede(
            self.env._("The purchase order changed again or an order was cancelled.")
        )
        if stale:
            self._dropship_close_reviews(stale.sale_order_id)
        return stale

    @api.model
    def _dropship_close_reviews(self, orders):
        """Mark the review activity done on orders with nothing left to review."""
        if not orders:
            return
        # sudo: the log and the activities are kept by the synchronization.
        still_pending = (
            self.sudo()
            .search([("state", "=", "pending"), ("sale_order_id", "in", orders.ids)])
            .sale_order_id
        )
        review_type = self.env.ref(
            "sale_purchase_dropship_sync.mail_activity_type_supplier_change"
        )
        activities = (
            (orders - still_pending)
            .sudo()
            .activity_ids.filtered(lambda a: a.activity_type_id == review_type)
        )
        if activities:
            activities.action_feedback(
                feedback=self.env._("Every supplier change was reviewed.")
            )

    # ------------------------------------------------------------------
    # Log records
    # ------------------------------------------------------------------
    @api.model
    def _dropship_log(self, changes):
        """Create the log records of ``changes`` in one ``create``.

        :param changes: dicts as for ``dropship.sync.audit._dropship_audit``
            plus the optional keys ``rule``, ``policy`` and ``state``, and
            ``label``/``old_text``/``new_text`` already formatted, and
            ``origin_label``: the name of what made the change when it is
            not the source order (a vendor bill, a Fix)
        """
        vals_list = []
        for change in changes:
            source, target = change["source"], change["target"]
            vals = {}
            for record in (target, source):
                side = "sale" if record._name.startswith("sale.") else "purchase"
                if record._name.endswith(".line"):
                    vals.setdefault(f"{side}_line_id", record.id)
                    vals.setdefault(f"{side}_order_id", record.order_id.id)
                    vals.setdefault("product_id", record.product_id.id)
                else:
                    vals.setdefault(f"{side}_order_id", record.id)
            rule = change["rule"]
            company = target.company_id or source.company_id
            vals.update(
                company_id=company.id,
                source_side="sale" if source._name.startswith("sale.") else "purchase",
                source_ref=change.get("origin_label") or source.display_name,
                target_ref=target.display_name,
                rule=rule,
                policy=change.get("policy") or self._dropship_policy(company, rule),
                field_name=change["field"]
                if change["field"] in target._fields
                else False,
                field_label=change["label"],
                old_value=change["old_text"],
                new_value=change["new_text"],
                state=change.get("state", "done"),
                proposed_float=change.get("proposed_float", 0.0),
                proposed_date=change.get("proposed_date", False),
                old_date=self._dropship_date(change.get("old")),
                new_date=self._dropship_date(change.get("new")),
                **change.get("extra", {}),
                **self._dropship_portal_vals(),
            )
            vals_list.append(vals)
        # sudo: the log is only written by the synchronization itself, for
        # any user whose action it follows (a stock user validating a receipt).
        return self.sudo().create(vals_list) if vals_list else self.browse()

    @api.model
    def _dropship_portal_vals(self):
        """The vendor's portal user, channel and note of a change made on
        the vendor portal (which writes as superuser)."""
        actor = fact(self.env, ACTOR)
        if not actor:
            return {}
        return {
            "user_id": actor.user_id,
            "channel": actor.channel,
            "vendor_note": actor.note or False,
            "vendor_document_id": fact(self.env, VENDOR_DOCUMENT) or False,
        }

    @api.model
    def _dropship_date(self, value):
        return value if isinstance(value, datetime) else False

    @api.model
    def _dropship_log_notice(self, changes):
        """Log the changes that were only notified (policy "notify").

        :param changes: dicts with ``source``, ``target``, ``field`` (of the
            target), ``old``, ``new`` and optionally ``rule``
        """
        return self._dropship_log_unapplied(changes, "notify", "notified")

    @api.model
    def _dropship_log_unapplied(self, changes, policy, state):
        """Log changes that did not reach the target (notified or pending),
        formatting the field label and values as the audit does."""
        audit = self.env["dropship.sync.audit"]
        log = []
        for change in changes:
            # sudo: the counterpart may be out of the user's rights; only its
            # name and field label are read.
            source, target = change["source"].sudo(), change["target"].sudo()
            log.append(
                dict(
                    change,
                    source=source,
                    target=target,
                    origin_label=audit._dropship_origin(change, source, target),
                    policy=policy,
                    state=state,
                    label=target._fields[change["field"]]._description_string(self.env),
                    old_text=audit._dropship_format(change["old"]),
                    new_text=audit._dropship_format(change["new"]),
                )
            )
        return self._dropship_log(log)

    @api.model
    def _dropship_policy(self, company, rule):
        """The policy a log record shows for ``rule`` in ``company``."""
        if rule not in RULE_SETTING:
            return "always"
        policy = company._dropship_policy(rule)
        return policy if policy in ("notify", "approve") else "mirror"

    # ------------------------------------------------------------------
    # Decisions: pending changes, rejected changes, accepted differences
    # ------------------------------------------------------------------
    @api.model
    def _dropship_decide(self, items):
        """Record the decision to keep the differences of integrity issues.

        :param items: dicts with ``issue``, ``note`` and optionally
            ``reason`` (why it was decided)
        :return: the decisions, in the order of ``items``
        """
        log = [
            {
                "source": item["issue"].purchase_line_id.sudo()
                or item["issue"].purchase_order_id.sudo(),
                "target": item["issue"].sale_line_id.sudo(),
                "field": "description",
                "rule": "integrity",
                "policy": "always",
                "state": "accepted",
                "label": self.env._("Difference accepted"),
                "old_text": item["issue"].description,
                "new_text": item["note"],
                "extra": {
                    "reviewer_id": self.env.uid,
                    "review_date": fields.Datetime.now(),
                    "review_note": item.get("reason") or False,
                    "decision_kind": item["issue"].kind,
                    "decision_key": item["issue"].drift_key,
                },
            }
            for item in items
        ]
        return self._dropship_log(log)

    @api.model
    def _dropship_propose(self, proposals):
        """Record pending supplier changes (policy "approve") and supersede
        the older pending changes of the same purchase lines and rules.

        :param proposals: changes (see ``dropship.rule._change``) from a
            purchase line to its sales line, with ``proposed_float`` or
            ``proposed_date``: the purchase value the change is about
        """
        if not proposals:
            return self.browse()
        audit = self.env["dropship.sync.audit"]
        purchase_lines = self.env["purchase.order.line"].union(
            *(p["source"] for p in proposals)
        )
        # A supplier change back to what the sales order has needs no review.
        pending = self._dropship_log_unapplied(
            [
                p
                for p in proposals
                if audit._dropship_format(p["old"]) != audit._dropship_format(p["new"])
            ],
            "approve",
            "pending",
        )
        # The older pending changes of these lines that no longer apply.
        self._dropship_supersede_for(purchase_lines=purchase_lines)
        if not pending:
            return pending
        # sudo: the sales orders are told for a purchaser without sales rights.
        orders = pending.sale_order_id.sudo()
        audit._dropship_activity(
            orders,
            self.env._(
                "The vendor changed a drop-ship purchase order: review the "
                "pending supplier changes on the sales order."
            ),
            summary=self.env._("Supplier changes to review"),
            activity_type="sale_purchase_dropship_sync.mail_activity_type_supplier_change",
        )
        return pending


def pending_changes_field(link, help_text):
    """The supplier changes of an order that wait for approval."""
    return fields.One2many(
        "dropship.sync.change",
        link,
        string="Supplier Changes",
        domain=[("state", "=", "pending")],
        readonly=True,
        help=help_text,
    )


class DropshipChangeMixin(models.AbstractModel):
    """Change log counters and smart button of a sales or purchase order."""

    _name = "dropship.change.mixin"
    _description = "Drop-ship change log on orders"

    # The field of dropship.sync.change that points at this model.
    _dropship_change_link = None

    dropship_change_count = fields.Integer(
        string="Drop-ship Changes", compute="_compute_dropship_change_count"
    )
    dropship_pending_count = fields.Integer(
        string="Supplier Changes to Review",
        compute="_compute_dropship_change_count",
    )
    dropship_issue_count = fields.Integer(
        string="Open Integrity Issues",
        compute="_compute_dropship_issue_count",
        help="Drop-ship pairs of this order whose two sides are out of sync.",
    )
    dropship_decided_count = fields.Integer(
        string="Decided Differences",
        compute="_compute_dropship_issue_count",
        help="Differences between the two sides that somebody decided to keep.",
    )

    def _compute_dropship_change_count(self):
        link = self._dropship_change_link
        counts = {
            (order.id, state): count
            for order, state, count in self.env["dropship.sync.change"]._read_group(
                [(link, "in", self.ids)], [link, "state"], ["__count"]
            )
        }
        for order in self:
            order.dropship_change_count = sum(
                count
                for (order_id, _s), count in counts.items()
                if order_id == order.id
            )
            order.dropship_pending_count = counts.get((order.id, "pending"), 0)

    def _compute_dropship_issue_count(self):
        link = self._dropship_change_link
        # sudo: the salesperson and the purchaser see whether their order is
        # out of sync, although the queue itself is for managers.
        counts = {
            (order.id, state): count
            for order, state, count in self.env["dropship.integrity.issue"]
            .sudo()
            ._read_group(
                [(link, "in", self.ids), ("state", "in", ("open", "decided"))],
                [link, "state"],
                ["__count"],
            )
        }
        for order in self:
            order.dropship_issue_count = counts.get((order.id, "open"), 0)
            order.dropship_decided_count = counts.get((order.id, "decided"), 0)

    def action_dropship_issues(self):
        """The open integrity issues (and decided differences) of this order."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale_purchase_dropship_sync.dropship_integrity_issue_action"
        )
        action["domain"] = [
            (self._dropship_change_link, "=", self.id),
            ("state", "in", ("open", "decided")),
        ]
        action["context"] = {"create": False}
        action["help"] = self._dropship_issues_help()
        return action

    def _dropship_issues_help(self):
        """What the integrity issues of this order say once none is left:
        nothing differs on this order, and how many are open elsewhere."""
        others = self.env["dropship.integrity.issue"].search_count(
            [(self._dropship_change_link, "!=", self.id), ("state", "=", "open")]
        )
        return Markup(
            '<p class="o_view_nocontent_smiling_face">%s</p><p>%s %s</p>'
            '<p><a href="/odoo/action-%s">%s</a></p>'
        ) % (
            self.env._("Nothing differs on %(order)s", order=self.display_name),
            self.env._(
                "Its drop-ship pairs are in sync: what the check found on this "
                "order was fixed or resolved."
            ),
            self.env._("%(count)s issue(s) are open on other orders.", count=others)
            if others
            else self.env._("No issue is open on other orders."),
            "sale_purchase_dropship_sync.dropship_integrity_issue_action",
            self.env._("See all drop-ship integrity issues"),
        )

    def action_dropship_changes(self):
        """The change log of this order's drop-ship pairs."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale_purchase_dropship_sync.dropship_sync_change_action"
        )
        action["domain"] = [(self._dropship_change_link, "=", self.id)]
        action["context"] = {"create": False}
        return action
