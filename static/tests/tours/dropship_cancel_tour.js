/* Copyright 2026 Drop-Ship Order Sync contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");

// On a confirmed drop-ship sales order: the cancel dialog says that its
// purchase order is cancelled with it, not Odoo's "not cancelled
// automatically".
tours.add("dropship_sync_sale_cancel_tour", {
    steps: () => [
        {
            content: "Cancel the sales order",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_cancel']",
            run: "click",
        },
        {
            content: "The dialog names the purchase order cancelled with it",
            trigger:
                ".modal #dropship_cancel_message:contains('are cancelled with it, with their drop-ship transfers')",
        },
        {
            content: "Odoo's warning that purchase orders stay is not shown",
            trigger:
                ".modal:not(:has(#display_purchase_orders_alert)):contains('Drop-ship purchase orders')",
        },
        {
            content: "Confirm the cancellation",
            trigger: ".modal button[name='action_cancel']",
            run: "click",
        },
        {
            content: "The sales order is cancelled",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Cancelled')",
        },
    ],
});

// On a confirmed drop-ship purchase order: Cancel asks first, naming the
// sales order that is cancelled with it.
tours.add("dropship_sync_purchase_cancel_tour", {
    steps: () => [
        {
            content: "Cancel the purchase order",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name='action_dropship_cancel']",
            run: "click",
        },
        {
            content: "The confirmation names the sales order cancelled with it",
            trigger: ".modal:contains('are cancelled: nothing is left on them')",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The purchase order is cancelled",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Cancelled')",
        },
    ],
});
