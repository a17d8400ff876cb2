# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install", "is_query_count")
class TestBatch(DropshipCommon):
    """Mirroring is batched: the queries of an action do not grow with the
    number of lines (beyond what core does for the same action)."""

    def _queries(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.cr.sql_log_count - start

    def _big_pair(self, lines):
        return self._confirmed_pair([(self.product, 1 + i % 3) for i in range(lines)])

    def test_hold_and_release_query_count_does_not_grow(self):
        warm_order, _warm_purchase = self._big_pair(3)
        warm_order.write({"on_hold": True, "hold_reason": "warm-up"})
        warm_order.write({"on_hold": False})
        small, _small_po = self._big_pair(20)
        big, big_po = self._big_pair(200)
        hold = self._queries(
            lambda: small.write({"on_hold": True, "hold_reason": "Credit check"})
        )
        release = self._queries(lambda: small.write({"on_hold": False}))
        self.env.invalidate_all()
        with self.assertQueryCount(hold):
            big.write({"on_hold": True, "hold_reason": "Credit check"})
        self.env.invalidate_all()
        with self.assertQueryCount(release):
            big.write({"on_hold": False})
        self.assertFalse(big_po.on_hold)
        self.assertEqual(set(big.order_line.mapped("dropship_state")), {"ordered"})

    def test_cancel_query_growth_is_core_growth(self):
        counts = {}
        for policy in ("off", "mirror"):
            self.env.company.dropship_sync_so_cancel_policy = policy
            self.env.company.dropship_sync_po_cancel_policy = policy
            for size in (20, 200):
                order, purchase = self._big_pair(size)

                def cancel(order=order, purchase=purchase, policy=policy):
                    if policy == "off":
                        # The same result by hand in core: cancel the PO
                        # (and its drop-ship moves), then the SO.
                        purchase.button_cancel()
                    order.with_context(disable_cancel_warning=True).action_cancel()

                counts[policy, size] = self._queries(cancel)
                self.assertEqual(purchase.state, "cancel")
        core_growth = counts["off", 200] - counts["off", 20]
        our_growth = counts["mirror", 200] - counts["mirror", 20]
        self.assertLessEqual(our_growth, core_growth, counts)
