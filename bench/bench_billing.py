"""Throughput of the billing run, and of Odoo's own path on the same data.

The bench never touches the demo database: it creates its own database
``isp_bench_<pid>`` from scratch (``odoo-bin -i isp_billing,l10n_generic_coa
--without-demo=all``: no demo data, only Odoo's generic chart of accounts, so
the numbers do not depend on demo data), and drops it at the end,
also on error or Ctrl-C. ``--template DB`` copies DB instead of installing
(faster when a database with isp_billing already exists).

In one Odoo environment it then

1. generates N customers (``--customers``, env ``BENCH_CUSTOMERS``, 1,000 by
   default) with 2 or 3 active, prepaid subscriptions each (fibre, mobile,
   and every other customer a fixed line), billing cycle day 1;
2. runs a billing run for the first day of the month: ``action_start``
   splits the customers in chunks and queues them, then each chunk is
   processed in this process (``chunk._process()``, what the queue job
   runs; no job runner), with a commit and a cleared cache after each
   chunk, as separate jobs would have; then ``action_post_invoices`` and
   the posting chunks the same way;
3. with ``--workers N`` (default: the number of CPUs; 1 skips it), runs the
   billing run of the next month on the same customers with its chunks
   shared by N worker processes, each with its own registry and cursor, as
   N queue_job workers would (a chunk refused for a concurrent update is
   done again, as queue_job does); the time runs from the moment every
   worker is ready to the last chunk committed;
   then its posting the same way (``action_post_invoices``, which numbers
   the invoices and counts in the posting's time, then the posting chunks
   shared by the N workers);
4. gives the same services to the same customers as confirmed sale orders
   (one per customer, not ISP contracts) and invoices them, 50 orders at a
   time, with ``sale.order.action_invoice_create()``: Odoo's own path. It
   runs on the first ``--odoo-sample`` customers (1,000 by default) when N
   is larger; the output says so.

Posting is measured both ways on the run's own draft invoices, with one
worker and with N: before the run posts its invoices (``action_post_invoices``,
the bulk path of ``bulk_post``), the first ``--odoo-post-sample`` of them (200
by default) are posted by Odoo's own path, one ``action_invoice_open()`` per
invoice in a savepoint, 50 invoices per transaction (what the posting chunks
did before the bulk path).

Prints draft invoices/s (one worker, and N workers), posted invoices/s, SQL
queries per invoice (``odoo.sql_db.sql_counter`` deltas) and the ratios to
Odoo's own path; asserts nothing.
"""
import argparse
import datetime
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHUNK_SIZE = 50
# (code, name, price): every customer has the first two, every other one
# the third as well
SERVICES = [
    ('BFIBRE', 'Bench fibre 600 Mb', 34.90),
    ('BMOBILE', 'Bench mobile 20 GB', 14.90),
    ('BVOICE', 'Bench fixed line', 7.50),
]
QUIET = {
    'tracking_disable': True,
    'mail_create_nolog': True,
    'mail_create_nosubscribe': True,
    'mail_notrack': True,
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--customers', type=int,
        default=int(os.environ.get('BENCH_CUSTOMERS', '1000')),
        help='customers to generate (default 1000, env BENCH_CUSTOMERS)')
    parser.add_argument(
        '--large', action='store_true',
        help='10,000 customers (same as --customers 10000)')
    parser.add_argument(
        '--odoo-sample', type=int,
        default=int(os.environ.get('BENCH_ODOO_SAMPLE', '1000')),
        help="customers invoiced through Odoo's own path at most "
             "(default 1000, env BENCH_ODOO_SAMPLE)")
    parser.add_argument(
        '--odoo-post-sample', type=int,
        default=int(os.environ.get('BENCH_ODOO_POST_SAMPLE', '200')),
        help="invoices of each run posted by Odoo's one-by-one "
             "action_invoice_open() before the run posts the others "
             "(default 200, env BENCH_ODOO_POST_SAMPLE)")
    parser.add_argument(
        '--workers', type=int,
        default=int(os.environ.get('BENCH_WORKERS', os.cpu_count() or 2)),
        help='worker processes for the second billing run (default: the '
             'number of CPUs, env BENCH_WORKERS)')
    parser.add_argument(
        '--template', default=os.environ.get('BENCH_TEMPLATE'),
        help='copy this database (isp_billing installed) instead of '
             'installing from scratch')
    return parser.parse_args()


