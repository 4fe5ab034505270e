# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Receivables aging buckets.

Plain Python, no Odoo. An amount due on ``date_due`` is, at ``date_at``:
``current`` when not overdue (due that day or later), then ``1-30``,
``31-60``, ``61-90`` and ``90+`` days overdue.
"""
import datetime

CURRENT = 'current'
BUCKETS = [
    # (key, first day overdue, last day overdue or None)
    (CURRENT, None, 0),
    ('1-30', 1, 30),
    ('31-60', 31, 60),
    ('61-90', 61, 90),
    ('90+', 91, None),
]
BUCKET_KEYS = [bucket[0] for bucket in BUCKETS]


def to_date(value):
    if not value or isinstance(value, datetime.date):
        return value or None
    return datetime.datetime.strptime(value[:10], '%Y-%m-%d').date()


def days_overdue(date_due, date_at):
    """Days past ``date_due`` at ``date_at`` (0 when not overdue; an item
    without due date is due on its date, the caller passes that)."""
    return max((to_date(date_at) - to_date(date_due)).days, 0)


def bucket(date_due, date_at):
    overdue = days_overdue(date_due, date_at)
    for key, first, last in BUCKETS:
        if (first is None or overdue >= first) and (
                last is None or overdue <= last):
            return key
    raise AssertionError('no bucket for %s days' % overdue)
