# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestHoldRecords(DropshipCommon):
    """Holds are records: several per order, codes with release authority,
    released on the side that set them, visible to the warehouse."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="hold_salesman", groups="sales_team.group_sale_salesman"
        )
        cls.sale_manager = new_test_user(
            cls.env, login="hold_manager", groups="sales_team.group_sale_manager"
        )
        cls.clerk = new_test_user(
            cls.env, login="hold_clerk", groups="stock.group_stock_user"
        )
        cls.credit_hold = cls.env["dropship.hold.reason"].create(
            {
                "name": "Credit hold",
                "release_group_ids": [
                    Command.set(cls.env.ref("sales_team.group_sale_manager").ids)
                ],
            }
        )

    def _shared_purchase(self):
        order_1 = self._create_so([(self.product, 5)])
        order_2 = self._create_so([(self.product, 3)])
        rfqs = self._purchase_orders(order_1) | self._purchase_orders(order_2)
        rfqs.action_merge()
        purchase = self._purchase_orders(order_1)
        self.assertEqual(purchase, self._purchase_orders(order_2), "one shared PO")
        purchase.button_confirm()
        return order_1, order_2, purchase

    def test_shared_po_held_by_two_sales_orders(self):
        order_1, order_2, purchase = self._shared_purchase()
        order_1.write({"on_hold": True, "hold_reason": "Credit check"})
        order_2.write({"on_hold": True, "hold_reason": "Address check"})
        self.assertEqual(len(purchase.dropship_hold_ids), 2)
        self.assertEqual(purchase.hold_origin, f"{order_1.name}, {order_2.name}")
        order_1.action_dropship_release()
        self.assertFalse(order_1.on_hold)
        self.assertTrue(purchase.on_hold, "the second sales order still holds it")
        self.assertEqual(purchase.hold_reason, "Address check")
        picking = self._dropship_pickings(purchase)
        self.assertTrue(picking.on_hold)
        with self.assertRaisesRegex(UserError, "Address check"):
            self._receive(picking)
        order_2.action_dropship_release()
        self.assertFalse(purchase.on_hold)
        self.assertFalse(picking.on_hold)
        released = purchase.dropship_hold_ids
        self.assertEqual(set(released.mapped("state")), {"released"})
        self.assertEqual(released.released_by_id, self.env.user)

    def test_sales_order_served_by_two_held_purchase_orders(self):
        self.env.company.dropship_sync_so_qty_policy = "off"
        order, purchase_1 = self._confirmed_pair([(self.product, 5)])
        order.order_line.product_uom_qty = 8
        purchase_2 = self._purchase_orders(order) - purchase_1
        purchase_2.button_confirm()
        purchase_1.write({"on_hold": True, "hold_reason": "Vendor audit"})
        purchase_2.write({"on_hold": True, "hold_reason": "Vendor stock"})
        self.assertEqual(len(order.dropship_hold_ids), 2)
        purchase_1.action_dropship_release()
        self.assertTrue(order.on_hold, "the second purchase order still holds it")
        self.assertEqual(order.hold_reason, "Vendor stock")
        self.assertEqual(order.order_line.dropship_state, "hold")
        purchase_2.action_dropship_release()
        self.assertFalse(order.on_hold)
        self.assertEqual(order.order_line.dropship_state, "ordered")

    def test_release_authority_of_a_hold_code(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.user_id = self.salesman
        order.with_user(self.salesman).write(
            {"on_hold": True, "hold_reason_id": self.credit_hold.id}
        )
        hold = order.dropship_hold_ids
        self.assertRecordValues(
            hold,
            [
                {
                    "hold_reason_id": self.credit_hold.id,
                    "user_id": self.salesman.id,
                    "state": "open",
                    "set_on": order.name,
                }
            ],
        )
        self.assertEqual(purchase.hold_reason, "Credit hold")
        self.assertFalse(order.with_user(self.salesman).dropship_hold_releasable)
        with self.assertRaisesRegex(UserError, "can only be released by"):
            order.with_user(self.salesman).action_dropship_release()
        self.assertTrue(order.on_hold)
        self.assertTrue(purchase.on_hold)
        self.assertEqual(hold.state, "open")
        self.assertTrue(order.with_user(self.sale_manager).dropship_hold_releasable)
        order.with_user(self.sale_manager).action_dropship_release()
        self.assertFalse(order.on_hold)
        self.assertFalse(purchase.on_hold)
        self.assertEqual(hold.released_by_id, self.sale_manager)

    def test_who_can_release_a_hold(self):
        """A user who may not release a hold is told who may, on both
        orders; a user who may is not."""
        purchaser = new_test_user(
            self.env, login="hold_purchaser", groups="purchase.group_purchase_user"
        )
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.user_id = self.salesman
        self.assertFalse(order.with_user(self.salesman).dropship_hold_released_by)
        order.write({"on_hold": True, "hold_reason_id": self.credit_hold.id})
        managers = self.env.ref("sales_team.group_sale_manager")
        released_by = order.with_user(self.salesman).dropship_hold_released_by
        self.assertTrue(released_by.startswith(managers.full_name), released_by)
        self.assertEqual(
            purchase.with_user(purchaser).dropship_hold_released_by,
            released_by,
            "the purchase order held by it names them too",
        )
        self.assertFalse(order.with_user(self.salesman).dropship_hold_releasable)
        self.assertFalse(order.with_user(self.sale_manager).dropship_hold_released_by)
        # Few users: they are named.
        few = self.env["res.groups"].create({"name": "Credit desk"})
        self.credit_hold.release_group_ids = few
        few.users = self.sale_manager
        order.invalidate_recordset(["dropship_hold_released_by"])
        self.assertEqual(
            order.with_user(self.salesman).dropship_hold_released_by,
            f"{few.full_name} ({self.sale_manager.name})",
        )
        # A hold without a code: whoever may edit the order releases it.
        order.with_user(self.sale_manager).action_dropship_release()
        self.assertFalse(purchase.on_hold)
        order.write({"on_hold": True, "hold_reason": "Address check"})
        self.assertFalse(order.with_user(self.salesman).dropship_hold_released_by)
        self.assertTrue(order.with_user(self.salesman).dropship_hold_releasable)

    def test_release_where_no_hold_was_set(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.write({"on_hold": True, "hold_reason": "Credit check"})
        self.assertFalse(purchase.dropship_hold_releasable)
        with self.assertRaisesRegex(
            UserError, f"{purchase.name} is held by a hold set on {order.name}"
        ):
            purchase.write({"on_hold": False})
        self.assertTrue(purchase.on_hold)
        self.assertEqual(purchase.dropship_hold_ids.state, "open")

    def test_warehouse_sees_the_hold(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        _other, other_purchase = self._confirmed_pair([(self.product, 1)])
        order.write({"on_hold": True, "hold_reason": "Credit check"})
        picking = self._dropship_pickings(purchase)
        Picking = self.env["stock.picking"].with_user(self.clerk)
        self.assertEqual(
            Picking.search(
                [
                    ("on_hold", "=", True),
                    (
                        "id",
                        "in",
                        (picking | self._dropship_pickings(other_purchase)).ids,
                    ),
                ]
            ),
            picking,
        )
        held = Picking.browse(picking.id)
        self.assertTrue(held.on_hold)
        self.assertIn("Credit check", held.dropship_hold_reasons)
        self.assertIn(f"Credit check ({order.name})", held.dropship_hold_reasons)
        self.assertNotIn(
            picking,
            Picking.search([("on_hold", "=", False), ("id", "=", picking.id)]),
        )

    def test_migration_of_boolean_holds(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        other, _other_purchase = self._confirmed_pair([(self.product, 1)])
        cr = self.env.cr
        cr.execute(
            "CREATE TABLE dropship_hold_legacy_sale_order "
            "(id int, company_id int, hold_reason varchar, hold_origin varchar)"
        )
        cr.execute(
            "CREATE TABLE dropship_hold_legacy_purchase_order "
            "(id int, company_id int, hold_reason varchar, hold_origin varchar)"
        )
        cr.execute(
            "INSERT INTO dropship_hold_legacy_sale_order VALUES "
            "(%s, %s, 'Credit check', NULL), (%s, %s, 'Quality', NULL)",
            [order.id, order.company_id.id, other.id, other.company_id.id],
        )
        cr.execute(
            "INSERT INTO dropship_hold_legacy_purchase_order VALUES "
            "(%s, %s, 'Credit check', %s)",
            [purchase.id, purchase.company_id.id, order.name],
        )
        self.env["dropship.hold"]._dropship_migrate_legacy()
        self.assertTrue(order.on_hold)
        self.assertEqual(order.dropship_hold_ids.reason, "Credit check")
        self.assertFalse(order.dropship_hold_ids.origin_hold_id)
        self.assertTrue(purchase.on_hold)
        self.assertEqual(
            purchase.dropship_hold_ids.origin_hold_id, order.dropship_hold_ids
        )
        self.assertTrue(other.on_hold)
        cr.execute(SQL("SELECT to_regclass('dropship_hold_legacy_sale_order')"))
        self.assertIsNone(cr.fetchone()[0], "the legacy tables are dropped")
        order.action_dropship_release()
        self.assertFalse(purchase.on_hold, "released with the hold it mirrors")

    def test_new_reason_reaches_the_mirrored_hold(self):
        """Holding a held order again with a new reason (a salesperson, who
        may not write hold records) gives the mirrored hold the new reason."""
        order, purchase = self._confirmed_pair([(self.product, 2)])
        order.user_id = self.salesman
        order.with_user(self.salesman).write(
            {"on_hold": True, "hold_reason": "Credit check"}
        )
        order.with_user(self.salesman).write(
            {"on_hold": True, "hold_reason": "Address check"}
        )
        self.assertEqual(len(order.dropship_hold_ids), 1, "still one hold")
        self.assertEqual(order.hold_reason, "Address check")
        self.assertEqual(len(purchase.dropship_hold_ids), 1)
        self.assertEqual(purchase.hold_reason, "Address check")
        self.assertEqual(
            purchase.dropship_hold_ids.origin_hold_id, order.dropship_hold_ids
        )
