# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The rules, each defined once.

Every table the add-on needs about its rules (the selection of the change
log, the company setting of each rule, the rules a salesperson can approve,
the sales line fields a receipt changes) is derived from ``RULES``. A new
rule is one line here, its setting on ``res.company`` and its family.
"""

from typing import NamedTuple


class Rule(NamedTuple):
    """One synchronization rule.

    :ivar code: stored in the change log (``dropship.sync.change.rule``)
    :ivar label: how the change log names it
    :ivar family: the rule family (model) that applies it; for an
        approvable rule, the one that applies an approved change
    :ivar setting: the ``res.company`` field that holds its policy (a
        selection, or a checkbox: checked is *mirror*); None: always applies
    :ivar default: the policy of a new company
    :ivar approvable: a change under this rule can wait for the
        salesperson's approval (policy *approve*)
    :ivar kinds: the integrity issue kinds that a pending change of this
        rule explains
    :ivar vendor_field: the purchase line field the vendor changes under
        this rule (its changes are bounded, see ``dropship.command``)
    :ivar sale_field: the sales line field that a receipt changes under
        this rule
    """

    code: str
    label: str
    family: str | None = None
    setting: str | None = None
    default: str = "mirror"
    approvable: bool = False
    kinds: tuple = ()
    vendor_field: str | None = None
    sale_field: str | None = None


RULES = (
    Rule("so_hold", "Sales order hold", "dropship.rule.hold", "dropship_sync_so_hold"),
    Rule(
        "po_hold", "Purchase order hold", "dropship.rule.hold", "dropship_sync_po_hold"
    ),
    Rule(
        "so_cancel",
        "Sales order cancellation",
        "dropship.rule.cancel",
        "dropship_sync_so_cancel_policy",
    ),
    Rule(
        "so_line_cancel",
        "Sales line cancellation",
        "dropship.rule.cancel",
        "dropship_sync_so_line_cancel_policy",
    ),
    Rule(
        "po_cancel",
        "Purchase cancellation",
        "dropship.rule.quantity",
        "dropship_sync_po_cancel_policy",
        approvable=True,
        kinds=("qty", "cancel"),
        vendor_field="product_qty",
    ),
    Rule("lock", "Lock / unlock", "dropship.rule.lock", "dropship_sync_lock_policy"),
    Rule(
        "receipt",
        "Drop-ship receipt",
        "dropship.rule.receipt",
        sale_field="dropship_state",
    ),
    Rule("tracking", "Vendor tracking", "dropship.rule.receipt"),
    Rule(
        "receipt_cost",
        "Receipt cost",
        "dropship.rule.price_cost",
        "dropship_sync_receipt_cost",
        sale_field="purchase_price",
    ),
    Rule(
        "lots",
        "Lots and serial numbers",
        "dropship.rule.lots",
        "dropship_sync_lot_record",
        sale_field="lot_ids",
    ),
    Rule("lot_split", "Split per lot", "dropship.lot.split", "dropship_sync_lot_split"),
    Rule("reversal", "Lot reversal", "dropship.rule.lots"),
    Rule(
        "receipt_date",
        "Receipt date",
        "dropship.rule.date",
        "dropship_sync_receipt_date",
        sale_field="actual_ship_date",
    ),
    Rule(
        "po_date",
        "Supplier date change",
        "dropship.rule.date",
        "dropship_sync_po_date_policy",
        approvable=True,
        vendor_field="date_planned",
    ),
    Rule(
        "so_qty",
        "Sales quantity change",
        "dropship.rule.quantity",
        "dropship_sync_so_qty_policy",
    ),
    Rule(
        "po_qty",
        "Supplier quantity change",
        "dropship.rule.quantity",
        "dropship_sync_po_qty_policy",
        approvable=True,
        kinds=("qty", "cancel"),
        vendor_field="product_qty",
    ),
    Rule(
        "po_price",
        "Supplier price change",
        "dropship.rule.price_cost",
        "dropship_sync_po_price_policy",
        approvable=True,
        kinds=("cost",),
        vendor_field="price_unit",
    ),
    Rule(
        "bill_cost",
        "Vendor bill cost",
        "dropship.rule.bill",
        "dropship_sync_bill_cost_policy",
        approvable=True,
        kinds=("cost",),
    ),
    Rule("integrity", "Integrity fix", "dropship.integrity.issue"),
)

REGISTRY = {rule.code: rule for rule in RULES}

# The tables derived from the rules.
RULE_SELECTION = [(rule.code, rule.label) for rule in RULES]
RULE_SETTING = {rule.code: rule.setting for rule in RULES if rule.setting}
APPROVAL_RULES = {
    rule.code: (rule.family, rule.kinds) for rule in RULES if rule.approvable
}
RECEIPT_RULES = {rule.sale_field: rule.code for rule in RULES if rule.sale_field}


def default_policy(code):
    """The policy of a new company for the rule ``code``."""
    return REGISTRY[code].default
