# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest

from ..rules import bundle
from ..rules.bundle import Rule

# The DoWISP example: one FTTH installation; an optional fixed line; one to
# three mobile lines 3 GB + unlimited calls; up to five optional mobile
# lines 1 GB + 300 min.
DOWISP = [
    Rule('ftth_installation', 1, 1, 1, False),
    Rule('fixed_line', 0, 1, 1, True),
    Rule('mobile_3gb', 1, 3, 1, False),
    Rule('mobile_1gb', 0, 5, 0, True),
]


class TestCheckCounts(unittest.TestCase):

    def test_dowisp_compliant_contracts_have_no_violation(self):
        compliant = [
            {'ftth_installation': 1, 'mobile_3gb': 1},
            {'ftth_installation': 1, 'fixed_line': 1, 'mobile_3gb': 3,
             'mobile_1gb': 5},
            {'ftth_installation': 1, 'mobile_3gb': 2, 'mobile_1gb': 1},
            # a zero quantity is the same as no line
            {'ftth_installation': 1, 'mobile_3gb': 1, 'mobile_1gb': 0,
             'tv': 0},
        ]
        for counts in compliant:
            self.assertEqual(bundle.check_counts(DOWISP, counts), [],
                             counts)

    def test_dowisp_single_violation_table(self):
        table = [
            # required component missing
            ({'mobile_3gb': 1},
             [('missing', {'component': 'ftth_installation',
                           'qty_min': 1})]),
            ({'ftth_installation': 1, 'fixed_line': 1},
             [('missing', {'component': 'mobile_3gb', 'qty_min': 1})]),
            # above the maximum
            ({'ftth_installation': 2, 'mobile_3gb': 1},
             [('above_max', {'component': 'ftth_installation',
                             'count': 2, 'qty_max': 1})]),
            ({'ftth_installation': 1, 'fixed_line': 2, 'mobile_3gb': 1},
             [('above_max', {'component': 'fixed_line', 'count': 2,
                             'qty_max': 1})]),
            ({'ftth_installation': 1, 'mobile_3gb': 4},
             [('above_max', {'component': 'mobile_3gb', 'count': 4,
                             'qty_max': 3})]),
            ({'ftth_installation': 1, 'mobile_3gb': 1, 'mobile_1gb': 6},
             [('above_max', {'component': 'mobile_1gb', 'count': 6,
                             'qty_max': 5})]),
            # a component the bundle does not contain
            ({'ftth_installation': 1, 'mobile_3gb': 1, 'tv': 1},
             [('not_in_bundle', {'component': 'tv', 'count': 1})]),
        ]
        for counts, expected in table:
            self.assertEqual(bundle.check_counts(DOWISP, counts), expected,
                             counts)

    def test_below_minimum_when_present_but_too_few(self):
        rules = [Rule('fixed_line', 2, 5, 2, False)]
        self.assertEqual(
            bundle.check_counts(rules, {'fixed_line': 1}),
            [('below_min', {'component': 'fixed_line', 'count': 1,
                            'qty_min': 2})])
        self.assertEqual(
            bundle.check_counts(rules, {}),
            [('missing', {'component': 'fixed_line', 'qty_min': 2})])

    def test_every_violation_at_once_in_rule_order(self):
        counts = {'tv': 1, 'fixed_line': 2, 'mobile_3gb': 4,
                  'mobile_1gb': 6, 'router': 2}
        self.assertEqual(bundle.check_counts(DOWISP, counts), [
            ('missing', {'component': 'ftth_installation', 'qty_min': 1}),
            ('above_max', {'component': 'fixed_line', 'count': 2,
                           'qty_max': 1}),
            ('above_max', {'component': 'mobile_3gb', 'count': 4,
                           'qty_max': 3}),
            ('above_max', {'component': 'mobile_1gb', 'count': 6,
                           'qty_max': 5}),
            ('not_in_bundle', {'component': 'tv', 'count': 1}),
            ('not_in_bundle', {'component': 'router', 'count': 2}),
        ])

    def test_below_min_above_max_and_unknown_together(self):
        rules = [Rule('fibre', 1, 1, 1, False),
                 Rule('fixed_line', 2, 5, 2, False),
                 Rule('mobile', 0, 2, 0, True)]
        codes = [code for code, _params in bundle.check_counts(
            rules, {'fixed_line': 1, 'mobile': 3, 'tv': 1})]
        self.assertEqual(
            codes, ['missing', 'below_min', 'above_max', 'not_in_bundle'])

    def test_empty_bundle_refuses_every_component(self):
        self.assertEqual(
            bundle.check_counts([], {'fibre': 1}),
            [('not_in_bundle', {'component': 'fibre', 'count': 1})])

    def test_default_counts_skip_zero_defaults(self):
        self.assertEqual(bundle.default_counts(DOWISP), {
            'ftth_installation': 1, 'fixed_line': 1, 'mobile_3gb': 1})
        # without a default the minimum is used
        self.assertEqual(
            bundle.default_counts([Rule('fibre', 1, 1)]), {'fibre': 1})

    def test_defaults_of_dowisp_bundle_comply(self):
        self.assertEqual(
            bundle.check_counts(DOWISP, bundle.default_counts(DOWISP)), [])


class TestLineErrors(unittest.TestCase):

    def test_line_errors_table(self):
        # (min, default, max, optional, expected codes)
        table = [
            (1, 1, 1, False, []),
            (1, 2, 3, False, []),
            (0, 0, 5, True, []),
            (0, 1, 1, True, []),
            (-1, 0, 1, True, ['negative_min']),
            (2, 1, 3, False, ['min_above_default']),
            (1, 4, 3, False, ['default_above_max']),
            (0, 0, 0, True, ['max_zero']),
            (1, 1, 1, True, ['optional_with_min']),
            (0, 0, 1, False, ['required_without_min']),
            (3, 2, 1, True, ['min_above_default', 'default_above_max',
                             'optional_with_min']),
        ]
        for qty_min, qty_default, qty_max, optional, expected in table:
            self.assertEqual(
                bundle.line_errors(qty_min, qty_default, qty_max, optional),
                expected, (qty_min, qty_default, qty_max, optional))
