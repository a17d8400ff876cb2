/* Copyright 2026 Drop-Ship Order Sync contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");

// On the form of a confirmed drop-ship sales order with a pending supplier
// change: hold and release the order, then approve the supplier change.
tours.add("dropship_sync_order_tour", {
    steps: () => [
        {
            content: "Put the sales order on hold",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name='action_dropship_hold']",
            run: "click",
        },
        {
            content: "Give the reason of the hold",
            trigger: ".modal .o_field_widget[name='reason'] input",
            run: "edit Customer credit check",
        },
        {
            content: "Confirm the hold",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The hold banner names the reason",
            trigger: ".o_form_view .alert-warning:contains('Customer credit check')",
        },
        {
            content: "Release the hold",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name='action_dropship_release']",
            run: "click",
        },
        {
            content: "The order can be held again: it was released",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name='action_dropship_hold']",
        },
        {
            content: "The pending supplier change is announced",
            trigger: ".o_form_view .alert-info:contains('Supplier changes to review')",
        },
        {
            content: "Open the supplier changes tab",
            trigger: ".o_notebook .nav-link:contains('Supplier Changes')",
            run: "click",
        },
        {
            content: "Approve the supplier change",
            trigger:
                ".o_field_widget[name='dropship_pending_change_ids'] button[name='action_approve']",
            run: "click",
        },
        {
            content: "The sales line follows the vendor's quantity",
            trigger:
                ".o_field_widget[name='order_line'] td[name='product_uom_qty']:contains('7.00')",
        },
        {
            content: "Nothing is left to review",
            trigger:
                ".o_form_view:not(:has(.alert-info:contains('Supplier changes to review')))",
        },
    ],
});

// On a drop-ship return of a received serial number: validate it and
// confirm the reversal warning.
tours.add("dropship_sync_reversal_tour", {
    steps: () => [
        {
            content: "Validate the return",
            trigger: ".o_form_view .o_statusbar_buttons button[name='button_validate']",
            run: "click",
        },
        {
            content: "The warning names the sales order and the serial number",
            trigger: ".modal:contains('TOUR-SN1'):contains('Tour Customer')",
        },
        {
            content: "Confirm the reversal",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The return is done",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
    ],
});

// On a sales order whose received serial number was reversed: the banner
// says what to do next, and the replacement button does it.
tours.add("dropship_sync_reversal_next_step_tour", {
    steps: () => [
        {
            content: "The reversal banner says the next step",
            trigger:
                ".o_form_view .alert-danger:contains('Next step'):contains('TOUR-SN1')",
        },
        {
            content: "Have the vendor ship a replacement",
            trigger:
                ".o_form_view .alert-danger button[name='action_dropship_replacement']",
            run: "click",
        },
        {
            content: "The reversal is handled: the banner is gone",
            trigger: ".o_form_view:not(:has(.alert-danger:contains('Next step')))",
        },
    ],
});

// On a sales order out of sync with its purchase order: the banner links to
// what differs.
tours.add("dropship_sync_out_of_sync_tour", {
    steps: () => [
        {
            content: "The out-of-sync line is highlighted",
            trigger: ".o_field_widget[name='order_line'] tr.text-warning",
        },
        {
            content: "Open what differs from the banner",
            trigger:
                ".o_form_view .alert-warning:contains('Out of sync') button[name='action_dropship_issues']",
            run: "click",
        },
        {
            content: "The integrity issue of the pair is listed",
            trigger: ".o_list_view .o_data_row:contains('Quantities differ')",
        },
    ],
});

// In the transfers list: the drop-ship transfer of a held order stands out,
// the On Hold filter finds it and its form says why it waits.
tours.add("dropship_sync_held_transfer_tour", {
    steps: () => [
        {
            content: "The held transfer is highlighted with its hold",
            trigger:
                ".o_list_view tr.o_data_row.text-warning:contains('Tour credit check')",
        },
        {
            content: "Open the filters",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Keep the transfers on hold",
            trigger: ".o_filter_menu .o_menu_item:contains('On Hold')",
            run: "click",
        },
        {
            content: "Open the held transfer",
            trigger:
                ".o_list_view .o_data_row:contains('Tour credit check') td.o_data_cell",
            run: "click",
        },
        {
            content: "The transfer says why it cannot be validated",
            trigger:
                ".o_form_view .alert-warning:contains('On hold'):contains('Tour credit check')",
        },
    ],
});