def pg_environment():
    """The PostgreSQL server of tools/env.sh: the project-local cluster
    unless PGHOST points elsewhere."""
    env = dict(os.environ)
    if not env.get('PGHOST') or env.get('ISP_LOCAL_PG') == '1':
        local = env.get('ISP_LOCAL_DIR') or os.path.join(ROOT, '.local')
        env['PGHOST'] = os.path.join(local, 'run')
        env.setdefault('PGUSER', 'odoo')
        env.pop('PGPORT', None)
        env['ISP_LOCAL_PG'] = '1'
    env['PGDATABASE'] = 'postgres'
    return env


def run(command, env, log=None):
    """Run ``command``; stopped with us (an interrupted bench leaves no
    Odoo running on its database)."""
    handle = open(log, 'a') if log else None
    try:
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=handle,
            stderr=subprocess.STDOUT if handle else None)
        try:
            code = process.wait()
        except BaseException:
            process.terminate()
            process.wait(60)
            raise
    finally:
        if handle:
            handle.close()
    if code:
        raise subprocess.CalledProcessError(code, command)


def create_database(db, template, env):
    started = time.perf_counter()
    if template:
        run(['createdb', '-T', template, db], env)
        how = 'copied from %s' % template
    else:
        logdir = os.path.join(ROOT, '.local', 'logs')
        os.makedirs(logdir, exist_ok=True)
        log = os.path.join(logdir, 'bench_billing_install.log')
        if os.path.exists(log):
            os.unlink(log)
        run(['createdb', db], env)
        run([sys.executable, os.path.join(ROOT, 'tools', 'odoo-bin'),
             '-c', os.path.join(ROOT, 'odoo.conf'), '-d', db,
             '-i', 'isp_billing,l10n_generic_coa', '--without-demo=all',
             '--stop-after-init',
             '--no-http', '--log-level=warn'], env, log=log)
        how = 'installed from scratch, without demo (log: %s)' % (
            os.path.relpath(log, ROOT))
    return how, time.perf_counter() - started


def drop_database(db, env):
    import odoo
    odoo.sql_db.close_db(db)
    subprocess.call(['dropdb', '--if-exists', db], env=env, cwd=ROOT)


def queries(env):
    """Queries run so far on the bench's cursor."""
    return env.cr.sql_log_count


def ensure_chart_of_accounts(env):
    """A copied template may lack a chart: load Odoo's generic one."""
    if not env['account.journal'].search([('type', '=', 'sale')], limit=1):
        env.ref('l10n_generic_coa.configurable_chart_template') \
            .try_loading_for_current_company()


