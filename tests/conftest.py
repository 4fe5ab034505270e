"""Suite-level test fixtures: run Odoo against the project's PostgreSQL.

`make test` exports ISP_TEST_RUN_ID; every database made here is named
``isp_test_<run id>_...`` so that make test drops it at the end (and each test
drops its own as soon as it is done).
"""
import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tools'))

import suite  # noqa: E402  (tools/suite.py)

RUN_ID = os.environ.get('ISP_TEST_RUN_ID') or 'adhoc_%d' % os.getpid()
LOG_DIR = os.path.join(ROOT, '.local', 'logs', 'test_' + RUN_ID)
PYTHON = os.path.join(ROOT, '.venv', 'bin', 'python')


def odoo_cmd(*args):
    return [PYTHON, os.path.join(ROOT, 'tools', 'odoo-bin'),
            '-c', os.path.join(ROOT, 'odoo.conf')] + list(args)


def db_name(suffix):
    return 'isp_test_%s_%s' % (RUN_ID, suffix)


def free_port():
    """A free TCP port: each Odoo process serves HTTP for its HttpCase tests
    and two of them (or make run) must not share a port."""
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def run_odoo(db, args, log_name, env=None):
    """Run Odoo once on ``db`` (``env``: more environment variables);
    return (exit code, log text, seconds)."""
    os.makedirs(LOG_DIR, exist_ok=True)
    logfile = os.path.join(LOG_DIR, log_name)
    started = time.time()
    proc = subprocess.run(
        odoo_cmd('-d', db, '--logfile', logfile,
                 '--http-port', str(free_port()), *args), cwd=ROOT,
        env=dict(os.environ, **(env or {})),
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    with open(logfile, errors='replace') as handle:
        text = handle.read()
    return proc.returncode, text, time.time() - started


def warm_report_assets(db):
    """Compile the report layout's bundles on ``db``, committed
    (tools/warm_report_assets.py says why)."""
    with open(os.path.join(ROOT, 'tools', 'warm_report_assets.py')) as script:
        subprocess.run(
            [PYTHON, os.path.join(ROOT, 'tools', 'odoo-bin'), 'shell', '-c',
             os.path.join(ROOT, 'odoo.conf'), '-d', db, '--no-http',
             '--log-level=warn'], stdin=script, cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


def reset_stuck_modules(db):
    """See tools/env.sh: linking addons whose apps are missing stay "to
    install" and stop Odoo's cron workers on the database."""
    subprocess.run(['psql', '-X', '-q', '-d', db, '-c',
                    "UPDATE ir_module_module SET state='uninstalled' "
                    "WHERE state='to install'"], check=True)


def wait_for_server(base, logfile, proc, timeout=180):
    """Wait until Odoo has loaded the registry. A request that arrives while
    the registry is still loading makes Odoo 11 import every addon in the
    request thread at the same time, which can break that first load."""
    import requests
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError('Odoo stopped; see %s' % logfile)
        if os.path.exists(logfile):
            with open(logfile, errors='replace') as handle:
                text = handle.read()
            if 'odoo.modules.loading: Modules loaded.' in text:
                try:
                    requests.get(base + '/web/login', timeout=30)
                    return
                except requests.ConnectionError:
                    pass
        time.sleep(0.3)
    raise RuntimeError('Odoo did not load within %d s; see %s'
                       % (timeout, logfile))


@contextlib.contextmanager
def odoo_server(log_name, *args, port=None):
    """Odoo serving with ``args`` (``-d DB``...) on ``port`` (default: a
    free one), its log in ``LOG_DIR/log_name``: yields ``{'base': url,
    'log': path}`` once the registry is loaded, and stops the server at the
    end."""
    port = port or free_port()
    os.makedirs(LOG_DIR, exist_ok=True)
    logfile = os.path.join(LOG_DIR, log_name)
    proc = subprocess.Popen(odoo_cmd(*(args + (
        '--http-port', str(port), '--logfile', logfile))), cwd=ROOT)
    base = 'http://127.0.0.1:%d' % port
    try:
        try:
            wait_for_server(base, logfile, proc)
        except RuntimeError as error:
            pytest.fail(str(error))
        yield {'base': base, 'log': logfile}
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


def load_source(path):
    """The plain-Python module at ``path`` (e.g. a helper of an addon's
    tests that does not import Odoo), loaded by its path."""
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def drop_db(db):
    subprocess.run(['dropdb', '--if-exists', db], stderr=subprocess.DEVNULL)
    filestore = os.path.join(ROOT, '.local', 'data', 'filestore', db)
    subprocess.run(['rm', '-rf', filestore])


@pytest.fixture(scope='session')
def odoo_env():
    """Check that the bootstrap ran and PostgreSQL answers."""
    if not os.path.exists(PYTHON):
        pytest.fail('no venv: run make test (or tools/bootstrap.sh) first')
    proc = subprocess.run(['psql', '-X', '-tAc', 'SELECT 1', '-d', 'postgres'],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        pytest.fail('PostgreSQL does not answer (PGHOST=%s): %s'
                    % (os.environ.get('PGHOST'), proc.stdout.decode()))
    return suite


# The live server: Odoo serving LIVE_DB (make test exports ISP_TEST_DB, the
# database with the six addons installed) in its own process, shared by every
# test module of the session. Tests that need several real transactions at
# once (parallel requests) run against it; each creates its own data through
# rpc() as admin and never relies on another module's data.
LIVE_DB = os.environ.get('ISP_TEST_DB')


@pytest.fixture(scope='session')
def server():
    if not LIVE_DB:
        pytest.skip('ISP_TEST_DB not set (make test sets it)')
    with odoo_server('live_server.log', '-d', LIVE_DB) as live:
        yield live


def login(base, user, password):
    """A requests session logged in through the login form (and the answer)."""
    import re
    import requests
    session = requests.Session()
    page = session.get(base + '/web/login')
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    answer = session.post(base + '/web/login', data={
        'login': user, 'password': password, 'csrf_token': token.group(1),
        'db': LIVE_DB})
    return session, answer


def rpc(session, base, model, method, args, kwargs=None):
    """Call a model method the way the web client does
    (/web/dataset/call_kw); return the JSON-RPC answer (result or error)."""
    url = '%s/web/dataset/call_kw/%s/%s' % (base, model, method)
    answer = session.post(url, json={
        'jsonrpc': '2.0', 'method': 'call', 'id': 1,
        'params': {'model': model, 'method': method, 'args': args,
                   'kwargs': kwargs or {}}})
    answer.raise_for_status()
    return answer.json()
