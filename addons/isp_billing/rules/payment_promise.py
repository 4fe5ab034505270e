# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Whether a customer may promise to pay by a date.

Plain Python, no Odoo. ``check_promise`` returns the list of problems of a
new promise (empty when it may be recorded); the model turns each problem
into a translated message that says what to do.
"""
import datetime

from odoo.addons.isp_crm.rules.dates import to_date

# problems returned by check_promise
PAST = 'past'                  # the promised date is before today
TOO_FAR = 'too_far'            # beyond today + the maximum days ahead
ACTIVE = 'active'              # the customer already has an active promise
COOLDOWN = 'cooldown'          # the last promise is too recent
SUSPENDED = 'suspended'        # suspended customers may not promise
NO_OVERDUE = 'no_overdue'      # nothing overdue to promise to pay


def latest_date(today, max_days):
    """The last date a promise made on ``today`` may name."""
    return to_date(today) + datetime.timedelta(days=max(max_days or 0, 0))


def next_promise_date(last_promise_date, min_days_between):
    """The first day a new promise may be made after one made on
    ``last_promise_date`` (None when there was none)."""
    if not last_promise_date:
        return None
    return to_date(last_promise_date) + datetime.timedelta(
        days=max(min_days_between or 0, 0))


def check_promise(today, date_promised, max_days, last_promise_date,
                  min_days_between, has_active, customer_suspended,
                  suspended_may_promise, has_overdue=True):
    """The problems of a promise made on ``today`` to pay by
    ``date_promised``:

    - ``max_days``: how many days ahead the date may be;
    - ``last_promise_date``: when the customer's previous promise (not
      cancelled) was made, or None; ``min_days_between``: days between two
      promises;
    - ``has_active``: the customer has an active promise (one at a time);
    - ``customer_suspended`` / ``suspended_may_promise``: a suspended
      customer promises only when the company allows it;
    - ``has_overdue``: the customer has an overdue invoice to promise for.
    """
    today = to_date(today)
    date_promised = to_date(date_promised)
    problems = []
    if date_promised < today:
        problems.append(PAST)
    elif date_promised > latest_date(today, max_days):
        problems.append(TOO_FAR)
    if has_active:
        problems.append(ACTIVE)
    next_date = next_promise_date(last_promise_date, min_days_between)
    if next_date and today < next_date:
        problems.append(COOLDOWN)
    if customer_suspended and not suspended_may_promise:
        problems.append(SUSPENDED)
    if not has_overdue:
        problems.append(NO_OVERDUE)
    return problems
