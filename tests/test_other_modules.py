# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo_test_helper import FakeModelLoader

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestOtherModules(DropshipCommon):
    """Another module that acts on the drop-ship transfer itself (a
    supplier's rejection cancels the vendor's moves, a despatch advice
    validates the transfer and answers the backorder wizard) reaches the
    rules as the add-on's own entry points do; the add-on's own
    cancellations are not translated a second time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        # Restored even when the set-up fails after this point.
        cls.addClassCleanup(cls.loader.restore_registry)
        # Imported after the backup: importing it registers the model.
        from .models_other_module import DropshipTestSupplierRejection

        cls.loader.update_registry((DropshipTestSupplierRejection,))
        cls.other_module = cls.env["dropship.test.supplier.rejection"]

    def _changes(self, order):
        """The change log records of the sales order ``order``, oldest first."""
        return self.env["dropship.sync.change"].search(
            [("sale_order_id", "=", order.id)], order="id"
        )

    # A supplier's rejection on the moves

    def test_rejection_of_whole_transfer(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        self.other_module.reject(picking.move_ids)
        self.assertEqual(picking.state, "cancel")
        self.assertEqual(purchase.state, "cancel", "a PO left with nothing")
        line = order.order_line
        self.assertEqual(line.product_uom_qty, 0)
        self.assertEqual(line.dropship_state, "cancel")
        self.assertEqual(order.state, "cancel", "rule 2c: nothing left on the SO")
        changes = self._changes(order)
        self.assertEqual(set(changes.mapped("rule")), {"po_cancel"})
        self.assertEqual(
            changes.mapped("field_name"), ["product_uom_qty", "state"], "once each"
        )
        self.assertEqual(changes[0].purchase_order_id, purchase)
        self.assertIn(f"Changed by {purchase.name}", self._sync_notes(order)[0])

    def test_rejection_of_one_line(self):
        order, purchase = self._confirmed_pair(
            [(self.product, 5), (self.product_standard, 2)]
        )
        picking = self._dropship_pickings(purchase)
        move = picking.move_ids.filtered(lambda m: m.product_id == self.product)
        pol = move.purchase_line_id
        self.other_module.reject(move)
        self.assertEqual(move.state, "cancel")
        self.assertEqual(pol.product_qty, 0)
        self.assertEqual(pol.sale_line_id.product_uom_qty, 0)
        self.assertEqual(pol.sale_line_id.dropship_state, "cancel")
        other_pol = purchase.order_line - pol
        self.assertEqual(other_pol.product_qty, 2, "the other pair is untouched")
        self.assertEqual(other_pol.sale_line_id.product_uom_qty, 2)
        self.assertEqual(other_pol.sale_line_id.dropship_state, "ordered")
        self.assertEqual((picking.move_ids - move).state, "assigned")
        self.assertEqual(purchase.state, "purchase")
        self.assertEqual(order.state, "sale")
        change = self._changes(order)
        self.assertRecordValues(
            change,
            [
                {
                    "rule": "po_cancel",
                    "sale_line_id": pol.sale_line_id.id,
                    "purchase_line_id": pol.id,
                    "field_name": "product_uom_qty",
                }
            ],
        )

    def test_rejection_after_partial_receipt(self):
        """The rest of a partial receipt is rejected: both lines keep what
        the customer received."""
        order, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        self._receive(picking, {picking.move_ids: 2})
        backorder = self._dropship_pickings(purchase)
        self.other_module.reject(backorder.move_ids)
        pol, line = purchase.order_line, order.order_line
        self.assertEqual(pol.product_qty, 2)
        self.assertEqual(pol.qty_received, 2)
        self.assertEqual(purchase.state, "purchase")
        self.assertEqual(line.product_uom_qty, 2)
        self.assertEqual(line.qty_delivered, 2)
        self.assertEqual(line.dropship_state, "shipped")
        self.assertEqual(order.state, "sale")
        self.assertEqual(
            self._changes(order).filtered(lambda c: c.rule == "po_qty").new_value,
            "2",
        )

    def test_transfer_cancelled_by_hand(self):
        """A clerk cancelling the vendor's transfer is a rejection too."""
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self._dropship_pickings(purchase).action_cancel()
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(order.state, "cancel")

    def test_rejection_notify_policy(self):
        """Policy notify: the purchase side follows its moves, the
        salesperson is told."""
        self.env.company.dropship_sync_po_cancel_policy = "notify"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        self.other_module.reject(self._dropship_pickings(purchase).move_ids)
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertTrue(self._warning_activities(order), "the salesperson is told")

    def test_rejection_refused_when_sales_order_locked(self):
        """A rejection the sales side cannot follow is refused: nothing is
        cancelled."""
        self.env.company.dropship_sync_lock_policy = "off"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.action_lock()
        picking = self._dropship_pickings(purchase)
        with (
            self.assertRaisesRegex(UserError, f"{order.name} is locked"),
            self.env.cr.savepoint(),
        ):
            self.other_module.reject(picking.move_ids)
        self.assertEqual(picking.move_ids.state, "assigned")
        self.assertEqual(purchase.state, "purchase")
        self.assertEqual(purchase.order_line.product_qty, 5)
        self.assertEqual(order.order_line.product_uom_qty, 5)

    # Validation through the backorder wizard

    def test_validation_with_backorder(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        picking.move_ids.quantity = 3
        picking.move_ids.picked = True
        self.other_module.validate(picking)
        self.assertEqual(picking.state, "done")
        backorder = self._dropship_pickings(purchase)
        self.assertEqual(backorder.backorder_id, picking)
        self.assertEqual(backorder.move_ids.product_uom_qty, 2)
        line = order.order_line
        self.assertEqual(line.qty_delivered, 3)
        self.assertEqual(line.dropship_state, "partial")
        self.assertEqual(line.product_uom_qty, 5)
        self.assertEqual(purchase.order_line.qty_received, 3)
        self.assertEqual(purchase.order_line.product_qty, 5)
        self.assertRecordValues(
            self._changes(order).filtered(lambda c: c.field_name == "dropship_state"),
            [{"rule": "receipt", "new_value": "Partially Shipped"}],
        )
        self.other_module.validate(backorder)
        self.assertEqual(line.qty_delivered, 5)
        self.assertEqual(line.dropship_state, "shipped")

    def test_validation_without_backorder(self):
        """Without backorder: the lines received follow (rule 4), the line
        not picked at all stays as it is, like the rest of a partial
        receipt."""
        order, purchase = self._confirmed_pair(
            [(self.product, 5), (self.product_standard, 2)]
        )
        picking = self._dropship_pickings(purchase)
        move = picking.move_ids.filtered(lambda m: m.product_id == self.product)
        move.quantity = 5
        move.picked = True
        self.other_module.validate(picking, backorder=False)
        self.assertEqual(picking.state, "done")
        self.assertFalse(self._dropship_pickings(purchase), "no backorder")
        self.assertEqual((picking.move_ids - move).state, "cancel")
        line = move.sale_line_id
        self.assertEqual(line.qty_delivered, 5)
        self.assertEqual(line.dropship_state, "shipped")
        other_line = order.order_line - line
        self.assertEqual(other_line.product_uom_qty, 2)
        self.assertEqual(other_line.dropship_state, "ordered")
        self.assertEqual(
            purchase.order_line.mapped("product_qty"), [5, 2], "nothing translated"
        )
        self.assertEqual(purchase.state, "purchase")
        self.assertFalse(
            self._changes(order).filtered(lambda c: c.rule.startswith("po_"))
        )

    # The add-on's own cancellations are not translated again

    def test_own_sale_cancel(self):
        order, purchase = self._confirmed_pair(
            [(self.product, 5), (self.product_standard, 2)]
        )
        order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(
            purchase.order_line.mapped("product_qty"),
            [5, 2],
            "a cancelled PO keeps its quantities, as in core",
        )
        self.assertRecordValues(
            self._changes(order),
            [{"rule": "so_cancel", "field_name": "state", "new_value": "Cancelled"}],
        )

    def test_own_sale_cancel_policy_notify(self):
        """Core cancels the drop-ship transfer of a cancelled sales order;
        under policy notify the purchase order stays as core leaves it."""
        self.env.company.dropship_sync_so_cancel_policy = "notify"
        order, purchase = self._confirmed_pair([(self.product, 5)])
        picking = self._dropship_pickings(purchase)
        order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(picking.state, "cancel")
        self.assertEqual(purchase.state, "purchase")
        self.assertEqual(purchase.order_line.product_qty, 5)
        self.assertFalse(
            self._changes(order).filtered(lambda c: c.rule.startswith("po_"))
        )

    def test_own_sale_cancel_shared_transfer(self):
        """Core cancels the whole transfer of a purchase order shared by two
        sales orders (merged RFQs) with the sales order it was created for:
        that is the cancellation of this sales order, not a rejection of the
        other order's goods."""
        order_1 = self._create_so([(self.product, 5)])
        order_2 = self._create_so([(self.product, 3)])
        (self._purchase_orders(order_1) | self._purchase_orders(order_2)).action_merge()
        shared = self._purchase_orders(order_2).filtered(
            lambda po: po.state != "cancel"
        )
        shared.button_confirm()
        order_1.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(shared.state, "purchase")
        self.assertEqual(order_2.state, "sale")
        self.assertEqual(order_2.order_line.product_uom_qty, 3)
        self.assertEqual(order_2.order_line.purchase_line_ids.product_qty, 3)
        self.assertFalse(self._changes(order_2))

    def test_own_purchase_cancel(self):
        order, purchase = self._confirmed_pair(
            [(self.product, 5), (self.product_standard, 2)]
        )
        purchase.button_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(purchase.order_line.mapped("product_qty"), [5, 2])
        changes = self._changes(order)
        self.assertEqual(set(changes.mapped("rule")), {"po_cancel"})
        self.assertEqual(
            changes.mapped("field_name"),
            ["product_uom_qty", "product_uom_qty", "state"],
        )

    def test_own_purchase_line_to_zero(self):
        """Core cancels the move of a purchase line set to zero: the
        supplier change is mirrored once."""
        order, purchase = self._confirmed_pair(
            [(self.product, 5), (self.product_standard, 2)]
        )
        pol = purchase.order_line.filtered(lambda p: p.product_id == self.product)
        move = pol.move_ids
        pol.product_qty = 0
        self.assertEqual(move.state, "cancel")
        self.assertEqual(pol.sale_line_id.product_uom_qty, 0)
        self.assertRecordValues(
            self._changes(order),
            [{"rule": "po_cancel", "field_name": "product_uom_qty"}],
        )
