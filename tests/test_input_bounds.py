# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields, http
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import format_date

from . import test_portal
from .common import DropshipCommon

# A number too long for a float: float() makes it infinite.
HUGE = "9" * 400
# Shown cut short in the messages.
HUGE_SHOWN = f"{'9' * 39}…"
# Values that are no finite number, as typed on the portal.
NOT_NUMBERS = {"nan": "nan", "inf": "inf", "-inf": "-inf", HUGE: HUGE_SHOWN}


def _shared(name):
    """A helper of the portal tests (taken one by one: a subclass would run
    their tests a second time)."""
    return test_portal.TestDropshipPortal.__dict__[name]


@tagged("post_install", "-at_install")
class TestPortalInputBounds(HttpCase, DropshipCommon):
    """Absurd numbers, ids and dates typed on the vendor portal get a
    message on the page (HTTP 200) and change nothing."""

    _portal_user = _shared("_portal_user")
    _pair = _shared("_pair")
    _get = _shared("_get")
    _post = _shared("_post")
    _snapshot = _shared("_snapshot")
    _error = _shared("_error")
    assertRefused = _shared("assertRefused")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor_user = cls._portal_user("vendor_portal", cls.vendor)

    def _range(self, first, last):
        return (
            f"Enter a date from {format_date(self.env, first)} "
            f"to {format_date(self.env, last)}"
        )

    def test_ship_quantity_not_a_number(self):
        order, purchase, picking = self._pair([(self.product, 5)])
        key = f"qty_{picking.move_ids.id}"
        for typed, shown in NOT_NUMBERS.items():
            with self.subTest(typed=shown):
                self.assertRefused(
                    picking,
                    order,
                    purchase,
                    "ship",
                    f"Drop-shipped Chair: {shown} is not a number.",
                    **{key: typed},
                )
        self.assertRefused(
            picking,
            order,
            purchase,
            "ship",
            "Drop-shipped Chair: -1 cannot be negative. "
            "Enter a number from 0 to 1,000,000,000.",
            **{key: "-1"},
        )
        self.assertRefused(
            picking, order, purchase, "ship", "from 0 to 5", **{key: "6"}
        )
        self.assertEqual(picking.state, "assigned")

    def test_lot_quantity_not_a_number(self):
        product_lot = self._create_dropship_product("Paint", 7.0, tracking="lot")
        order, purchase, picking = self._pair([(product_lot, 4)])
        move = picking.move_ids
        refused = {
            **{
                typed: f"Paint, lot L-1: {shown} is not a number."
                for typed, shown in NOT_NUMBERS.items()
            },
            "-1": "Paint, lot L-1: -1 cannot be negative. "
            "Enter a number from 0 to 1,000,000,000.",
            "2e9": "Paint, lot L-1: 2e9 is out of range. "
            "Enter a number from 0 to 1,000,000,000.",
        }
        for typed, text in refused.items():
            with self.subTest(typed=typed[:20]):
                self.assertRefused(
                    picking,
                    order,
                    purchase,
                    "ship",
                    text,
                    **{f"qty_{move.id}": "4", f"lots_{move.id}": f"L-1: {typed}"},
                )
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "L-1")]))

    def test_propose_price_and_quantity_bounds(self):
        order, purchase, picking = self._pair([(self.product, 5)])
        move = picking.move_ids
        for key, field in (("price", "unit price"), ("qty", "quantity")):
            for typed, shown in NOT_NUMBERS.items():
                with self.subTest(field=field, typed=shown):
                    self.assertRefused(
                        picking,
                        order,
                        purchase,
                        "propose",
                        f"Drop-shipped Chair, {field}: {shown} is not a number.",
                        **{f"{key}_{move.id}": typed},
                    )
            self.assertRefused(
                picking,
                order,
                purchase,
                "propose",
                f"Drop-shipped Chair, {field}: -5 cannot be negative.",
                **{f"{key}_{move.id}": "-5"},
            )
        self.assertRefused(
            picking,
            order,
            purchase,
            "propose",
            "Drop-shipped Chair, unit price: 1e13 is out of range. "
            "Enter a number from 0 to 1,000,000,000,000.",
            **{f"price_{move.id}": "1e13"},
        )
        self.assertRefused(
            picking,
            order,
            purchase,
            "propose",
            "Drop-shipped Chair, quantity: 2000000000 is out of range. "
            "Enter a number from 0 to 1,000,000,000.",
            **{f"qty_{move.id}": "2000000000"},
        )
        self.assertEqual(purchase.order_line.price_unit, 10)
        self.assertEqual(purchase.order_line.product_qty, 5)

    def test_ids_beyond_the_database_range_are_not_found(self):
        self._pair([(self.product, 5)])
        for picking_id in (2**31, 2**31 - 1, 10**30):
            with self.subTest(picking_id=picking_id):
                self.assertEqual(
                    self._get(f"/my/dropships/{picking_id}").status_code, 404
                )
                response = self.url_open(
                    f"/my/dropships/{picking_id}/ship",
                    data={"csrf_token": http.Request.csrf_token(self)},
                )
                self.assertEqual(response.status_code, 404)

    def test_ship_date_between_order_and_today(self):
        order, purchase, picking = self._pair([(self.product, 5)])
        key = f"qty_{picking.move_ids.id}"
        today = fields.Datetime.now().date()
        first = min(purchase.date_order.date(), today)
        before_order = str(first - timedelta(days=1))
        for typed in ("0001-01-01", "1900-01-01", before_order):
            with self.subTest(typed=typed):
                self.assertRefused(
                    picking,
                    order,
                    purchase,
                    "ship",
                    f"Ship date: {typed} is out of range. {self._range(first, today)}.",
                    ship_date=typed,
                    **{key: "5"},
                )
        self.assertRefused(
            picking,
            order,
            purchase,
            "ship",
            f"Ship date: 9999-12-31 is in the future. {self._range(first, today)}",
            ship_date="9999-12-31",
            **{key: "5"},
        )
        self.assertRefused(
            picking,
            order,
            purchase,
            "ship",
            "Ship date: 31/12/2024 is not a date (YYYY-MM-DD).",
            ship_date="31/12/2024",
            **{key: "5"},
        )
        response = self._post(picking, "ship", ship_date=str(first), **{key: "5"})
        self.assertFalse(self._error(response), "the order day is allowed")
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.receipt_date.date(), first)

    def test_planned_date_within_two_years(self):
        order, purchase, picking = self._pair([(self.product, 5)])
        first = min(purchase.date_order.date(), fields.Datetime.now().date())
        last = fields.Date.add(fields.Date.context_today(purchase), years=2, days=-1)
        allowed = self._range(first, last)
        for typed in (
            "0001-01-01",
            str(first - timedelta(days=1)),
            str(last + timedelta(days=1)),
            "9999-12-31",
        ):
            with self.subTest(typed=typed):
                self.assertRefused(
                    picking,
                    order,
                    purchase,
                    "propose",
                    f"New ship date: {typed} is out of range. {allowed}.",
                    date_planned=typed,
                )
        response = self._post(picking, "propose", date_planned=str(last))
        self.assertFalse(self._error(response), "the last day is allowed")
        self.assertEqual(purchase.order_line.date_planned.date(), last)
        self.assertEqual(order.order_line.dropship_expected_date.date(), last)


