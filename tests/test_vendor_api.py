# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import io

from odoo import Command, http
from odoo.tests import HttpCase, tagged

from ..models.dropship_document_parse import CSV_COLUMNS
from .common_documents import (
    VendorDocumentCommon,
    despatch_advice,
    order_response,
    shipment_csv,
)

DOCUMENTS = "/dropship/api/v1/documents"
SHIPMENTS = "/dropship/api/v1/shipments"


@tagged("post_install", "-at_install")
class TestVendorApi(HttpCase, VendorDocumentCommon):
    """The vendor's systems over HTTP: the API with an API key of the
    vendor's portal user, and the upload on the vendor portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("portal.allow_api_keys", True)
        cls.key = cls._api_key(cls.vendor_user)
        cls.other_key = cls._api_key(cls.other_vendor_user)

    @classmethod
    def _api_key(cls, user):
        # sudo: a key without expiry, as an administrator may give it.
        return (
            cls.env["res.users.apikeys"]
            .with_user(user)
            .sudo()
            ._generate(None, "vendor system", None)
        )

    def _send(self, data, content_type="application/xml", key=None):
        response = self.url_open(
            DOCUMENTS,
            data=data,
            headers={
                "Authorization": f"Bearer {key or self.key}",
                "Content-Type": content_type,
            },
        )
        self.env.invalidate_all()
        return response

    def test_api_despatch_advice_done_then_duplicate(self):
        order, purchase, picking = self._pair([(self.product, 5)])
        data = despatch_advice(
            "API-1", purchase.name, [{"id": "L1", "line": 1, "qty": 3}], tracking="T-9"
        )
        response = self._send(data)
        self.assertEqual(response.status_code, 200, response.text)
        answer = response.json()
        document = self.env["dropship.vendor.document"].browse(answer["document"])
        self.assertEqual(answer["state"], "done")
        self.assertEqual(answer["lines"][0]["line"], "L1")
        self.assertEqual(answer["lines"][0]["result"], "shipped")
        self.assertEqual(document.channel, "api")
        self.assertEqual(document.user_id, self.vendor_user)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.carrier_tracking_ref, "T-9")
        self.assertEqual(order.order_line.qty_delivered, 3)
        self.assertEqual(picking.backorder_ids.move_ids.product_uom_qty, 2)
        before = self._snapshot(order, purchase)
        again = self._send(data)
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again.json()["state"], "duplicate")
        self.assertEqual(again.json()["document"], document.id)
        self.assertEqual(self._snapshot(order, purchase), before)

    def test_api_refusals(self):
        order, purchase, _picking = self._pair([(self.product, 5)])
        other_order, other_purchase, _other = self._pair([(self.product, 2)])
        hostile = (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b"<DespatchAdvice>&e;</DespatchAdvice>"
        )
        cases = [
            (
                despatch_advice("API-R1", purchase.name, [{"line": 1, "qty": 9}]),
                "from 0 to 5",
            ),
            (hostile, "DOCTYPE or entities"),
            (b"<DespatchAdvice", "not well-formed XML"),
            (
                order_response(
                    "API-R2", purchase.name, "CA", [{"line": 1, "status": 7}]
                )
                .replace(b"<cac:OrderReference><cbc:ID>", b"<cac:X><cbc:ID>")
                .replace(b"</cbc:ID></cac:OrderReference>", b"</cbc:ID></cac:X>"),
                "refers to no purchase order",
            ),
        ]
        for data, text in cases:
            with self.subTest(text=text):
                before = self._snapshot(order, purchase)
                response = self._send(data)
                self.assertEqual(response.status_code, 422, response.text)
                answer = response.json()
                self.assertEqual(answer["state"], "refused")
                reasons = [answer["message"], *(x["message"] for x in answer["lines"])]
                self.assertTrue(any(text in reason for reason in reasons), reasons)
                self.assertEqual(self._snapshot(order, purchase), before)
                document = self.env["dropship.vendor.document"].browse(
                    answer["document"]
                )
                self.assertEqual(document.state, "refused")
                self.assertEqual(document.attachment_id.raw, data)
        # Another vendor's key does not reach this vendor's order.
        before = self._snapshot(other_order, other_purchase)
        response = self._send(
            despatch_advice("API-R3", other_purchase.name, [{"line": 1, "qty": 2}]),
            key=self.other_key,
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("no such purchase order", response.json()["lines"][0]["message"])
        self.assertEqual(self._snapshot(other_order, other_purchase), before)

    def test_api_bad_key_and_too_large(self):
        order, purchase, _picking = self._pair([(self.product, 5)])
        before = self._snapshot(order, purchase)
        data = despatch_advice("API-K", purchase.name, [{"line": 1, "qty": 5}])
        response = self._send(data, key="not-a-key")
        self.assertEqual(response.status_code, 401)
        self.env["ir.config_parameter"].set_param(
            "sale_purchase_dropship_sync.vendor_document_max_size", "200"
        )
        count = self.env["dropship.vendor.document"].search_count([])
        response = self._send(data)
        self.assertEqual(response.status_code, 413)
        self.assertIn("too large", response.json()["message"])
        self.assertEqual(self._snapshot(order, purchase), before)
        self.assertEqual(self.env["dropship.vendor.document"].search_count([]), count)

    def test_api_csv_and_order_response(self):
        _order, purchase, picking = self._pair([(self.product, 5)])
        response = self._send(
            shipment_csv([[purchase.name, 1, "", 5, "", "T-CSV", ""]]),
            content_type="text/csv",
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["lines"][0]["line"], "2")
        self.assertEqual(picking.state, "done")
        order2, purchase2, _picking2 = self._pair([(self.product, 4)])
        response = self._send(
            order_response(
                "API-OR", purchase2.name, "CA", [{"line": 1, "status": 3, "qty": 3}]
            )
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["lines"][0]["result"], "proposed")
        self.assertEqual(purchase2.order_line.product_qty, 3)
        self.assertEqual(order2.order_line.product_uom_qty, 3)

    def test_api_shipments(self):
        self.product.seller_ids.product_code = "VND-CHAIR"
        _order, purchase, picking = self._pair(
            [(self.product, 5), (self.product_serial, 2)]
        )
        self._pair([(self.product_standard, 1)])
        response = self.url_open(
            SHIPMENTS, headers={"Authorization": f"Bearer {self.key}"}
        )
        self.assertEqual(response.status_code, 200)
        shipments = response.json()["shipments"]
        shipment = next(s for s in shipments if s["shipment"] == picking.name)
        self.assertEqual(shipment["purchase_order"], purchase.name)
        self.assertEqual(
            shipment["ship_to"],
            {
                "name": "Dropship Customer",
                "street": "12 Harbour Road",
                "zip": "2000",
                "city": "Antwerp",
                "country": "BE",
            },
        )
        self.assertNotIn("secret-buyer", response.text)
        self.assertEqual(
            shipment["lines"],
            [
                {
                    "line": "1",
                    "product_code": "VND-CHAIR",
                    "barcode": "",
                    "open_quantity": 5.0,
                    "unit": "C62",
                    "tracking": "none",
                },
                {
                    "line": "2",
                    "product_code": "",
                    "barcode": "",
                    "open_quantity": 2.0,
                    "unit": "C62",
                    "tracking": "serial",
                },
            ],
        )
        self.assertEqual(len(shipments), 2)
        # Another vendor sees none of them.
        response = self.url_open(
            SHIPMENTS, headers={"Authorization": f"Bearer {self.other_key}"}
        )
        self.assertEqual(response.json()["shipments"], [])

    def test_line_numbers_match_the_ubl_order(self):
        _order, purchase, _picking = self._pair(
            [(self.product, 5), (self.product_serial, 2)]
        )
        purchase.order_line = [
            Command.create(
                {
                    "display_type": "line_note",
                    "name": "Note",
                    "sequence": 1,
                    "product_qty": 0,
                }
            )
        ]
        builder = self.env["purchase.edi.xml.ubl_bis3"]
        exported = {
            line["id"]: line["item"]["name"]
            for line in builder._get_order_lines(purchase)
        }
        ours = {
            number: pol.product_id.name
            for number, pol in self.env["dropship.vendor.document"]
            ._line_numbers(purchase)
            .items()
        }
        self.assertEqual({str(k): v for k, v in exported.items()}, ours)

    # The vendor portal

    def test_portal_upload_and_template(self):
        order, purchase, picking = self._pair([(self.product, 5)])
        self.authenticate("vendor_docs", "vendor_docs")
        page = self.url_open("/my/dropships")
        self.assertIn("/my/dropships/template.csv", page.text)
        template = self.url_open("/my/dropships/template.csv")
        self.assertEqual(template.status_code, 200)
        rows = list(csv.reader(io.StringIO(template.text)))
        self.assertEqual(tuple(rows[0]), CSV_COLUMNS)
        self.assertIn([purchase.name, "1", "", "5", "", "", ""], rows)
        # Refused: nothing changes, the reason is on the page.
        before = self._snapshot(order, purchase)
        response = self._upload(shipment_csv([[purchase.name, 1, "", 6, "", "", ""]]))
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_dropship_document_refused", response.text)
        self.assertIn("from 0 to 5", response.text)
        self.assertEqual(self._snapshot(order, purchase), before)
        # The template, filled in, ships.
        response = self._upload(
            shipment_csv([[purchase.name, 1, "", 5, "", "T-PORTAL", ""]])
        )
        self.assertIn("o_dropship_document_done", response.text)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.carrier_tracking_ref, "T-PORTAL")
        document = self.env["dropship.vendor.document"].search(
            [("channel", "=", "portal"), ("state", "=", "done")]
        )
        self.assertEqual(document.user_id, self.vendor_user)

    def _upload(self, data, name="shipments.csv"):
        response = self.url_open(
            "/my/dropships/documents",
            data={"csrf_token": http.Request.csrf_token(self)},
            files={"document": (name, data, "text/csv")},
        )
        self.env.invalidate_all()
        return response