def generate(env, count):
    """``count`` customers with 2 or 3 active prepaid subscriptions each,
    started three months ago; returns (partners, the services of each).

    One prototype customer and one prototype subscription are created with
    the ORM; the others are copies of their rows made by SQL
    (``INSERT ... SELECT`` over ``generate_series``), so that generating
    10,000 customers takes seconds and the numbers measure billing only.
    """
    Product = env['product.product']
    products = [Product.create({
        'name': name, 'default_code': code, 'type': 'service',
        'list_price': price, 'invoice_policy': 'order',
    }) for code, name, price in SERVICES]
    date_start = (datetime.date.today().replace(day=1)
                  - datetime.timedelta(days=80)).replace(day=1)
    prototype = env['res.partner'].with_context(QUIET).create({
        'name': 'Bench customer 00000',
        'customer': True,
        'email': 'bench00000@example.com',
    })
    env['isp.subscription'].with_context(QUIET).create({
        'partner_id': prototype.id,
        'product_id': products[0].id,
        'price_unit': products[0].lst_price,
        'state': 'active',
        'date_start': date_start,
        'billing_cycle_day': 1,
        'billing_mode': 'prepaid',
    })
    cr = env.cr
    copy_rows(cr, 'res_partner', prototype.id, count - 1, {
        'name': "'Bench customer ' || lpad(n::text, 5, '0')",
        'display_name': "'Bench customer ' || lpad(n::text, 5, '0')",
        'email': "'bench' || lpad(n::text, 5, '0') || '@example.com'",
        'isp_customer_code': 'NULL',
        'commercial_partner_id': 'NULL',
    })
    cr.execute("UPDATE res_partner SET commercial_partner_id = id "
               "WHERE commercial_partner_id IS NULL")
    cr.execute("SELECT id FROM res_partner WHERE name LIKE 'Bench customer %%'"
               " ORDER BY id")
    partner_ids = [row[0] for row in cr.fetchall()]
    cr.execute('SELECT id FROM isp_subscription WHERE partner_id = %s',
               (prototype.id,))
    subscription_id = cr.fetchone()[0]
    for position, product in enumerate(products):
        # every customer has the first two services, odd ones the third
        cr.execute(
            'SELECT id FROM res_partner WHERE id = ANY(%s) AND id != %s '
            'AND (%s < 2 OR (id - %s) %% 2 = 1)',
            (partner_ids, prototype.id if position == 0 else -1,
             position, partner_ids[0]))
        # fetched first: reading the product below runs queries too
        ids = [row[0] for row in cr.fetchall()]
        copy_rows(cr, 'isp_subscription', subscription_id, None, {
            'partner_id': 'n',
            'product_id': str(product.id),
            'price_unit': repr(product.lst_price),
            'name': "'BENCH/' || n || '/%d'" % position,
        }, ids=ids)
    services = {}
    for partner_id in partner_ids:
        services[partner_id] = products[
            :3 if (partner_id - partner_ids[0]) % 2 else 2]
    env.cache.invalidate()
    return env['res.partner'].browse(partner_ids), services


def copy_rows(cr, table, source_id, count, overrides, ids=None):
    """Insert copies of row ``source_id`` of ``table``: ``count`` of them
    numbered 1..count, or one per value of ``ids``; ``overrides`` maps a
    column to an SQL expression of ``n`` (the number or the id)."""
    cr.execute(
        'SELECT column_name FROM information_schema.columns '
        'WHERE table_name = %s AND column_name != %s', (table, 'id'))
    columns = [row[0] for row in cr.fetchall()]
    select = ', '.join(overrides.get(column, 't.%s' % column)
                       for column in columns)
    series = ('unnest(%(ids)s::int[])' if ids is not None
              else 'generate_series(1, %(count)s)')
    cr.execute(
        'INSERT INTO %s (%s) SELECT %s FROM %s t, %s AS n '
        'WHERE t.id = %%(source)s' % (
            table, ', '.join(columns), select, table, series),
        {'ids': ids, 'count': count, 'source': source_id})


def process_chunks(env, chunks):
    """What the job runner would do: one chunk per transaction."""
    for chunk_id in chunks.ids:
        env['isp.billing.run.chunk'].browse(chunk_id)._process()
        env.cr.commit()
        env.clear()


def post_by_odoo(env, invoice_ids):
    """Odoo's own posting of ``invoice_ids``: ``action_invoice_open()`` per
    invoice, each in a savepoint (one bad invoice does not stop the
    others), as the posting chunks did before the bulk path."""
    for invoice in env['account.invoice'].browse(invoice_ids):
        with env.cr.savepoint():
            invoice.action_invoice_open()


def post_by_odoo_chunks(env, invoice_ids):
    """``post_by_odoo`` CHUNK_SIZE invoices per transaction; returns the
    seconds and the queries."""
    counter = queries(env)
    started = time.perf_counter()
    for index in range(0, len(invoice_ids), CHUNK_SIZE):
        post_by_odoo(env, invoice_ids[index:index + CHUNK_SIZE])
        env.cr.commit()
        env.clear()
    return time.perf_counter() - started, queries(env) - counter


