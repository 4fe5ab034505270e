# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""When to remind an operator of the deadline of an open activity.

Plain Python, dates only: ``deadline_day`` is the day of the deadline in
the operator's time zone, ``date_ref`` the day the reminder job runs.
"""
from datetime import timedelta

REMINDER_BEFORE = 'before'
REMINDER_DUE = 'due'


def reminder_kind(deadline_day, date_ref, days_before,
                  last_reminder_day=None):
    """Return ``'before'``, ``'due'`` or ``None`` (nothing to send).

    - ``'due'`` on the day of the deadline;
    - ``'before'`` once within the ``days_before`` days that precede it
      (on the first run in that window: a day the job did not run is
      caught up, yet the operator is not reminded every day);
    - never twice on the same day, nothing after the deadline.
    """
    if last_reminder_day and last_reminder_day >= date_ref:
        return None
    days_left = (deadline_day - date_ref).days
    if days_left == 0:
        return REMINDER_DUE
    if 0 < days_left <= max(days_before, 0):
        window_start = deadline_day - timedelta(days=days_before)
        if not last_reminder_day or last_reminder_day < window_start:
            return REMINDER_BEFORE
    return None
