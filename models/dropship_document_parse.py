# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The vendor's documents read into plain values, before any record is
looked up: UBL 2.1 despatch advices and order responses (Peppol BIS 3) and
the CSV of small vendors.

The XML is read safely: a document with a DOCTYPE or an entity declaration
is refused as a whole (as ``defusedxml`` does), and lxml never resolves
entities, loads a DTD or goes to the network.
"""

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field

from lxml import etree

from odoo.exceptions import UserError

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
ROOTS = {
    "urn:oasis:names:specification:ubl:schema:xsd:DespatchAdvice-2": "despatch_advice",
    "urn:oasis:names:specification:ubl:schema:xsd:OrderResponse-2": "order_response",
}
CSV_COLUMNS = (
    "purchase_order",
    "line",
    "product_code",
    "quantity",
    "lot_or_serial",
    "tracking",
    "ship_date",
)
# Several lots or serial numbers in one cell of the CSV.
CSV_LOT_SEPARATOR = re.compile(r"[;|\n]")
HOSTILE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass
class DocumentLine:
    """One line of a vendor's document, as sent.

    :ivar ref: the line's id in the document (``cbc:ID``, the CSV row)
    :ivar order: the purchase order it refers to
    :ivar line_no: the line number of the UBL Order (text, as sent)
    :ivar product_code: the vendor's product code
    :ivar barcode: the product's barcode (standard item identification)
    :ivar quantity: the quantity, as sent (text)
    :ivar unit_code: its UN/ECE rec 20 unit code (empty: the line's unit)
    :ivar lots: [(lot name, quantity as sent or None)]
    :ivar serials: [serial number]
    :ivar status: the order response's line status code (5, 3, 7)
    :ivar price: the unit price, as sent (text)
    :ivar date: the promised delivery date, as sent (text)
    :ivar note: the vendor's note on the line
    """

    ref: str
    order: str = ""
    line_no: str = ""
    product_code: str = ""
    barcode: str = ""
    quantity: str = ""
    unit_code: str = ""
    lots: list = field(default_factory=list)
    serials: list = field(default_factory=list)
    status: str = ""
    price: str = ""
    date: str = ""
    note: str = ""
    tracking: str = ""
    ship_date: str = ""


@dataclass
class Document:
    """A vendor's document, as sent.

    :ivar kind: ``despatch_advice``, ``order_response`` or ``csv``
    :ivar ref: the vendor's document id
    :ivar order: the purchase order the document refers to
    :ivar code: the order response code (AP, RE, CA)
    """

    kind: str
    ref: str = ""
    order: str = ""
    code: str = ""
    issue_date: str = ""
    ship_date: str = ""
    tracking: str = ""
    note: str = ""
    lines: list = field(default_factory=list)


def parse(env, data, content_type=""):
    """The ``Document`` of the bytes ``data``: XML when the content type
    says so or the data starts with ``<``, CSV otherwise; a ``UserError``
    telling what is wrong with it as a whole."""
    if not data or not data.strip():
        raise UserError(env._("The document is empty."))
    content_type = (content_type or "").split(";")[0].strip().lower()
    is_xml = content_type.endswith("xml") or (
        content_type != "text/csv" and data.lstrip()[:1] == b"<"
    )
    return parse_xml(env, data) if is_xml else parse_csv(env, data)


def parse_xml(env, data):
    if HOSTILE.search(data):
        raise UserError(
            env._(
                "The document declares a DOCTYPE or entities, which are not "
                "accepted: send the UBL document without them."
            )
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise UserError(
            env._("The document is not well-formed XML: %(error)s", error=str(error))
        ) from error
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise UserError(
            env._(
                "The document declares a DOCTYPE or entities, which are not "
                "accepted: send the UBL document without them."
            )
        )
    qname = etree.QName(root)
    kind = ROOTS.get(qname.namespace)
    if not kind or qname.localname != kind.title().replace("_", ""):
        raise UserError(
            env._(
                "Unknown document %(root)s: send a UBL 2.1 DespatchAdvice or "
                "OrderResponse.",
                root=qname.localname,
            )
        )
    document = Document(
        kind=kind,
        ref=_text(root, "cbc:ID"),
        order=_text(root, "cac:OrderReference/cbc:ID"),
        issue_date=_text(root, "cbc:IssueDate"),
        note=_text(root, "cbc:Note"),
    )
    if kind == "despatch_advice":
        _read_despatch_advice(root, document)
    else:
        _read_order_response(root, document)
    _check_header(env, document)
    return document


def _read_despatch_advice(root, document):
    document.tracking = _text(root, "cac:Shipment/cbc:ID") or _text(
        root, "cac:Shipment/cac:Consignment/cbc:CarrierAssignedID"
    )
    document.ship_date = (
        _text(root, "cac:Shipment/cac:Delivery/cac:Despatch/cbc:ActualDespatchDate")
        or document.issue_date
    )
    for index, node in enumerate(root.iterfind("cac:DespatchLine", NS), 1):
        item = node.find("cac:Item", NS)
        quantity, unit_code = _quantity(node, "cbc:DeliveredQuantity")
        line = DocumentLine(
            ref=_text(node, "cbc:ID") or str(index),
            order=_text(node, "cac:OrderLineReference/cac:OrderReference/cbc:ID"),
            line_no=_text(node, "cac:OrderLineReference/cbc:LineID"),
            quantity=quantity,
            unit_code=unit_code,
            note=_text(node, "cbc:Note"),
        )
        if item is not None:
            line.product_code = _text(item, "cac:SellersItemIdentification/cbc:ID")
            line.barcode = _text(item, "cac:StandardItemIdentification/cbc:ID")
            for instance in item.iterfind("cac:ItemInstance", NS):
                serial = _text(instance, "cbc:SerialID")
                lot = _text(instance, "cac:LotIdentification/cbc:LotNumberID")
                if serial:
                    line.serials.append(serial)
                elif lot:
                    line.lots.append((lot, None))
        document.lines.append(line)


def _read_order_response(root, document):
    document.code = _text(root, "cbc:OrderResponseCode")
    for index, node in enumerate(root.iterfind("cac:OrderLine", NS), 1):
        item = node.find("cac:LineItem", NS)
        if item is None:
            item = etree.Element("empty")
        quantity, unit_code = _quantity(item, "cbc:Quantity")
        line_item_id = _text(item, "cbc:ID")
        line = DocumentLine(
            ref=line_item_id or str(index),
            line_no=_text(node, "cac:OrderLineReference/cbc:LineID") or line_item_id,
            status=_text(item, "cbc:LineStatusCode"),
            quantity=quantity,
            unit_code=unit_code,
            price=_text(item, "cac:Price/cbc:PriceAmount"),
            date=_text(item, "cac:Delivery/cac:PromisedDeliveryPeriod/cbc:EndDate"),
            product_code=_text(item, "cac:Item/cac:SellersItemIdentification/cbc:ID"),
            barcode=_text(item, "cac:Item/cac:StandardItemIdentification/cbc:ID"),
            note=_text(node, "cbc:Note") or _text(item, "cbc:Note"),
        )
        document.lines.append(line)


def _check_header(env, document):
    if not document.ref:
        raise UserError(env._("The document has no ID (cbc:ID)."))
    if not document.order and not all(line.order for line in document.lines):
        raise UserError(
            env._(
                "The document refers to no purchase order (cac:OrderReference/cbc:ID)."
            )
        )
    if document.kind == "order_response":
        if document.code not in ("AP", "RE", "CA"):
            raise UserError(
                env._(
                    "Unknown order response code %(code)s: use AP (accepted), "
                    "RE (rejected) or CA (changed).",
                    code=document.code or "-",
                )
            )
    elif not document.lines:
        raise UserError(env._("The document has no lines."))


def parse_csv(env, data):
    """The ``Document`` of a CSV with the columns ``CSV_COLUMNS`` (a header
    row first); its id is a digest of its content, so that the same file
    sent twice is a duplicate."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(env._("The CSV file is not UTF-8 text.")) from error
    rows = list(csv.reader(io.StringIO(text)))
    header = [cell.strip().lower() for cell in (rows[0] if rows else [])]
    if header[: len(CSV_COLUMNS)] != list(CSV_COLUMNS):
        raise UserError(
            env._(
                "The CSV file must start with the header row: %(columns)s",
                columns=",".join(CSV_COLUMNS),
            )
        )
    document = Document(kind="csv", ref=f"CSV-{hashlib.sha256(data).hexdigest()[:16]}")
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(CSV_COLUMNS, (cell.strip() for cell in row), strict=False))
        names = [
            name.strip()
            for name in CSV_LOT_SEPARATOR.split(cells.get("lot_or_serial", ""))
            if name.strip()
        ]
        document.lines.append(
            DocumentLine(
                ref=str(number),
                order=cells.get("purchase_order", ""),
                line_no=cells.get("line", ""),
                product_code=cells.get("product_code", ""),
                quantity=cells.get("quantity", ""),
                lots=[(name, None) for name in names],
                tracking=cells.get("tracking", ""),
                ship_date=cells.get("ship_date", ""),
            )
        )
    if not document.lines:
        raise UserError(env._("The CSV file has no lines."))
    if not all(line.order for line in document.lines):
        raise UserError(env._("Every row of the CSV file needs its purchase order."))
    return document


def _quantity(node, path):
    """(quantity, unit code) of the quantity element ``path`` of ``node``."""
    found = node.find(path, NS)
    if found is None:
        return "", ""
    return (found.text or "").strip(), (found.get("unitCode") or "").strip()


def _text(node, path):
    found = node.find(path, NS)
    return (found.text or "").strip() if found is not None else ""