def worker(db, chunk_queue, barrier, results):
    """A queue_job worker: its own process, registry and cursor; takes
    chunks from ``chunk_queue`` until none is left, one transaction per
    chunk, and does a chunk again when PostgreSQL refuses it for a
    concurrent update (what queue_job does). A chunk is the id of an
    ``isp.billing.run.chunk``, or a tuple of invoice ids to post by Odoo's
    own path (``post_by_odoo``)."""
    import queue
    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
    import psycopg2
    odoo.tools.config.parse_config([
        '-c', os.path.join(ROOT, 'odoo.conf'), '-d', db,
        '--log-level=warn', '--no-http'])
    # a chunk refused for a concurrent update is counted and done again:
    # no need for the refused query in the output
    import logging
    logging.getLogger('odoo.sql_db').setLevel(logging.CRITICAL)
    registry = odoo.registry(db)
    barrier.wait()
    chunks = retries = counted = failed = 0
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        start = queries(env)
        while True:
            try:
                chunk_id = chunk_queue.get_nowait()
            except queue.Empty:
                break
            while True:
                try:
                    if isinstance(chunk_id, tuple):
                        post_by_odoo(env, list(chunk_id))
                    else:
                        env['isp.billing.run.chunk'].browse(
                            chunk_id)._process()
                    cr.commit()
                    break
                except psycopg2.OperationalError as error:
                    if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                        raise
                    cr.rollback()
                    retries += 1
                except Exception:  # pylint: disable=broad-except
                    # what queue_job would mark failed: counted, not fatal
                    cr.rollback()
                    failed += 1
                    break
                finally:
                    env.clear()
            chunks += 1
        counted = queries(env) - start
    results.put((chunks, retries, counted, failed))


def process_chunks_in_workers(db, chunk_ids, workers):
    """Process ``chunk_ids`` in ``workers`` processes; returns (seconds
    from the moment every worker is ready to the last chunk done, retried
    chunks, queries)."""
    import multiprocessing
    context = multiprocessing.get_context('spawn')
    chunk_queue = context.Queue()
    for chunk_id in chunk_ids:
        chunk_queue.put(chunk_id)
    barrier = context.Barrier(workers + 1)
    results = context.Queue()
    processes = [context.Process(target=worker,
                                 args=(db, chunk_queue, barrier, results))
                 for _index in range(workers)]
    for process in processes:
        process.start()
    try:
        barrier.wait(timeout=300)
        started = time.perf_counter()
        done = [results.get() for _process in processes]
        elapsed = time.perf_counter() - started
    finally:
        for process in processes:
            process.join(60)
            if process.is_alive():
                process.terminate()
    if sum(chunks for chunks, _r, _q, _f in done) != len(chunk_ids):
        raise RuntimeError('the workers did not process every chunk')
    failed = sum(failed for _c, _r, _q, failed in done)
    if failed:
        print('  %d chunks failed in the workers' % failed)
    return (elapsed, sum(retries for _c, retries, _q, _f in done),
            sum(counted for _c, _r, counted, _f in done))


