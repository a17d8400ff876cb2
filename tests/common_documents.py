# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Hand-written vendor documents (UBL 2.1 despatch advices and order
responses, shipment CSV files) and the vendors that send them."""

from datetime import timedelta
from xml.sax.saxutils import escape

from odoo import fields
from odoo.tests import new_test_user

from ..models.dropship_document_parse import CSV_COLUMNS
from . import test_portal
from .common import CUSTOMER_ADDRESS, DropshipCommon

UBL_NS = (
    'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:'
    'CommonAggregateComponents-2" '
    'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:'
    'CommonBasicComponents-2"'
)


def despatch_advice(ref, order, lines, tracking="", ship_date=""):
    """A UBL 2.1 DespatchAdvice; ``lines`` are dicts with ``qty`` and
    optional ``id``, ``unit``, ``line``, ``code``, ``barcode``, ``lots``,
    ``serials``."""
    body = "".join(_despatch_line(number, line) for number, line in enumerate(lines, 1))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<DespatchAdvice xmlns="urn:oasis:names:specification:ubl:schema:xsd:'
        f'DespatchAdvice-2" {UBL_NS}>'
        "<cbc:CustomizationID>urn:fdc:peppol.eu:poacc:trns:despatch_advice:3"
        "</cbc:CustomizationID>"
        f"<cbc:ID>{escape(ref)}</cbc:ID>"
        f"<cbc:IssueDate>{fields.Date.today()}</cbc:IssueDate>"
        f"<cac:OrderReference><cbc:ID>{escape(order)}</cbc:ID></cac:OrderReference>"
        f"{_despatch_shipment(tracking, ship_date)}{body}</DespatchAdvice>"
    ).encode()


def _despatch_shipment(tracking, ship_date):
    """The despatch advice's shipment: tracking number and ship date."""
    if not (tracking or ship_date):
        return ""
    shipment = "<cac:Shipment>"
    shipment += f"<cbc:ID>{escape(tracking)}</cbc:ID>" if tracking else ""
    if ship_date:
        shipment += (
            "<cac:Delivery><cac:Despatch><cbc:ActualDespatchDate>"
            f"{ship_date}</cbc:ActualDespatchDate></cac:Despatch></cac:Delivery>"
        )
    return shipment + "</cac:Shipment>"


def _despatch_line(number, line):
    """The DespatchLine of ``line`` (see ``despatch_advice``)."""
    item = ""
    if line.get("code"):
        item += (
            "<cac:SellersItemIdentification><cbc:ID>"
            f"{escape(line['code'])}</cbc:ID></cac:SellersItemIdentification>"
        )
    if line.get("barcode"):
        item += (
            "<cac:StandardItemIdentification><cbc:ID>"
            f"{line['barcode']}</cbc:ID></cac:StandardItemIdentification>"
        )
    for lot in line.get("lots", []):
        item += (
            "<cac:ItemInstance><cac:LotIdentification><cbc:LotNumberID>"
            f"{escape(lot)}</cbc:LotNumberID></cac:LotIdentification>"
            "</cac:ItemInstance>"
        )
    for serial in line.get("serials", []):
        item += (
            f"<cac:ItemInstance><cbc:SerialID>{escape(serial)}</cbc:SerialID>"
            "</cac:ItemInstance>"
        )
    reference = (
        "<cac:OrderLineReference>"
        f"<cbc:LineID>{line['line']}</cbc:LineID></cac:OrderLineReference>"
        if line.get("line")
        else ""
    )
    return (
        "<cac:DespatchLine>"
        f"<cbc:ID>{line.get('id', number)}</cbc:ID>"
        f'<cbc:DeliveredQuantity unitCode="{line.get("unit", "C62")}">'
        f"{line['qty']}</cbc:DeliveredQuantity>"
        f"{reference}"
        f"<cac:Item><cbc:Name>Item</cbc:Name>{item}</cac:Item>"
        "</cac:DespatchLine>"
    )


