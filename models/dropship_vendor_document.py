# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import io
from collections import defaultdict

from markupsafe import Markup
from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_is_zero, float_round, ormcache

from odoo.addons.account_edi_ubl_cii.models.account_edi_common import (
    UOM_TO_UNECE_CODE,
)

from .dropship_document_parse import CSV_COLUMNS, DocumentLine, parse
from .dropship_door import VENDOR_DOCUMENT, scope
from .dropship_numbers import MAX_AMOUNT, MAX_VENDOR_QTY, to_float

# The largest document accepted (bytes), unless the system parameter says
# otherwise.
MAX_SIZE = 5 * 1024 * 1024
MAX_SIZE_PARAM = "sale_purchase_dropship_sync.vendor_document_max_size"
# UN/ECE rec 20 codes that also mean "one piece".
UNIT_ALIASES = ("H87", "EA", "XPP")
KINDS = [
    ("despatch_advice", "Despatch Advice"),
    ("order_response", "Order Response"),
    ("csv", "Shipment CSV"),
    ("unknown", "Unknown"),
]
# The unique index of the applied documents: one per vendor, kind and id.
DONE_INDEX = "dropship_vendor_document_done_uniq"
# Order response line status codes (UNCL 1229 subset of Peppol BIS 3).
LINE_ACCEPTED, LINE_CHANGED, LINE_REJECTED = "5", "3", "7"


class DocumentTooLarge(UserError):
    """The document is larger than the limit (HTTP 413)."""


