# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Commitment periods and early-termination penalties.

Plain Python, no Odoo. Dates are ``datetime.date`` values or ISO strings
(``'2024-02-29'``, the form Odoo 11 stores); money is returned unrounded:
the caller rounds it with the currency (``currency.round``).

Commitment period
    A commitment of N months that starts on ``date_start`` runs up to, but not
    including, ``commitment_end(date_start, N)``: the same day N months later,
    or the last day of that month when it is shorter (31 January + 1 month =
    29 February in a leap year, 28 February otherwise). Terminating on the end
    date or later costs nothing.

Penalty rules (``PENALTY_TYPES``)
    ``none``   no penalty.
    ``fixed``  the full amount, whenever the contract ends inside the
               commitment.
    ``linear`` the amount times the part of the commitment still to run,
               counted in DAYS: ``amount * (end - termination) / (end -
               start)``. Days, not months, because a termination in the middle
               of a month must cost less than one at its beginning, and
               because months have different lengths (a month-based rule
               would charge the same for 1 and for 30 February). Terminating
               on the start date (or before it) costs the full amount.
"""

from .dates import add_months, to_date

PENALTY_NONE = 'none'
PENALTY_FIXED = 'fixed'
PENALTY_LINEAR = 'linear'

# (code, label) — the order is the order of the selection in Odoo
PENALTY_TYPES = [
    (PENALTY_NONE, 'No penalty'),
    (PENALTY_FIXED, 'Fixed amount'),
    (PENALTY_LINEAR, 'Linear over the remaining commitment'),
]


def commitment_end(date_start, months):
    """First day free of commitment: ``date_start`` + ``months`` months.
    Without a start date or with no months there is no commitment: None."""
    if not date_start or not months or months <= 0:
        return None
    return add_months(date_start, months)


def early_termination_penalty(penalty_type, amount, date_start, months,
                              date_termination):
    """Penalty owed when a contract that started on ``date_start`` with a
    commitment of ``months`` months ends on ``date_termination``.

    Returns a float (0.0 when nothing is owed), not rounded."""
    if penalty_type not in dict(PENALTY_TYPES):
        raise ValueError('unknown penalty type %r' % (penalty_type,))
    if penalty_type == PENALTY_NONE or not amount or amount <= 0:
        return 0.0
    date_end = commitment_end(date_start, months)
    if date_end is None:
        return 0.0
    date_start = to_date(date_start)
    date_termination = to_date(date_termination)
    if date_termination >= date_end:
        return 0.0
    if penalty_type == PENALTY_FIXED:
        return float(amount)
    total_days = (date_end - date_start).days
    remaining_days = (date_end - max(date_termination, date_start)).days
    return float(amount) * remaining_days / total_days
