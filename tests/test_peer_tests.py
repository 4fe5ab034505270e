"""The peer phase of make test: its list of known defects and its counts."""
import os
import tempfile
import unittest

from conftest import ROOT, suite

import peer_tests  # noqa: E402  (tools/peer_tests.py, on the path of conftest)

# the summary of a peer run with one known defect skipped, as Odoo logs it
PEER_LOG = '\n'.join(
    '2026-12-05 08:34:05,411 1 INFO db odoo.addons.' + line for line in [
        'sale.tests.test_product_id_change: Ran 5 tests in 1.952s',
        'sale.tests.test_product_id_change: OK',
        'account.tests.test_templates_consistency: Ran 3 tests in 0.301s',
        'account.tests.test_templates_consistency: OK',
        'account.tests.test_templates_consistency:  (skipped=1)',
    ])


class TestPeerPhase(unittest.TestCase):

    def test_skipped_known_defects_are_not_counted_as_passed(self):
        self.assertEqual(suite.odoo_counts(PEER_LOG, 0), (7, 0))

    def test_a_failing_peer_run_without_a_parsed_failure_fails(self):
        self.assertEqual(suite.odoo_counts(PEER_LOG, 1), (7, 1))

    def test_peer_modules_include_the_modules_the_suite_extends(self):
        self.assertTrue({
            'sale', 'account', 'helpdesk_mgmt', 'sale_commission',
            'account_banking_mandate', 'account_payment_order',
            'account_banking_sepa_direct_debit', 'account_payment_return',
            'queue_job'} <= set(suite.PEER_MODULES))

    def test_every_known_defect_names_one_test_and_a_reason(self):
        known = peer_tests.read_known_failures()
        for test_id, reason in known.items():
            parts = test_id.split('.')
            self.assertEqual(parts[:2], ['odoo', 'addons'], test_id)
            self.assertIn(parts[2], suite.PEER_MODULES, test_id)
            self.assertTrue(parts[-1].startswith('test'), test_id)
            self.assertGreater(len(reason), 20, test_id)
        self.assertEqual(
            peer_tests.KNOWN_FAILURES,
            os.path.join(ROOT, 'tools', 'peer_known_failures.txt'))

    def test_a_line_without_reason_is_refused(self):
        with tempfile.NamedTemporaryFile('w', suffix='.txt',
                                         delete=False) as handle:
            handle.write('# comment\nodoo.addons.sale.tests.t.C.test_x\n')
        try:
            with self.assertRaises(ValueError):
                peer_tests.read_known_failures(handle.name)
        finally:
            os.unlink(handle.name)

    def test_a_skipped_test_reports_its_reason(self):
        class Case(unittest.TestCase):
            def test_broken(self):
                self.fail('should not run')
        test = Case('test_broken')
        peer_tests.skip_test(test, 'known defect: because')
        result = unittest.TestResult()
        test.run(result)
        self.assertEqual(result.skipped, [(test, 'known defect: because')])
        self.assertFalse(result.failures)
