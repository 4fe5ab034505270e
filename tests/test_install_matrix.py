"""Install matrix: each addon installs alone on a fresh database with only what
its manifest declares, and its own tests pass.

Each addon gets its own database: its declared dependencies in one pass
without tests, then the addon itself with --test-enable, so only its own tests
run. The six installs run two at a time (the machine has two cores).

make test builds once a base database with the dependencies of isp_crm
(``ISP_TEST_BASE_DB``); an addon that builds on isp_crm starts from a copy of
it instead of installing those again: what ends up installed is the same,
only what its manifest declares.
"""
import concurrent.futures
import os
import subprocess
import threading

import pytest

from conftest import (ROOT, db_name, drop_db, reset_stuck_modules,
                      run_odoo, suite)

ADDONS = suite.own_addons()
WORKERS = 2
BASE_DB = os.environ.get('ISP_TEST_BASE_DB')
BASE_ADDON = os.environ.get('ISP_TEST_BASE_ADDON')
COPY_LOCK = threading.Lock()


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
        rc, log, secs = run_odoo(
            db, ['-i', addon, '--test-enable', '--stop-after-init',
                 '--log-level=test'], 'matrix_%s.log' % addon)
        ran, failed = suite.odoo_counts(log, rc)
        return {'addon': addon, 'stage': 'tests', 'rc': rc, 'ran': ran,
                'failed': failed, 'log': log, 'secs': deps_secs + secs}
    finally:
        drop_db(db)


@pytest.fixture(scope='module')
def matrix(odoo_env):
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        # the addons with the most to install first: the two workers end
        # together
        order = sorted(ADDONS, key=lambda a: -len(suite.own_closure([a])))
        results = list(pool.map(install_alone, order))
    for result in results:
        print('matrix: %(addon)s %(ran)d tests, %(failed)d failed, '
              '%(secs).0f s' % result)
    return {result['addon']: result for result in results}


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
