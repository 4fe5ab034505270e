"""Time to make a valid SEPA direct debit file (pain.008) of a big batch.

No database: the bench generates N realistic debits (``--sizes``, env
``BENCH_SEPA_SIZES``, 10,000 and 100,000 by default): customer names with
accents from five markets, IBANs of seven countries (valid mod 97), BICs
for about half of them, one mandate each, two collection dates, one debit in
ten a first debit (FRST), the others recurring (RCUR).

For each size it times, from the plain data to the bytes of the file:

- ours, pain.008.001.02 and pain.008.001.08: ``rules/pain008.build`` of
  isp_billing (input checks, the document, its validation against the ISO
  20022 XSD shipped in the addon with libxml2);
- the ``sepaxml`` library (``SepaDD``, schema pain.008.001.02, batch
  booking) on the same debits: ``add_payment`` for each, then
  ``export(validate=True)``, which validates the file against sepaxml's own
  copy of the XSD with the pure-Python ``xmlschema`` package.

Prints seconds and debits/s for each, the ratio of the largest to the
smallest size (cost linear in the number of debits: the ratio of the
sizes) and ours against sepaxml; asserts nothing.

With ``--odoo-db DB`` (env ``BENCH_SEPA_ODOO_DB``; ``--odoo-size``, 10,000 by
default) it also times ``generate_payment_file`` of a debit order of that
many bank lines in the database DB (an existing database with isp_billing,
e.g. the demo one): the order, its lines, partners, bank accounts and
mandates are inserted with SQL in one transaction, the file is made with
pain.008.001.02, .08 and OCA's own generator (pain.008.001.03, the nearest
flavour it still builds), and the transaction is rolled back: nothing is
kept.
"""
import argparse
import datetime
import gc
import logging
import os
import random
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIRST_NAMES = [
    'José', 'María', 'Núria', 'Iñaki', 'Begoña', 'Àlex', 'Luca', 'Giulia',
    'Niccolò', 'Francesca', 'Ioana', 'Ștefan', 'Mădălina', 'Răzvan',
    'Jürgen', 'Müller', 'Zoë', 'François', 'Hélène', 'Loïc', 'Ana', 'Pedro',
]
LAST_NAMES = [
    'García Peña', 'Muñoz', 'Fernández', "O'Connor", 'Sánchez-Ibáñez',
    'Rossi', 'De Luca', 'Bianchi & Figli', 'Popescu', 'Țurcanu', 'Ionescu',
    'Brâncuși', 'Schröder', 'Weiß', 'Lefèvre', 'Gonçalves', 'Dupré',
    'Carrasco Cañete', 'Esposito', 'Dumitrașcu',
]
COMPANIES = ['S.L.', 'S.A.', 'S.r.l.', 'SRL', 'GmbH', 'SARL']
# country, BBAN layout (n digits, a letters, c letters or digits), BICs
COUNTRIES = [
    ('ES', [('n', 20)], ['CAIXESBBXXX', 'BSCHESMMXXX', 'BBVAESMMXXX']),
    ('IT', [('a', 1), ('n', 10), ('c', 12)], ['UNCRITMMXXX', 'BCITITMM']),
    ('RO', [('a', 4), ('c', 16)], ['RNCBROBUXXX', 'BTRLRO22']),
    ('DE', [('n', 18)], ['COBADEFFXXX', 'DEUTDEFF']),
    ('FR', [('n', 10), ('c', 11), ('n', 2)], ['BNPAFRPPXXX', 'AGRIFRPP']),
    ('NL', [('a', 4), ('n', 10)], ['ABNANL2A', 'INGBNL2A']),
    ('BE', [('n', 12)], ['GEBABEBB', 'KREDBEBB']),
]
CHARS = {'n': '0123456789', 'a': 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
         'c': '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--sizes', default=os.environ.get('BENCH_SEPA_SIZES',
                                          '10000,100000'),
        help='comma-separated numbers of debits (default 10000,100000, '
             'env BENCH_SEPA_SIZES)')
    parser.add_argument(
        '--no-sepaxml', action='store_true',
        help='time ours only')
    parser.add_argument(
        '--odoo-db', default=os.environ.get('BENCH_SEPA_ODOO_DB'),
        help='also time generate_payment_file in this database (rolled '
             'back; env BENCH_SEPA_ODOO_DB)')
    parser.add_argument(
        '--odoo-size', type=int, default=10000,
        help='bank lines of the debit order in --odoo-db (default 10000)')
    return parser.parse_args()


