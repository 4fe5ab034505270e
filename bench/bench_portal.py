"""Latency of the customer's money pages in the portal.

Starts Odoo (one process, threaded, as make run does) on a free port against
the demo database, logs in as the demo portal customer (customer/customer,
twelve months of invoices) and times sequential requests of the portal home
(/my: balance, next debit, last invoice), the invoices (/my/invoices) and,
as the yardstick, Odoo's own simplest portal page (/my/account) in the same
run, interleaved so that all three see the same machine load. Prints the
median and 95th percentile of each and the ratio of the medians to
/my/account; asserts nothing.
"""
import os
import statistics
import subprocess
import sys
import time

import requests

from bench_http import DB, ROOT, free_port, login, wait_for_server

ROUNDS = int(os.environ.get('BENCH_ROUNDS', '30'))
LOGIN = os.environ.get('BENCH_PORTAL_LOGIN', 'customer')
PAGES = ('/my/account', '/my', '/my/invoices')


def timed_rounds(session, base, pages, rounds):
    """{page: [seconds]}: one request of each page per round."""
    times = {page: [] for page in pages}
    for page in pages:  # warm-up: templates, assets, caches
        session.get(base + page)
    for _ in range(rounds):
        for page in pages:
            started = time.perf_counter()
            answer = session.get(base + page)
            times[page].append(time.perf_counter() - started)
            if answer.status_code != 200:
                raise RuntimeError('%s answered %s' % (
                    page, answer.status_code))
    return times


def report(times):
    reference = statistics.median(times['/my/account'])
    for page, values in times.items():
        values = sorted(values)
        p95 = values[max(0, int(round(len(values) * 0.95)) - 1)]
        median = statistics.median(values)
        print('%-36s n=%-3d median %6.1f ms   p95 %6.1f ms   %.2fx '
              '/my/account' % ('GET %s (portal customer)' % page,
                               len(values), median * 1000, p95 * 1000,
                               median / reference))


def main():
    port = free_port()
    base = 'http://127.0.0.1:%d' % port
    logfile = os.path.join(ROOT, '.local', 'logs', 'bench_portal_server.log')
    os.makedirs(os.path.dirname(logfile), exist_ok=True)
    if os.path.exists(logfile):
        os.unlink(logfile)
    server = subprocess.Popen(
        [sys.executable, os.path.join(ROOT, 'tools', 'odoo-bin'),
         '-c', os.path.join(ROOT, 'odoo.conf'), '-d', DB,
         '--http-port', str(port), '--logfile', logfile], cwd=ROOT)
    try:
        wait_for_server(server, logfile)
        print('bench_portal: %d rounds of %s on %s as %s' % (
            ROUNDS, ', '.join(PAGES), DB, LOGIN))
        customer = requests.Session()
        login(customer, base, LOGIN, LOGIN)
        report(timed_rounds(customer, base, PAGES, ROUNDS))
    finally:
        server.terminate()
        server.wait(30)


if __name__ == '__main__':
    main()