def order_response(ref, order, code, lines=(), note=""):
    """A UBL 2.1 OrderResponse; ``lines`` are dicts with ``line``,
    ``status`` and optional ``qty``, ``price``, ``date``, ``note``."""
    body = []
    for line in lines:
        item = f"<cbc:ID>{line['line']}</cbc:ID>"
        item += f"<cbc:LineStatusCode>{line['status']}</cbc:LineStatusCode>"
        if "qty" in line:
            item += f'<cbc:Quantity unitCode="C62">{line["qty"]}</cbc:Quantity>'
        if "date" in line:
            item += (
                "<cac:Delivery><cac:PromisedDeliveryPeriod><cbc:EndDate>"
                f"{line['date']}</cbc:EndDate></cac:PromisedDeliveryPeriod>"
                "</cac:Delivery>"
            )
        if "price" in line:
            item += (
                '<cac:Price><cbc:PriceAmount currencyID="EUR">'
                f"{line['price']}</cbc:PriceAmount></cac:Price>"
            )
        item += "<cac:Item><cbc:Name>Item</cbc:Name></cac:Item>"
        note_xml = (
            f"<cbc:Note>{escape(line['note'])}</cbc:Note>" if "note" in line else ""
        )
        body.append(
            f"<cac:OrderLine>{note_xml}<cac:LineItem>{item}</cac:LineItem>"
            "<cac:OrderLineReference>"
            f"<cbc:LineID>{line['line']}</cbc:LineID></cac:OrderLineReference>"
            "</cac:OrderLine>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<OrderResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:'
        f'OrderResponse-2" {UBL_NS}>'
        "<cbc:CustomizationID>urn:fdc:peppol.eu:poacc:trns:order_response:3"
        "</cbc:CustomizationID>"
        f"<cbc:ID>{escape(ref)}</cbc:ID>"
        f"<cbc:IssueDate>{fields.Date.today()}</cbc:IssueDate>"
        f"<cbc:OrderResponseCode>{code}</cbc:OrderResponseCode>"
        + (f"<cbc:Note>{escape(note)}</cbc:Note>" if note else "")
        + f"<cac:OrderReference><cbc:ID>{escape(order)}</cbc:ID></cac:OrderReference>"
        f"{''.join(body)}</OrderResponse>"
    ).encode()


def shipment_csv(rows):
    """A shipment CSV: the header row, then ``rows`` (lists of cells)."""
    lines = [",".join(CSV_COLUMNS)]
    lines += [",".join(str(cell) for cell in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


class VendorDocumentCommon(DropshipCommon):
    # A helper of the portal tests (taken alone: a subclass would run their
    # tests a second time).
    _portal_user = test_portal.TestDropshipPortal.__dict__["_portal_user"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor.write({"is_company": True})
        cls.vendor_user = cls._portal_user("vendor_docs", cls.vendor)
        cls.other_vendor = cls.env["res.partner"].create(
            {"name": "Other Vendor", "is_company": True}
        )
        cls.other_vendor_user = cls._portal_user("other_docs", cls.other_vendor)
        cls.purchaser = new_test_user(
            cls.env,
            login="docs_purchaser",
            groups="purchase.group_purchase_user",
        )
        cls.customer.write(
            {**CUSTOMER_ADDRESS, "country_id": cls.env.ref("base.be").id}
        )

    def _pair(self, lines):
        order, purchase = self._confirmed_pair(lines)
        return order, purchase, self._dropship_pickings(purchase)

    @staticmethod
    def _yesterday():
        return fields.Date.today() - timedelta(days=1)

    def _snapshot(self, order, purchase):
        self.env.invalidate_all()
        return {
            "pickings": purchase.picking_ids.read(
                ["state", "carrier_tracking_ref", "receipt_date"]
            ),
            "moves": purchase.picking_ids.move_ids.read(
                ["state", "quantity", "picked"]
            ),
            "move_lines": purchase.picking_ids.move_ids.move_line_ids.read(
                ["lot_name", "lot_id", "quantity"]
            ),
            "sale": order.order_line.read(
                ["product_uom_qty", "qty_delivered", "dropship_state"]
            ),
            "purchase": purchase.order_line.read(
                ["product_qty", "qty_received", "price_unit", "date_planned"]
            ),
            "states": (order.state, purchase.state),
            "log": order.dropship_change_count,
        }
