"""Install matrix: each addon installs alone on a fresh database with only what
its manifest declares, and its own tests pass.

Each addon gets its own database: its declared dependencies in one pass
without tests, then the addon itself with --test-enable, so only its own tests
run. The six installs run two at a time (the machine has two cores).

make test builds once a base database with the dependencies of isp_crm
(``ISP_TEST_BASE_DB``); an addon that builds on isp_crm starts from a copy of
it instead of installing those again: what ends up installed is the same,
only what its manifest declares.

make test starts the matrix in the background (``python
tests/test_install_matrix.py prepare STATUS GATE...``) while the addons' own
tests run: one worker once the demo build has freed the second core, the
second once the addons' tests are over (each GATE file says a core is free);
the fixture below waits for the status file. Run alone, pytest builds the
matrix here with both workers.

The browser tests and the suite-wide audits (isp_portal's web client buttons
and RPC surface) are skipped here (``ISP_TEST_MATRIX``): they run in the full
run, where every addon is installed, and cover more there.
"""
import json
import os
import queue
import subprocess
import sys
import threading
import time

import pytest

from conftest import (ROOT, db_name, drop_db, reset_stuck_modules,
                      run_odoo, suite, warm_report_assets)

ADDONS = suite.own_addons()
WORKERS = 2
BASE_DB = os.environ.get('ISP_TEST_BASE_DB')
BASE_ADDON = os.environ.get('ISP_TEST_BASE_ADDON')
COPY_LOCK = threading.Lock()
PREPARED = os.environ.get('ISP_TEST_MATRIX_PREPARED')
PREPARE_PID = os.environ.get('ISP_TEST_MATRIX_PID')


def start_from_base(addon, db):
    """Copy the base database (and its filestore) to ``db`` when ``addon``
    builds on the base's addon; returns whether it did."""
    if not (BASE_DB and BASE_ADDON) or \
            BASE_ADDON not in suite.own_closure([addon]):
        return False
    with COPY_LOCK:
        subprocess.run(['createdb', '-T', BASE_DB, db], check=True)
    filestore = os.path.join(ROOT, '.local', 'data', 'filestore')
    if os.path.isdir(os.path.join(filestore, BASE_DB)):
        subprocess.run(['cp', '-r', os.path.join(filestore, BASE_DB),
                        os.path.join(filestore, db)], check=True)
    return True


def install_alone(addon):
    db = db_name('m_' + addon)
    drop_db(db)
    try:
        declared = suite.manifest(addon).get('depends', [])
        if start_from_base(addon, db):
            # only what the copy lacks: -i of an installed module would load
            # it again with the modules above it and their demo data
            installed = set(subprocess.run(
                ['psql', '-X', '-tAq', '-d', db, '-c',
                 "SELECT name FROM ir_module_module "
                 "WHERE state = 'installed'"],
                check=True, stdout=subprocess.PIPE,
                universal_newlines=True).stdout.split())
            declared = [d for d in declared if d not in installed]
        deps_secs = 0.0
        if declared:
            rc, log, deps_secs = run_odoo(
                db, ['-i', ','.join(declared), '--stop-after-init'],
                'matrix_%s_deps.log' % addon)
            if rc != 0:
                return {'addon': addon, 'stage': 'dependencies', 'rc': rc,
                        'ran': 0, 'failed': 1, 'log': log,
                        'secs': deps_secs}
            reset_stuck_modules(db)
        warm_report_assets(db)
        # the browser flows and suite-wide audits run once, in the full run
        # with the six addons (isp_crm's tests/browser.py): here they would
        # add about four minutes
        rc, log, secs = run_odoo(
            db, ['-i', addon, '--test-enable', '--stop-after-init',
                 '--log-level=test'], 'matrix_%s.log' % addon,
            env={'ISP_TEST_MATRIX': '1'})
        ran, failed = suite.odoo_counts(log, rc)
        return {'addon': addon, 'stage': 'tests', 'rc': rc, 'ran': ran,
                'failed': failed, 'log': log, 'secs': deps_secs + secs}
    finally:
        drop_db(db)


def addon_tests_size(addon):
    """Bytes of ``addon``'s test code."""
    folder = os.path.join(ROOT, 'addons', addon, 'tests')
    if not os.path.isdir(folder):
        return 0
    return sum(os.path.getsize(os.path.join(folder, name))
               for name in os.listdir(folder) if name.endswith('.py'))


def run_matrix(gates=()):
    """Install each addon alone; {addon: result}. Worker ``k`` (from 1)
    starts once ``k`` of the ``gates`` files exist (at once without gates),
    or ends when the others took every addon meanwhile."""
    # the longest first (the size of an addon's tests stands for their
    # time): the workers end together
    todo = queue.Queue()
    for addon in sorted(ADDONS, key=lambda a: -addon_tests_size(a)):
        todo.put(addon)
    results = {}

    def worker(k):
        while not todo.empty() and sum(
                os.path.exists(gate) for gate in gates) < min(k, len(gates)):
            time.sleep(2)
        while True:
            try:
                addon = todo.get_nowait()
            except queue.Empty:
                return
            try:
                results[addon] = install_alone(addon)
            except Exception as exc:  # reported by the addon's test
                results[addon] = {'addon': addon, 'stage': 'matrix',
                                  'rc': 1, 'ran': 0, 'failed': 1,
                                  'log': 'ERROR %r' % exc, 'secs': 0.0}
            print('matrix: %(addon)s %(ran)d tests, %(failed)d failed, '
                  '%(secs).0f s' % results[addon], flush=True)

    threads = [threading.Thread(target=worker, args=(k,))
               for k in range(1, WORKERS + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def pid_alive(pid):
    try:
        os.kill(int(pid), 0)
    except (OSError, ValueError):
        return False
    return True


@pytest.fixture(scope='module')
def matrix(odoo_env):
    if not PREPARED:
        return run_matrix()
    # make test's background run: wait for its status file
    while not os.path.exists(PREPARED) and PREPARE_PID and \
            pid_alive(PREPARE_PID):
        time.sleep(2)
    if not os.path.exists(PREPARED):
        pytest.fail('the background install matrix stopped without a '
                    'status; see matrix_prepare.out in the logs')
    with open(PREPARED) as handle:
        return json.load(handle)


def test_matrix_covers_the_six_addons():
    assert ADDONS == sorted([
        'isp_billing', 'isp_contract_wizard', 'isp_crm', 'isp_esign',
        'isp_helpdesk', 'isp_portal'])


@pytest.mark.parametrize('addon', ADDONS)
def test_addon_installs_alone_and_its_tests_pass(matrix, addon):
    result = matrix[addon]
    errors = [line for line in result['log'].splitlines()
              if (' ERROR ' in line or ' CRITICAL ' in line)
              and 'Unmet dependencies' not in line]
    assert result['rc'] == 0, '%s failed at %s (exit %s):\n%s' % (
        addon, result['stage'], result['rc'], '\n'.join(errors[-20:]))
    assert result['ran'] > 0, '%s ran no test of its own' % addon
    assert result['failed'] == 0, '\n'.join(errors[-20:])
    assert not errors, '\n'.join(errors[-20:])


if __name__ == '__main__':
    # make test: python tests/test_install_matrix.py prepare STATUS GATE...
    if len(sys.argv) < 3 or sys.argv[1] != 'prepare':
        sys.exit('usage: test_install_matrix.py prepare STATUS [GATE...]')
    status = run_matrix(sys.argv[3:])
    with open(sys.argv[2] + '.tmp', 'w') as handle:
        json.dump(status, handle)
    os.rename(sys.argv[2] + '.tmp', sys.argv[2])
