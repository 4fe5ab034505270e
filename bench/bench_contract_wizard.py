"""Time and SQL queries of the contract wizard, step 1 to the created
contract with its documents' data, without PDF rendering.

On the demo database (``--db``, env ``DEMO_DB``, ``isp_demo`` by default),
in one transaction that is rolled back (nothing is kept): a sales agent
and a fibre + mobile bundle at 21 % VAT are made, then N times
(``--rounds``, env ``BENCH_ROUNDS``, 10 by default) an agent runs the
seven steps for a new customer as the web client does (each button
through ``api.call_kw`` with the context last): customer typed in, the
bundle with two mobile lines, direct debit with an IBAN, one mobile line
ported from another operator, the fibre's installation, the summary with
its price preview, and Create (customer, bank account, draft mandate,
contract, service data).

Prints, per round and as median and 95th percentile: the seconds and the
queries (the open cursor's ``sql_log_count`` plus
``odoo.sql_db.sql_counter``, which Odoo 11 adds to only when a cursor is
closed) of the whole flow and of Create alone, against the targets of
2 s and 150 queries; then the median queries of each step, and of the
parts of Create (each part's queries include those of what it calls);
asserts nothing.
"""
import argparse
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE'
IBAN_BANK = '21000418'
ICC = '8934071234567890125'


def dni(number):
    return '%08d%s' % (number, DNI_LETTERS[number % 23])


def spanish_check_digit(digits):
    """The check digit of a Spanish account's part (CCC, 10 digits)."""
    weights = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)
    digit = 11 - sum(int(char) * weight
                     for char, weight in zip(digits, weights)) % 11
    return {10: 1, 11: 0}.get(digit, digit)


def spanish_iban(number):
    account = '%010d' % number
    bban = '%s%d%d%s' % (IBAN_BANK, spanish_check_digit('00' + IBAN_BANK),
                         spanish_check_digit(account), account)
    digits = ''.join(str(int(char, 36)) for char in bban + 'ES00')
    return 'ES%02d%s' % (98 - int(digits) % 97, bban)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--db', default=os.environ.get('DEMO_DB',
                                                       'isp_demo'))
    parser.add_argument('--rounds', type=int, default=int(
        os.environ.get('BENCH_ROUNDS', '10')))
    return parser.parse_args()


def fixtures(env):
    """An agent, a direct debit payment mode and a fibre + mobile bundle
    at 21 % VAT, in the demo company."""
    tax = env['account.tax'].create({
        'name': 'Bench VAT 21%', 'amount': 21.0, 'amount_type': 'percent',
        'type_tax_use': 'sale'})

    def product(name, price, kind):
        return env['product.product'].create({
            'name': name, 'type': 'service', 'list_price': price,
            'isp_service_type': kind, 'taxes_id': [(6, 0, tax.ids)]})
    fibre = product('Bench Fibre 600', 30.0, 'fibre')
    mobile = product('Bench Mobile 20 GB', 10.0, 'mobile')
    bundle = env['product.product'].create({
        'name': 'Bench Home Pack', 'type': 'service', 'list_price': 0.0,
        'isp_is_bundle': True, 'taxes_id': [(6, 0, tax.ids)],
        'isp_bundle_line_ids': [
            (0, 0, {'product_id': fibre.id, 'qty_min': 1,
                    'qty_default': 1, 'qty_max': 1}),
            (0, 0, {'product_id': mobile.id, 'qty_min': 1,
                    'qty_default': 1, 'qty_max': 3})]}).product_tmpl_id
    method = env['account.payment.method'].create({
        'name': 'Bench direct debit', 'code': 'bench_wizard_debit',
        'payment_type': 'inbound', 'mandate_required': True})
    mode = env['account.payment.mode'].create({
        'name': 'Bench direct debit', 'bank_account_link': 'variable',
        'payment_method_id': method.id})
    agent = env['res.users'].with_context(
        no_reset_password=True, tracking_disable=True).create({
            'name': 'Bench Agent', 'login': 'bench_wizard_agent',
            'email': 'bench-agent@example.com',
            'groups_id': [(6, 0, [
                env.ref('isp_crm.group_isp_agent').id])]})
    return {'bundle': bundle, 'mobile': mobile, 'mode': mode,
            'agent': agent}


