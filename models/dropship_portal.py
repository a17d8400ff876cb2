# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from datetime import datetime, time

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import (
    float_compare,
    float_is_zero,
    float_repr,
    float_round,
    format_amount,
    format_date,
    formatLang,
)

from .dropship_door import ACTOR, VENDOR_DOCUMENT, Actor, fact, scope
from .dropship_numbers import MAX_AMOUNT, MAX_VENDOR_QTY, to_float

# What the vendor may do on one of its drop-ship transfers: the posted form
# goes to the method of the same name (``_ship``, ``_propose``, ``_decline``).
ACTIONS = ("ship", "propose", "decline")


class DropshipPortal(models.AbstractModel):
    """The vendor's side of a drop-ship pair, as the portal offers it.

    A vendor is a portal user whose commercial partner is the vendor of the
    purchase order of a drop-ship transfer. Each action checks the form it
    receives before it writes anything, then goes through the same paths as
    an internal user (validation of the transfer, a change of the purchase
    line, a cancellation), so that holds, policies and the change log apply
    unchanged; the change log and chatter name the portal user.
    """

    _name = "dropship.portal"
    _description = "Drop-ship vendor portal"

    # Access

    @api.model
    def _vendor_domain(self):
        """The drop-ship transfers of the current user's company (vendor)."""
        partner = self.env.user.commercial_partner_id
        return [
            ("location_id.usage", "=", "supplier"),
            ("location_dest_id.usage", "=", "customer"),
            ("purchase_id.partner_id.commercial_partner_id", "=", partner.id),
        ]

    @api.model
    def _vendor_picking(self, picking_id):
        """The drop-ship transfer ``picking_id`` of the current user's vendor,
        as superuser, or an empty recordset (missing, another vendor's, not a
        drop-ship transfer of a purchase order)."""
        # sudo: a portal user has no inventory rights; the domain restricts
        # the search to the transfers of its own vendor before anything is
        # read.
        picking = (
            self.env["stock.picking"]
            .sudo()
            .search([("id", "=", picking_id), *self._vendor_domain()], limit=1)
        )
        if not picking.is_dropship or not picking.purchase_id:
            return picking.browse()
        return picking

    @api.model
    def _act(self, picking, action, values, channel="portal"):
        """Do the vendor's ``action`` (one of ``ACTIONS``) on ``picking`` (a
        transfer of its own, from ``_vendor_picking``, as superuser) with
        the posted form ``values``.

        The portal user of this request is the actor that the change log
        and the chatter name: the transaction knows it, no caller can set
        it (see ``dropship_door``).

        :param channel: ``portal``, or ``document`` for the form that a
            vendor's document becomes (``dropship.vendor.document``)
        """
        if action not in ACTIONS:
            raise UserError(self.env._("Unknown action."))
        command = self.env["dropship.command"]
        with command._as_vendor(channel):
            getattr(picking.env["dropship.portal"], f"_{action}")(picking, values)
        # A held pair keeps the vendor's proposal or decline for the buyer
        # (see ``dropship.command._route``); the vendor is told only that.
        if action != "ship" and command._pair_held(picking.move_ids.purchase_line_id):
            return "held"
        return action

    @api.model
    def _with_note(self, note):
        """The vendor's ``note`` (a decline reason) for the changes made in
        the ``with`` block."""
        actor = fact(self.env, ACTOR) or Actor(self.env.uid, "portal")
        return scope(self.env, **{ACTOR: actor.with_note(note)})

    @api.model
    def _ship_to(self, picking):
        """The customer's delivery address of a drop-ship transfer (its
        partner is the vendor)."""
        orders = picking.sale_id or picking.move_ids.sale_line_id.order_id
        return orders.partner_shipping_id[:1]

    @api.model
    def _check_open(self, picking):
        if picking.state in ("done", "cancel"):
            raise UserError(
                self.env._(
                    "%(transfer)s is already %(state)s: nothing can be changed on it.",
                    transfer=picking.name,
                    state=dict(
                        picking._fields["state"]._description_selection(self.env)
                    )[picking.state].lower(),
                )
            )

    @api.model
    def _check_not_held(self, picking):
        """Refuse to ship a held pair, telling the vendor nothing of the
        hold (its code, reason and sales order are the buyer's)."""
        if self.env["dropship.command"]._pair_held(picking.move_ids.purchase_line_id):
            raise UserError(
                self.env._(
                    "%(transfer)s is on hold: the buyer put this shipment on "
                    "hold. Please do not ship it until the buyer releases it.",
                    transfer=picking.name,
                )
            )

    @api.model
    def _open_moves(self, picking):
        return picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))

    # What the vendor reads

    @api.model
    def _qty_digits(self, uom):
        """The decimal places of a quantity in ``uom``: those of its
        rounding, at most those that quantities are kept with."""
        kept = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        if not uom.rounding or uom.rounding <= 0:
            return kept
        return min(kept, max(0, math.ceil(-math.log10(uom.rounding) - 1e-9)))

    @api.model
    def _qty_input(self, qty, uom):
        """``qty`` in ``uom`` as a form field holds it ("1.00", not "1.0")."""
        digits = self._qty_digits(uom)
        return float_repr(float_round(qty, precision_digits=digits), digits)

    @api.model
    def _qty_text(self, qty, uom):
        """``qty`` in ``uom`` for the vendor to read ("1,200.00 Units")."""
        number = formatLang(self.env, qty, digits=self._qty_digits(uom))
        return f"{number} {uom.name}"

    @api.model
    def _price_input(self, price):
        """A unit price as a form field holds it, to the digits prices are
        kept with (so that an unchanged form proposes nothing)."""
        digits = self.env["decimal.precision"].precision_get("Product Price")
        return float_repr(price, digits)

    @api.model
    def _propose_lines(self, picking):
        """[{move, qty, qty_help, price, price_help, currency}] of the open
        moves of ``picking`` that the vendor may propose a change of: the
        pre-filled quantity is what is still to ship on this transfer, the
        price is the purchase line's."""
        lines = []
        for move in self._open_moves(picking).filtered("purchase_line_id"):
            pol, uom = move.purchase_line_id, move.product_uom
            shipped = pol.product_uom._compute_quantity(pol.qty_received, uom)
            ordered = pol.product_uom._compute_quantity(pol.product_qty, uom)
            values = {
                "ordered": self._qty_text(ordered, uom),
                "shipped": self._qty_text(shipped, uom),
                "open": self._qty_text(move.product_uom_qty, uom),
            }
            if float_is_zero(shipped, precision_rounding=uom.rounding):
                qty_help = self.env._("All %(ordered)s ordered.", **values)
            else:
                qty_help = self.env._(
                    "Of the %(ordered)s ordered, %(shipped)s were shipped: "
                    "%(open)s are still to ship.",
                    **values,
                )
            lines.append(
                {
                    "move": move,
                    "qty": self._qty_input(move.product_uom_qty, uom),
                    "qty_help": qty_help,
                    "price": self._price_input(pol.price_unit),
                    "price_help": self.env._(
                        "On the order: %(price)s per %(uom)s.",
                        price=format_amount(self.env, pol.price_unit, pol.currency_id),
                        uom=pol.product_uom.name,
                    ),
                    "currency": pol.currency_id,
                }
            )
        return lines

    @api.model
    def _ship_date(self, picking):
        """The date the vendor ships ``picking`` by: the earliest planned
        date of the purchase lines still to ship on it (the vendor's date,
        proposals included), its shipping date once done."""
        if picking.state == "done":
            return picking.date_done
        dates = self._open_moves(picking).purchase_line_id.mapped("date_planned")
        return min(dates) if dates else picking.scheduled_date

    @api.model
    def _date_pending(self, picking):
        """Whether a ship date that the vendor proposed for ``picking``
        waits for the buyer's answer."""
        # sudo: a portal user reads no change log; only whether a pending
        # date change of its own transfer's purchase lines exists.
        return bool(
            self.env["dropship.sync.change"]
            .sudo()
            .search_count(
                [
                    ("purchase_line_id", "in", picking.move_ids.purchase_line_id.ids),
                    ("rule", "=", "po_date"),
                    ("state", "=", "pending"),
                ],
                limit=1,
            )
        )

    # Parsing of the posted form

    @api.model
    def _float(self, value, label, maximum):
        """The number typed in a field ``label`` of the form (empty is 0; a
        decimal comma is a point), from 0 to ``maximum``."""
        text = (value or "0").strip().replace(",", ".")
        return to_float(self.env, text, label, minimum=0.0, maximum=maximum)

    @api.model
    def _order_day(self, purchase):
        """The first day a date of ``purchase`` may take: its order date, or
        today when that is later (an RFQ's order deadline can lie after the
        day it was confirmed)."""
        return min(purchase.date_order.date(), fields.Datetime.now().date())

    @api.model
    def _date(self, value, label, minimum, maximum):
        """The date ``value`` (YYYY-MM-DD) as a datetime, from the date
        ``minimum`` to ``maximum``; today is now."""
        try:
            day = fields.Date.to_date(value.strip())
        except ValueError:
            day = None
        if not day:
            raise UserError(
                self.env._(
                    "%(field)s: %(value)s is not a date (YYYY-MM-DD).",
                    field=label,
                    value=value,
                )
            )
        now = fields.Datetime.now()
        if not minimum <= day <= maximum:
            bounds = {
                "field": label,
                "value": value.strip(),
                "minimum": format_date(self.env, minimum),
                "maximum": format_date(self.env, maximum),
            }
            if day > maximum == now.date():
                message = self.env._(
                    "%(field)s: %(value)s is in the future. Enter a date from "
                    "%(minimum)s to %(maximum)s (today).",
                    **bounds,
                )
            else:
                message = self.env._(
                    "%(field)s: %(value)s is out of range. Enter a date from "
                    "%(minimum)s to %(maximum)s.",
                    **bounds,
                )
            raise UserError(message)
        if day == now.date():
            return now
        return datetime.combine(day, time(12, 0))

    @api.model
    def _lots(self, move, text, qty):
        """[(lot name, quantity)] of the lots typed for ``move`` (one per
        line; ``NAME: QTY`` for a lot of several units)."""
        names = [line.strip() for line in (text or "").splitlines() if line.strip()]
        product = move.product_id.display_name
        fmt = self.env["dropship.rule"]._fmt
        if move.product_id.tracking == "serial":
            lots = [(name, 1.0) for name in dict.fromkeys(names)]
            wrong = len(names) != qty or len(lots) != len(names)
            message = self.env._(
                "%(product)s: enter one serial number per unit shipped, each "
                "once: %(qty)s unit(s), %(count)s serial number(s).",
                product=product,
                qty=fmt(qty),
                count=len(lots),
            )
        elif len(names) == 1 and ":" not in names[0]:
            return [(names[0], qty)]
        else:
            lots = []
            for name in names:
                lot, _sep, lot_qty = name.rpartition(":")
                label = self.env._(
                    "%(product)s, lot %(lot)s", product=product, lot=lot.strip()
                )
                lots.append((lot.strip(), self._float(lot_qty, label, MAX_VENDOR_QTY)))
            wrong = not lots or float_compare(
                sum(q for _n, q in lots),
                qty,
                precision_rounding=move.product_uom.rounding,
            )
            message = self.env._(
                "%(product)s: enter the lot numbers of the %(qty)s unit(s) shipped "
                "(one lot, or one 'LOT: quantity' per line).",
                product=product,
                qty=fmt(qty),
            )
        if wrong:
            raise UserError(message)
        return lots

    # Shipment

    @api.model
    def _ship(self, picking, values):
        """Validate ``picking`` for the quantities and lots of the form
        ``values``, leaving a backorder for the rest (rules 4 to 8 and the
        vendor tracking follow the validation).

        :param values: the posted form: ``tracking_ref``, ``ship_date``
            (YYYY-MM-DD), ``qty_<move id>``, ``lots_<move id>``
        """
        self._check_open(picking)
        self._check_not_held(picking)
        plan = self._ship_plan(picking, values)
        ship_date = values.get("ship_date")
        # Goods cannot reach the customer before they were ordered, nor later
        # than today.
        receipt_date = (
            self._date(
                ship_date,
                self.env._("Ship date"),
                self._order_day(picking.purchase_id),
                fields.Datetime.now().date(),
            )
            if ship_date
            else False
        )
        vals = {"carrier_tracking_ref": (values.get("tracking_ref") or "").strip()}
        if receipt_date:
            vals["receipt_date"] = receipt_date
        picking.write({k: v for k, v in vals.items() if v})
        self._ship_set_quantities(picking, plan)
        picking.with_context(skip_backorder=True).button_validate()
        if picking.state != "done":
            raise UserError(
                self.env._(
                    "%(transfer)s could not be validated.", transfer=picking.name
                )
            )
        return picking

    @api.model
    def _ship_plan(self, picking, values):
        """{move: (quantity, [(lot name, quantity)])} of the form, checked."""
        plan = {}
        for move in self._open_moves(picking):
            qty = self._float(
                values.get(f"qty_{move.id}"),
                move.product_id.display_name,
                MAX_VENDOR_QTY,
            )
            rounding = move.product_uom.rounding
            self._check_quantity(move, qty)
            if float_is_zero(qty, precision_rounding=rounding):
                plan[move] = (0.0, [])
                continue
            lots = []
            if move.has_tracking != "none":
                lots = self._lots(move, values.get(f"lots_{move.id}"), qty)
            plan[move] = (float_round(qty, precision_rounding=rounding), lots)
        if not any(qty for qty, _lots in plan.values()):
            raise UserError(self.env._("Enter the quantity you ship."))
        self._check_not_delivered(plan)
        return plan

    @api.model
    def _check_quantity(self, move, qty):
        """Refuse to ship more than is open on ``move`` (or less than 0)."""
        rounding = move.product_uom.rounding
        if float_compare(qty, 0.0, precision_rounding=rounding) < 0 or (
            float_compare(qty, move.product_uom_qty, precision_rounding=rounding) > 0
        ):
            raise UserError(
                self.env._(
                    "%(product)s: you can ship from 0 to %(open)s %(uom)s, not "
                    "%(qty)s.",
                    product=move.product_id.display_name,
                    open=self.env["dropship.rule"]._fmt(move.product_uom_qty),
                    uom=move.product_uom.name,
                    qty=self.env["dropship.rule"]._fmt(qty),
                )
            )

    @api.model
    def _check_not_delivered(self, plan):
        """Refuse serial numbers that a customer already holds."""
        serials = {
            (move.product_id.id, name)
            for move, (_qty, lots) in plan.items()
            if move.product_id.tracking == "serial"
            for name, _lot_qty in lots
        }
        if not serials:
            return
        quants = self.env["stock.quant"].search(
            [
                ("product_id", "in", [product for product, _n in serials]),
                ("lot_id.name", "in", [name for _p, name in serials]),
                ("location_id.usage", "=", "customer"),
                ("quantity", ">", 0),
            ]
        )
        delivered = quants.filtered(
            lambda q: (q.product_id.id, q.lot_id.name) in serials
        ).lot_id
        if delivered:
            raise UserError(
                self.env._(
                    "Serial number(s) %(lots)s were already delivered to a customer.",
                    lots=", ".join(delivered.mapped("name")),
                )
            )

    @api.model
    def _ship_set_quantities(self, picking, plan):
        """Write the planned quantities and lots on the moves."""
        lot_moves = [move for move, (qty, lots) in plan.items() if lots]
        existing = {
            (lot.product_id.id, lot.name): lot
            for lot in self.env["stock.lot"].search(
                [
                    ("product_id", "in", [m.product_id.id for m in lot_moves]),
                    ("name", "in", [n for m in lot_moves for n, _q in plan[m][1]]),
                    ("company_id", "in", (False, picking.company_id.id)),
                ]
            )
        }
        line_vals = []
        for move in lot_moves:
            for name, lot_qty in plan[move][1]:
                lot = existing.get((move.product_id.id, name))
                line_vals.append(
                    {
                        "move_id": move.id,
                        "picking_id": picking.id,
                        "product_id": move.product_id.id,
                        "product_uom_id": move.product_uom.id,
                        "location_id": move.location_id.id,
                        "location_dest_id": move.location_dest_id.id,
                        "quantity": lot_qty,
                        "lot_id": lot.id if lot else False,
                        "lot_name": False if lot else name,
                    }
                )
        lot_moves = self.env["stock.move"].union(*lot_moves)
        lot_moves.move_line_ids.unlink()
        self.env["stock.move.line"].create(line_vals)
        by_qty = {}
        for move, (qty, lots) in plan.items():
            key = (None if lots else qty, bool(qty))
            by_qty[key] = by_qty.get(key, move.browse()) | move
        for (qty, picked), moves in by_qty.items():
            moves.write({"picked": picked} | ({} if qty is None else {"quantity": qty}))

    # Proposal of a change (rules 9 and 10b)

    @api.model
    def _propose(self, picking, values):
        """Change the purchase lines of ``picking`` as the vendor proposes:
        ``date_planned`` (YYYY-MM-DD, every line) or ``date_<move id>``
        (one line); the quantity as ``qty_<move id>`` (the quantity
        ordered on the move's purchase line) or ``open_<move id>`` (the
        quantity still to ship on this transfer, as the portal form asks
        it); ``price_<move id>`` (the unit price). The company policies
        route each change (the approve policy leaves a pending change for
        the salesperson)."""
        self._check_open(picking)
        planned = self._planned_date(picking, values.get("date_planned"))
        by_vals = {}
        moves = self._open_moves(picking).filtered("purchase_line_id")
        for pol, pol_moves in moves.grouped("purchase_line_id").items():
            vals = self._proposed_vals(pol, pol_moves, values, planned)
            if vals:
                key = tuple(sorted(vals.items()))
                by_vals[key] = by_vals.get(key, pol.browse()) | pol
        if not by_vals:
            raise UserError(
                self.env._("Nothing to propose: the values are those of the order.")
            )
        for key, pols in by_vals.items():
            pols.write(dict(key))
        return True

    @api.model
    def _proposed_vals(self, pol, moves, values, planned):
        """The values of the purchase line ``pol`` (whose open ``moves``
        are on the transfer) that the form ``values`` changes.

        :param planned: the ship date of every line (False: none)
        """
        product = pol.product_id.display_name
        vals = {}
        line_planned = (
            self._planned_date(moves.picking_id, self._posted(values, "date", moves))
            or planned
        )
        if line_planned and line_planned.date() != pol.date_planned.date():
            vals["date_planned"] = line_planned
        qty = self._proposed_qty(
            pol,
            moves,
            values,
            self.env._("%(product)s, quantity", product=product),
        )
        raw_price = self._posted(values, "price", moves)
        price = (
            self._float(
                raw_price,
                self.env._("%(product)s, unit price", product=product),
                MAX_AMOUNT,
            )
            if raw_price
            else pol.price_unit
        )
        if float_compare(
            qty, pol.product_qty, precision_rounding=pol.product_uom.rounding
        ):
            vals["product_qty"] = qty
        if float_compare(price, pol.price_unit, precision_digits=6):
            vals["price_unit"] = price
        return vals

    @api.model
    def _posted(self, values, prefix, moves):
        """The value posted as ``<prefix>_<move id>`` for the first of
        ``moves`` that has one ('' when none has)."""
        posted = ((values.get(f"{prefix}_{move.id}") or "").strip() for move in moves)
        return next((value for value in posted if value), "")

    @api.model
    def _proposed_qty(self, pol, moves, values, label):
        """The quantity ordered on ``pol`` that the form proposes: the
        posted ``qty_<move id>`` as is; else the line's quantity moved by
        what the posted ``open_<move id>`` (the quantity still to ship on
        the transfer) adds to or takes from its open ``moves``; else the
        line's quantity."""
        raw = self._posted(values, "qty", moves)
        if raw:
            return self._float(raw, label, MAX_VENDOR_QTY)
        qty = pol.product_qty
        for move in moves:
            raw = (values.get(f"open_{move.id}") or "").strip()
            if raw:
                open_qty = self._float(raw, label, MAX_VENDOR_QTY)
                qty += move.product_uom._compute_quantity(
                    open_qty - move.product_uom_qty, pol.product_uom, round=False
                )
        return qty

    @api.model
    def _planned_date(self, picking, value):
        """The new ship date ``value`` of the propose form (False if empty):
        a vendor moves its ship date within the life of the order, not
        before it was placed and less than two years ahead (the bounds that
        a purchase line's planned date takes in any case)."""
        if not value:
            return False
        today = fields.Date.context_today(self)
        return self._date(
            value,
            self.env._("New ship date"),
            self._order_day(picking.purchase_id),
            fields.Date.add(today, years=2, days=-1),
        )

    # Decline (rule 2c)

    @api.model
    def _decline(self, picking, values):
        """Decline what is still open on ``picking``: its purchase lines go
        down to what was already shipped (rule 2c when nothing was, the
        purchase order is cancelled when nothing is left on it).

        :param values: ``reason``; ``decline_<move id>`` or a line's own
            ``reason_<move id>`` to decline only some lines (all open lines
            when none is given); every declined line needs a reason
        """
        self._check_open(picking)
        reason = (values.get("reason") or "").strip()
        moves = self._open_moves(picking).filtered("purchase_line_id")
        own = {m: (values.get(f"reason_{m.id}") or "").strip() for m in moves}
        chosen = moves.filtered(lambda m: values.get(f"decline_{m.id}") or own[m])
        reasons = {m.purchase_line_id: own[m] or reason for m in chosen or moves}
        if not reasons or not all(reasons.values()):
            raise UserError(self.env._("Give the reason why you cannot ship."))
        purchase = picking.purchase_id
        self._post_decline(purchase, reasons)
        pols = self.env["purchase.order.line"].union(*reasons)
        remaining = purchase.order_line.filtered(
            lambda pol: (
                pol not in pols
                and pol.state != "cancel"
                and not pol.display_type
                and not float_is_zero(
                    pol.product_qty, precision_rounding=pol.product_uom.rounding
                )
            )
        )
        if not remaining and not any(pols.mapped("qty_received")):
            note = "; ".join(dict.fromkeys(reasons.values()))
            with self._with_note(note):
                purchase.button_cancel()
            return True
        groups = pols.grouped(lambda pol: (pol.qty_received, reasons[pol]))
        for (qty, note), lines in groups.items():
            with self._with_note(note):
                lines.write({"product_qty": qty})
        return True

    @api.model
    def _post_decline(self, purchase, reasons):
        """Tell both orders what the vendor declined and why.

        :param reasons: {purchase line: reason}
        """
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._(
                "%(user)s (%(origin)s) cannot ship on %(document)s:",
                user=self.env.user.name,
                origin=self._origin(),
                document=purchase.name,
            ),
            Markup().join(
                Markup("<li>%s</li>")
                % self.env._(
                    "%(product)s: %(qty)s %(uom)s. Reason: %(reason)s",
                    product=pol.product_id.display_name,
                    qty=self.env["dropship.rule"]._fmt(
                        pol.product_qty - pol.qty_received
                    ),
                    uom=pol.product_uom.name,
                    reason=reason,
                )
                for pol, reason in reasons.items()
            ),
        )
        pols = self.env["purchase.order.line"].union(*reasons)
        sale_orders = self.env["dropship.pair"]._sale_lines(pols).order_id
        for order in [purchase, *sale_orders]:
            order.message_post(body=body, subtype_xmlid="mail.mt_note")

    @api.model
    def _origin(self):
        """Where the vendor's action comes from, for people: the vendor
        portal, or the vendor's document being applied."""
        document_id = fact(self.env, VENDOR_DOCUMENT)
        if not document_id:
            return self.env._("vendor portal")
        # sudo: the name of the document, for a portal user.
        document = self.env["dropship.vendor.document"].sudo().browse(document_id)
        return self.env._("vendor document %(document)s", document=document.name)

    # The purchase order e-mail

    @api.model
    def _order_mail_body(self, purchase, body):
        """``body`` of the e-mail of a confirmed drop-ship ``purchase``
        order, with the link to the vendor's drop-ship shipments."""
        # sudo: the purchaser may have no inventory rights; only whether the
        # order has open drop-ship transfers is read.
        pickings = purchase.sudo().picking_ids.filtered(
            lambda p: p.is_dropship and p.state not in ("done", "cancel")
        )
        if purchase.state not in ("purchase", "done") or not pickings:
            return body
        url = f"{purchase.get_base_url()}/my/dropships"
        link = Markup(
            '<p class="o_dropship_portal_link">%s <a href="%s">%s</a></p>'
        ) % (
            self.env._(
                "Confirm the shipments of this order to our customers (quantities, "
                "serial numbers, tracking number) on our portal:"
            ),
            url,
            url,
        )
        return Markup("%s%s") % (body or "", link)