def bench_billing_run_workers(env, db, date, workers, odoo_sample):
    """The billing run of ``date`` with its chunks shared by ``workers``
    processes, as queue_job workers would; then its posting the same way:
    the first ``odoo_sample`` invoices by Odoo's own path, the others by
    the run's posting chunks."""
    Run = env['isp.billing.run']
    billing_run = Run.create({'date': date, 'cycle_day': 1,
                              'chunk_size': CHUNK_SIZE})
    billing_run.action_start()
    env.cr.commit()
    chunk_ids = billing_run.chunk_ids.filtered(
        lambda c: c.step == 'invoice').ids
    elapsed, retries, counted = process_chunks_in_workers(
        db, chunk_ids, workers)
    # a new transaction: it sees what the workers committed
    env.cr.commit()
    env.clear()
    billing_run = Run.browse(billing_run.id)
    billing_run.action_check_done()
    env.cr.commit()
    invoices = billing_run.invoice_ids
    result = {
        'workers': workers,
        'state': billing_run.state,
        'invoices': len(invoices),
        'failures': len(billing_run.failure_ids),
        'time': elapsed,
        'retries': retries,
        'queries': counted,
        'amount': sum(invoices.mapped('amount_total')),
    }
    # the range of the sequence for the run's year, made before the
    # workers: Odoo's own _next() creates a missing one in each
    # transaction that needs it, so two workers starting a new year at
    # the same time would both number from 1
    for journal in invoices.mapped('journal_id'):
        sequence = journal.sequence_id
        if sequence.use_date_range and not env[
                'ir.sequence.date_range'].search([
                    ('sequence_id', '=', sequence.id),
                    ('date_from', '<=', date), ('date_to', '>=', date)]):
            sequence._create_date_range_seq(date)
    env.cr.commit()
    sample = invoices.sorted('id').ids[:odoo_sample]
    result['odoo'] = post_in_workers_by_odoo(db, sample, workers)
    env.cr.commit()
    env.clear()
    billing_run = Run.browse(billing_run.id)
    # the button (it numbers the invoices) counts in the posting's time
    counter = queries(env)
    started = time.perf_counter()
    billing_run.action_post_invoices()
    env.cr.commit()
    button_time = time.perf_counter() - started
    button_queries = queries(env) - counter
    chunk_ids = Run.browse(billing_run.id).chunk_ids.filtered(
        lambda c: c.step == 'post').ids
    elapsed, retries, counted = process_chunks_in_workers(
        db, chunk_ids, workers)
    elapsed += button_time
    counted += button_queries
    env.cr.commit()
    env.clear()
    billing_run = Run.browse(billing_run.id)
    result['post'] = {
        'time': elapsed,
        'button_time': button_time,
        'retries': retries,
        'queries': counted,
        'posted': len(billing_run.invoice_ids.filtered(
            lambda i: i.state == 'open')) - result['odoo']['posted'],
        'failures': len(billing_run.failure_ids.filtered(
            lambda f: f.step == 'post')),
    }
    return result


def post_in_workers_by_odoo(db, invoice_ids, workers):
    """Odoo's own posting of ``invoice_ids``, CHUNK_SIZE invoices per
    transaction shared by ``workers`` processes."""
    chunks = [tuple(invoice_ids[index:index + CHUNK_SIZE])
              for index in range(0, len(invoice_ids), CHUNK_SIZE)]
    elapsed, retries, counted = process_chunks_in_workers(
        db, chunks, workers)
    return {'time': elapsed, 'retries': retries, 'queries': counted,
            'posted': len(invoice_ids)}


def bench_billing_run(env, date, odoo_sample):
    Run = env['isp.billing.run']
    counter = queries(env)
    started = time.perf_counter()
    billing_run = Run.create({'date': date, 'cycle_day': 1,
                              'chunk_size': CHUNK_SIZE})
    billing_run.action_start()
    env.cr.commit()
    process_chunks(env, billing_run.chunk_ids.filtered(
        lambda c: c.step == 'invoice'))
    # the job each chunk queued to mark the run done
    Run.browse(billing_run.id).action_check_done()
    env.cr.commit()
    draft_time = time.perf_counter() - started
    draft_queries = queries(env) - counter
    billing_run = Run.browse(billing_run.id)
    invoices = billing_run.invoice_ids
    result = {
        'state': billing_run.state,
        'invoices': len(invoices),
        'lines': len(invoices.mapped('invoice_line_ids')),
        'failures': len(billing_run.failure_ids),
        'draft_time': draft_time,
        'draft_queries': draft_queries,
        'amount': sum(invoices.mapped('amount_total')),
    }
    # Odoo's own posting, on the first invoices of the run
    sample = invoices.sorted('id').ids[:odoo_sample]
    odoo_time, odoo_queries = post_by_odoo_chunks(env, sample)
    result['odoo'] = {'time': odoo_time, 'queries': odoo_queries,
                      'posted': len(sample), 'retries': 0}
    billing_run = Run.browse(billing_run.id)
    counter = queries(env)
    started = time.perf_counter()
    billing_run.action_post_invoices()
    env.cr.commit()
    result['post_button_time'] = time.perf_counter() - started
    process_chunks(env, Run.browse(billing_run.id).chunk_ids.filtered(
        lambda c: c.step == 'post'))
    result['post_time'] = time.perf_counter() - started
    result['post_queries'] = queries(env) - counter
    result['posted'] = len(Run.browse(billing_run.id).invoice_ids.filtered(
        lambda i: i.state == 'open')) - len(sample)
    return result