# the parts of Create counted apart: (label, model, method)
CREATE_PARTS = [
    ('checks of every step', 'isp.contract.wizard', '_isp_check_step'),
    ('customer', 'isp.contract.wizard', '_isp_create_customer'),
    ('bank account', 'isp.contract.wizard', '_isp_create_bank_account'),
    ('mandate', 'isp.contract.wizard', '_isp_create_mandate'),
    ('order values (onchanges)', 'isp.contract.wizard',
     '_isp_draft_order'),
    ('order line values', 'isp.contract.wizard',
     '_prepare_sale_order_line_values'),
    ('sale.order create', 'sale.order', 'create'),
    ('chatter notes', 'isp.contract.wizard', '_isp_log_creation'),
    ('service data', 'isp.contract.wizard', '_isp_create_services'),
]


def counted(env):
    """Odoo 11 adds a cursor's queries to ``sql_counter`` when it is
    closed: the open cursor's own count, plus any other closed."""
    import odoo
    return odoo.sql_db.sql_counter + env.cr.sql_log_count


def count_parts(env, parts):
    """Wrap each (model, method) of ``parts`` to add its queries to the
    returned dict (label: queries), outermost calls only."""
    totals = {}
    for label, model, name in parts:
        cls = type(env[model])
        method = getattr(cls, name)

        def wrapper(self, *args, __method=method, __label=label, **kwargs):
            if __label in wrapper_active:
                return __method(self, *args, **kwargs)
            wrapper_active.add(__label)
            before = counted(env)
            try:
                return __method(self, *args, **kwargs)
            finally:
                wrapper_active.discard(__label)
                totals[__label] = totals.get(__label, 0) + \
                    counted(env) - before
        wrapper.__dict__.update(method.__dict__)  # the api decorators
        setattr(cls, name, wrapper)
    wrapper_active = set()
    return totals


def one_contract(env, data, number, parts):
    """The seven steps and Create for a new customer; returns (seconds,
    queries, Create's seconds, Create's queries, the order, queries per
    step and per part of Create)."""
    from odoo import api

    Wizard = env['isp.contract.wizard'].sudo(data['agent'])
    steps = []

    def click(wizard, method):
        result = api.call_kw(Wizard, method, [[wizard.id], {}], {})
        steps.append(counted(env))
        return result

    started, queries = time.perf_counter(), counted(env)
    steps.append(queries)
    values = Wizard.default_get(list(Wizard._fields))
    values.update({
        'customer_mode': 'new', 'new_name': 'Bench Customer %d' % number,
        'new_country_id': env.ref('base.es').id,
        'new_street': 'Calle Mayor %d' % number, 'new_zip': '46001',
        'new_city': 'Valencia',
        'new_email': 'bench%d@example.com' % number,
        'new_mobile': '+34 600 %06d' % number,
        'fiscal_id_type': 'es_dni', 'fiscal_id': dni(70000000 + number)})
    wizard = Wizard.create(values)
    click(wizard, 'action_next')
    wizard.write({'product_tmpl_id': data['bundle'].id,
                  'payment_method': 'direct_debit',
                  'payment_mode_id': data['mode'].id,
                  'cycle_preset': 'first', 'billing_cycle_day': 1,
                  'billing_mode': 'prepaid'})
    click(wizard, 'action_next')
    wizard.write({'iban': spanish_iban(500000 + number)})
    click(wizard, 'action_next')
    wizard.count_line_ids.filtered(
        lambda c: c.product_id == data['mobile']).write({'qty': 2})
    click(wizard, 'action_next')
    if wizard.step == 'migration':
        click(wizard, 'action_next')
    ported = False
    for line in wizard.service_line_ids:
        if line.service_type == 'fibre':
            line.write({'install_coverage': 'covered',
                        'equipment_serial': 'ONT-%d' % number})
        elif not ported:
            line.write({'number_mode': 'portability',
                        'port_donor_operator': 'Donor Telecom',
                        'port_number': '611%06d' % number,
                        'port_holder_name': 'Bench Customer %d' % number,
                        'port_icc': ICC})
            ported = True
        else:
            line.write({'number_mode': 'new'})
    click(wizard, 'action_next')
    assert wizard.step == 'summary', wizard.step
    wizard.amount_total  # the price preview, as the summary shows it
    create_started, create_queries = time.perf_counter(), counted(env)
    steps[-1] = create_queries
    parts.clear()
    click(wizard, 'action_create_contract')
    env.cache.invalidate()  # the ORM cache of every environment
    ended = time.perf_counter()
    total = counted(env)
    per_part = dict(parts)
    order = wizard.order_id
    assert order and order.isp_service_detail_ids, 'no contract'
    per_step = [after - before for before, after in zip(steps, steps[1:])]
    return (ended - started, total - queries,
            ended - create_started, total - create_queries, order,
            per_step, per_part)


