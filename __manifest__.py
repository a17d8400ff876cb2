# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Drop-Ship Order Sync",
    "summary": "Keep drop-ship sales orders and their purchase orders in sync",
    "version": "18.0.1.1.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sale-purchase-dropship-sync/sale_purchase_dropship_sync",
    "author": "Drop-Ship Order Sync contributors",
    "maintainers": ["dropship-sync"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "application": False,
    "installable": True,
    "depends": [
        "sale_purchase_stock",
        "stock_dropshipping",
        "sale_margin",
        "portal",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/dropship_integrity_security.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "security/dropship_sync_security.xml",
        "views/dropship_hold_reason_views.xml",
        "views/dropship_sync_change_views.xml",
        "views/dropship_integrity_views.xml",
        "views/res_config_settings_views.xml",
        "views/purchase_order_views.xml",
        "views/sale_order_line_views.xml",
        "views/sale_order_views.xml",
        "views/stock_picking_views.xml",
        "wizards/dropship_hold_wizard_views.xml",
        "wizards/dropship_reversal_warning_views.xml",
        "wizards/dropship_integrity_fix_views.xml",
        "views/portal_templates.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sale_purchase_dropship_sync/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/dropship_sync_demo.xml",
    ],
}
