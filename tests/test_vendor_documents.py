# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import timedelta

from psycopg2 import errors

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common_documents import (
    VendorDocumentCommon,
    despatch_advice,
    order_response,
    shipment_csv,
)


@tagged("post_install", "-at_install")
class TestVendorDocuments(VendorDocumentCommon):
    """Despatch advices, order responses and CSV files become the vendor's
    ship, propose and decline of the portal, or are refused as a whole."""

    def _import(self, data, user=None, content_type=""):
        user = user or self.vendor_user
        document, duplicate = (
            self.env["dropship.vendor.document"]
            .with_user(user)
            ._import(data, user.commercial_partner_id, "api", content_type=content_type)
        )
        self.env.invalidate_all()
        return document.sudo(), duplicate

    def assertRefusedDocument(self, order, purchase, data, text, user=None):
        """``data`` is refused with ``text`` (on the document or a line) and
        nothing changed on either order."""
        before = self._snapshot(order, purchase)
        document, duplicate = self._import(data, user=user)
        self.assertFalse(duplicate)
        self.assertEqual(document.state, "refused")
        reasons = [document.message or "", *document.line_ids.mapped("message")]
        self.assertTrue(
            any(text in reason for reason in reasons),
            f"{text!r} not in {reasons!r}",
        )
        self.assertEqual(self._snapshot(order, purchase), before)
        self.assertTrue(document.attachment_id.raw)
        return document

    # Despatch advice

    def test_despatch_advice_full(self):
        order, purchase, picking = self._pair([(self.product, 5)])
        data = despatch_advice(
            "DA-1",
            purchase.name,
            [{"line": 1, "qty": 5}],
            tracking="TRACK-1",
            ship_date=str(self._yesterday()),
        )
        document, _duplicate = self._import(data)
        self.assertEqual(document.state, "done", document.line_ids.mapped("message"))
        self.assertEqual(document.kind, "despatch_advice")
        self.assertEqual(document.partner_id, self.vendor)
        self.assertEqual(document.purchase_ids, purchase)
        self.assertEqual(document.picking_ids, picking)
        self.assertEqual(document.line_ids.result, "shipped")
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.carrier_tracking_ref, "TRACK-1")
        self.assertEqual(picking.receipt_date.date(), self._yesterday())
        self.assertEqual(order.order_line.qty_delivered, 5)
        self.assertEqual(purchase.order_line.qty_received, 5)
        # The change log names the document and the vendor's user.
        log = self.env["dropship.sync.change"].search(
            [("sale_order_id", "=", order.id), ("channel", "=", "document")]
        )
        self.assertTrue(log)
        self.assertEqual(log.vendor_document_id, document)
        self.assertEqual(log.user_id, self.vendor_user)
        self.assertEqual(document.change_ids, log)
        self.assertTrue(
            any("vendor document DA-1" in note for note in self._sync_notes(order))
        )
        # The purchasers see it on the purchase order and in its chatter.
        self.assertEqual(purchase.dropship_document_count, 1)
        self.assertIn("DA-1", str(purchase.message_ids.mapped("body")))

    def test_despatch_advice_partial_leaves_a_backorder(self):
        order, purchase, picking = self._pair([(self.product, 5)])
        document, _dup = self._import(
            despatch_advice("DA-2", purchase.name, [{"line": 1, "qty": 3}])
        )
        self.assertEqual(document.state, "done")
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.backorder_ids.move_ids.product_uom_qty, 2)
        self.assertEqual(order.order_line.qty_delivered, 3)
        self.assertEqual(order.order_line.dropship_state, "partial")

    def test_despatch_advice_uom_conversion_and_product_code(self):
        # Ordered 24 units; the vendor ships 1 dozen, naming its product code.
        self.product.seller_ids.product_code = "VND-CHAIR"
        order, purchase, picking = self._pair(
            [(self.product, 24), (self.product_standard, 2)]
        )
        document, _dup = self._import(
            despatch_advice(
                "DA-3", purchase.name, [{"code": "VND-CHAIR", "qty": 1, "unit": "DZN"}]
            )
        )
        self.assertEqual(document.state, "done", document.line_ids.mapped("message"))
        chair = order.order_line.filtered(lambda line: line.product_id == self.product)
        self.assertEqual(chair.qty_delivered, 12)
        lamp = order.order_line - chair
        self.assertEqual(lamp.qty_delivered, 0)
        self.assertEqual(
            picking.backorder_ids.move_ids.mapped("product_uom_qty"), [12, 2]
        )

    def test_despatch_advice_by_barcode(self):
        self.product_standard.barcode = "5400000000017"
        _order, purchase, picking = self._pair(
            [(self.product, 1), (self.product_standard, 2)]
        )
        document, _dup = self._import(
            despatch_advice(
                "DA-4",
                purchase.name,
                [{"barcode": "5400000000017", "qty": 2}, {"line": 1, "qty": 1}],
            )
        )
        self.assertEqual(document.state, "done", document.line_ids.mapped("message"))
        self.assertEqual(picking.state, "done")
        self.assertFalse(picking.backorder_ids)

    def test_despatch_advice_lots(self):
        product_lot = self._create_dropship_product("Paint", 7.0, tracking="lot")
        order, purchase, picking = self._pair([(product_lot, 4)])
        document, _dup = self._import(
            despatch_advice(
                "DA-5",
                purchase.name,
                [
                    {"line": 1, "qty": 1, "lots": ["L-1"]},
                    {"line": 1, "qty": 3, "lots": ["L-2"]},
                ],
            )
        )
        self.assertEqual(document.state, "done", document.line_ids.mapped("message"))
        # One lot per despatch line, each for its own quantity.
        by_lot = {ml.lot_id.name: ml.quantity for ml in picking.move_line_ids}
        self.assertEqual(by_lot, {"L-1": 1, "L-2": 3})
        self.assertEqual(set(order.order_line.lot_ids.mapped("name")), set(by_lot))

    def test_despatch_advice_serials(self):
        order, purchase, picking = self._pair([(self.product_serial, 2)])
        document, _dup = self._import(
            despatch_advice(
                "DA-6",
                purchase.name,
                [{"line": 1, "qty": 2, "serials": ["SN-D1", "SN-D2"]}],
            )
        )
        self.assertEqual(document.state, "done", document.line_ids.mapped("message"))
        self.assertEqual(picking.state, "done")
        self.assertEqual(
            sorted(order.order_line.lot_ids.mapped("name")), ["SN-D1", "SN-D2"]
        )

    # Refusals: all or nothing

    def test_refusals_change_nothing(self):
        order, purchase, _picking = self._pair(
            [(self.product, 5), (self.product_serial, 2)]
        )
        name = purchase.name
        cases = [
            # quantity above what is open (the other line is fine)
            (
                [{"line": 1, "qty": 6}, {"line": 2, "qty": 1, "serials": ["S-1"]}],
                "from 0 to 5",
            ),
            ([{"line": 2, "qty": 2, "serials": ["S-1"]}], "as many serial numbers"),
            ([{"line": 2, "qty": 2, "serials": ["S-1", "S-1"]}], "given twice"),
            ([{"line": 9, "qty": 1}], f"{name} has no line 9"),
            ([{"code": "NOPE", "qty": 1}], "no line for the product NOPE"),
            ([{"line": 1, "qty": "1,5e"}], "is not a number"),
            ([{"line": 1, "qty": 1, "unit": "XYZ"}], "unknown unit code XYZ"),
            ([{"line": 1, "qty": 1, "unit": "KGM"}], "cannot be converted"),
        ]
        for index, (lines, text) in enumerate(cases):
            with self.subTest(text=text):
                document = self.assertRefusedDocument(
                    order, purchase, despatch_advice(f"DA-R{index}", name, lines), text
                )
                self.assertIn("Nothing was applied", document.message)
        # A ship date in the future, an unknown order.
        self.assertRefusedDocument(
            order,
            purchase,
            despatch_advice(
                "DA-RD",
                name,
                [{"line": 1, "qty": 1}],
                ship_date=str(fields.Date.today() + timedelta(days=3)),
            ),
            "in the future",
        )
        self.assertRefusedDocument(
            order,
            purchase,
            despatch_advice("DA-RO", "P99999", [{"line": 1, "qty": 1}]),
            "P99999: no such purchase order of yours",
        )
        # Every line says why: the good line was not applied either.
        document = self.env["dropship.vendor.document"].search([("name", "=", "DA-R0")])
        self.assertEqual(document.line_ids.mapped("result"), ["refused", "refused"])
        self.assertIn("Not applied", document.line_ids[1].message)
        # A refused document may be sent again, corrected.
        corrected, duplicate = self._import(
            despatch_advice("DA-R0", name, [{"line": 1, "qty": 5}])
        )
        self.assertFalse(duplicate)
        self.assertEqual(corrected.state, "done")

    def test_another_vendors_order_is_refused(self):
        order, purchase, _picking = self._pair([(self.product, 5)])
        self.assertRefusedDocument(
            order,
            purchase,
            despatch_advice("DA-X", purchase.name, [{"line": 1, "qty": 5}]),
            "no such purchase order of yours",
            user=self.other_vendor_user,
        )

    def test_held_pair_and_closed_transfer_are_refused(self):
        held, held_purchase, _picking = self._pair([(self.product, 5)])
        held.write({"on_hold": True, "hold_reason": "Credit check"})
        done, done_purchase, done_picking = self._pair([(self.product, 5)])
        self._receive(done_picking)
        for order, purchase, text in (
            (held, held_purchase, "is on hold"),
            (done, done_purchase, "nothing is open to ship"),
        ):
            with self.subTest(text=text):
                self.assertRefusedDocument(
                    order,
                    purchase,
                    despatch_advice(
                        f"DA-{purchase.name}", purchase.name, [{"line": 1, "qty": 1}]
                    ),
                    text,
                )

    def test_duplicate_does_nothing(self):
        order, purchase, _picking = self._pair([(self.product, 5)])
        data = despatch_advice("DA-D", purchase.name, [{"line": 1, "qty": 2}])
        first, _dup = self._import(data)
        self.assertEqual(first.state, "done")
        before = self._snapshot(order, purchase)
        count = self.env["dropship.vendor.document"].search_count([])
        again, duplicate = self._import(data)
        self.assertTrue(duplicate)
        self.assertEqual(again, first)
        self.assertEqual(again._answer(duplicate=True)["state"], "duplicate")
        self.assertEqual(self._snapshot(order, purchase), before)
        self.assertEqual(self.env["dropship.vendor.document"].search_count([]), count)

    def test_database_refuses_a_second_applied_document(self):
        """One applied document per vendor, kind and id, whatever the
        checks before saw: the database refuses the second; a refused one
        with that id, or another kind of document, is not refused."""
        _order, purchase, _picking = self._pair([(self.product, 5)])
        first, _dup = self._import(
            despatch_advice("DA-U", purchase.name, [{"line": 1, "qty": 2}])
        )
        self.assertEqual(first.state, "done")
        documents = self.env["dropship.vendor.document"]
        values = {
            "name": "DA-U",
            "partner_id": self.vendor.id,
            "kind": "despatch_advice",
        }
        documents.create([{**values, "state": "refused"}, {**values}])
        documents.create({**values, "kind": "order_response", "state": "done"})
        self.env.flush_all()
        with (
            self.assertRaises(errors.UniqueViolation) as caught,
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            documents.create({**values, "state": "done"})
            self.env.flush_all()
        self.assertEqual(
            caught.exception.diag.constraint_name,
            "dropship_vendor_document_done_uniq",
        )
        self.env.invalidate_all()
        applied = documents.search(
            [("name", "=", "DA-U"), ("state", "=", "done")], order="id"
        )
        self.assertEqual(applied.mapped("kind"), ["despatch_advice", "order_response"])
        self.assertEqual(applied[0], first)

    def test_concurrent_import_waits_for_the_first(self):
        """While a document is being applied, another transaction that
        applies the same one waits for it: here it gives up after its lock
        timeout with an error that Odoo retries (and the retry, after the
        first committed, finds it and answers "duplicate")."""
        _order, purchase, _picking = self._pair([(self.product, 5)])
        first, _dup = self._import(
            despatch_advice("DA-C", purchase.name, [{"line": 1, "qty": 2}])
        )
        self.assertEqual(first.state, "done")
        with self.registry.cursor() as other, mute_logger("odoo.sql_db"):
            other.execute("SET LOCAL lock_timeout = '500ms'")
            with self.assertRaises(errors.LockNotAvailable):
                other.execute(
                    """
                    INSERT INTO dropship_vendor_document
                           (name, partner_id, company_id, kind, state)
                    VALUES (%s, %s, %s, 'despatch_advice', 'done')
                    """,
                    ["DA-C", self.vendor.id, first.company_id.id],
                )
            other.rollback()

    def test_document_applied_meanwhile_is_a_concurrency_error(self):
        """A document that another transaction applied and committed after
        this one started (so that this one cannot see it) makes this one
        fail as a serialization failure, which Odoo retries: nothing is
        applied twice."""
        vendor = self.env.company.partner_id
        key = ("DA-M", vendor.id, self.env.company.id)
        with self.registry.cursor() as other:
            other.execute(
                """
                INSERT INTO dropship_vendor_document
                       (name, partner_id, company_id, kind, state)
                VALUES (%s, %s, %s, 'despatch_advice', 'done')
                """,
                key,
            )
        self.addCleanup(self._delete_committed, key)
        document = self.env["dropship.vendor.document"].create(
            {"name": "DA-M", "partner_id": vendor.id, "kind": "despatch_advice"}
        )
        # This transaction started before: it does not see the other one.
        self.assertFalse(
            document._duplicate(vendor, "despatch_advice", "DA-M"),
        )
        with (
            self.assertRaises(errors.SerializationFailure),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            document._claim()
        self.env.invalidate_all()
        self.assertEqual(document.state, "draft")

    def _delete_committed(self, key):
        with self.registry.cursor() as other:
            other.execute(
                """
                DELETE FROM dropship_vendor_document
                 WHERE name = %s AND partner_id = %s AND company_id = %s
                """,
                key,
            )

    # Safe parsing

    def test_hostile_and_malformed_xml_is_refused(self):
        order, purchase, _picking = self._pair([(self.product, 5)])
        bomb = (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><DespatchAdvice>&lol2;'
            b"</DespatchAdvice>"
        )
        external = (
            b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://example.com/x.dtd"><x/>'
        )
        for data, text in (
            (bomb, "DOCTYPE or entities"),
            (external, "DOCTYPE or entities"),
            (b"<DespatchAdvice><cbc:ID>", "not well-formed XML"),
            (b'<Invoice xmlns="urn:x"/>', "Unknown document Invoice"),
            (
                despatch_advice("DA-N", "", [{"line": 1, "qty": 1}]),
                "refers to no purchase order",
            ),
            (b"a,b,c\n1,2,3\n", "must start with the header row"),
        ):
            with self.subTest(text=text):
                document = self.assertRefusedDocument(order, purchase, data, text)
                self.assertFalse(document.line_ids)

    def test_too_large_is_refused_and_not_kept(self):
        self.env["ir.config_parameter"].set_param(
            "sale_purchase_dropship_sync.vendor_document_max_size", "100"
        )
        count = self.env["dropship.vendor.document"].search_count([])
        with self.assertRaisesRegex(UserError, "too large"):
            self._import(b"<x>" + b"a" * 200 + b"</x>")
        self.assertEqual(self.env["dropship.vendor.document"].search_count([]), count)

    # CSV

    def test_csv_shipment(self):
        self.product.default_code = "CHAIR"
        order, purchase, picking = self._pair(
            [(self.product, 5), (self.product_serial, 2)]
        )
        data = shipment_csv(
            [
                [purchase.name, "", "CHAIR", 5, "", "TRACK-CSV", self._yesterday()],
                [purchase.name, 2, "", 2, "SN-C1;SN-C2", "", ""],
            ]
        )
        document, _dup = self._import(data, content_type="text/csv")
        self.assertEqual(document.kind, "csv")
        self.assertEqual(document.state, "done", document.line_ids.mapped("message"))
        self.assertEqual(document.line_ids.mapped("name"), ["2", "3"])
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.carrier_tracking_ref, "TRACK-CSV")
        self.assertEqual(
            sorted(order.order_line.lot_ids.mapped("name")), ["SN-C1", "SN-C2"]
        )
        # The same file again is a duplicate.
        _again, duplicate = self._import(data, content_type="text/csv")
        self.assertTrue(duplicate)

    def test_csv_refusal(self):
        order, purchase, _picking = self._pair([(self.product, 5)])
        self.assertRefusedDocument(
            order,
            purchase,
            shipment_csv([[purchase.name, 1, "", 7, "", "", ""]]),
            "from 0 to 5",
        )

    # Order response

    def test_order_response_accepted(self):
        order, purchase, _picking = self._pair([(self.product, 5)])
        before = self._snapshot(order, purchase)
        document, _dup = self._import(order_response("OR-1", purchase.name, "AP"))
        self.assertEqual(document.state, "done")
        self.assertEqual(document.kind, "order_response")
        self.assertEqual(document.line_ids.result, "accepted")
        self.assertEqual(self._snapshot(order, purchase), before)

    def test_order_response_changed(self):
        order, purchase, picking = self._pair(
            [(self.product, 5), (self.product_standard, 2), (self.product_serial, 1)]
        )
        new_date = fields.Date.today() + timedelta(days=9)
        document, _dup = self._import(
            order_response(
                "OR-2",
                purchase.name,
                "CA",
                [
                    {"line": 1, "status": 3, "price": "11.5", "date": str(new_date)},
                    {"line": 2, "status": 7, "note": "Discontinued"},
                    {"line": 3, "status": 5},
                ],
            )
        )
        self.assertEqual(document.state, "done", document.line_ids.mapped("message"))
        self.assertEqual(
            document.line_ids.mapped("result"), ["proposed", "declined", "accepted"]
        )
        lines = {line.product_id: line for line in purchase.order_line}
        self.assertEqual(lines[self.product].price_unit, 11.5)
        self.assertEqual(lines[self.product].date_planned.date(), new_date)
        # the serial line keeps its own date
        self.assertNotEqual(lines[self.product_serial].date_planned.date(), new_date)
        sale = {line.product_id: line for line in order.order_line}
        self.assertEqual(sale[self.product_standard].product_uom_qty, 0)
        self.assertEqual(sale[self.product].purchase_price, 11.5)
        log = self.env["dropship.sync.change"].search(
            [("vendor_document_id", "=", document.id)]
        )
        self.assertEqual(set(log.mapped("channel")), {"document"})
        self.assertIn("Discontinued", log.mapped("vendor_note"))
        self.assertEqual(picking.state, "assigned")

    def test_order_response_rejected_declines_every_open_line(self):
        order, purchase, _picking = self._pair([(self.product, 5)])
        document, _dup = self._import(
            order_response("OR-3", purchase.name, "RE", note="Factory fire")
        )
        self.assertEqual(document.state, "done", document.line_ids.mapped("message"))
        self.assertEqual(document.line_ids.result, "declined")
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(order.state, "cancel")
        self.assertIn("Factory fire", str(order.message_ids.mapped("body")))

    def test_order_response_refusals(self):
        order, purchase, _picking = self._pair([(self.product, 5)])
        for ref, code, lines, text in (
            ("OR-R1", "CA", [{"line": 1, "status": 3, "price": "x"}], "not a number"),
            ("OR-R2", "CA", [{"line": 1, "status": 9}], "unknown line status 9"),
            ("OR-R3", "XX", [], "Unknown order response code XX"),
            ("OR-R4", "CA", [{"line": 4, "status": 5}], "has no line 4"),
        ):
            with self.subTest(text=text):
                self.assertRefusedDocument(
                    order,
                    purchase,
                    order_response(ref, purchase.name, code, lines),
                    text,
                )

    # Upload on the purchase order

    def _upload(self, data, context=None, vendor=None):
        """Upload ``data`` with the wizard as the purchaser; the document."""
        wizard = Form(
            self.env["dropship.vendor.document.upload"]
            .with_user(self.purchaser)
            .with_context(**(context or {}))
        )
        if vendor:
            wizard.partner_id = vendor
        wizard.file = base64.b64encode(data)
        result = wizard.save().action_import()
        return self.env["dropship.vendor.document"].browse(result["res_id"])

    def test_purchaser_uploads_on_the_purchase_order(self):
        order, purchase, picking = self._pair([(self.product, 5)])
        action = purchase.with_user(self.purchaser).action_dropship_document_upload()
        self.assertEqual(action["res_model"], "dropship.vendor.document.upload")
        data = despatch_advice("DA-W", purchase.name, [{"line": 1, "qty": 5}])
        document = self._upload(data, action["context"])
        self.assertEqual(document.state, "done", document.line_ids.mapped("message"))
        self.assertEqual(document.channel, "backend")
        self.assertEqual(document.user_id, self.purchaser)
        self.assertEqual(picking.state, "done")
        self.assertEqual(order.order_line.qty_delivered, 5)
        self.assertEqual(purchase.with_user(self.purchaser).dropship_document_count, 1)
        documents = purchase.with_user(self.purchaser).action_dropship_documents()
        self.assertEqual(
            self.env["dropship.vendor.document"]
            .with_user(self.purchaser)
            .search(documents["domain"]),
            document,
        )
        # The same document again is refused as a duplicate.
        with self.assertRaisesRegex(UserError, "already received"):
            self._upload(data, action["context"])

    def test_purchaser_upload_of_another_vendors_order(self):
        order, purchase, _picking = self._pair([(self.product, 5)])
        before = self._snapshot(order, purchase)
        document = self._upload(
            despatch_advice("DA-O", purchase.name, [{"line": 1, "qty": 5}]),
            vendor=self.other_vendor,
        )
        self.assertEqual(document.state, "refused")
        self.assertIn("no such purchase order", document.line_ids.message)
        self.assertEqual(self._snapshot(order, purchase), before)
