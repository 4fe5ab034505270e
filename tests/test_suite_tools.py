"""The counting behind make test's last line, on real Odoo log excerpts."""
import os
import tempfile
import threading
import unittest
from unittest import mock

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

    def test_recap_names_each_failed_test_once(self):
        log = ('2026-12-05 08:23:03,052 2726 ERROR db odoo.addons.isp_crm.'
               'tests.test_x: FAIL: test_a (odoo.addons.isp_crm.tests.test_x.'
               'TestX)\n'
               '2026-12-05 08:23:03,053 2726 ERROR db odoo.addons.isp_crm.'
               'tests.test_x: FAIL: test_a (odoo.addons.isp_crm.tests.test_x.'
               'TestX)\n'
               '2026-12-05 08:23:04,000 2726 INFO db odoo.addons.isp_crm.'
               'tests.test_x: test_b (odoo.addons.isp_crm.tests.test_x.TestX)'
               '\n')
        xml = ('<testsuites><testsuite tests="2" failures="1"><testcase '
               'classname="tests.test_m" name="test_m[isp_crm]"><failure '
               'message="AssertionError: isp_crm failed&#10;more"/>'
               '</testcase><testcase classname="tests.test_m" name="test_ok"/>'
               '</testsuite></testsuites>')
        with tempfile.TemporaryDirectory() as tmp:
            paths = [os.path.join(tmp, 'odoo-tests.log'),
                     os.path.join(tmp, 'pytest.xml')]
            for path, text in zip(paths, (log, xml)):
                with open(path, 'w') as handle:
                    handle.write(text)
            self.assertEqual(suite.failure_recap(
                [paths[0], os.path.join(tmp, 'missing.log')], paths[1]), [
                'odoo-tests.log: FAIL: test_a '
                '(odoo.addons.isp_crm.tests.test_x.TestX)',
                'pytest: FAILURE tests.test_m::test_m[isp_crm] '
                'AssertionError: isp_crm failed'])


class TestDepends(unittest.TestCase):

    def test_dependencies_exclude_our_own_addons(self):
        deps = suite.external_depends(['isp_portal'])
        self.assertTrue(deps)
        self.assertFalse(set(deps) & set(suite.own_addons()))

    def test_esign_stays_generic(self):
        self.assertEqual(suite.external_depends(['isp_esign']),
                         ['mail', 'portal'])


class TestMatrixWorkers(unittest.TestCase):
    """The background install matrix: a worker starts when its core is
    free, and every addon is installed once."""

    def test_second_worker_waits_for_its_gate_and_all_addons_run_once(self):
        import test_install_matrix as matrix
        started = []
        with tempfile.TemporaryDirectory() as tmp:
            gates = [os.path.join(tmp, 'first'), os.path.join(tmp, 'second')]
            open(gates[0], 'w').close()

            def install(addon):
                started.append((addon, threading.current_thread().name,
                                os.path.exists(gates[1])))
                if len(started) == 2:
                    open(gates[1], 'w').close()
                return {'addon': addon, 'ran': 1, 'failed': 0, 'secs': 0.0}

            with mock.patch.object(matrix, 'install_alone', install):
                results = matrix.run_matrix(gates)
        self.assertEqual(sorted(results), matrix.ADDONS)
        self.assertEqual(sorted(a for a, _t, _g in started), matrix.ADDONS)
        # nothing ran on a second thread before its gate opened
        threads_before = {t for _a, t, gate in started if not gate}
        self.assertEqual(len(threads_before), 1)

    def test_a_worker_whose_gate_never_opens_does_not_hang(self):
        import test_install_matrix as matrix
        with tempfile.TemporaryDirectory() as tmp:
            gates = [os.path.join(tmp, 'first'), os.path.join(tmp, 'never')]
            open(gates[0], 'w').close()
            with mock.patch.object(matrix, 'install_alone', lambda addon: {
                    'addon': addon, 'ran': 1, 'failed': 0, 'secs': 0.0}):
                results = matrix.run_matrix(gates)
        self.assertEqual(sorted(results), matrix.ADDONS)