def iban(rng, country, layout):
    bban = ''.join(rng.choice(CHARS[kind]) for kind, size in layout
                   for __ in range(size))
    digits = (bban + country + '00').translate(
        {ord(c): str(ord(c) - 55) for c in CHARS['a']})
    return '%s%02d%s' % (country, 98 - int(digits) % 97, bban)


def generate(size, seed=20261205):
    """``size`` debits as dicts of plain values."""
    rng = random.Random(seed)
    dates = [datetime.date(2026, 12, 7), datetime.date(2026, 12, 15)]
    debits = []
    for number in range(1, size + 1):
        country, layout, bics = rng.choice(COUNTRIES)
        name = '%s %s' % (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
        if rng.random() < 0.1:
            name += ' ' + rng.choice(COMPANIES)
        debits.append({
            'number': number,
            'name': name,
            'iban': iban(rng, country, layout),
            'bic': rng.choice(bics) if rng.random() < 0.5 else '',
            'amount_cents': rng.choice([1490, 2990, 3490, 4240, 5980]) +
            rng.randrange(0, 500),
            'mandate_id': 'ISP-%d-%07d' % (2020 + number % 6, number),
            'mandate_date': datetime.date(2020 + number % 6, 1 + number % 12,
                                          1 + number % 28),
            'collection_date': dates[number % 2],
            'sequence_type': 'FRST' if number % 10 == 0 else 'RCUR',
            'end_to_end_id': 'L%09d' % number,
            'remittance': 'Factura FAC/2026/%07d - noviembre' % number,
        })
    return debits


def ours(flavour, debits):
    from odoo.addons.isp_billing.rules import pain008
    started = time.perf_counter()
    creditor = pain008.Creditor(
        'ISP Bench', 'ISP Telecomunicaciones S.L.',
        'ES9121000418450200051332', 'CAIXESBBXXX', 'ES50ZZZM23456789')
    rows = [pain008.Debit(
        record=d['name'], end_to_end_id=d['end_to_end_id'],
        amount='%d.%02d' % divmod(d['amount_cents'], 100),
        mandate_id=d['mandate_id'], mandate_date=d['mandate_date'],
        debtor_name=d['name'], debtor_iban=d['iban'], debtor_bic=d['bic'],
        remittance=d['remittance'], collection_date=d['collection_date'],
        sequence_type=d['sequence_type']) for d in debits]
    data = pain008.build(
        flavour, 'PAY2026-12-BENCH', datetime.datetime(2026, 12, 5, 10, 0),
        pain008.InitiatingParty('ISP Telecomunicaciones S.L.'), creditor,
        rows)
    return time.perf_counter() - started, len(data)


def with_sepaxml(debits):
    from sepaxml import SepaDD
    started = time.perf_counter()
    sepa = SepaDD({
        'name': 'ISP Telecomunicaciones S.L.',
        'IBAN': 'ES9121000418450200051332',
        'BIC': 'CAIXESBBXXX',
        'batch': True,
        'creditor_id': 'ES50ZZZM23456789',
        'currency': 'EUR',
    }, schema='pain.008.001.02')
    for d in debits:
        payment = {
            'name': d['name'],
            'IBAN': d['iban'],
            'amount': d['amount_cents'],
            'type': d['sequence_type'],
            'collection_date': d['collection_date'],
            'mandate_id': d['mandate_id'],
            'mandate_date': d['mandate_date'],
            'description': d['remittance'],
            'endtoend_id': d['end_to_end_id'],
        }
        if d['bic']:
            payment['BIC'] = d['bic']
        sepa.add_payment(payment)
    data = sepa.export(validate=True)
    return time.perf_counter() - started, len(data)


def insert_order(env, debits):
    """A confirmed SEPA direct debit order of ``debits`` (SQL inserts)."""
    cr = env.cr
    company = env.user.company_id
    company.sepa_creditor_identifier = 'ES50ZZZM23456789'
    method = env.ref('account_banking_sepa_direct_debit.sepa_direct_debit')
    bank = env['res.bank'].create({'name': 'Bench bank', 'bic': 'CAIXESBBXXX'})
    account = env['res.partner.bank'].create({
        'acc_number': iban(random.Random(len(debits)), 'ES', [('n', 20)]),
        'partner_id': company.partner_id.id, 'bank_id': bank.id})
    journal = env['account.journal'].create({
        'name': 'Bench SEPA', 'code': 'BSDD', 'type': 'bank',
        'bank_account_id': account.id,
        'inbound_payment_method_ids': [(4, method.id)]})
    mode = env['account.payment.mode'].create({
        'name': 'Bench SEPA', 'bank_account_link': 'fixed',
        'fixed_journal_id': journal.id, 'payment_method_id': method.id})
    order = env['account.payment.order'].create(
        {'payment_mode_id': mode.id})
    eur = env.ref('base.EUR').id
    cr.execute("SELECT invoice_warn, sale_warn, agent_type, settlement, "
               "isp_customer_state FROM res_partner LIMIT 1")
    defaults = cr.fetchone()
    for d in debits:
        cr.execute(
            "INSERT INTO res_partner (name, display_name, active, customer, "
            "company_id, type, invoice_warn, sale_warn, agent_type, "
            "settlement, isp_customer_state) VALUES (%s, %s, true, true, "
            "%s, 'contact', %s, %s, %s, %s, %s) RETURNING id",
            (d['name'], d['name'], company.id) + defaults)
        partner = cr.fetchone()[0]
        cr.execute("INSERT INTO res_bank (name, bic, active) VALUES "
                   "(%s, %s, true) RETURNING id",
                   ('Bench %d' % d['number'], d['bic'] or None))
        debtor_bank = cr.fetchone()[0]
        cr.execute(
            "INSERT INTO res_partner_bank (acc_number, sanitized_acc_number, "
            "partner_id, company_id, bank_id) VALUES (%s, %s, %s, %s, %s) "
            "RETURNING id",
            (d['iban'], d['iban'], partner, company.id, debtor_bank))
        debtor_account = cr.fetchone()[0]
        cr.execute(
            "INSERT INTO account_banking_mandate (format, company_id, "
            "partner_bank_id, partner_id, unique_mandate_reference, "
            "signature_date, state, type, recurrent_sequence_type, scheme) "
            "VALUES ('sepa', %s, %s, %s, %s, %s, 'valid', 'recurrent', %s, "
            "'CORE') RETURNING id",
            (company.id, debtor_account, partner, d['mandate_id'],
             d['mandate_date'],
             'first' if d['sequence_type'] == 'FRST' else 'recurring'))
        mandate = cr.fetchone()[0]
        amount = d['amount_cents'] / 100.0
        cr.execute(
            "INSERT INTO bank_payment_line (name, order_id, communication, "
            "amount_currency, company_id, partner_id, state, payment_type) "
            "VALUES (%s, %s, %s, %s, %s, %s, 'open', 'inbound') "
            "RETURNING id",
            (d['end_to_end_id'], order.id, d['remittance'], amount,
             company.id, partner))
        bank_line = cr.fetchone()[0]
        cr.execute(
            "INSERT INTO account_payment_line (name, order_id, bank_line_id, "
            "currency_id, partner_id, partner_bank_id, mandate_id, date, "
            "communication, communication_type, amount_currency, "
            "company_id, priority) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, "
            "%s, 'normal', %s, %s, 'NORM')",
            ('P%d' % d['number'], order.id, bank_line, eur, partner,
             debtor_account, mandate, d['collection_date'], d['remittance'],
             amount, company.id))
    cr.execute("UPDATE account_payment_order SET state = 'open' "
               "WHERE id = %s", (order.id,))
    env.clear()
    return order, method


def bench_odoo(db, size):
    """generate_payment_file of an order of ``size`` bank lines in
    ``db``, ours and OCA's; rolled back."""
    import odoo
    from odoo import SUPERUSER_ID, api
    registry = odoo.registry(db)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        try:
            started = time.perf_counter()
            order, method = insert_order(env, generate(size))
            print('  %s: debit order of %s bank lines inserted in %.0f s '
                  '(rolled back at the end)' % (
                      db, '{:,}'.format(size), time.perf_counter() - started))
            for flavour, who in (('pain.008.001.02', 'ours'),
                                 ('pain.008.001.08', 'ours'),
                                 ('pain.008.001.03', 'OCA')):
                method.pain_version = flavour
                env.clear()
                queries = cr.sql_log_count
                gc.collect()
                started = time.perf_counter()
                content = order.generate_payment_file()[0]
                seconds = time.perf_counter() - started
                print('  %-38s %8s lines  %8.2f s %10.0f lines/s  (%d '
                      'queries, %.1f MB)' % (
                          'generate_payment_file %s %s' % (who, flavour[-6:]),
                          '{:,}'.format(size), seconds, size / seconds,
                          cr.sql_log_count - queries, len(content) / 1e6))
                sys.stdout.flush()
        finally:
            cr.rollback()


def setup_odoo():
    """Import path of the addons (no database, no registry)."""
    import odoo
    odoo.tools.config.parse_config(
        ['-c', os.path.join(ROOT, 'odoo.conf'), '--log-level=warn'])
    odoo.modules.module.initialize_sys_path()


def load_schemas():
    """Seconds to load the two XSDs, which a process does once."""
    from odoo.addons.isp_billing.rules import pain008
    started = time.perf_counter()
    for flavour in pain008.FLAVOURS:
        pain008._schema(flavour)
    return time.perf_counter() - started


def main():
    args = parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(',') if size)
    os.chdir(ROOT)
    setup_odoo()
    logging.getLogger('xmlschema').setLevel(logging.WARNING)
    print('bench_sepa: pain.008 files of %s debits, from plain data to '
          'validated bytes (no database)' % ' and '.join(
              '{:,}'.format(size) for size in sizes))
    print('  %-38s %8.3f s  (once per process, not in the times below)'
          % ('ours: loading both XSDs', load_schemas()))
    sys.stdout.flush()
    timings = {}
    for size in sizes:
        debits = generate(size)
        runs = [('ours pain.008.001.02', lambda: ours(
                    'pain.008.001.02', debits)),
                ('ours pain.008.001.08', lambda: ours(
                    'pain.008.001.08', debits))]
        if not args.no_sepaxml:
            runs.append(('sepaxml pain.008.001.02 (xmlschema)',
                         lambda: with_sepaxml(debits)))
        for label, run in runs:
            gc.collect()
            seconds, length = run()
            timings[label, size] = seconds
            print('  %-38s %8s debits %8.2f s %10.0f debits/s  (%.1f MB)' % (
                label, '{:,}'.format(size), seconds, size / seconds,
                length / 1e6))
            sys.stdout.flush()
    labels = sorted({label for label, __ in timings})
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        for label in labels:
            print('  %-38s %8.1f x  time %s / %s (linear: %.1f x)' % (
                'ratio ' + label.split(' (')[0], timings[label, large] /
                timings[label, small], '{:,}'.format(large),
                '{:,}'.format(small), large / small))
    if not args.no_sepaxml:
        for size in sizes:
            for flavour in ('pain.008.001.02', 'pain.008.001.08'):
                print('  %-38s %8.1f x  at %s debits' % (
                    'sepaxml / ours %s' % flavour,
                    timings['sepaxml pain.008.001.02 (xmlschema)', size] /
                    timings['ours %s' % flavour, size],
                    '{:,}'.format(size)))
    if args.odoo_db:
        bench_odoo(args.odoo_db, args.odoo_size)


if __name__ == '__main__':
    main()