def bench_sale_orders(env, partners, services):
    """Odoo's own path: the same services as confirmed sale orders,
    invoiced with action_invoice_create, CHUNK_SIZE orders at a time."""
    SaleOrder = env['sale.order'].with_context(QUIET)
    started = time.perf_counter()
    orders = SaleOrder
    for partner in partners:
        orders |= SaleOrder.create({
            'partner_id': partner.id,
            'order_line': [(0, 0, {
                'product_id': product.id,
                'product_uom_qty': 1.0,
                'price_unit': product.lst_price,
            }) for product in services[partner.id]],
        })
    for order in orders:
        # one by one: Odoo 11's _action_confirm reads analytic_account_id
        # as a singleton
        order.action_confirm()
    env.cr.commit()
    setup_time = time.perf_counter() - started
    env.clear()
    counter = queries(env)
    started = time.perf_counter()
    invoice_ids = []
    for index in range(0, len(orders), CHUNK_SIZE):
        chunk = env['sale.order'].browse(orders.ids[index:index + CHUNK_SIZE])
        invoice_ids.extend(chunk.action_invoice_create())
        env.cr.commit()
        env.clear()
    invoices = env['account.invoice'].browse(invoice_ids)
    return {
        'orders': len(orders),
        'setup_time': setup_time,
        'invoices': len(invoices),
        'lines': len(invoices.mapped('invoice_line_ids')),
        'time': time.perf_counter() - started,
        'queries': queries(env) - counter,
        'amount': sum(invoices.mapped('amount_total')),
    }


def rate(count, seconds):
    return count / seconds if seconds else 0.0


def per(total, count):
    return total / count if count else 0.0


def main():
    args = parse_args()
    if args.large:
        args.customers = 10000
    pg_env = pg_environment()
    os.environ.update(pg_env)
    os.chdir(ROOT)
    db = 'isp_bench_%d' % os.getpid()
    print('bench_billing: %d customers, database %s' % (args.customers, db))
    sys.stdout.flush()
    import odoo
    from odoo import SUPERUSER_ID, api
    try:
        how, install_time = create_database(db, args.template, pg_env)
        print('  database %s in %.0f s' % (how, install_time))
        odoo.tools.config.parse_config([
            '-c', os.path.join(ROOT, 'odoo.conf'), '-d', db,
            '--log-level=warn', '--no-http'])
        registry = odoo.registry(db)
        with api.Environment.manage(), registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            ensure_chart_of_accounts(env)
            started = time.perf_counter()
            partners, services = generate(env, args.customers)
            cr.commit()
            subscriptions = sum(len(s) for s in services.values())
            print('  generated %d customers, %d subscriptions in %.0f s' % (
                len(partners), subscriptions, time.perf_counter() - started))
            date = fields_date(datetime.date.today().replace(day=1))
            ours = bench_billing_run(env, date, args.odoo_post_sample)
            parallel = None
            if args.workers > 1:
                # the next month, the same customers, chunks shared by
                # several worker processes
                parallel = bench_billing_run_workers(
                    env, db, next_month(date), args.workers,
                    args.odoo_post_sample)
            sample = partners[:args.odoo_sample]
            theirs = bench_sale_orders(env, sample, services)
        report(args, ours, theirs, date, parallel)
    finally:
        drop_database(db, pg_env)


def fields_date(date):
    return date.strftime('%Y-%m-%d')


def next_month(date):
    day = datetime.datetime.strptime(date, '%Y-%m-%d').date()
    return fields_date((day.replace(day=28) + datetime.timedelta(days=4))
                       .replace(day=1))


