# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import pathlib
import re

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DropshipCommon

# Every context key the add-on ever read to steer its rules or to name who
# acted. Over JSON-RPC a caller sends them as it likes: none may matter.
FORMER_KEYS = (
    "dropship_sync_skip",
    "dropship_sync_pair_locked",
    "dropship_sync_procurement",
    "dropship_sync_split",
    "dropship_portal_user_id",
    "dropship_portal_note",
    "dropship_reversal_confirmed",
)

# The context keys the add-on reads: Odoo's own, each for what Odoo uses it.
ODOO_KEYS = {
    "tz",  # the time zone a note is written in
    "cron_id",  # set by Odoo's cron worker; read by a private method only
    "mark_rfq_as_sent",  # Odoo's "send by e-mail" of a purchase order
}


@tagged("post_install", "-at_install")
class TestDoorContext(HttpCase, DropshipCommon):
    """Nothing a JSON-RPC caller puts in the context switches a rule off or
    changes who is recorded: each request below sends every key the add-on
    used to read, as a salesperson, a purchaser and a warehouse clerk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="door_sales",
            password="door_sales",
            groups="sales_team.group_sale_salesman",
        )
        cls.buyer = new_test_user(
            cls.env,
            login="door_buyer",
            password="door_buyer",
            groups="purchase.group_purchase_user",
        )
        cls.clerk = new_test_user(
            cls.env,
            login="door_clerk",
            password="door_clerk",
            groups="stock.group_stock_user",
        )
        cls.vendor_user = new_test_user(
            cls.env,
            login="door_vendor",
            password="door_vendor",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create({"name": "Vendor clerk", "parent_id": cls.vendor.id})
            .id,
        )

    def _context(self):
        keys = dict.fromkeys(FORMER_KEYS, True)
        keys["dropship_portal_user_id"] = self.vendor_user.id
        keys["dropship_portal_note"] = "Vendor confirmed by phone"
        return keys

    def _rpc(self, login, model, method, *args, **kwargs):
        """Call ``model.method(*args, **kwargs)`` over JSON-RPC as ``login``
        with every former key in the context: {"result": ...} or
        {"error": message}."""
        self.authenticate(login, login)
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": dict(kwargs, context=self._context()),
            },
        }
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        body = response.json()
        if "error" in body:
            return {"error": body["error"]["data"]["message"]}
        return {"result": body.get("result")}

    def _refused(self, login, model, method, *args, **kwargs):
        # Odoo logs a refused request as a warning: it is expected here.
        with self.assertLogs("odoo.http", "WARNING"):
            answer = self._rpc(login, model, method, *args, **kwargs)
        self.assertIn("error", answer, "the request must be refused")
        return answer["error"]

    def _held_pair(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.write({"on_hold": True, "hold_reason": "Credit check"})
        self.assertTrue(purchase.on_hold)
        return order, purchase

    def _holds(self, *orders):
        return [
            (hold.id, hold.state, hold.hold_reason_id.id, hold.reason)
            for order in orders
            for hold in order.dropship_hold_ids
        ]

    def test_module_reads_no_key_of_its_own(self):
        """The add-on's code reads only Odoo's own context keys."""
        root = pathlib.Path(__file__).resolve().parent.parent
        read = set()
        for folder in ("models", "wizards", "controllers"):
            for path in (root / folder).glob("*.py"):
                text = path.read_text()
                read |= set(re.findall(r"context\.get\(\s*[\"'](\w+)[\"']", text))
                read |= set(re.findall(r"context\[\s*[\"'](\w+)[\"']\s*\]", text))
        self.assertLessEqual(read, ODOO_KEYS)
        for key in FORMER_KEYS:
            self.assertNotIn(
                key,
                " ".join(p.read_text() for p in (root / "models").glob("*.py")),
            )

    def test_release_on_the_mirrored_side_stays_refused(self):
        order, purchase = self._held_pair()
        holds = self._holds(order, purchase)
        message = self._refused(
            "door_buyer", "purchase.order", "write", [purchase.id], {"on_hold": False}
        )
        self.assertIn("release it there", message)
        self.assertTrue(purchase.on_hold)
        self.assertTrue(order.on_hold)
        self.assertEqual(self._holds(order, purchase), holds, "nothing changed")

    def test_held_transfer_cannot_be_validated(self):
        _order, purchase = self._held_pair()
        picking = self._dropship_pickings(purchase)
        picking.move_ids.write({"quantity": 5, "picked": True})
        message = self._refused(
            "door_clerk", "stock.picking", "button_validate", [picking.id]
        )
        self.assertIn("on hold", message)
        self.assertEqual(picking.state, "assigned")

    def test_held_quotation_cannot_be_confirmed(self):
        order = self._create_so([(self.product, 5)], confirm=False)
        order.user_id = self.salesman
        order.write({"on_hold": True, "hold_reason": "Address check"})
        message = self._refused(
            "door_sales", "sale.order", "action_confirm", [order.id]
        )
        self.assertIn("release the hold", message)
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.order_line.purchase_line_ids)

    def test_sales_quantity_is_mirrored_and_logged(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.user_id = self.salesman
        answer = self._rpc(
            "door_sales",
            "sale.order",
            "write",
            [order.id],
            {
                "order_line": [
                    Command.update(order.order_line.id, {"product_uom_qty": 9})
                ]
            },
        )
        self.assertEqual(answer, {"result": True})
        self.assertEqual(purchase.order_line.product_qty, 9)
        self.assertEqual(self._purchase_orders(order), purchase, "no second RFQ")
        log = self.env["dropship.sync.change"].search(
            [("sale_order_id", "=", order.id), ("rule", "=", "so_qty")]
        )
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.salesman)
        self.assertFalse(log.channel)

    def test_purchase_cancel_is_mirrored(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        answer = self._rpc(
            "door_buyer", "purchase.order", "button_cancel", [purchase.id]
        )
        self.assertNotIn("error", answer)
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(order.order_line.product_uom_qty, 0)
        self.assertEqual(order.state, "cancel")

    def test_who_acted_cannot_be_forged(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        line = purchase.order_line
        answer = self._rpc(
            "door_buyer", "purchase.order.line", "write", [line.id], {"product_qty": 4}
        )
        self.assertEqual(answer, {"result": True})
        self.assertEqual(order.order_line.product_uom_qty, 4)
        log = self.env["dropship.sync.change"].search(
            [("purchase_line_id", "=", line.id), ("rule", "=", "po_qty")]
        )
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.buyer)
        self.assertFalse(log.channel)
        self.assertFalse(log.vendor_note)
        self.assertNotIn("vendor portal", " ".join(self._sync_notes(order)))

    def test_reversal_is_not_confirmed_by_the_context(self):
        order, purchase = self._confirmed_pair([(self.product_serial, 1)])
        picking = self._dropship_pickings(purchase)
        self._receive_lots(picking, {picking.move_ids: [("DOOR-SN-1", 1)]})
        lot = order.order_line.lot_ids
        return_picking = self._return(
            picking, lots={picking.move_ids: lot}, confirm=False
        )
        self.assertNotEqual(return_picking.state, "done")
        answer = self._rpc(
            "door_clerk", "stock.picking", "button_validate", [return_picking.id]
        )
        self.assertEqual(
            answer["result"]["res_model"],
            "dropship.reversal.warning",
            "the warning comes first",
        )
        self.assertNotEqual(return_picking.state, "done")
        self.assertEqual(order.order_line.lot_ids, lot)