class DropshipVendorDocument(models.Model):
    """A document the vendor's system sent: a despatch advice, an order
    response or a CSV of shipped lines.

    Each document becomes the vendor's own ship, propose or decline actions
    of the portal (``dropship.portal``), through the door
    (``dropship.command``, command ``vendor_document``): the same authority,
    bounds, holds and policies, and a change log naming the document. A
    document is all or nothing: every line is checked first; when one is
    refused, nothing is applied and each line says why.
    """

    _name = "dropship.vendor.document"
    _description = "Drop-ship vendor document"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(
        string="Document ID",
        required=True,
        readonly=True,
        index=True,
        help="The vendor's id of the document (a digest of the file for a CSV).",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Vendor", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    kind = fields.Selection(KINDS, required=True, readonly=True)
    state = fields.Selection(
        [("draft", "Received"), ("done", "Applied"), ("refused", "Refused")],
        string="Status",
        required=True,
        readonly=True,
        default="draft",
        tracking=True,
    )
    channel = fields.Selection(
        [("backend", "Back office"), ("portal", "Vendor portal"), ("api", "API")],
        string="Received Via",
        readonly=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Sent By",
        readonly=True,
        default=lambda self: self.env.user,
    )
    attachment_id = fields.Many2one("ir.attachment", string="File", readonly=True)
    message = fields.Text(
        string="Reason", readonly=True, help="Why the document as a whole was refused."
    )
    purchase_ids = fields.Many2many(
        "purchase.order", string="Purchase Orders", readonly=True
    )
    picking_ids = fields.Many2many(
        "stock.picking", string="Transfers Validated", readonly=True
    )
    line_ids = fields.One2many(
        "dropship.vendor.document.line", "document_id", string="Lines", readonly=True
    )
    change_ids = fields.One2many(
        "dropship.sync.change", "vendor_document_id", string="Changes", readonly=True
    )
    change_count = fields.Integer(compute="_compute_change_count")

    @api.depends("change_ids")
    def _compute_change_count(self):
        counts = dict(
            self.env["dropship.sync.change"]._read_group(
                [("vendor_document_id", "in", self.ids)],
                ["vendor_document_id"],
                ["__count"],
            )
        )
        for document in self:
            document.change_count = counts.get(document, 0)

    def init(self):
        # A document applies once: a second transaction that applies the
        # same document at the same moment fails on this index (see
        # ``_claim``), whatever the checks of ``_import`` saw.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (partner_id, kind, name) "
                "WHERE state = 'done'",
                SQL.identifier(DONE_INDEX),
                SQL.identifier(self._table),
            )
        )

    # Actions

    def action_view_changes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale_purchase_dropship_sync.dropship_sync_change_action"
        )
        action["domain"] = [("vendor_document_id", "=", self.id)]
        action["context"] = {}
        return action

    # Import

    @api.model
    def _max_size(self):
        value = (
            self.env["ir.config_parameter"].sudo().get_param(MAX_SIZE_PARAM, "")
        ).strip()
        return int(value) if value.isdigit() else MAX_SIZE

    @api.model
    def _check_size(self, size):
        if size > self._max_size():
            raise DocumentTooLarge(
                self.env._(
                    "The document is too large (%(size)s bytes; at most %(max)s).",
                    size=size,
                    max=self._max_size(),
                )
            )

    @api.model
    def _import(self, data, vendor, channel, filename="", content_type=""):
        """Read the document ``data`` (bytes) of ``vendor`` (its commercial
        partner) received through ``channel`` and apply it.

        :return: (document, duplicate): the document record (the earlier
            one for a duplicate) and whether it is a duplicate
        :raise DocumentTooLarge: beyond the size limit (nothing is kept)
        """
        self._check_size(len(data))
        vendor = vendor.commercial_partner_id
        try:
            document = parse(self.env, data, content_type)
        except UserError as error:
            record = self._create_document(
                vendor, "unknown", "", channel, data, filename
            )
            record._refuse(str(error))
            return record, False
        duplicate = self._duplicate(vendor, document.kind, document.ref)
        if duplicate:
            return duplicate, True
        plan = self._resolve(document, vendor)
        pickings = (
            self.env["stock.picking"]
            .sudo()
            .union(*(item["picking"] for item in plan if item.get("picking")))
        )
        if pickings:
            self.env["dropship.command"]._run(
                "vendor_document",
                pickings,
                None,
                lock=[
                    self.env["purchase.order.line"].union(
                        *(item["pol"] for item in plan if item.get("pol"))
                    )
                ],
            )
            # After the lock: the same document may have been applied meanwhile.
            duplicate = self._duplicate(vendor, document.kind, document.ref)
            if duplicate:
                return duplicate, True
        record = self._create_document(
            vendor, document.kind, document.ref, channel, data, filename
        )
        record._apply(document, plan)
        return record, False

    @api.model
    def _duplicate(self, vendor, kind, ref):
        """The applied document ``ref`` of ``vendor`` of that ``kind``, if
        any (the key of ``DONE_INDEX``)."""
        return self.sudo().search(
            [
                ("partner_id", "=", vendor.id),
                ("kind", "=", kind),
                ("name", "=", ref),
                ("state", "=", "done"),
            ],
            limit=1,
        )

    @api.model
    def _create_document(self, vendor, kind, ref, channel, data, filename):
        # sudo: the document is the record of what a vendor (portal user,
        # API) sent; its readers are the purchasers.
        record = self.sudo().create(
            {
                "name": ref or self.env._("(no id)"),
                "partner_id": vendor.id,
                "kind": kind,
                "channel": channel,
                "user_id": self.env.uid,
                "company_id": self._company(vendor).id,
            }
        )
        extension = "csv" if kind == "csv" else "xml"
        record.attachment_id = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": filename or f"{ref or 'document'}.{extension}",
                    "raw": data,
                    "res_model": self._name,
                    "res_id": record.id,
                }
            )
        )
        return record

    @api.model
    def _company(self, vendor):
        company = vendor.company_id
        if company and company in self.env.user.company_ids:
            return company
        return self.env.company

    # Resolution: which purchase line, transfer and move each line is about

    @api.model
    def _line_numbers(self, purchase):
        """{line number: purchase line} as the UBL Order of ``purchase``
        numbers them (``purchase_edi_ubl_bis3``: 1..n over the lines that
        are no section or note)."""
        lines = purchase.order_line.filtered(
            lambda line: line.display_type not in ("line_note", "line_section")
        )
        return {str(number): line for number, line in enumerate(lines, 1)}

    @api.model
    def _resolve(self, document, vendor):
        """[{"line": DocumentLine, "pol", "move", "picking", "error"}] of the
        document's lines (an order response that rejects the whole order
        and has no lines gets one per open line of the order)."""
        own = self._own_purchases(document, vendor)
        if document.kind == "order_response" and not document.lines:
            purchase = own.get(document.order)
            if not purchase:
                return [{"line": None, "error": self._unknown_order(document.order)}]
            # A rejection of the whole order without lines: its open lines.
            document.lines = [
                DocumentLine(ref=number, line_no=number)
                for number, pol in self._line_numbers(purchase).items()
                if self._open_move(pol)
            ]
        # The line numbers of each purchase order, computed once.
        numbers = {purchase: self._line_numbers(purchase) for purchase in own.values()}
        plan = []
        for line in document.lines:
            name = line.order or document.order
            item = {"line": line}
            plan.append(item)
            purchase = own.get(name)
            if not purchase:
                item["error"] = self._unknown_order(name)
            elif purchase.state not in ("purchase", "done"):
                item["error"] = self.env._(
                    "%(order)s is not a confirmed order.", order=purchase.name
                )
            else:
                self._resolve_line(item, purchase, numbers[purchase], vendor)
        # The moves read together (their products, units, transfers), not
        # one line at a time.
        moves = [item["move"].id for item in plan if item.get("move")]
        for item in plan:
            if item.get("move"):
                item["move"] = item["move"].with_prefetch(moves)
        return plan

    @api.model
    def _own_purchases(self, document, vendor):
        """{name: purchase order} of the orders the document names that are
        ``vendor``'s and that the user reaches."""
        names = {line.order or document.order for line in document.lines}
        names.add(document.order)
        names.discard("")
        # sudo: the purchase orders are looked up by name for a vendor; only
        # those of the document's vendor are kept.
        purchases = (
            self.env["purchase.order"].sudo().search([("name", "in", list(names))])
        )
        # A purchaser reaches the orders of its companies; a vendor those of
        # every company that buys from it (as on the portal).
        companies = None if self.env.user.share else self.env.user.company_ids
        return {
            purchase.name: purchase
            for purchase in purchases
            if purchase.partner_id.commercial_partner_id == vendor
            and (companies is None or purchase.company_id in companies)
        }

    @api.model
    def _resolve_line(self, item, purchase, numbers, vendor):
        """Set the purchase line, move and transfer of ``item`` on the
        confirmed ``purchase`` (``numbers``: its ``_line_numbers``), or the
        error."""
        line = item["line"]
        pol, error = self._find_line(purchase, line, vendor, numbers)
        if error:
            item["error"] = error
            return
        item["pol"] = pol
        move = self._open_move(pol)
        if not move:
            item["error"] = self.env._(
                "%(order)s, line %(line)s: nothing is open to ship on it any "
                "more (its transfer is done or cancelled).",
                order=purchase.name,
                line=line.line_no or pol.product_id.display_name,
            )
            return
        item["move"] = move
        item["picking"] = move.picking_id

    @api.model
    def _open_move(self, pol):
        """The open drop-ship move of ``pol`` (the oldest), if any."""
        return pol.move_ids.filtered(
            lambda m: m.picking_id.is_dropship and m.state not in ("done", "cancel")
        ).sorted("id")[:1]

    @api.model
    def _unknown_order(self, name):
        return self.env._(
            "%(order)s: no such purchase order of yours.", order=name or "-"
        )

    @api.model
    def _find_line(self, purchase, line, vendor, numbers):
        """(purchase line, error) of ``line`` on ``purchase``: by the line
        number of the UBL Order (``numbers``: its ``_line_numbers``), else
        by the vendor's product code or the barcode."""
        if line.line_no:
            pol = numbers.get(line.line_no.lstrip("0") or "0")
            if not pol:
                return None, self.env._(
                    "%(order)s has no line %(line)s.",
                    order=purchase.name,
                    line=line.line_no,
                )
            return pol, None
        code = line.product_code or line.barcode
        if not code:
            return None, self.env._(
                "Give the line number of the order or the product code."
            )
        pols = purchase.order_line.browse([pol.id for pol in numbers.values()])
        if line.product_code:
            found = pols.filtered(
                lambda pol: (
                    pol.product_id.default_code == line.product_code
                    or line.product_code
                    in pol.product_id.seller_ids.filtered(
                        lambda s: s.partner_id.commercial_partner_id == vendor
                    ).mapped("product_code")
                )
            )
        else:
            found = pols.filtered(lambda pol: pol.product_id.barcode == line.barcode)
        found = found.filtered(lambda pol: pol.product_qty > pol.qty_received) or found
        if not found:
            return None, self.env._(
                "%(order)s has no line for the product %(code)s.",
                order=purchase.name,
                code=code,
            )
        if len(found) > 1:
            return None, self.env._(
                "%(order)s has several lines for the product %(code)s: give the "
                "line number.",
                order=purchase.name,
                code=code,
            )
        return found, None

    # Checks and application

    def _apply(self, document, plan):
        """Check every line, then apply the document as the vendor's actions
        (or refuse it as a whole)."""
        self.ensure_one()
        portal = self.env["dropship.portal"].sudo()
        purchases = self.env["purchase.order"].union(
            *(item["pol"].order_id for item in plan if item.get("pol"))
        )
        self.write(
            {"purchase_ids": purchases.ids}
            | ({"company_id": purchases[0].company_id.id} if purchases else {})
        )
        if document.kind == "order_response":
            actions = self._check_response(document, plan, portal)
        else:
            actions = self._check_shipment(document, plan, portal)
        if any(item.get("error") for item in plan):
            self._refuse(self.env._("Nothing was applied: a line was refused."), plan)
            return
        try:
            with self.env.cr.savepoint(), scope(self.env, **{VENDOR_DOCUMENT: self.id}):
                for picking, action, values in actions:
                    result = portal._act(picking, action, values, channel="document")
                    if result == "held":
                        self._tell_held(plan, picking)
        except UserError as error:
            self.env.invalidate_all()
            for item in plan:
                item.setdefault("error", str(error))
            self._refuse(
                self.env._("Nothing was applied: %(error)s", error=str(error)), plan
            )
            return
        self.picking_ids = self.env["stock.picking"].union(
            *(picking for picking, action, _v in actions if action == "ship")
        )
        self._write_lines(plan)
        self._claim()
        self._post_on_orders()

    def _claim(self):
        """Mark the document applied, now, in the database.

        When another transaction applied the same document (vendor, kind,
        id) since this one started, its snapshot cannot see it and
        ``DONE_INDEX`` refuses the second: this transaction then fails as
        a concurrency error, which Odoo retries for a request; the retry
        sees the first document and answers "duplicate". A transaction
        that applies it at the same moment waits here for the first one.
        """
        self.env.flush_all()
        self.state = "done"
        try:
            with self.env.cr.savepoint(flush=False):
                self.flush_recordset(["state"])
        except errors.UniqueViolation as error:
            if error.diag.constraint_name != DONE_INDEX:
                raise
            # A serialization failure (SQLSTATE 40001), raised by PostgreSQL
            # itself so that Odoo retries the request.
            self.env.cr.execute(
                """
                DO $$ BEGIN RAISE EXCEPTION USING
                    ERRCODE = 'serialization_failure',
                    MESSAGE = 'The vendor document was applied by another '
                              'transaction meanwhile.';
                END $$
                """
            )

    @api.model
    def _tell_held(self, plan, picking):
        for item in plan:
            if item.get("picking") == picking and item.get("result") in (
                "proposed",
                "declined",
            ):
                item["message"] = self.env._(
                    "%(message)s The buyer put this order on hold: it will "
                    "review it when the hold is released.",
                    message=item["message"],
                )

    def _refuse(self, message, plan=None):
        self.write({"state": "refused", "message": message})
        if plan is not None:
            self._write_lines(plan)
        self._post_on_orders()

    def _write_lines(self, plan):
        """One result per line of ``plan``; on a refused document, the lines
        that were fine say that they were not applied."""
        refused = self.state == "refused"
        self.line_ids = [
            fields.Command.create(
                {
                    "sequence": index,
                    "name": item["line"].ref if item["line"] else "-",
                    "purchase_line_id": item["pol"].id if item.get("pol") else False,
                    "result": "refused" if refused else item.get("result"),
                    "message": item.get("error")
                    or (
                        self.env._("Not applied: another line was refused.")
                        if refused
                        else item.get("message")
                    ),
                }
            )
            for index, item in enumerate(plan, 1)
        ]

    def _post_on_orders(self):
        body = Markup(
            '<p>%s <a href="#" data-oe-model="%s" data-oe-id="%s">%s</a>: %s</p>'
        ) % (
            dict(KINDS)[self.kind],
            self._name,
            self.id,
            self.name,
            dict(self._fields["state"]._description_selection(self.env))[self.state],
        )
        if self.message:
            body += Markup("<p>%s</p>") % self.message
        for purchase in self.purchase_ids:
            purchase.message_post(body=body, subtype_xmlid="mail.mt_note")
        self.message_post(body=body, subtype_xmlid="mail.mt_note")

    @api.model
    def _attempt(self, item, check, *args):
        """Run ``check(*args)``; its ``UserError`` becomes the refusal of
        the line ``item``. Returns the check's result (None if refused)."""
        try:
            return check(*args)
        except UserError as error:
            item.setdefault("error", str(error))
            return None

    @api.model
    def _attempt_all(self, items, check, *args):
        """Run ``check(*args)`` once; its ``UserError`` becomes the refusal
        of each line of ``items``."""
        try:
            return check(*args)
        except UserError as error:
            for item in items:
                item.setdefault("error", str(error))
            return None

    @api.model
    def _quantity(self, item, text, uom):
        """The quantity ``text`` of ``item`` in ``uom``, or None when
        refused (the reason on ``item``)."""
        return self._attempt(item, self._convert, item["line"], text, uom)

    @api.model
    def _convert(self, line, text, uom):
        """The quantity ``text`` of ``line`` (in its unit code, when given)
        converted to ``uom``."""
        label = self.env._("Line %(line)s, quantity", line=line.ref)
        qty = to_float(self.env, text or "", label, 0.0, MAX_VENDOR_QTY)
        if not line.unit_code:
            return qty
        unit = self._unit(line.unit_code)
        if not unit:
            raise UserError(
                self.env._(
                    "Line %(line)s: unknown unit code %(code)s (UN/ECE rec 20).",
                    line=line.ref,
                    code=line.unit_code,
                )
            )
        if unit.category_id != uom.category_id:
            raise UserError(
                self.env._(
                    "Line %(line)s: %(unit)s cannot be converted to %(uom)s.",
                    line=line.ref,
                    unit=unit.name,
                    uom=uom.name,
                )
            )
        return unit._compute_quantity(qty, uom, round=False)

    @api.model
    def _unit(self, code):
        """The unit of the UN/ECE rec 20 ``code``, or None."""
        unit_id = self._unit_id(code.upper())
        return self.env["uom.uom"].browse(unit_id) if unit_id else None

    @api.model
    @ormcache("code")
    def _unit_id(self, code):
        # Cached: a document of 1,000 lines names the same few units.
        code = "C62" if code in UNIT_ALIASES else code
        for xmlid, unece in UOM_TO_UNECE_CODE.items():
            if unece == code:
                unit = self.env.ref(xmlid, raise_if_not_found=False)
                return unit.id if unit else None
        return None

    @api.model
    def _unece(self, uom):
        xmlid = uom.get_external_id().get(uom.id)
        return UOM_TO_UNECE_CODE.get(xmlid, "C62")

    def _check_shipment(self, document, plan, portal):
        """[(picking, "ship", form values)] of a despatch advice or CSV,
        every line checked (refusals on the items)."""
        by_move = defaultdict(list)
        open_items = [item for item in plan if not item.get("error")]
        # The transfer's checks once per transfer, not once per line.
        for picking in {item["picking"] for item in open_items}:
            items = [item for item in open_items if item["picking"] == picking]
            self._attempt_all(items, portal._check_open, picking)
            self._attempt_all(items, portal._check_not_held, picking)
        for item in open_items:
            move = item["move"]
            qty = self._quantity(item, item["line"].quantity, move.product_uom)
            if qty is None:
                continue
            item["qty"] = qty
            by_move[move].append(item)
        by_picking = defaultdict(dict)
        for move, items in by_move.items():
            qty = sum(item["qty"] for item in items)
            rounding = move.product_uom.rounding
            for item in items:
                self._attempt(item, portal._check_quantity, move, qty)
            if any(item.get("error") for item in items):
                continue
            lots = self._lots(move, items)
            if lots is None:
                continue
            for item in items:
                item["result"] = "shipped"
                item["message"] = self.env._(
                    "%(qty)s %(uom)s of %(product)s shipped on %(transfer)s.",
                    qty=self.env["dropship.rule"]._fmt(
                        float_round(item["qty"], precision_rounding=rounding)
                    ),
                    uom=move.product_uom.name,
                    product=move.product_id.display_name,
                    transfer=move.picking_id.name,
                )
            by_picking[move.picking_id][move] = (qty, lots)
        actions = []
        for picking, moves in by_picking.items():
            items = [i for i in plan if i.get("picking") == picking]
            values = self._ship_values(document, picking, moves, items, portal)
            if values:
                actions.append((picking, "ship", values))
        return actions

    def _lots(self, move, items):
        """[(lot or serial number, quantity)] of ``move`` from its lines
        ``items``, or None when refused."""
        tracking = move.product_id.tracking
        if tracking == "none":
            return []
        names = []
        for item in items:
            names += self._attempt(item, self._line_lots, move, item) or []
        if tracking == "serial":
            seen = set()
            twice = {name for name, _q in names if name in seen or seen.add(name)}
            if twice:
                for item in items:
                    item.setdefault(
                        "error",
                        self.env._(
                            "%(product)s: serial number(s) %(serials)s given twice.",
                            product=move.product_id.display_name,
                            serials=", ".join(sorted(twice)),
                        ),
                    )
        if any(item.get("error") for item in items):
            return None
        return names

    @api.model
    def _line_lots(self, move, item):
        """[(lot or serial number, quantity)] of the line ``item`` of
        ``move``: one serial number per unit, or one lot per line."""
        line, qty = item["line"], item["qty"]
        names = [name for name, _q in line.lots] + line.serials
        if move.product_id.tracking == "serial":
            if len(names) != qty:
                raise UserError(
                    self.env._(
                        "Line %(line)s, %(product)s: %(qty)s unit(s) need as many "
                        "serial numbers, not %(count)s.",
                        line=line.ref,
                        product=move.product_id.display_name,
                        qty=self.env["dropship.rule"]._fmt(qty),
                        count=len(names),
                    )
                )
            return [(name, 1.0) for name in names]
        if float_is_zero(qty, precision_rounding=move.product_uom.rounding):
            return []
        if len(names) != 1:
            raise UserError(
                self.env._(
                    "Line %(line)s: give one lot number per line (%(count)s given).",
                    line=line.ref,
                    count=len(names),
                )
            )
        return [(names[0], qty)]

    def _ship_values(self, document, picking, moves, items, portal):
        """The portal's ship form of ``picking`` for the planned ``moves``
        ({move: (quantity, lots text)}); refusals of the document's
        tracking number, ship date and delivered serial numbers on
        ``items``."""
        values = {
            f"qty_{move.id}": repr(moves[move][0]) if move in moves else "0"
            for move in portal._open_moves(picking)
        }
        for move, (_qty, lots) in moves.items():
            if not lots:
                continue
            # The portal's form: one serial number per line, or
            # ``LOT: quantity`` lines.
            values[f"lots_{move.id}"] = "\n".join(
                name if move.product_id.tracking == "serial" else f"{name}: {qty!r}"
                for name, qty in lots
            )
        tracking = document.tracking or next(
            (i["line"].tracking for i in items if i["line"].tracking), ""
        )
        ship_date = document.ship_date or next(
            (i["line"].ship_date for i in items if i["line"].ship_date), ""
        )
        values["tracking_ref"] = tracking
        if ship_date:
            values["ship_date"] = ship_date[:10]
            self._attempt_all(
                items,
                portal._date,
                ship_date[:10],
                self.env._("Ship date"),
                portal._order_day(picking.purchase_id),
                fields.Datetime.now().date(),
            )
        self._attempt_all(items, portal._check_not_delivered, moves)
        if any(item.get("error") for item in items):
            return None
        return values

    def _check_response(self, document, plan, portal):
        """[(picking, action, form values)] of an order response, every
        line checked (refusals on the items)."""
        by_picking = defaultdict(lambda: {"propose": {}, "decline": {}})
        default_reason = document.note or self.env._(
            "Not accepted by the vendor (order response %(document)s).",
            document=document.ref,
        )
        for item in plan:
            if item.get("error"):
                continue
            line, move = item["line"], item["move"]
            picking = item["picking"]
            status = {"AP": LINE_ACCEPTED, "RE": LINE_REJECTED}.get(
                document.code, line.status
            )
            self._attempt(item, portal._check_open, picking)
            if status == LINE_ACCEPTED:
                item["result"] = "accepted"
                item["message"] = self.env._("Accepted as ordered.")
            elif status == LINE_REJECTED:
                reason = line.note or default_reason
                values = by_picking[picking]["decline"]
                values.update({f"decline_{move.id}": "1", f"reason_{move.id}": reason})
                item["result"] = "declined"
                item["message"] = self.env._("Declined: %(reason)s", reason=reason)
            elif status == LINE_CHANGED:
                values = self._proposal(item, portal)
                if values is None:
                    continue
                if values:
                    by_picking[picking]["propose"].update(values)
            else:
                item.setdefault(
                    "error",
                    self.env._(
                        "Line %(line)s: unknown line status %(code)s: use 5 "
                        "(accepted), 3 (changed) or 7 (not accepted).",
                        line=line.ref,
                        code=line.status or "-",
                    ),
                )
        actions = []
        for picking, values in by_picking.items():
            for action in ("propose", "decline"):
                if values[action]:
                    actions.append((picking, action, values[action]))
        return actions

    def _proposal(self, item, portal):
        """The portal's propose form values of a changed line (empty when
        nothing differs from the order), or None when refused."""
        line, pol, move = item["line"], item["pol"], item["move"]
        values, changes = {}, []
        fmt = self.env["dropship.rule"]._fmt
        if line.quantity:
            qty = self._quantity(item, line.quantity, pol.product_uom)
            if qty is None:
                return None
            if float_compare(
                qty, pol.product_qty, precision_rounding=pol.product_uom.rounding
            ):
                values[f"qty_{move.id}"] = repr(qty)
                changes.append(
                    self.env._(
                        "quantity %(qty)s %(uom)s",
                        qty=fmt(qty),
                        uom=pol.product_uom.name,
                    )
                )
        if line.price:
            label = self.env._("Line %(line)s, price", line=line.ref)
            price = self._attempt(
                item, to_float, self.env, line.price, label, 0.0, MAX_AMOUNT
            )
            if price is None:
                return None
            if float_compare(price, pol.price_unit, precision_digits=6):
                values[f"price_{move.id}"] = repr(price)
                changes.append(self.env._("unit price %(price)s", price=fmt(price)))
        if line.date:
            planned = self._attempt(
                item, portal._planned_date, move.picking_id, line.date[:10]
            )
            if planned is None:
                return None
            if planned.date() != pol.date_planned.date():
                values[f"date_{move.id}"] = line.date[:10]
                changes.append(self.env._("ship date %(date)s", date=line.date[:10]))
        if values:
            item["result"] = "proposed"
            item["message"] = self.env._(
                "Proposed: %(changes)s.", changes=", ".join(changes)
            )
        else:
            item["result"] = "accepted"
            item["message"] = self.env._("Accepted: the values are those of the order.")
        return values

    # What the vendor has to ship

    @api.model
    def _open_shipments(self, vendor):
        """The open drop-ship shipments of ``vendor`` (a commercial partner)
        as plain values: purchase order, transfer, the customer's delivery
        address (name, street, zip, city, country only) and the open lines
        (line number of the UBL Order, product codes, open quantity, unit,
        tracking)."""
        # sudo: the vendor domain restricts the search to the drop-ship
        # transfers of ``vendor`` before anything is read.
        pickings = (
            self.env["stock.picking"]
            .sudo()
            .search(
                [
                    ("location_id.usage", "=", "supplier"),
                    ("location_dest_id.usage", "=", "customer"),
                    ("purchase_id.partner_id.commercial_partner_id", "=", vendor.id),
                    ("state", "not in", ("done", "cancel", "draft")),
                ],
                order="scheduled_date, id",
            )
        )
        numbers = {}
        shipments = []
        for picking in pickings.filtered("is_dropship"):
            purchase = picking.purchase_id
            if purchase not in numbers:
                numbers[purchase] = {
                    pol: number for number, pol in self._line_numbers(purchase).items()
                }
            shipments.append(self._shipment(picking, numbers[purchase], vendor))
        return shipments

    @api.model
    def _shipment(self, picking, numbers, vendor):
        """The plain values of the open drop-ship transfer ``picking`` of
        ``vendor``; ``numbers`` are the UBL Order's {purchase line: line
        number} of its purchase order."""
        address = self.env["dropship.portal"]._ship_to(picking)
        return {
            "purchase_order": picking.purchase_id.name,
            "shipment": picking.name,
            "scheduled_date": fields.Date.to_string(picking.scheduled_date.date()),
            "on_hold": self.env["dropship.command"]._pair_held(
                picking.move_ids.purchase_line_id
            ),
            "ship_to": {
                "name": address.name or "",
                "street": address.street or "",
                "zip": address.zip or "",
                "city": address.city or "",
                "country": address.country_id.code or "",
            },
            "lines": self._shipment_lines(picking, numbers, vendor),
        }

    @api.model
    def _shipment_lines(self, picking, numbers, vendor):
        """The open lines of ``picking``: line number of the UBL Order,
        product codes, open quantity, unit, tracking."""
        lines = []
        moves = self.env["dropship.portal"]._open_moves(picking)
        for move in moves.filtered("purchase_line_id"):
            product = move.product_id
            seller = product.seller_ids.filtered(
                lambda s: (
                    s.partner_id.commercial_partner_id == vendor and s.product_code
                )
            )[:1]
            lines.append(
                {
                    "line": numbers.get(move.purchase_line_id, ""),
                    "product_code": seller.product_code or product.default_code or "",
                    "barcode": product.barcode or "",
                    "open_quantity": move.product_uom_qty,
                    "unit": self._unece(move.product_uom),
                    "tracking": product.tracking,
                }
            )
        return lines

    @api.model
    def _csv_template(self, vendor):
        """A CSV with the header row and one row per open line of
        ``vendor``'s shipments, to fill in and send back."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for shipment in self._open_shipments(vendor):
            for line in shipment["lines"]:
                writer.writerow(
                    [
                        shipment["purchase_order"],
                        line["line"],
                        line["product_code"],
                        self.env["dropship.rule"]._fmt(line["open_quantity"]),
                        "",
                        "",
                        "",
                    ]
                )
        return out.getvalue().encode()

    # Answers

    def _answer(self, duplicate=False):
        """The JSON answer of the API for this document."""
        self.ensure_one()
        answer = {
            "document": self.id,
            "state": "duplicate" if duplicate else self.state,
            "lines": [
                {"line": line.name, "result": line.result, "message": line.message}
                for line in self.line_ids.sorted("sequence")
            ],
        }
        if duplicate:
            answer["message"] = self.env._(
                "%(document)s was already received: nothing was done.",
                document=self.name,
            )
        elif self.message:
            answer["message"] = self.message
        return answer
