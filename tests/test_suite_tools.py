"""The counting behind make test's last line, on real Odoo log excerpts."""
import os
import tempfile
import unittest

from conftest import suite

# Odoo log lines are quoted whole.
PASSING = """\
2026-11-23 11:00:01,000 1 INFO db odoo.modules.module: odoo.addons.isp_crm.tests.test_security running tests.
2026-11-23 11:00:01,100 1 INFO db odoo.addons.isp_crm.tests.test_security: Ran 4 tests in 0.310s
2026-11-23 11:00:01,100 1 INFO db odoo.addons.isp_crm.tests.test_security: OK
2026-11-23 11:00:02,100 1 INFO db odoo.addons.isp_billing.tests.test_x: Ran 3 tests in 0.110s
"""
FAILING = PASSING + """\
2026-11-23 11:00:03,100 1 INFO db odoo.addons.isp_esign.tests.test_y: Ran 5 tests in 0.110s
2026-11-23 11:00:03,100 1 ERROR db odoo.addons.isp_esign.tests.test_y: FAILED (failures=1, errors=1)
2026-11-23 11:00:03,100 1 ERROR db odoo.modules.module: Module isp_esign: 1 failures, 1 errors
"""


class TestCounts(unittest.TestCase):

    def test_passing_run_counts_every_ran_line(self):
        self.assertEqual(suite.odoo_counts(PASSING, 0), (7, 0))

    def test_failures_and_errors_are_summed(self):
        self.assertEqual(suite.odoo_counts(FAILING, 1), (12, 2))

    def test_nonzero_exit_without_failing_test_counts_one_failure(self):
        self.assertEqual(suite.odoo_counts('registry failed', 255), (0, 1))

    def test_junit_report_counts_tests_minus_skipped(self):
        xml = ('<testsuites><testsuite tests="6" failures="1" errors="1" '
               'skipped="1"/></testsuites>')
        with tempfile.NamedTemporaryFile('w', suffix='.xml',
                                         delete=False) as handle:
            handle.write(xml)
        try:
            self.assertEqual(suite.junit_counts(handle.name), (5, 2))
        finally:
            os.unlink(handle.name)


class TestDepends(unittest.TestCase):

    def test_dependencies_exclude_our_own_addons(self):
        deps = suite.external_depends(['isp_portal'])
        self.assertTrue(deps)
        self.assertFalse(set(deps) & set(suite.own_addons()))

    def test_esign_stays_generic(self):
        self.assertEqual(suite.external_depends(['isp_esign']),
                         ['mail', 'portal'])
