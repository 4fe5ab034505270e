"""Run the tests of installed (peer) modules on a database, as Odoo would.

    peer_tests.py -c odoo.conf -d DB --test-enable --http-port=P
                  --log-level=test --logfile=LOG -- MODULE[,MODULE...]

Odoo 11 runs a module's tests only while it installs or updates it, and
``-u <module>`` updates every module that depends on it too (and runs the
at_install tests before the modules that extend it are loaded). Here the
registry of the database is loaded once, with every installed module, and the
tests of the given modules run on it: first their at_install tests, then
their post_install tests, like Odoo runs them, logged the same way
(``Ran N tests``, ``Module X: N failures, N errors``).

The tests listed in tools/peer_known_failures.txt (defects of the 11.0 build
that fail without our addons too) are reported as skipped with their reason;
an entry that names no test is reported as an error, so the list stays exact.
Exit code: 0 when every test passed, 1 otherwise.
"""
import logging
import os
import sys
import threading
import unittest

import odoo
from odoo.modules import module as odoo_module
from odoo.tools import config

_logger = logging.getLogger('odoo.peer_tests')

KNOWN_FAILURES = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                              'peer_known_failures.txt')


def read_known_failures(path=KNOWN_FAILURES):
    """{test id: reason} of the known-failures file: one test a line,
    ``<test id> | <reason>``; ``#`` starts a comment."""
    known = {}
    if not os.path.exists(path):
        return known
    with open(path) as handle:
        for number, line in enumerate(handle, 1):
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            test_id, sep, reason = (part.strip() for part in
                                    line.partition('|'))
            if not sep or not test_id or not reason:
                raise ValueError('%s:%d: expected "<test id> | <reason>"'
                                 % (path, number))
            known[test_id] = reason
    return known


def skip_test(test, reason):
    """Make this one test instance report as skipped with ``reason``."""
    def skipped(*args, **kwargs):
        raise unittest.SkipTest(reason)
    skipped.__unittest_skip__ = True
    skipped.__unittest_skip_why__ = reason
    setattr(test, test._testMethodName, skipped)


def module_tests(module, position):
    """[(test module, [tests])] of ``module`` that run at ``position``."""
    if position == 'at_install':
        def runs(test):
            return odoo_module.runs_at(test, 'at_install', True)
    else:
        def runs(test):
            return odoo_module.runs_at(test, 'post_install', False)
    result = []
    for test_module in odoo_module.get_test_modules(module):
        tests = odoo_module.unwrap_suite(
            unittest.TestLoader().loadTestsFromModule(test_module))
        selected = [test for test in tests if runs(test)]
        if selected:
            result.append((test_module, selected))
    return result


def run_module(module, known, seen):
    """Run the tests of ``module``; True when all passed."""
    ok = True
    odoo_module.current_test = module
    threading.currentThread().testing = True
    try:
        for position in ('at_install', 'post_install'):
            for test_module, tests in module_tests(module, position):
                for test in tests:
                    if not isinstance(test, unittest.TestCase):
                        continue
                    reason = known.get(test.id())
                    if reason:
                        seen.add(test.id())
                        skip_test(test, 'known defect of the 11.0 build: '
                                        + reason)
                _logger.info('%s running tests (%s).', test_module.__name__,
                             position)
                result = unittest.TextTestRunner(
                    verbosity=2,
                    stream=odoo_module.TestStream(test_module.__name__),
                ).run(unittest.TestSuite(tests))
                if not result.wasSuccessful():
                    ok = False
                    _logger.error('Module %s: %d failures, %d errors',
                                  module, len(result.failures),
                                  len(result.errors))
    finally:
        odoo_module.current_test = None
        threading.currentThread().testing = False
    return ok


def main(argv):
    if '--' not in argv:
        sys.stderr.write(__doc__)
        return 2
    split = argv.index('--')
    odoo_args, modules = argv[:split], argv[split + 1:]
    modules = [name for arg in modules for name in arg.split(',') if name]
    config.parse_config(odoo_args)
    dbname = config['db_name']
    if not dbname or not modules:
        sys.stderr.write(__doc__)
        return 2
    known = read_known_failures()
    odoo.service.server.load_server_wide_modules()
    # HttpCase tests talk to this process's HTTP server
    server = odoo.service.server.ThreadedServer(
        odoo.service.wsgi_server.application)
    server.http_spawn()
    ok = True
    seen = set()
    with odoo.api.Environment.manage():
        registry = odoo.registry(dbname)
        with registry.cursor() as cr:
            cr.execute("SELECT name FROM ir_module_module "
                       "WHERE state = 'installed'")
            installed = {row[0] for row in cr.fetchall()}
        for module in modules:
            if module not in installed:
                _logger.error('Module %s: 0 failures, 1 errors (%s is not '
                              'installed in %s)', module, module, dbname)
                ok = False
                continue
            ok = run_module(module, known, seen) and ok
    stale = sorted(test_id for test_id in known if test_id not in seen and
                   test_id.split('.')[2] in modules)
    for test_id in stale:
        _logger.error('Module %s: 0 failures, 1 errors (%s is listed in %s '
                      'but no such test ran: remove the line)',
                      test_id.split('.')[2], test_id,
                      os.path.basename(KNOWN_FAILURES))
        ok = False
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
