# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Numbers typed on the portal or sent over RPC, checked before any rule
computes with them.

Odoo's Float fields convert what they receive with ``float()`` only when the
value is written, after the add-on has already compared and rounded it: a
string, ``nan``, ``inf`` or a huge number would fail there with a server
error instead of a message.
"""

import math

from odoo.exceptions import UserError
from odoo.tools.misc import formatLang

# Quantities and prices beyond this are typing errors, not orders; it keeps
# products of a quantity and a price far from the limits of a float.
MAX_AMOUNT = 1e12
# A vendor ships or proposes at most this many units on one line of the portal.
MAX_VENDOR_QTY = 1e9
# A value longer than this is cut in messages (a pasted 400-digit number).
SHOWN_LENGTH = 40


def in_range(value, minimum, maximum):
    """Whether ``value`` is already an int or float from ``minimum`` to
    ``maximum`` (so that ``to_float`` has nothing to check); false for
    ``nan``, which compares false with everything."""
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and minimum <= value <= maximum
    )


def to_float(env, value, label, minimum=None, maximum=None):
    """``value`` as a finite float from ``minimum`` to ``maximum`` (each
    optional), converted as a Float field converts it (``False`` and ``None``
    are 0, a numeric string is its number), or a ``UserError`` naming
    ``label`` and the value.
    """
    if value is None or value is False:
        return 0.0
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError, OverflowError):
        number = math.nan
    if not math.isfinite(number):
        raise UserError(
            env._(
                "%(field)s: %(value)s is not a number.",
                field=label,
                value=_shown(value),
            )
        )
    low = minimum if minimum is not None else -math.inf
    high = maximum if maximum is not None else math.inf
    if low <= number <= high:
        return number
    bounds = {
        "field": label,
        "value": _shown(value),
        "minimum": _bound(env, minimum),
        "maximum": _bound(env, maximum),
    }
    if number < 0 <= low:
        message = env._("%(field)s: %(value)s cannot be negative.", **bounds)
    else:
        message = env._("%(field)s: %(value)s is out of range.", **bounds)
    if minimum is not None and maximum is not None:
        hint = env._("Enter a number from %(minimum)s to %(maximum)s.", **bounds)
    elif maximum is not None:
        hint = env._("Enter a number up to %(maximum)s.", **bounds)
    else:
        hint = env._("Enter a number of at least %(minimum)s.", **bounds)
    raise UserError(env._("%(message)s %(hint)s", message=message, hint=hint))


def _shown(value):
    text = str(value).strip()
    if len(text) > SHOWN_LENGTH:
        text = f"{text[: SHOWN_LENGTH - 1]}…"
    return text


def _bound(env, bound):
    if bound is None:
        return ""
    # The bounds are whole numbers: no decimals in the message.
    return formatLang(env, bound, digits=0 if float(bound).is_integer() else 2)
