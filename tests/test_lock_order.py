# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
import time

from psycopg2 import errors

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestPairLockOrder(TransactionCase):
    """Two users change the two sides of one pair at the same time, each in
    the transaction of their own Odoo worker: the pair is taken in one
    order (sales side first), so the second change waits for the first and
    then decides on what the first one wrote.

    The pair is committed (each worker has its own database connection) and
    removed afterwards.
    """

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            vendor = env["res.partner"].create({"name": "Lock Order Vendor"})
            customer = env["res.partner"].create({"name": "Lock Order Customer"})
            product = env["product.product"].create(
                {
                    "name": "Lock Order Chair",
                    "is_storable": True,
                    "route_ids": [
                        Command.set(
                            env.ref("stock_dropshipping.route_drop_shipping").ids
                        )
                    ],
                    "seller_ids": [
                        Command.create({"partner_id": vendor.id, "price": 10.0})
                    ],
                }
            )
            order = env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 5})
                    ],
                }
            )
            order.action_confirm()
            purchase_line = order.order_line.purchase_line_ids
            purchase_line.order_id.button_confirm()
            self.sale_line_id = order.order_line.id
            self.purchase_line_id = purchase_line.id
            self.records = [
                (model, rec.id)
                for model, rec in (
                    ("purchase.order", purchase_line.order_id),
                    ("sale.order", order),
                    ("product.product", product),
                    ("res.partner", customer),
                    ("res.partner", vendor),
                )
            ]
        self.addCleanup(self._remove_pair)

    def _remove_pair(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            records = [env[model].browse(id_) for model, id_ in self.records]
            purchase, order = records[0], records[1]
            purchase.button_cancel()
            order._action_cancel()
            (purchase.picking_ids.move_ids | order.order_line.move_ids).unlink()
            purchase.picking_ids.unlink()
            purchase.unlink()
            order.unlink()
            for record in records[2:]:
                record.action_archive()

    def _env(self):
        cr = self.registry.cursor()
        self.addCleanup(cr.close)
        return api.Environment(cr, SUPERUSER_ID, {})

    def _waiting_query(self, env, seconds=30):
        """The query the connection of ``env`` waits on a lock in, if it
        comes to wait within ``seconds``."""
        pid = env.cr._cnx.get_backend_pid()
        with self.registry.cursor() as cr:
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                cr.execute(
                    "SELECT wait_event_type, query FROM pg_stat_activity "
                    "WHERE pid = %s",
                    [pid],
                )
                wait, query = cr.fetchone()
                if wait == "Lock":
                    return query
                # The activity is read once per transaction: read it anew.
                cr.rollback()
                time.sleep(0.05)
        return None

    def _second_waits(self, first, second, env):
        """Run ``second`` in a thread while ``first``'s transaction holds
        the pair: the query it waits in, and the serialization failure it
        ends with once ``first`` commits (None when it ends well)."""
        outcome = {}

        def run():
            try:
                second()
                env.flush_all()
            except errors.SerializationFailure as error:
                outcome["error"] = error

        with mute_logger("odoo.sql_db"):
            thread = threading.Thread(target=run)
            thread.start()
            waiting = self._waiting_query(env)
            first.cr.commit()
            thread.join(60)
        self.assertFalse(thread.is_alive())
        return waiting or "", outcome.get("error")

    def _read_committed(self):
        cr = self.registry.cursor()
        self.addCleanup(cr.close)
        env = api.Environment(cr, SUPERUSER_ID, {})
        return (
            env["sale.order.line"].browse(self.sale_line_id),
            env["purchase.order.line"].browse(self.purchase_line_id),
        )

    def test_receipt_waits_for_a_supplier_change(self):
        supplier, clerk = self._env(), self._env()
        purchase_line = supplier["purchase.order.line"].browse(self.purchase_line_id)
        move = clerk["purchase.order.line"].browse(self.purchase_line_id).move_ids
        self.assertEqual(move.product_uom_qty, 5)
        purchase_line.write({"product_qty": 7})
        supplier.flush_all()
        waiting, error = self._second_waits(
            supplier, lambda: move.write({"quantity": 1}), clerk
        )
        self.assertIn('FROM "sale_order"', waiting)
        self.assertIsNone(
            error,
            "the clerk had written nothing yet: the transaction starts anew at "
            "the lock instead of failing",
        )
        self.assertEqual(move.product_uom_qty, 7, "it now sees the new quantity")
        self.assertEqual(move.quantity, 1)

    def test_opposite_changes_of_one_pair_serialize(self):
        salesperson, supplier = self._env(), self._env()
        sale_line = salesperson["sale.order.line"].browse(self.sale_line_id)
        purchase_line = supplier["purchase.order.line"].browse(self.purchase_line_id)
        # Both transactions start before either changes anything.
        self.assertEqual(sale_line.product_uom_qty, 5)
        self.assertEqual(purchase_line.product_qty, 5)

        sale_line.write({"product_uom_qty": 6})
        salesperson.flush_all()
        waiting, error = self._second_waits(
            salesperson, lambda: purchase_line.write({"product_qty": 4}), supplier
        )
        self.assertIn(
            'FROM "sale_order"',
            waiting,
            "the supplier change waits at the sales order, first in the lock "
            "order, before it writes anything on the purchase side",
        )
        self.assertIsNone(error, "no retry of the whole request is needed")
        # It was decided on the salesperson's 6 (not on the 5 read before):
        # the supplier's 4 is a cut of 2, mirrored to the sales line.
        supplier.cr.commit()
        sale_line, purchase_line = self._read_committed()
        self.assertEqual(sale_line.product_uom_qty, 4)
        self.assertEqual(purchase_line.product_qty, 4)
        changes = sale_line.env["dropship.sync.change"].search(
            [("sale_line_id", "=", self.sale_line_id)], order="id"
        )
        self.assertEqual(changes.mapped("rule"), ["so_qty", "po_qty"])
        self.assertEqual(changes.mapped("old_value"), ["5", "6"])

    def test_change_after_a_write_is_retried_by_odoo(self):
        """A transaction that already wrote something cannot start anew at
        the lock: it fails, and Odoo retries the whole request."""
        salesperson, supplier = self._env(), self._env()
        sale_line = salesperson["sale.order.line"].browse(self.sale_line_id)
        purchase_line = supplier["purchase.order.line"].browse(self.purchase_line_id)
        # Something outside the pair, written first in the same transaction.
        purchase_line.order_id.partner_id.write({"comment": "Called about the chair"})
        supplier.flush_all()
        sale_line.write({"product_uom_qty": 6})
        salesperson.flush_all()
        waiting, error = self._second_waits(
            salesperson, lambda: purchase_line.write({"product_qty": 4}), supplier
        )
        self.assertIn('FROM "sale_order"', waiting)
        self.assertIsInstance(error, errors.SerializationFailure)
        supplier.cr.rollback()
        sale_line, purchase_line = self._read_committed()
        self.assertEqual(sale_line.product_uom_qty, 6)
        self.assertEqual(purchase_line.product_qty, 6)

    def test_change_in_a_savepoint_is_retried_by_odoo(self):
        """Inside a savepoint of its caller the transaction cannot start
        anew either: the savepoint is rolled back and Odoo retries."""
        salesperson, supplier = self._env(), self._env()
        sale_line = salesperson["sale.order.line"].browse(self.sale_line_id)
        purchase_line = supplier["purchase.order.line"].browse(self.purchase_line_id)
        self.assertEqual(purchase_line.product_qty, 5)

        def in_savepoint():
            with supplier.cr.savepoint():
                purchase_line.write({"product_qty": 4})

        sale_line.write({"product_uom_qty": 6})
        salesperson.flush_all()
        waiting, error = self._second_waits(salesperson, in_savepoint, supplier)
        self.assertIn('FROM "sale_order"', waiting)
        self.assertIsInstance(error, errors.SerializationFailure)
        supplier.cr.rollback()
        sale_line, purchase_line = self._read_committed()
        self.assertEqual(sale_line.product_uom_qty, 6)
        self.assertEqual(purchase_line.product_qty, 6)

    def test_hold_waits_for_a_sales_change(self):
        """A hold set on the purchase order while the salesperson changes
        the quantity: Odoo's tracking of the order has not read it yet when
        the pair is locked, so the hold starts anew instead of failing."""
        salesperson, purchaser = self._env(), self._env()
        sale_line = salesperson["sale.order.line"].browse(self.sale_line_id)
        purchase = (
            purchaser["purchase.order.line"].browse(self.purchase_line_id).order_id
        )
        self.assertFalse(purchase.on_hold)
        sale_line.write({"product_uom_qty": 6})
        salesperson.flush_all()
        waiting, error = self._second_waits(
            salesperson,
            lambda: purchase.write({"on_hold": True, "hold_reason": "Vendor audit"}),
            purchaser,
        )
        self.assertIn('FROM "sale_order"', waiting)
        self.assertIsNone(error, "no retry of the whole request is needed")
        purchaser.cr.commit()
        sale_line, purchase_line = self._read_committed()
        self.assertEqual(purchase_line.order_id.hold_reason, "Vendor audit")
        self.assertTrue(sale_line.order_id.on_hold, "the hold is mirrored")
        self.assertEqual(sale_line.order_id.hold_reason, "Vendor audit")
        self.assertEqual(purchase_line.product_qty, 6, "the change is kept")

    def test_receipts_of_two_clerks_serialize(self):
        """The first clerk changes no row of the pair (only the move): the
        second one, which started before the first committed, still starts
        anew at the lock instead of failing on the move it writes."""
        first, second = self._env(), self._env()
        move_1 = first["purchase.order.line"].browse(self.purchase_line_id).move_ids
        move_2 = second["purchase.order.line"].browse(self.purchase_line_id).move_ids
        self.assertEqual(move_2.quantity, 5)
        move_1.write({"quantity": 3})
        first.flush_all()
        waiting, error = self._second_waits(
            first, lambda: move_2.write({"quantity": 2}), second
        )
        self.assertIn('FROM "sale_order"', waiting)
        self.assertIsNone(error, "no retry of the whole request is needed")
        second.cr.commit()
        sale_line, purchase_line = self._read_committed()
        self.assertEqual(purchase_line.move_ids.quantity, 2)
        self.assertEqual(sale_line.product_uom_qty, 5)
        self.assertEqual(purchase_line.product_qty, 5)

    def test_pair_locked_once_per_transaction(self):
        """The rows stay locked until the transaction ends: taking the pair
        again in the same transaction (a form saving several moves, a
        mirror writing the other side) runs no query, and after a rollback
        the rows are taken anew."""
        env, other = self._env(), self._env()
        sale_line = env["sale.order.line"].browse(self.sale_line_id)
        purchase_line = env["purchase.order.line"].browse(self.purchase_line_id)
        pair = env["dropship.pair"]
        pair._lock(sale_line)
        count = env.cr.sql_log_count
        pair._lock(purchase_line, restart=True)
        pair._lock(sale_line.order_id, purchase_line.order_id)
        self.assertEqual(env.cr.sql_log_count, count, "no query: the rows are held")
        with self.assertRaises(errors.LockNotAvailable), mute_logger("odoo.sql_db"):
            other.cr.execute(
                "SELECT 1 FROM purchase_order_line WHERE id = %s "
                "FOR NO KEY UPDATE NOWAIT",
                [self.purchase_line_id],
            )
        other.cr.rollback()
        env.cr.rollback()
        pair._lock(purchase_line)
        self.assertGreater(env.cr.sql_log_count, count, "taken anew after a rollback")
        with self.assertRaises(errors.LockNotAvailable), mute_logger("odoo.sql_db"):
            other.cr.execute(
                "SELECT 1 FROM sale_order WHERE id = %s FOR NO KEY UPDATE NOWAIT",
                [sale_line.order_id.id],
            )
        other.cr.rollback()
        env.cr.rollback()

    def _second_pair_of_the_product(self):
        """A second committed pair of the same product (removed at the end
        of the test): the id of its purchase line."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            product = env["product.product"].browse(self.records[2][1])
            customer = env["res.partner"].browse(self.records[3][1])
            order = env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 3})
                    ],
                }
            )
            order.action_confirm()
            purchase = order.order_line.purchase_line_ids.order_id
            purchase.button_confirm()
            other_line_id = order.order_line.purchase_line_ids.id
            self.records[2:2] = [
                ("purchase.order", purchase.id),
                ("sale.order", order.id),
            ]

        def remove():
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                purchase = env["purchase.order"].browse(self.records[2][1])
                order = env["sale.order"].browse(self.records[3][1])
                purchase.button_cancel()
                order._action_cancel()
                (purchase.picking_ids.move_ids | order.order_line.move_ids).unlink()
                purchase.picking_ids.unlink()
                purchase.unlink()
                order.unlink()
            del self.records[2:4]

        self.addCleanup(remove)
        return other_line_id

    def test_receipts_of_one_product_serialize(self):
        """Two clerks validate receipts of the same product for two
        different pairs: every receipt of the product updates its stock
        quants, so the second one waits at the product's turn (what the
        validation takes first, ``receipt``) and starts anew, instead of
        failing on the quants later."""
        other_line_id = self._second_pair_of_the_product()
        first, second = self._env(), self._env()
        move_1 = first["purchase.order.line"].browse(self.purchase_line_id).move_ids
        move_2 = second["purchase.order.line"].browse(other_line_id).move_ids
        self.assertEqual(move_2.quantity, 3)

        def start_receipt(env, move, quantity):
            env["dropship.pair"]._lock(
                move.purchase_line_id, restart=True, receipt=True
            )
            move.write({"quantity": quantity})

        start_receipt(first, move_1, 4)
        first.flush_all()
        waiting, error = self._second_waits(
            first, lambda: start_receipt(second, move_2, 2), second
        )
        self.assertIn("dropship_product_turn", waiting)
        self.assertIsNone(error, "no retry of the whole request is needed")
        second.cr.commit()
        _sale_line, purchase_line = self._read_committed()
        self.assertEqual(purchase_line.move_ids.quantity, 4)
        self.assertEqual(
            purchase_line.env["purchase.order.line"]
            .browse(other_line_id)
            .move_ids.quantity,
            2,
        )

    def _shared_purchase(self, held):
        """Two sales orders whose RFQs were merged into one purchase order
        (each sales line keeps its own purchase line), committed; ``held``
        says which of them are put on hold (mirrored to the purchase
        order). Returns the ids of the sales orders and of the purchase
        order."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            product = env["product.product"].browse(self.records[2][1])
            customer = env["res.partner"].browse(self.records[3][1])
            orders = env["sale.order"]
            for quantity in (2, 3):
                order = env["sale.order"].create(
                    {
                        "partner_id": customer.id,
                        "order_line": [
                            Command.create(
                                {"product_id": product.id, "product_uom_qty": quantity}
                            )
                        ],
                    }
                )
                order.action_confirm()
                orders |= order
            rfqs = orders.order_line.purchase_line_ids.order_id
            self.assertEqual(len(rfqs), 2)
            rfqs.action_merge()
            purchase = orders.order_line.purchase_line_ids.order_id
            self.assertEqual(len(purchase), 1, "one purchase order serves both")
            self.assertEqual(len(purchase.order_line), 2, "the pairs stay distinct")
            purchase.button_confirm()
            for order, hold in zip(orders, held, strict=True):
                if hold:
                    order.write({"on_hold": True, "hold_reason": f"Check {order.name}"})
            order_ids, purchase_ids = orders.ids, rfqs.ids
        self.addCleanup(self._remove_shared, order_ids, purchase_ids)
        return order_ids, purchase.id

    def _remove_shared(self, order_ids, purchase_ids):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(order_ids)
            purchases = env["purchase.order"].browse(purchase_ids)
            # The holds go first: nothing is refused on a held order then.
            (orders.dropship_hold_ids | purchases.dropship_hold_ids).unlink()
            purchases.filtered(lambda po: po.state != "cancel").button_cancel()
            orders._action_cancel()
            (purchases.picking_ids.move_ids | orders.order_line.move_ids).unlink()
            purchases.picking_ids.unlink()
            purchases.unlink()
            orders.unlink()

    def _assert_holds_consistent(self, order_ids, purchase_id):
        """After both changes committed: every order is on hold exactly
        when it has an open hold, and every open mirrored hold mirrors an
        open one."""
        cr = self.registry.cursor()
        self.addCleanup(cr.close)
        env = api.Environment(cr, SUPERUSER_ID, {})
        orders = [env["purchase.order"].browse(purchase_id)] + list(
            env["sale.order"].browse(order_ids)
        )
        for order in orders:
            holds = order.dropship_hold_ids.filtered(lambda h: h.state == "open")
            self.assertEqual(
                order.on_hold,
                bool(holds),
                f"{order.display_name}: on hold exactly when a hold is open "
                f"({len(holds)} open)",
            )
            for hold in holds.filtered("origin_hold_id"):
                self.assertEqual(
                    hold.origin_hold_id.state,
                    "open",
                    f"{order.display_name}: the hold it mirrors "
                    f"({hold.set_on}) is open",
                )
        return orders

    def test_two_releases_of_a_shared_purchase_order(self):
        """Each sales order of a shared purchase order is released at the
        same time: the first release leaves the purchase order held (the
        other hold is still open) and so does not write it; the second one
        still waits for it and decides on the first one's release, so the
        purchase order ends released."""
        order_ids, purchase_id = self._shared_purchase(held=(True, True))
        first, second = self._env(), self._env()
        order_1 = first["sale.order"].browse(order_ids[0])
        order_2 = second["sale.order"].browse(order_ids[1])
        # Both transactions start before either changes anything.
        self.assertTrue(order_1.on_hold)
        purchase = second["purchase.order"].browse(purchase_id)
        self.assertEqual(len(purchase.dropship_hold_ids), 2)
        order_1.write({"on_hold": False})
        first.flush_all()
        waiting, error = self._second_waits(
            first, lambda: order_2.write({"on_hold": False}), second
        )
        self.assertIsNone(error, "the release starts anew at the lock")
        second.cr.commit()
        purchase, *orders = self._assert_holds_consistent(order_ids, purchase_id)
        self.assertFalse(purchase.on_hold)
        self.assertEqual(set(purchase.dropship_hold_ids.mapped("state")), {"released"})
        self.assertFalse(any(order.on_hold for order in orders))
        self.assertIn(
            'FROM "sale_order"',
            waiting,
            "the second release waits at the first sales order: the lock "
            "takes every sales order the purchase order serves",
        )

    def test_hold_and_release_of_a_shared_purchase_order(self):
        """One sales order of a shared purchase order is put on hold while
        the other one, held, is released: the hold leaves the purchase order
        held (the other hold is still open) and so does not write it; the
        release still waits for it and sees the new hold, so the purchase
        order stays held by it."""
        order_ids, purchase_id = self._shared_purchase(held=(False, True))
        first, second = self._env(), self._env()
        order_1 = first["sale.order"].browse(order_ids[0])
        order_2 = second["sale.order"].browse(order_ids[1])
        self.assertFalse(order_1.on_hold)
        purchase = second["purchase.order"].browse(purchase_id)
        self.assertEqual(len(purchase.dropship_hold_ids), 1)
        order_1.write({"on_hold": True, "hold_reason": "Credit check"})
        first.flush_all()
        waiting, error = self._second_waits(
            first, lambda: order_2.write({"on_hold": False}), second
        )
        self.assertIsNone(error, "the release starts anew at the lock")
        second.cr.commit()
        purchase, order_1, order_2 = self._assert_holds_consistent(
            order_ids, purchase_id
        )
        self.assertTrue(order_1.on_hold)
        self.assertFalse(order_2.on_hold)
        self.assertTrue(purchase.on_hold)
        self.assertEqual(purchase.hold_reason, "Credit check")
        self.assertEqual(purchase.hold_origin, order_1.name)
        self.assertIn('FROM "sale_order"', waiting)
