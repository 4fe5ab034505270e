# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest

from ..rules import sepa_return as rules

CASES = [
    # (reason, return count, max presentations, outcome)
    ('AM04', 1, 1, rules.OUTCOME_REPRESENT),
    ('AM04', 2, 1, rules.OUTCOME_DUNNING),
    ('AM04', 2, 2, rules.OUTCOME_REPRESENT),
    ('AM04', 1, 0, rules.OUTCOME_DUNNING),
    ('AM04', 1, -3, rules.OUTCOME_DUNNING),
    ('ms02', 1, 1, rules.OUTCOME_REPRESENT),
    ('MS03', 1, 1, rules.OUTCOME_REPRESENT),
    ('', 1, 1, rules.OUTCOME_REPRESENT),
    (None, 1, 1, rules.OUTCOME_REPRESENT),
    ('XX99', 1, 1, rules.OUTCOME_REPRESENT),
    # the mandate is refused: blocked whatever the count
    ('MD01', 1, 5, rules.OUTCOME_BLOCKED),
    ('MD06', 3, 1, rules.OUTCOME_BLOCKED),
    # debiting again cannot succeed
    ('AC04', 1, 5, rules.OUTCOME_DUNNING),
    ('MD07', 1, 5, rules.OUTCOME_DUNNING),
    ('AC01', 1, 5, rules.OUTCOME_DUNNING),
    ('SL01', 1, 5, rules.OUTCOME_DUNNING),
]


class TestSepaReturnRules(unittest.TestCase):

    def test_outcome_by_reason_and_count(self):
        for reason, count, max_times, outcome in CASES:
            self.assertEqual(
                rules.return_outcome(reason, count, max_times), outcome,
                (reason, count, max_times))

    def test_blocking_and_final_reasons_are_apart(self):
        self.assertFalse(rules.BLOCKING_REASONS & rules.FINAL_REASONS)
