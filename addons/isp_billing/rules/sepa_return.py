# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What follows a returned SEPA direct debit, by its reason code.

Plain Python, no Odoo. The ISO 20022 external return reason codes
(ExternalStatusReason1Code, as used by the EPC SDD rulebook) split in
three:

- the mandate is gone or disputed: the creditor may not debit again on
  this mandate (``BLOCKING_REASONS``);
- debiting again cannot succeed (the account is closed, the debtor died,
  the debtor's bank refuses the creditor...): the invoice goes to dunning
  at once (``FINAL_REASONS``);
- anything else (insufficient funds, a technical reason, an unknown code):
  the invoice is presented again, up to a maximum number of times.
"""

OUTCOME_REPRESENT = 'represent'
OUTCOME_DUNNING = 'dunning'
OUTCOME_BLOCKED = 'blocked'

BLOCKING_REASONS = {
    # no valid mandate, or the mandate was cancelled or is unknown
    'MD01',
    # the debtor asked for a refund of an authorised debit (within the
    # eight weeks of the rulebook): he disputes the debits of this mandate
    'MD06',
}

FINAL_REASONS = {
    # incorrect account identifier (IBAN): it has to be corrected first
    'AC01',
    # account closed
    'AC04',
    # account blocked (for direct debits by the debtor, or by the bank)
    'AC06',
    # direct debits forbidden on this account (a savings account...)
    'AG01',
    # the debtor is deceased
    'MD07',
    # missing debtor's account or identification, missing name or
    # address, regulatory reason: the debtor's data has to be completed
    'RR01', 'RR02', 'RR03', 'RR04',
    # specific service of the debtor's bank: the debtor told his bank to
    # refuse this creditor (or to accept only listed creditors)
    'SL01',
}


def return_outcome(reason_code, return_count, max_representations):
    """What follows a debit returned for ``reason_code``, the invoice's
    ``return_count``-th return (this one included), when the company
    presents an invoice again at most ``max_representations`` times:
    ``OUTCOME_BLOCKED`` (the mandate may not be debited again),
    ``OUTCOME_DUNNING`` or ``OUTCOME_REPRESENT``."""
    code = (reason_code or '').strip().upper()
    if code in BLOCKING_REASONS:
        return OUTCOME_BLOCKED
    if code in FINAL_REASONS:
        return OUTCOME_DUNNING
    if return_count <= max(max_representations or 0, 0):
        return OUTCOME_REPRESENT
    return OUTCOME_DUNNING
