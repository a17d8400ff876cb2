# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from datetime import timedelta

import lxml.html

from odoo import Command, fields, http
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import format_date

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestDropshipPortal(HttpCase, DropshipCommon):
    """The vendor portal over HTTP: who sees what, and each vendor action
    going through the rules (or refused with nothing changed)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Read the module manifests once, in one thread, before Chromium's
        # parallel first requests (see test_tour).
        http.root.statics.get("web")
        cls.customer.write(
            {
                "street": "12 Harbour Road",
                "city": "Antwerp",
                "zip": "2000",
                "country_id": cls.env.ref("base.be").id,
                "email": "secret-buyer@customer.example.com",
                "phone": "+32 3 555 01 99",
            }
        )
        cls.vendor_user = cls._portal_user("vendor_portal", cls.vendor)
        cls.other_vendor = cls.env["res.partner"].create(
            {"name": "Other Vendor", "is_company": True}
        )
        cls.other_vendor_user = cls._portal_user("other_vendor", cls.other_vendor)
        cls.customer_user = cls._portal_user("customer_portal", cls.customer)

    @classmethod
    def _portal_user(cls, login, company):
        return new_test_user(
            cls.env,
            login=login,
            password=login,
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create({"name": f"{login} contact", "parent_id": company.id})
            .id,
        )

    def _pair(self, lines):
        order, purchase = self._confirmed_pair(lines)
        return order, purchase, self._dropship_pickings(purchase)

    def _get(self, url, login="vendor_portal"):
        self.authenticate(login, login)
        return self.url_open(url)

    def _post(self, picking, action, login="vendor_portal", **data):
        self.authenticate(login, login)
        data["csrf_token"] = http.Request.csrf_token(self)
        response = self.url_open(f"/my/dropships/{picking.id}/{action}", data=data)
        self.env.invalidate_all()
        return response

    @staticmethod
    def _snapshot(picking, order, purchase):
        return {
            "picking": picking.read(["state", "carrier_tracking_ref", "receipt_date"]),
            "moves": picking.move_ids.read(["state", "quantity", "picked"]),
            "move_lines": picking.move_ids.move_line_ids.read(
                ["lot_name", "lot_id", "quantity"]
            ),
            "sale": order.order_line.read(
                ["product_uom_qty", "qty_delivered", "dropship_state"]
            ),
            "purchase": purchase.order_line.read(
                ["product_qty", "qty_received", "price_unit", "date_planned"]
            ),
            "pickings": purchase.picking_ids.ids,
            "log": order.dropship_change_count,
            "messages": (order.message_ids | purchase.message_ids).ids,
        }

    @staticmethod
    def _error(response):
        """The refusal shown on the page (empty when there is none)."""
        page = response.text
        start = page.find("o_dropship_error")
        return page[start : page.find("</div>", start)] if start >= 0 else ""

    def assertRefused(self, picking, order, purchase, action, text, **data):
        self.env.invalidate_all()
        before = self._snapshot(picking, order, purchase)
        response = self._post(picking, action, **data)
        self.assertEqual(response.status_code, 200)
        self.assertIn(text, self._error(response))
        self.assertEqual(self._snapshot(picking, order, purchase), before)

    def _vendor_log(self, order, **domain):
        return self.env["dropship.sync.change"].search(
            [
                ("sale_order_id", "=", order.id),
                *[(key, "=", value) for key, value in domain.items()],
            ]
        )

    # Who sees what

    def test_vendor_sees_its_transfer_and_only_the_address(self):
        order, _purchase, picking = self._pair([(self.product, 5)])
        order.order_line.price_unit = 4321.98
        response = self._get("/my/dropships")
        self.assertEqual(response.status_code, 200)
        self.assertIn(picking.name, response.text)
        self.assertIn("Antwerp", response.text)
        page = self._get(f"/my/dropships/{picking.id}")
        self.assertEqual(page.status_code, 200)
        for shown in ("12 Harbour Road", "2000", "Antwerp", "Belgium", picking.name):
            self.assertIn(shown, page.text)
        for hidden in ("secret-buyer", "555 01 99", "4321", order.name):
            self.assertNotIn(hidden, page.text)
        home = self._get("/my/home")
        self.assertIn('data-placeholder_count="dropship_count"', home.text)
        counters = self.url_open(
            "/my/counters",
            data=json.dumps({"params": {"counters": ["dropship_count"]}}),
            headers={"Content-Type": "application/json"},
        ).json()["result"]
        self.assertEqual(counters["dropship_count"], 1)

    def test_others_get_not_found(self):
        order, purchase, picking = self._pair([(self.product, 5)])
        for login in ("other_vendor", "customer_portal"):
            self.assertEqual(
                self._get(f"/my/dropships/{picking.id}", login).status_code, 404
            )
            self.assertNotIn(picking.name, self._get("/my/dropships", login).text)
            self.env.invalidate_all()
            before = self._snapshot(picking, order, purchase)
            response = self._post(
                picking, "ship", login, **{f"qty_{picking.move_ids.id}": "5"}
            )
            self.assertEqual(response.status_code, 404)
            self.assertEqual(self._snapshot(picking, order, purchase), before)
        self.assertEqual(self._get("/my/dropships/999999").status_code, 404)
        # A receipt of the same vendor into the warehouse is not a drop-ship.
        receipt_po = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product_stock.id, "product_qty": 2}
                    )
                ],
            }
        )
        receipt_po.button_confirm()
        self.assertEqual(
            self._get(f"/my/dropships/{receipt_po.picking_ids.id}").status_code, 404
        )

    # Shipments

    def test_partial_shipment_leaves_a_backorder(self):
        order, purchase, picking = self._pair([(self.product, 5)])
        move = picking.move_ids
        yesterday = fields.Date.today() - timedelta(days=1)
        response = self._post(
            picking,
            "ship",
            tracking_ref="TRACK-0042",
            ship_date=str(yesterday),
            **{f"qty_{move.id}": "3"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_dropship_message", response.text)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.carrier_tracking_ref, "TRACK-0042")
        self.assertEqual(picking.receipt_date.date(), yesterday)
        self.assertEqual(move.quantity, 3)
        backorder = picking.backorder_ids
        self.assertEqual(backorder.state, "assigned")
        self.assertEqual(backorder.move_ids.product_uom_qty, 2)
        line = order.order_line
        self.assertEqual(line.qty_delivered, 3)
        self.assertEqual(line.dropship_state, "partial")
        self.assertEqual(line.actual_ship_date.date(), yesterday)
        self.assertEqual(purchase.order_line.qty_received, 3)
        self.assertIn("TRACK-0042", str(order.message_ids.mapped("body")))
        log = self._vendor_log(order, channel="portal")
        self.assertTrue(log)
        self.assertEqual(log.user_id, self.vendor_user)
        self.assertTrue(
            any(
                "vendor portal: vendor_portal" in body
                for body in self._sync_notes(order)
            )
        )

    def test_serials_split_the_sales_line(self):
        order, purchase, picking = self._pair([(self.product_serial, 2)])
        move = picking.move_ids
        self._post(
            picking,
            "ship",
            tracking_ref="TRACK-SN",
            **{f"qty_{move.id}": "2", f"lots_{move.id}": "SN-P1\nSN-P2"},
        )
        self.assertEqual(picking.state, "done")
        self.assertEqual(len(order.order_line), 2)
        self.assertEqual(
            sorted(order.order_line.lot_ids.mapped("name")), ["SN-P1", "SN-P2"]
        )
        self.assertEqual(order.order_line.mapped("product_uom_qty"), [1, 1])
        self.assertEqual(len(purchase.order_line), 2)
        self.assertEqual(purchase.order_line.mapped("qty_received"), [1, 1])

    # Refusals: the reason on the page, nothing changed

    def test_refusals_change_nothing(self):
        order, purchase, picking = self._pair([(self.product_serial, 2)])
        move_key = f"qty_{picking.move_ids.id}"
        lots_key = f"lots_{picking.move_ids.id}"
        self.assertRefused(
            picking, order, purchase, "ship", "from 0 to 2", **{move_key: "3"}
        )
        self.assertRefused(
            picking,
            order,
            purchase,
            "ship",
            "one serial number per unit",
            **{move_key: "2", lots_key: "SN-R1"},
        )
        self.assertRefused(
            picking,
            order,
            purchase,
            "ship",
            "in the future",
            ship_date=str(fields.Date.today() + timedelta(days=3)),
            **{move_key: "2", lots_key: "SN-R1\nSN-R2"},
        )
        self.assertRefused(
            picking, order, purchase, "decline", "Give the reason", reason=" "
        )
        self.assertRefused(
            picking, order, purchase, "propose", "Nothing to propose", date_planned=""
        )
        order.write({"on_hold": True, "hold_reason": "Credit check"})
        self.assertRefused(
            picking,
            order,
            purchase,
            "ship",
            "hold",
            **{move_key: "2", lots_key: "SN-R1\nSN-R2"},
        )

    def test_serial_already_delivered_is_refused(self):
        _order, _purchase, first = self._pair([(self.product_serial, 1)])
        move = first.move_ids
        self._post(first, "ship", **{f"qty_{move.id}": "1", f"lots_{move.id}": "SN-D1"})
        self.assertEqual(first.state, "done")
        order, purchase, picking = self._pair([(self.product_serial, 1)])
        move = picking.move_ids
        self.assertRefused(
            picking,
            order,
            purchase,
            "ship",
            "SN-D1 were already delivered",
            **{f"qty_{move.id}": "1", f"lots_{move.id}": "SN-D1"},
        )

    def test_done_transfer_is_refused(self):
        order, purchase, picking = self._pair([(self.product, 2)])
        self._receive(picking)
        page = self._get(f"/my/dropships/{picking.id}?filterby=done")
        self.assertNotIn("o_dropship_ship_form", page.text)
        self.assertIn(picking.name, self._get("/my/dropships?filterby=done").text)
        self.assertRefused(
            picking,
            order,
            purchase,
            "ship",
            "already done",
            **{f"qty_{picking.move_ids.id}": "1"},
        )

    # Decline and propose

    def test_decline_cancels_the_sales_lines_with_the_reason(self):
        order, purchase, picking = self._pair([(self.product, 5)])
        response = self._post(picking, "decline", reason="Factory fire")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(order.order_line.product_uom_qty, 0)
        self.assertEqual(order.state, "cancel")
        self.assertIn("Factory fire", str(order.message_ids.mapped("body")))
        log = self._vendor_log(order, rule="po_cancel")
        self.assertTrue(log)
        self.assertEqual(set(log.mapped("channel")), {"portal"})
        self.assertEqual(set(log.mapped("vendor_note")), {"Factory fire"})
        self.assertEqual(log.user_id, self.vendor_user)

    def test_decline_one_line_of_two(self):
        order, purchase, picking = self._pair(
            [(self.product, 5), (self.product_standard, 2)]
        )
        lamp = picking.move_ids.filtered(
            lambda m: m.product_id == self.product_standard
        )
        self.assertRefused(
            picking,
            order,
            purchase,
            "decline",
            "Give the reason",
            **{f"decline_{lamp.id}": "1"},
        )
        # A line's own reason declines that line only.
        self._post(picking, "decline", **{f"reason_{lamp.id}": "Discontinued"})
        self.assertEqual(purchase.state, "purchase")
        self.assertIn("Reason: Discontinued", str(order.message_ids.mapped("body")))
        lines = {line.product_id: line for line in order.order_line}
        self.assertEqual(lines[self.product_standard].product_uom_qty, 0)
        self.assertEqual(lines[self.product].product_uom_qty, 5)
        self.assertEqual(self._vendor_log(order).vendor_note, "Discontinued")
        # The transfer carries what the orders say: the declined line's move
        # is cancelled, no other transfer is made for it.
        self.assertEqual(self._dropship_pickings(purchase), picking)
        self.assertEqual(order.picking_ids, picking)
        self.assertEqual(lamp.state, "cancel")
        self.assertEqual(picking.state, "assigned")
        open_moves = purchase.order_line.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        )
        self.assertEqual(open_moves.product_id, self.product)
        self.assertEqual(open_moves.product_uom_qty, 5)
        self.assertEqual(lines[self.product_standard].dropship_state, "cancel")
        # The vendor's page lists the declined line as no longer to ship, and
        # offers to ship only the other one.
        page = lxml.html.fromstring(self._get(f"/my/dropships/{picking.id}").text)
        cancelled = page.xpath("//tr[contains(@class, 'o_dropship_cancelled_line')]")
        self.assertEqual(len(cancelled), 1)
        self.assertIn(self.product_standard.name, cancelled[0].text_content())
        self.assertIn("No longer to ship", cancelled[0].text_content())
        ship_inputs = page.xpath(
            "//form[contains(@class, 'o_dropship_ship_form')]"
            "//input[starts-with(@name, 'qty_')]"
        )
        self.assertEqual([i.get("name") for i in ship_inputs], [f"qty_{open_moves.id}"])

    def test_decline_the_rest_after_a_partial_shipment(self):
        order, purchase, picking = self._pair([(self.product, 5)])
        self._post(picking, "ship", **{f"qty_{picking.move_ids.id}": "3"})
        backorder = picking.backorder_ids
        self._post(backorder, "decline", reason="Last 2 out of stock")
        self.assertEqual(purchase.state, "purchase")
        self.assertEqual(purchase.order_line.product_qty, 3)
        self.assertEqual(backorder.state, "cancel")
        line = order.order_line
        self.assertEqual(line.product_uom_qty, 3)
        self.assertEqual(line.qty_delivered, 3)
        self.assertEqual(line.dropship_state, "shipped")
        log = self._vendor_log(order, rule="po_qty")
        self.assertEqual(log.vendor_note, "Last 2 out of stock")
        self.assertEqual(log.new_value, "3")

    def test_ship_a_lot(self):
        product_lot = self._create_dropship_product("Paint", 7.0, tracking="lot")
        order, _purchase, picking = self._pair([(product_lot, 4)])
        move = picking.move_ids
        self.assertRefused(
            picking,
            order,
            _purchase,
            "ship",
            "enter the lot numbers",
            **{f"qty_{move.id}": "4", f"lots_{move.id}": "L-1: 1\nL-2: 2"},
        )
        self._post(
            picking,
            "ship",
            **{f"qty_{move.id}": "4", f"lots_{move.id}": "L-1: 1\nL-2: 3"},
        )
        self.assertEqual(picking.state, "done")
        self.assertEqual(
            sorted(
                picking.move_line_ids.mapped(lambda ml: (ml.lot_id.name, ml.quantity))
            ),
            [("L-1", 1), ("L-2", 3)],
        )
        self.assertEqual(
            sorted(order.order_line.lot_ids.mapped("name")), ["L-1", "L-2"]
        )
        self.assertEqual(sum(order.order_line.mapped("qty_delivered")), 4)

    def test_propose_date_and_price_under_mirror(self):
        order, purchase, picking = self._pair([(self.product, 5)])
        move = picking.move_ids
        new_date = fields.Date.today() + timedelta(days=9)
        self._post(
            picking,
            "propose",
            date_planned=str(new_date),
            # within the company's tolerance (20 %) of the price of 10
            **{f"price_{move.id}": "11.5"},
        )
        pol, sol = purchase.order_line, order.order_line
        self.assertEqual(pol.price_unit, 11.5)
        self.assertEqual(pol.date_planned.date(), new_date)
        self.assertEqual(sol.dropship_expected_date.date(), new_date)
        self.assertEqual(sol.purchase_price, 11.5)
        self.assertEqual(
            set(self._vendor_log(order, channel="portal").mapped("rule")),
            {"po_date", "po_price"},
        )

    def test_propose_under_approve_waits_for_the_salesperson(self):
        self.env.company.dropship_sync_po_qty_policy = "approve"
        order, purchase, picking = self._pair([(self.product, 5)])
        move = picking.move_ids
        self._post(picking, "propose", **{f"qty_{move.id}": "3"})
        self.assertEqual(purchase.order_line.product_qty, 3)
        self.assertEqual(order.order_line.product_uom_qty, 5)
        change = order.dropship_pending_change_ids
        self.assertEqual(change.state, "pending")
        self.assertEqual(change.channel, "portal")
        self.assertEqual(change.user_id, self.vendor_user)

    # What the vendor reads

    @staticmethod
    def _html(response):
        return lxml.html.fromstring(response.text)

    def _label(self, page, field_id):
        labels = page.xpath(f"//label[@for='{field_id}']")
        self.assertEqual(len(labels), 1, f"one visible label for {field_id}")
        self.assertNotIn("d-none", labels[0].get("class", ""))
        return " ".join(labels[0].text_content().split())

    def _field(self, page, form, name):
        (field,) = page.xpath(f"//form[hasclass('{form}')]//*[@name='{name}']")
        return field

    def test_propose_form_on_a_backorder(self):
        order, purchase, picking = self._pair([(self.product, 5)])
        self._post(picking, "ship", **{f"qty_{picking.move_ids.id}": "2"})
        backorder = picking.backorder_ids
        move = backorder.move_ids
        page = self._html(self._get(f"/my/dropships/{backorder.id}"))
        self.assertEqual(
            self._label(page, f"open_{move.id}"),
            "Quantity to ship on this transfer (Units)",
        )
        self.assertEqual(
            self._label(page, f"price_{move.id}"),
            f"Your unit price ({purchase.currency_id.name})",
        )
        form = "o_dropship_propose_form"
        # What is open on this transfer, not the 5 of the purchase line,
        # in the unit's precision; the price to the cent.
        self.assertEqual(self._field(page, form, f"open_{move.id}").value, "3.00")
        self.assertEqual(self._field(page, form, f"price_{move.id}").value, "10.00")
        self.assertFalse(
            page.xpath(f"//form[hasclass('{form}')]//*[@name='qty_{move.id}']")
        )
        (help_text,) = page.xpath(f"//*[@id='open_help_{move.id}']")
        self.assertEqual(
            help_text.text_content().strip(),
            "Of the 5.00 Units ordered, 2.00 Units were shipped: 3.00 Units are "
            "still to ship.",
        )
        ship_qty = self._field(page, "o_dropship_ship_form", f"qty_{move.id}")
        self.assertEqual(ship_qty.value, "3.00")
        # The form sent as it came proposes nothing.
        self.assertRefused(
            backorder,
            order,
            purchase,
            "propose",
            "Nothing to propose",
            **{f"open_{move.id}": "3.00", f"price_{move.id}": "10.00"},
        )
        # One unit less on this transfer: the purchase line goes from 5 to
        # 4, and the sales line follows (mirror).
        self._post(
            backorder,
            "propose",
            **{f"open_{move.id}": "2", f"price_{move.id}": "10.00"},
        )
        self.assertEqual(purchase.order_line.product_qty, 4)
        self.assertEqual(order.order_line.product_uom_qty, 4)
        self.assertEqual(move.product_uom_qty, 2)
        self.assertEqual(purchase.order_line.qty_received, 2)

    def test_page_shows_the_proposed_date(self):
        self.env.company.dropship_sync_po_date_policy = "approve"
        order, purchase, picking = self._pair([(self.product, 5)])
        old = picking.scheduled_date.date()
        new = fields.Date.today() + timedelta(days=23)
        self.assertFalse(
            self._html(self._get(f"/my/dropships/{picking.id}")).xpath(
                "//*[hasclass('o_dropship_date_pending')]"
            )
        )
        response = self._post(picking, "propose", date_planned=str(new))
        self.assertEqual(purchase.order_line.date_planned.date(), new)
        self.assertEqual(order.dropship_pending_change_ids.mapped("rule"), ["po_date"])
        page = self._html(response)
        (status,) = page.xpath("//*[hasclass('o_dropship_status')]")
        text = " ".join(status.text_content().split())
        shown = format_date(self.env, new, lang_code="en_US")
        self.assertIn(f"Ship by {shown}", text)
        self.assertIn("Your proposal: waiting for the buyer", text)
        self.assertNotIn("scheduled for", response.text)
        self.assertNotIn(format_date(self.env, old, lang_code="en_US"), text)
        # The list shows the vendor's date too.
        listing = self._html(self._get("/my/dropships"))
        (row,) = listing.xpath(
            f"//tr[hasclass('o_dropship_row')][.//a[@href='/my/dropships/{picking.id}']]"
        )
        self.assertIn(shown, row.text_content())
        # Approved: the date is the order's, nothing waits any more.
        order.dropship_pending_change_ids.action_approve()
        page = self._html(self._get(f"/my/dropships/{picking.id}"))
        self.assertFalse(page.xpath("//*[hasclass('o_dropship_date_pending')]"))
        self.assertIn(
            f"Ship by {shown}",
            " ".join(
                page.xpath("//*[hasclass('o_dropship_status')]")[0]
                .text_content()
                .split()
            ),
        )

    def test_done_transfer_is_never_on_hold(self):
        order, purchase, picking = self._pair([(self.product, 5)])
        self._post(picking, "ship", **{f"qty_{picking.move_ids.id}": "2"})
        backorder = picking.backorder_ids
        order.write({"on_hold": True, "hold_reason": "Credit check"})
        self.assertTrue(purchase.on_hold)
        self.assertFalse(picking.on_hold, "shipped, whatever the order says now")
        self.assertFalse(picking.dropship_hold_reasons)
        self.assertTrue(backorder.on_hold)
        Picking = self.env["stock.picking"]
        pickings = picking | backorder
        self.assertEqual(
            Picking.search([("id", "in", pickings.ids), ("on_hold", "=", True)]),
            backorder,
        )
        self.assertEqual(
            Picking.search([("id", "in", pickings.ids), ("on_hold", "=", False)]),
            picking,
        )
        shipped = self._get("/my/dropships?filterby=done").text
        self.assertIn(picking.name, shipped)
        self.assertNotIn("On hold", shipped)
        self.assertNotIn("o_dropship_hold_badge", shipped)
        to_ship = self._html(self._get("/my/dropships"))
        (row,) = to_ship.xpath(
            f"//tr[hasclass('o_dropship_row')][.//a[@href='/my/dropships/{backorder.id}']]"
        )
        self.assertTrue(row.xpath(".//*[hasclass('o_dropship_hold_badge')]"))
        page = self._get(f"/my/dropships/{picking.id}").text
        self.assertNotIn("on hold", page.lower())

    def test_order_mail_links_to_the_portal(self):
        _order, purchase, _picking = self._pair([(self.product, 5)])
        action = purchase.action_rfq_send()
        composer = Form(
            self.env["mail.compose.message"].with_context(**action["context"])
        )
        composer.save().action_send_mail()
        message = purchase.message_ids[:1]
        self.assertIn("/my/dropships", str(message.body))

    # In a browser

    def test_ship_serials_tour(self):
        customer = self.env["res.partner"].create(
            {"name": "Tour Customer", "city": "Tour City", "street": "1 Tour Street"}
        )
        order, purchase = self._confirmed_pair(
            [(self.product_serial, 2)], partner=customer
        )
        picking = self._dropship_pickings(purchase)
        self.start_tour(
            "/my/dropships", "dropship_portal_ship_tour", login="vendor_portal"
        )
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.carrier_tracking_ref, "TRK-TOUR-7")
        self.assertEqual(len(order.order_line), 2)
        self.assertEqual(
            sorted(order.order_line.mapped(lambda line: line.lot_ids.name)),
            ["TOUR-P1", "TOUR-P2"],
        )
        self.assertEqual(order.dropship_tracking_refs, "TRK-TOUR-7")
        self.start_tour(
            f"/odoo/action-sale.action_orders/{order.id}",
            "dropship_portal_sale_tour",
            login="admin",
        )

    def test_propose_on_a_backorder_tour(self):
        order, purchase, picking = self._pair([(self.product, 5)])
        self._receive(picking, {picking.move_ids: 2})
        backorder = picking.backorder_ids
        self.assertEqual(backorder.move_ids.product_uom_qty, 3)
        self.start_tour(
            "/my/dropships", "dropship_portal_propose_tour", login="vendor_portal"
        )
        pol = purchase.order_line
        self.assertEqual(pol.product_qty, 4)
        self.assertEqual(
            pol.date_planned.date(), fields.Date.today() + timedelta(days=30)
        )
        self.assertEqual(order.order_line.product_uom_qty, 4)
        self.assertEqual(backorder.move_ids.product_uom_qty, 2)
        log = self._vendor_log(order, channel="portal")
        self.assertEqual(set(log.mapped("rule")), {"po_qty", "po_date"})
        self.assertEqual(log.user_id, self.vendor_user)
