# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, models
from odoo.tools import float_compare, float_round
from odoo.tools.misc import formatLang

from .dropship_rule import ScanBatch

# Customer invoices and credit notes: what the customer was invoiced.
INVOICE_TYPES = {"out_invoice": 1, "out_refund": -1}


class DropshipRuleInvoice(models.AbstractModel):
    """Invoice accuracy: a customer invoiced for more than the drop-ship
    sales line will now deliver (a supplier cut after an invoice on ordered
    quantities) is an integrity issue of its own kind. It is found by the
    scan, and at once when a supplier change causes it (an activity for the
    salesperson); its Fix is a draft credit note for the difference, made by
    Odoo's own invoicing and never posted.
    """

    _name = "dropship.rule.invoice"
    _inherit = "dropship.rule"
    _description = "Drop-ship rule: invoice accuracy"
    _dropship_kinds = ("invoice",)

    @api.model
    def _will_ship(self, line, pols):
        """What the sales ``line`` will deliver in the end: its quantity
        while its open purchase lines still have units to receive, what was
        delivered once nothing more comes (received in full, locked or
        cancelled)."""
        to_come = sum(
            pol.product_uom._compute_quantity(
                pol.product_qty - pol.qty_received, line.product_uom, round=False
            )
            for pol in pols
            if pol.state not in ("done", "cancel")
        )
        if line.state != "cancel" and (
            float_compare(to_come, 0.0, precision_rounding=line.product_uom.rounding)
            > 0
        ):
            return line.product_uom_qty
        return line.qty_delivered

    @api.model
    def _invoiced(self, line):
        """(net invoiced quantity, newest posted invoice line) of the sales
        ``line``: posted invoices minus posted and draft credit notes (a
        draft credit note is the fix waiting for the accountant)."""
        qty, reference = 0.0, self.env["account.move.line"]
        for aml in line.invoice_lines.sorted("id"):
            move = aml.move_id
            sign = INVOICE_TYPES.get(move.move_type)
            if not sign or aml.display_type != "product":
                continue
            posted = move.state == "posted"
            if not posted and not (move.state == "draft" and sign < 0):
                continue
            qty += sign * aml.product_uom_id._compute_quantity(
                aml.quantity, line.product_uom, round=False
            )
            if posted and sign > 0:
                reference = aml
        return qty, reference

    @api.model
    def _over_invoiced(self, line, pols):
        """{quantity, amount, invoiced, will_ship, reference} when the
        customer was invoiced for more than ``line`` will deliver, else
        None."""
        if line.display_type or line.is_downpayment:
            return None
        invoiced, reference = self._invoiced(line)
        if not reference:
            return None
        will_ship = self._will_ship(line, pols)
        rounding = line.product_uom.rounding
        excess = float_round(invoiced - will_ship, precision_rounding=rounding)
        if float_compare(excess, 0.0, precision_rounding=rounding) <= 0:
            return None
        unit = reference.product_uom_id._compute_price(
            reference.price_unit * (1 - (reference.discount or 0.0) / 100.0),
            line.product_uom,
        )
        return {
            "quantity": excess,
            "amount": reference.currency_id.round(excess * unit),
            "currency": reference.currency_id,
            "invoiced": invoiced,
            "will_ship": will_ship,
            "reference": reference,
        }

    @api.model
    def _texts(self, line, excess):
        """{description, summary} of an over-invoiced sales ``line``."""
        values = {
            "sale": line.order_id.display_name,
            "product": line.product_id.display_name,
            "invoiced": self._fmt(excess["invoiced"]),
            "ship": self._fmt(excess["will_ship"]),
            "qty": self._fmt(excess["quantity"]),
            "uom": line.product_uom.name,
            "amount": self._fmt(excess["amount"]),
            "currency": excess["currency"].name,
        }
        description = self.env._(
            "%(sale)s: the customer was invoiced for %(invoiced)s %(uom)s of "
            "%(product)s, but the line will deliver %(ship)s %(uom)s: "
            "%(qty)s %(uom)s (%(amount)s %(currency)s) invoiced too much.",
            **values,
        )
        summary = self.env._(
            "%(sale)s: a draft credit note for %(qty)s %(uom)s of %(product)s "
            "(%(amount)s %(currency)s), not posted.",
            **values,
        )
        return description, summary

    @api.model
    def _banner_item(self, line, excess):
        """What the over-invoiced banner of the sales order says of ``line``."""
        return self.env._(
            "%(product)s: invoiced %(invoiced)s %(uom)s, the vendor ships "
            "%(ship)s %(uom)s: %(qty)s %(uom)s (%(amount)s) invoiced too much.",
            product=line.product_id.display_name,
            invoiced=self._fmt(excess["invoiced"]),
            ship=self._fmt(excess["will_ship"]),
            qty=self._fmt(excess["quantity"]),
            uom=line.product_uom.name,
            amount=formatLang(
                self.env, excess["amount"], currency_obj=excess["currency"]
            ),
        )

    @api.model
    def _banner(self, orders):
        """{sales order: [what its banner says of each over-invoiced line]}
        for the open over-invoicing issues of ``orders``."""
        # sudo: the salesperson sees why the order is out of sync; the
        # issues and the pairs are read as superuser (see dropship.pair).
        issues = (
            self.env["dropship.integrity.issue"]
            .sudo()
            .search(
                [
                    ("sale_order_id", "in", orders.ids),
                    ("kind", "=", "invoice"),
                    ("state", "=", "open"),
                ],
                order="id",
            )
        )
        by_line = self.env["dropship.pair"]._by_sale_line(
            issues.sale_line_id, include_cancelled=True
        )
        result = {}
        for issue in issues:
            line = issue.sale_line_id
            pols = by_line.get(line, self.env["purchase.order.line"])
            excess = self._over_invoiced(line, pols)
            result.setdefault(issue.sale_order_id.id, []).append(
                self._banner_item(line, excess) if excess else issue.description
            )
        return result

    # Integrity

    @api.model
    def _verify(self, batch):
        result = []
        for line in batch.lines:
            pols = batch.purchase_lines[line]
            excess = self._over_invoiced(line, pols)
            if not excess:
                continue
            description, summary = self._texts(line, excess)
            result.append(
                self._issue(
                    "invoice",
                    line,
                    batch.newest(line, include_cancelled=True),
                    description,
                    target="sale",
                    summary=summary,
                    key=f"{self._fmt(excess['invoiced'])}|"
                    f"{self._fmt(excess['will_ship'])}",
                )
            )
        return result

    def _fix(self, issues):
        """A draft credit note per sales order for what was invoiced too much."""
        batch = ScanBatch(self.env, issues.sale_line_id.sudo())
        changes = []
        for order, order_issues in issues.grouped("sale_order_id").items():
            lines_vals = []
            credited = issues.browse()
            for issue in order_issues:
                # sudo: see ScanBatch; the pair is read as superuser.
                line = issue.sale_line_id.sudo()
                excess = self._over_invoiced(line, batch.purchase_lines[line])
                if not excess:
                    continue
                credited |= issue
                reference = excess["reference"]
                lines_vals.append(
                    Command.create(
                        line._prepare_invoice_line(
                            quantity=excess["quantity"],
                            price_unit=reference.product_uom_id._compute_price(
                                reference.price_unit, line.product_uom
                            ),
                            discount=reference.discount,
                            tax_ids=[Command.set(reference.tax_ids.ids)],
                        )
                    )
                )
            if not lines_vals:
                continue
            refund = self._credit_note(order.sudo(), lines_vals)
            credited.credit_note_id = refund
            changes += [
                {
                    "source": issue.purchase_line_id.sudo(),
                    "target": issue.sale_line_id.sudo(),
                    "field": self.env._("Draft credit note"),
                    "old": None,
                    "new": refund.display_name,
                    "rule": "integrity",
                }
                for issue in credited
            ]
        self._audit(changes)

    @api.model
    def _credit_note(self, order, lines_vals):
        """A draft credit note of the sales ``order`` with ``lines_vals``."""
        vals = order._prepare_invoice()
        vals.update(
            move_type="out_refund",
            invoice_line_ids=lines_vals,
            ref=self.env._(
                "%(sale)s: invoiced quantity above what the drop-ship vendor ships",
                sale=order.name,
            ),
        )
        # sudo: as core's own invoicing from a sales order, the credit note
        # is created for a manager without accounting rights; it stays draft
        # for the accountant to check and post.
        refund = (
            self.env["account.move"]
            .sudo()
            .with_company(order.company_id)
            .with_context(default_move_type="out_refund")
            .create(vals)
        )
        refund.message_post_with_source(
            "mail.message_origin_link",
            render_values={"self": refund, "origin": order},
            subtype_xmlid="mail.mt_note",
        )
        return refund

    # Right away, after a supplier change

    @api.model
    def _check_now(self, sale_lines):
        """After a supplier change reached ``sale_lines``: tell the
        salesperson of each line now invoiced for more than it will deliver,
        and put it in the integrity queue."""
        by_line = self.env["dropship.pair"]._by_sale_line(
            sale_lines, include_cancelled=True
        )
        found = []
        for line, pols in by_line.items():
            excess = self._over_invoiced(line, pols)
            if excess:
                found.append((line, excess))
        for line, excess in found:
            self._activity(line.order_id, self._texts(line, excess)[0])
        if found:
            orders = self._records((line.order_id for line, _e in found), "sale.order")
            # sudo: the queue is for managers; a supplier change by a
            # purchaser records the issue it causes on the sales orders.
            self.env["dropship.integrity.issue"].sudo()._dropship_scan_orders(orders)
