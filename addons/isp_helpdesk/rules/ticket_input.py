# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Checks of what a customer sends from the portal: limits and titles.

Plain Python. Uploaded images are checked by ``image_upload``.
"""


def daily_limit_reached(enabled, limit, count_today):
    """True when the customer may not open another ticket today."""
    if not enabled:
        return False
    return count_today >= max(limit or 0, 0)


def ticket_title(description, max_length=60):
    """A title for a ticket from the first line of its description."""
    lines = [line.strip() for line in (description or '').splitlines()]
    first = next((line for line in lines if line), '')
    if len(first) <= max_length:
        return first
    return first[:max_length - 1].rstrip() + '\u2026'
