# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest
from datetime import date as d

from ..rules import campaign

NOV = (d(2026, 11, 5), d(2026, 12, 4))

CAMPAIGN_END_CASES = [
    # (date_start, months, expected)
    ('2026-10-20', 3, d(2027, 1, 20)),
    (d(2026, 11, 30), 3, d(2027, 2, 28)),      # no 30 February
    (d(2027, 11, 30), 3, d(2028, 2, 29)),      # leap year
    ('2026-01-05', 12, d(2027, 1, 5)),
    ('2026-10-20', 0, None),                   # for the contract's life
    (None, 3, None),                           # not started yet
]

PERIOD_PARTS_CASES = [
    # (what, period, date_from, date_to, campaign end, expected)
    ('no campaign end: one part in the campaign',
     NOV, None, None, None, [(d(2026, 11, 5), d(2026, 12, 4), True)]),
    ('ends after the period: in the campaign',
     NOV, '2026-01-05', None, '2026-12-05',
     [(d(2026, 11, 5), d(2026, 12, 4), True)]),
    ('ended on the period start: the tariff',
     NOV, '2026-01-05', None, '2026-11-05',
     [(d(2026, 11, 5), d(2026, 12, 4), False)]),
    ('ends inside: split at the end',
     NOV, '2026-08-20', None, '2026-11-20',
     [(d(2026, 11, 5), d(2026, 11, 19), True),
      (d(2026, 11, 20), d(2026, 12, 4), False)]),
    ('ends on the last day: one day at the tariff',
     NOV, '2026-08-04', None, '2026-12-04',
     [(d(2026, 11, 5), d(2026, 12, 3), True),
      (d(2026, 12, 4), d(2026, 12, 4), False)]),
    ('activated and terminated inside, the end between',
     NOV, '2026-11-10', '2026-11-25', '2026-11-20',
     [(d(2026, 11, 10), d(2026, 11, 19), True),
      (d(2026, 11, 20), d(2026, 11, 25), False)]),
    ('terminated before the end',
     NOV, '2026-01-05', '2026-11-15', '2026-11-20',
     [(d(2026, 11, 5), d(2026, 11, 15), True)]),
    ('the service does not touch the period',
     NOV, '2026-12-10', None, '2027-03-10', []),
]


class TestCampaignRules(unittest.TestCase):

    def test_campaign_end_counts_months_from_the_start(self):
        for date_start, months, expected in CAMPAIGN_END_CASES:
            with self.subTest(date_start=date_start, months=months):
                self.assertEqual(
                    campaign.campaign_end(date_start, months), expected)

    def test_period_parts_split_at_the_campaign_end(self):
        for what, period, start, end, campaign_end, expected in \
                PERIOD_PARTS_CASES:
            with self.subTest(what):
                self.assertEqual(campaign.period_parts(
                    period, start, end, campaign_end), expected)