# what each click of one_contract does (the wizard's creation with the
# first; the summary's preview read with the last step's)
STEP_LABELS = [
    '1 customer (new wizard, Next)', '2 tariff & payment (Next)',
    '3 fiscal & bank (Next)', '4 line counts (Next)',
    '6 service data -> 7 summary', '7 Create',
]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * len(ordered))))]


def main():
    args = parse_args()
    sys.path.insert(0, ROOT)
    os.chdir(ROOT)
    import logging
    import odoo
    from odoo import SUPERUSER_ID, api
    odoo.tools.config.parse_config([
        '-c', os.path.join(ROOT, 'odoo.conf'), '-d', args.db,
        '--log-level=warn', '--no-http'])
    logging.getLogger('odoo').setLevel(logging.WARNING)
    registry = odoo.registry(args.db)
    print('bench_contract_wizard: %d contracts on %s (rolled back)' % (
        args.rounds, args.db))
    rows = []
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        data = fixtures(env)
        parts = count_parts(env, CREATE_PARTS)
        step_rows, part_rows = [], []
        # the first contract fills the caches (the registry's, the
        # ORM's): it is timed and shown, not counted
        for number in range(args.rounds + 1):
            seconds, queries, create_s, create_q, order, per_step, \
                per_part = one_contract(env, data, number + 1, parts)
            print('  %s %-9s %6.3f s %5d queries  (Create %6.3f s %5d '
                  'queries)%s' % (
                      'warm-up' if not number else 'round %2d' % number,
                      order.name, seconds, queries, create_s, create_q,
                      '' if number else ' not counted'))
            if number:
                rows.append((seconds, queries, create_s, create_q))
                step_rows.append(per_step)
                part_rows.append(per_part)
        cr.rollback()
    columns = list(zip(*rows))
    print('  %-28s median %6.3f s  p95 %6.3f s   (target 2 s)' % (
        'whole wizard', statistics.median(columns[0]),
        percentile(columns[0], 0.95)))
    print('  %-28s median %6.0f     p95 %6.0f       (target 150)' % (
        'SQL queries, whole wizard', statistics.median(columns[1]),
        percentile(columns[1], 0.95)))
    print('  %-28s median %6.3f s  %6.0f queries' % (
        'Create alone', statistics.median(columns[2]),
        statistics.median(columns[3])))
    print('  median queries per step:')
    for label, values in zip(STEP_LABELS, zip(*step_rows)):
        print('    %-34s %6.0f' % (label, statistics.median(values)))
    print('  median queries of the parts of Create:')
    for label, _model, _method in CREATE_PARTS:
        print('    %-34s %6.0f' % (label, statistics.median(
            [row.get(label, 0) for row in part_rows])))


if __name__ == '__main__':
    main()
