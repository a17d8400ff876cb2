/* Copyright 2026 Drop-Ship Order Sync contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

// On a sales order invoiced above what its vendor ships: the banner names
// the cause, the line and the amount, and its next step drafts the credit
// note.
registry.category("web_tour.tours").add("dropship_sync_over_invoiced_tour", {
    steps: () => [
        {
            content: "The banner names the cause and the next step",
            trigger:
                ".o_form_view .alert-warning:contains('Invoiced above what ships'):contains('Next step')",
        },
        {
            content: "It names the line and how much was invoiced too much",
            trigger:
                ".o_form_view .alert-warning:contains('Tour Grinder'):contains('invoiced 5 Units, the vendor ships 3 Units: 2 Units')",
        },
        {
            content: "The order is not said to differ from its purchase order",
            trigger: ".o_form_view:not(:has(.alert-warning:contains('Out of sync')))",
        },
        {
            content: "Credit the customer",
            trigger:
                ".o_form_view .alert-warning button[name='action_dropship_credit_over_invoiced']",
            run: "click",
        },
        {
            content: "The confirmation names the credit note it drafts",
            trigger: ".modal:contains('a draft credit note for 2 Units')",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "A message confirms what the Fix did",
            trigger: ".o_notification:contains('Fixed: 1 issue(s)')",
        },
        {
            content: "The banner is gone",
            trigger:
                ".o_form_view:not(:has(.alert-warning:contains('Invoiced above what ships')))",
        },
    ],
});
