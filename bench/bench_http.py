"""HTTP latency of the running suite on the demo database.

Starts Odoo (one process, threaded, as make run does) on a free port against
isp_demo, then times sequential requests: the login page, the backend after
an admin login, and the portal home of the demo customer. Prints median and
95th percentile per page; asserts nothing.
"""
import os
import socket
import statistics
import subprocess
import sys
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DB = os.environ.get('DEMO_DB', 'isp_demo')
ROUNDS = int(os.environ.get('BENCH_ROUNDS', '30'))


def free_port():
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def login(session, base, user, password):
    page = session.get(base + '/web/login')
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    answer = session.post(base + '/web/login', data={
        'login': user, 'password': password, 'csrf_token': token,
        'db': DB})
    answer.raise_for_status()


def wait_for_server(server, logfile):
    """Return once the registry is loaded (see tests/conftest.py
    wait_for_server): the first request only then."""
    deadline = time.time() + 180
    while True:
        if os.path.exists(logfile):
            with open(logfile, errors='replace') as handle:
                if 'Modules loaded.' in handle.read():
                    return
        if time.time() > deadline or server.poll() is not None:
            raise RuntimeError('Odoo did not start; see %s' % logfile)
        time.sleep(0.3)


def timed(session, url, rounds):
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        answer = session.get(url)
        times.append(time.perf_counter() - started)
        if answer.status_code != 200:
            raise RuntimeError('%s answered %s' % (url, answer.status_code))
    return times


def report(name, times):
    times = sorted(times)
    p95 = times[max(0, int(round(len(times) * 0.95)) - 1)]
    print('%-28s n=%-3d median %6.1f ms   p95 %6.1f ms' % (
        name, len(times), statistics.median(times) * 1000, p95 * 1000))


def main():
    port = free_port()
    base = 'http://127.0.0.1:%d' % port
    logfile = os.path.join(ROOT, '.local', 'logs', 'bench_server.log')
    if os.path.exists(logfile):
        os.unlink(logfile)
    server = subprocess.Popen(
        [sys.executable, os.path.join(ROOT, 'tools', 'odoo-bin'),
         '-c', os.path.join(ROOT, 'odoo.conf'), '-d', DB,
         '--http-port', str(port), '--logfile', logfile], cwd=ROOT)
    try:
        wait_for_server(server, logfile)
        print('bench_http: %d sequential requests per page on %s' % (
            ROUNDS, DB))
        anonymous = requests.Session()
        report('GET /web/login', timed(anonymous, base + '/web/login',
                                       ROUNDS))
        admin = requests.Session()
        login(admin, base, 'admin', 'admin')
        report('GET /web (admin)', timed(admin, base + '/web', ROUNDS))
        customer = requests.Session()
        login(customer, base, 'customer', 'customer')
        report('GET /my (portal customer)', timed(customer, base + '/my',
                                                  ROUNDS))
    finally:
        server.terminate()
        server.wait(30)


if __name__ == '__main__':
    main()
