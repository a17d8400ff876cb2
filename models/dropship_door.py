# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the synchronization knows about the transaction it runs in.

"Do not mirror this write back", "the vendor acting is X, with this note",
"the reversal was confirmed", "the split per lot is under way", "the
validation holds the pair lock", "Odoo's procurement is updating the RFQ":
each is a fact of the current transaction, set by the add-on's own code
around the call it concerns and gone when that call returns.

None of them is a context key. Over JSON-RPC a caller sends any context it
likes; a context key that switched a rule off or named the actor would be
the caller's to set. The state below lives with the database cursor of the
transaction (every environment of a request shares it) and can only be set
from Python code running in the server, through ``scope``.
"""

import weakref
from contextlib import contextmanager

# {cursor: {name: value}}; an entry goes with its cursor.
_STATE = weakref.WeakKeyDictionary()
_UNSET = object()

# The names of the facts (keys of the state).
MIRRORING = "mirroring"  # the synchronization writes: no mirror back
PROCUREMENT = "procurement"  # Odoo's Buy rule updates an RFQ after a sale
SPLIT = "split"  # the split per lot or serial number is under way
VALIDATING = "validating"  # a validation holds the pairs of its transfer
REVERSAL_CONFIRMED = "reversal_confirmed"  # the reversal warning was confirmed
ACTOR = "actor"  # who acts for the change log: an ``Actor``
SCANNING = "scanning"  # the scheduled integrity check commits by chunks
KEPT_MOVES = "kept_moves"  # ids of moves an order's cancellation must not cancel
VENDOR_DOCUMENT = "vendor_document"  # id of the vendor's document applied
FIXING = "fixing"  # the integrity issues whose Fix is under way


class Actor:
    """Who makes a change that the back office does not see being made: a
    vendor on the portal or through a document, the scheduled check.

    :ivar user_id: the user recorded as the author (the portal user)
    :ivar channel: how the change arrived (``portal``, ``document``)
    :ivar note: the vendor's reason, if any
    """

    __slots__ = ("channel", "note", "user_id")

    def __init__(self, user_id, channel, note=False):
        self.user_id = user_id
        self.channel = channel
        self.note = note

    def with_note(self, note):
        return Actor(self.user_id, self.channel, note or self.note)


def _state(env):
    return _STATE.setdefault(env.cr, {})


def fact(env, name, default=None):
    """The value of the fact ``name`` in the transaction of ``env``."""
    state = _STATE.get(env.cr)
    if not state:
        return default
    return state.get(name, default)


def mirroring(env):
    """Whether the synchronization itself is writing (no mirror back)."""
    return bool(fact(env, MIRRORING))


@contextmanager
def scope(env, **facts):
    """Set ``facts`` for the code run inside the ``with`` block, in the
    transaction of ``env``; the values they had come back afterwards."""
    state = _state(env)
    saved = {name: state.get(name, _UNSET) for name in facts}
    state.update(facts)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is _UNSET:
                state.pop(name, None)
            else:
                state[name] = value


def as_mirror(env):
    """The synchronization writes the other side: no mirror back."""
    return scope(env, **{MIRRORING: True})