def report(args, ours, theirs, date, parallel=None):
    draft_rate = rate(ours['invoices'], ours['draft_time'])
    odoo_rate = rate(theirs['invoices'], theirs['time'])
    print('  billing run of %s (state %s): %d draft invoices, %d lines, '
          '%d failures, total %.2f' % (
              date, ours['state'], ours['invoices'], ours['lines'],
              ours['failures'], ours['amount']))
    print('  %-36s %8.1f invoices/s  (%d in %.1f s)' % (
        'draft invoices (billing run)', draft_rate, ours['invoices'],
        ours['draft_time']))
    print('  %-36s %8.1f queries/invoice' % (
        'SQL, draft (billing run)', per(ours['draft_queries'],
                                        ours['invoices'])))
    report_posting(1, {'time': ours['post_time'],
                       'button_time': ours['post_button_time'],
                       'queries': ours['post_queries'],
                       'posted': ours['posted'], 'retries': 0},
                   ours['odoo'])
    sample_note = ''
    if theirs['orders'] < args.customers:
        sample_note = ' (sample: first %d of %d customers)' % (
            theirs['orders'], args.customers)
    print("  Odoo's own path: %d confirmed sale orders%s, %d lines, total "
          '%.2f (orders created and confirmed in %.0f s, not timed)' % (
              theirs['orders'], sample_note, theirs['lines'],
              theirs['amount'], theirs['setup_time']))
    print('  %-36s %8.1f invoices/s  (%d in %.1f s)' % (
        'draft invoices (action_invoice_create)', odoo_rate,
        theirs['invoices'], theirs['time']))
    print('  %-36s %8.1f queries/invoice' % (
        'SQL, action_invoice_create', per(theirs['queries'],
                                          theirs['invoices'])))
    print('  %-36s %8.1f x' % (
        "ratio billing run / Odoo's own path",
        draft_rate / odoo_rate if odoo_rate else 0.0))
    if parallel:
        parallel_rate = rate(parallel['invoices'], parallel['time'])
        print('  billing run of the next month with %d workers (state %s): '
              '%d draft invoices, %d failures, total %.2f, %d chunks done '
              'again after a concurrent update' % (
                  parallel['workers'], parallel['state'],
                  parallel['invoices'], parallel['failures'],
                  parallel['amount'], parallel['retries']))
        print('  %-36s %8.1f invoices/s  (%d in %.1f s)' % (
            'draft invoices (%d workers)' % parallel['workers'],
            parallel_rate, parallel['invoices'], parallel['time']))
        print('  %-36s %8.1f queries/invoice' % (
            'SQL, draft (%d workers)' % parallel['workers'],
            per(parallel['queries'], parallel['invoices'])))
        print('  %-36s %8.1f x' % (
            "ratio %d workers / Odoo's own path" % parallel['workers'],
            parallel_rate / odoo_rate if odoo_rate else 0.0))
        report_posting(parallel['workers'], parallel['post'],
                       parallel['odoo'])
    sys.stdout.flush()


def report_posting(workers, ours, theirs):
    """Posting, the run's bulk path and Odoo's one-by-one
    action_invoice_open(), side by side."""
    ours_rate = rate(ours['posted'], ours['time'])
    odoo_rate = rate(theirs['posted'], theirs['time'])
    label = '%d worker%s' % (workers, 's' if workers > 1 else '')
    print('  posting with %s: bulk path (posting chunks) vs Odoo\'s '
          'action_invoice_open() one by one (sample: the first %d '
          'invoices of the run)' % (label, theirs['posted']))
    for name, values, speed in (('bulk path', ours, ours_rate),
                                ('action_invoice_open', theirs, odoo_rate)):
        print('  %-36s %8.1f invoices/s  (%d in %.1f s, %d chunks done '
              'again)  %6.1f queries/invoice' % (
                  'posted, %s, %s' % (label, name), speed,
                  values['posted'], values['time'], values['retries'],
                  per(values['queries'], values['posted'])))
    if ours.get('button_time') is not None:
        print('  %-36s %8.1f s' % (
            'of which numbering (Post button)', ours['button_time']))
    print('  %-36s %8.1f x' % ('ratio posting %s / Odoo' % label,
                               ours_rate / odoo_rate if odoo_rate else 0.0))


if __name__ == '__main__':
    main()
