# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""SLA deadlines of tickets and when to remind the technician.

Plain Python on naive UTC ``datetime`` values (what Odoo stores).
"""
from datetime import timedelta


def deadline(date_start, hours):
    """The deadline of a ticket opened at ``date_start`` that must be solved
    within ``hours`` (calendar hours); ``None`` without an SLA."""
    if not date_start or not hours or hours <= 0:
        return None
    return date_start + timedelta(hours=hours)


def is_overdue(date_deadline, closed, now):
    """An open ticket whose deadline has passed."""
    return bool(date_deadline and not closed and date_deadline < now)


def reminder_due(date_deadline, remind_hours, now, already_reminded=False):
    """True when the technician should be reminded now: the ticket has a
    deadline, it was not reminded yet, and ``now`` is within
    ``remind_hours`` before it (or later: a missed run is caught up)."""
    if already_reminded or not date_deadline:
        return False
    return now >= date_deadline - timedelta(hours=max(remind_hours or 0, 0))