@tagged("post_install", "-at_install")
class TestRpcInputBounds(DropshipCommon):
    """Values written through the ORM as JSON-RPC delivers them: a numeric
    string counts as its number, anything else is refused with a message
    and nothing written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="ds_bounds_salesman",
            groups="sales_team.group_sale_salesman",
        )
        cls.purchaser = new_test_user(
            cls.env,
            login="ds_bounds_purchaser",
            groups="purchase.group_purchase_user",
        )

    def _salesman_pair(self, qty=5):
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": qty}
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        purchase = self._purchase_orders(order.sudo())
        purchase.button_confirm()
        return order, purchase

    def assertWriteRefused(self, lines, vals, text, watched):
        """``lines.write(vals)`` is refused with ``text`` in the message, and
        the ``watched`` records read the same afterwards."""
        before = [record.read(names) for record, names in watched]
        with self.assertRaises(UserError) as caught:
            lines.write(vals)
        self.assertIn(text, str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual([record.read(names) for record, names in watched], before)

    def test_sale_quantity_string_is_the_number(self):
        order, purchase = self._salesman_pair()
        order.order_line.write({"product_uom_qty": "6"})
        self.assertEqual(order.order_line.product_uom_qty, 6)
        self.assertEqual(purchase.order_line.product_qty, 6)
        order.order_line.write({"product_uom_qty": " 4.5 "})
        self.assertEqual(order.order_line.product_uom_qty, 4.5)
        self.assertEqual(purchase.order_line.product_qty, 4.5)

    def test_sale_quantity_not_a_number(self):
        order, purchase = self._salesman_pair()
        watched = [
            (order.order_line.sudo(), ["product_uom_qty", "purchase_price"]),
            (purchase.order_line, ["product_qty", "price_unit", "state"]),
            (order.sudo(), ["state", "dropship_change_count"]),
        ]
        refused = {
            "abc": "Quantity: abc is not a number.",
            "nan": "Quantity: nan is not a number.",
            float("nan"): "Quantity: nan is not a number.",
            float("-inf"): "Quantity: -inf is not a number.",
            "1e400": "Quantity: 1e400 is not a number.",
            10**400: "is not a number.",
            1e308: "Quantity: 1e+308 is out of range. Enter a number from "
            "-1,000,000,000,000 to 1,000,000,000,000.",
            -5: "a drop-ship quantity cannot be negative",
        }
        for value, text in refused.items():
            with self.subTest(value=str(value)[:20]):
                self.assertWriteRefused(
                    order.order_line, {"product_uom_qty": value}, text, watched
                )
        self.assertWriteRefused(
            order.order_line,
            {"product_uom_qty": [6]},
            "Quantity: [6] is not a number.",
            watched,
        )

    def test_purchase_price_and_quantity_bounds(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        pol = purchase.order_line.with_user(self.purchaser)
        watched = [
            (order.order_line, ["product_uom_qty", "purchase_price"]),
            (purchase.order_line, ["product_qty", "price_unit", "state"]),
            (order, ["dropship_change_count"]),
        ]
        refused = {
            ("price_unit", -5): "Unit Price: -5 cannot be negative. Enter a "
            "number from 0 to 1,000,000,000,000.",
            ("price_unit", float("nan")): "Unit Price: nan is not a number.",
            ("price_unit", float("inf")): "Unit Price: inf is not a number.",
            ("price_unit", "abc"): "Unit Price: abc is not a number.",
            ("price_unit", 1e13): "Unit Price: 10000000000000.0 is out of range.",
            ("product_qty", -1): "Quantity: -1 cannot be negative.",
            ("product_qty", "nan"): "Quantity: nan is not a number.",
            ("product_qty", 1e308): "Quantity: 1e+308 is out of range.",
        }
        for (field, value), text in refused.items():
            with self.subTest(field=field, value=value):
                self.assertWriteRefused(pol, {field: value}, text, watched)
        pol.write({"product_qty": "4", "price_unit": "11.5"})
        self.assertEqual(purchase.order_line.product_qty, 4)
        self.assertEqual(purchase.order_line.price_unit, 11.5)
        self.assertEqual(order.order_line.product_uom_qty, 4)
        self.assertAlmostEqual(order.order_line.purchase_price, 11.5)

    def test_purchase_line_outside_a_pair_keeps_core_behaviour(self):
        purchase = (
            self.env["purchase.order"]
            .with_user(self.purchaser)
            .create(
                {
                    "partner_id": self.vendor.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product_stock.id, "product_qty": 2}
                        )
                    ],
                }
            )
        )
        # Core takes a negative price (a discount line, a credit).
        purchase.order_line.write({"price_unit": -5})
        self.assertEqual(purchase.order_line.price_unit, -5)
