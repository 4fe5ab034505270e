# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The money pages of the customer's portal: invoice status, the amount a
customer may pay and the running balance of a statement.

Plain Python, no Odoo: amounts are floats rounded by the caller's currency
rounding (``digits``), dates are ``datetime.date`` or ISO strings.
"""
from odoo.addons.isp_crm.rules.dates import to_date

# invoice status shown to the customer
PAID = 'paid'
OPEN = 'open'
OVERDUE = 'overdue'
RETURNED = 'returned'
CANCELLED = 'cancelled'
STATUSES = (OPEN, OVERDUE, RETURNED, PAID, CANCELLED)

# payment amount policies (res.company.isp_portal_pay_policy)
POLICY_TOTAL = 'total'
POLICY_LAST = 'last'
POLICY_FREE = 'free'

# problems of an amount to pay
NOTHING_DUE = 'nothing_due'
NOT_A_NUMBER = 'not_a_number'
NOT_POSITIVE = 'not_positive'
ABOVE_DEBT = 'above_debt'


def invoice_status(state, date_due, return_count, today):
    """The status a customer reads: a paid or cancelled invoice says so;
    an open one is returned when its direct debit came back, overdue when
    its due date has passed, open otherwise."""
    if state == 'paid':
        return PAID
    if state == 'cancel':
        return CANCELLED
    if return_count:
        return RETURNED
    if date_due and to_date(date_due) < to_date(today):
        return OVERDUE
    return OPEN


def parse_amount(text):
    """The float a customer typed ("12.50", "12,50", " 12 "), or None."""
    if text is None:
        return None
    text = str(text).strip().replace(' ', '')
    if not text:
        return None
    if ',' in text and '.' not in text:
        text = text.replace(',', '.')
    try:
        value = float(text)
    except ValueError:
        return None
    if value != value or value in (float('inf'), float('-inf')):
        return None
    return value


def amount_to_pay(policy, total_due, last_due, requested, digits=2):
    """(amount, problem) of a payment under ``policy``: the total debt,
    the amount due of the last invoice, or a free amount (``requested``,
    the text the customer typed) between a cent and the total debt.
    ``problem`` is None when the amount may be paid."""
    total_due = round(total_due or 0.0, digits)
    last_due = round(last_due or 0.0, digits)
    if total_due <= 0:
        return 0.0, NOTHING_DUE
    if policy == POLICY_LAST:
        if last_due <= 0:
            return 0.0, NOTHING_DUE
        return min(last_due, total_due), None
    if policy != POLICY_FREE:
        return total_due, None
    amount = parse_amount(requested)
    if amount is None:
        return 0.0, NOT_A_NUMBER
    amount = round(amount, digits)
    if amount <= 0:
        return amount, NOT_POSITIVE
    if amount > total_due:
        return amount, ABOVE_DEBT
    return amount, None


def running_balance(opening, moves, digits=2):
    """The statement lines: ``moves`` are dicts with ``debit`` and
    ``credit`` in date order; each comes back with ``balance``, the
    opening balance plus the debits minus the credits so far."""
    balance = round(opening or 0.0, digits)
    lines = []
    for move in moves:
        balance = round(balance + (move.get('debit') or 0.0)
                        - (move.get('credit') or 0.0), digits)
        lines.append(dict(move, balance=balance))
    return lines
