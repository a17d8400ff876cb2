# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import datetime

from markupsafe import Markup

from odoo import api, models
from odoo.tools import float_repr, format_datetime

from .dropship_door import ACTOR, FIXING, fact


class DropshipSyncAudit(models.AbstractModel):
    """Chatter audit of what the synchronization changed on both sides."""

    _name = "dropship.sync.audit"
    _description = "Drop-ship synchronization audit"

    @api.model
    def _dropship_audit(self, changes):
        """Post "what changed, from which document, old -> new" on both sides,
        and record each change in the change log (``dropship.sync.change``).

        Every change is written into the chatter of the document it came from
        and of the document it reached, as one note per document whatever the
        number of lines (batched through ``_message_log_batch``).

        :param changes: iterable of dicts with the keys
            ``source`` (the order or order line that changed),
            ``target`` (the counterpart order or order line),
            ``field`` (name of the changed field of the target, or a label),
            ``old`` and ``new`` (values, records or plain data; selection
            keys are shown with their labels), and optionally ``rule`` and
            ``policy`` for the change log (guessed from the field otherwise),
            and ``origin``: what made the change when it is not the source
            order (a vendor bill; the issue of a running Fix is found alone)
        """
        outgoing = defaultdict(lambda: defaultdict(list))  # source -> target -> items
        incoming = defaultdict(lambda: defaultdict(list))  # target -> source -> items
        log = []
        for change in changes:
            entry = self._dropship_audit_entry(change)
            source_doc, target_doc = entry["source_doc"], entry["target_doc"]
            outgoing[source_doc][target_doc.display_name].append(entry["item"])
            incoming[target_doc][entry["origin"] or source_doc.display_name].append(
                entry["item"]
            )
            log.append(entry["log"])
        bodies = defaultdict(dict)  # model -> {id: body}
        for by_doc, title in (
            (outgoing, self.env._("Mirrored to %(document)s")),
            (incoming, self.env._("Changed by %(document)s")),
        ):
            for doc, others in by_doc.items():
                bodies[doc._name][doc.id] = self._dropship_audit_body(
                    bodies[doc._name].get(doc.id), others, title
                )
        for model, model_bodies in bodies.items():
            # _message_log_batch writes as superuser, without notifications:
            # it records what the synchronization did on a document the user
            # may not be allowed to write to.
            self.env[model].browse(list(model_bodies))._message_log_batch(model_bodies)
        self.env["dropship.sync.change"]._dropship_log(log)

    @api.model
    def _dropship_audit_entry(self, change):
        """The documents, chatter item and change log values of one change."""
        # sudo: the user may only have rights on one side of the pair (a
        # salesperson without purchase rights); reading the names of the
        # counterpart documents for the message needs no more.
        source, target = change["source"].sudo(), change["target"].sudo()
        source_doc = self._dropship_document(source)
        target_doc = self._dropship_document(target)
        line = source if source != source_doc else target
        label, old_value, new_value = change["field"], change["old"], change["new"]
        field = target._fields.get(label)
        if field:
            label = field._description_string(self.env)
            if field.type != "boolean":
                old_value = None if old_value is False else old_value
                new_value = None if new_value is False else new_value
            if field.type == "selection":
                labels = dict(field._description_selection(self.env))
                old_value = labels.get(old_value, old_value)
                new_value = labels.get(new_value, new_value)
        item = self._dropship_audit_item(
            line if line != self._dropship_document(line) else False,
            label,
            old_value,
            new_value,
        )
        origin = self._dropship_origin(change, source, target)
        return {
            "source_doc": source_doc,
            "target_doc": target_doc,
            "item": item,
            "origin": origin,
            "log": dict(
                change,
                source=source,
                target=target,
                label=label,
                old_text=self._dropship_format(old_value),
                new_text=self._dropship_format(new_value),
                origin_label=origin,
            ),
        }

    @api.model
    def _dropship_origin(self, change, source, target):
        """The name of what made ``change`` when it is not the order it
        came from: the vendor bill of a cost (``origin``), the integrity
        issue of a running Fix. None otherwise."""
        origin = change.get("origin")
        if not origin:
            fixing = fact(self.env, FIXING)
            origin = fixing and fixing._dropship_issue_of(source, target)
        # sudo: only the name of the bill or of the issue is read.
        return origin.sudo()._dropship_origin_name() if origin else None

    @api.model
    def _dropship_document(self, record):
        return record.order_id if record._name.endswith(".line") else record

    @api.model
    def _dropship_audit_item(self, line, label, old, new):
        text = self.env._(
            "%(field)s: %(old)s → %(new)s",
            field=label,
            old=self._dropship_format(old),
            new=self._dropship_format(new),
        )
        if line:
            text = f"{line.product_id.display_name or line.name}: {text}"
        return text

    @api.model
    def _dropship_audit_body(self, previous, by_document, title):
        body = previous or Markup()
        origin = self.env._("drop-ship sync")
        actor = fact(self.env, ACTOR)
        if actor and actor.channel in ("portal", "document"):
            # sudo: the name of the vendor's portal user who made the change.
            origin = self.env._(
                "drop-ship sync, %(origin)s: %(user)s",
                origin=self.env["dropship.portal"]._origin(),
                user=self.env["res.users"].sudo().browse(actor.user_id).name,
            )
        for document, items in by_document.items():
            body += Markup("<p><b>%s</b> (%s)</p><ul>%s</ul>") % (
                title % {"document": document},
                origin,
                Markup().join(Markup("<li>%s</li>") % item for item in items),
            )
        return body

    @api.model
    def _dropship_format(self, value):
        if isinstance(value, models.BaseModel):
            return ", ".join(value.mapped("display_name")) or "-"
        if isinstance(value, bool):
            return self.env._("Yes") if value else self.env._("No")
        if isinstance(value, datetime):
            # A note is written once and read by users of other time zones:
            # it names the zone it was written in.
            tz = self.env.context.get("tz") or self.env.user.tz or "UTC"
            return f"{format_datetime(self.env, value, tz=tz)} ({tz})"
        if isinstance(value, float):
            return float_repr(value, 6).rstrip("0").rstrip(".")
        if value is None:
            return "-"
        return str(value)

    @api.model
    def _dropship_activity(
        self,
        records,
        note,
        summary=None,
        activity_type="mail.mail_activity_data_warning",
    ):
        """Schedule an exception activity with ``note`` on each order of
        ``records`` for its responsible (salesperson or purchaser).

        With a ``summary``, an open activity of the same summary is updated
        instead, so that one situation (e.g. a date slip) gives one activity
        however many writes report it.
        """
        activity_type_id = self.env.ref(activity_type)
        for record in records:
            # sudo: the activity lands on a document of the other side of
            # the pair, which the current user may not be allowed to write.
            record = record.sudo()
            if summary:
                existing = record.activity_ids.filtered(
                    lambda a: (
                        a.activity_type_id == activity_type_id and a.summary == summary
                    )
                )
                if existing:
                    existing[:1].note = note
                    continue
            record.activity_schedule(
                activity_type,
                summary=summary,
                note=note,
                user_id=record.user_id.id or self.env.uid,
            )
