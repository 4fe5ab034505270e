"""The demo database as make run builds it (tools/demo_db.sh): one Spanish
ISP in euros with the Spanish chart of accounts, 21 % IVA on its service
invoices, a portal customer with a year of invoices whose open one carries
an EPC payment QR code, no foreign demo partner with a contract; and two
updates of every module (``-u all``) change none of the ISP's records.

The database is built once for the whole module (a few minutes), named
``isp_test_<run id>_demo`` so that make test drops it in any case, and
dropped at the end.
"""
import json
import os
import re
import subprocess

import psycopg2
import pytest
import requests

from conftest import (LOG_DIR, PYTHON, ROOT, db_name, drop_db, free_port,
                      load_source, odoo_cmd, odoo_server)

# the PDF reader of isp_billing's tests (plain Python, loaded by its path)
PDF_READER = load_source(os.path.join(
    ROOT, 'addons', 'isp_billing', 'tests', 'pdf_reader.py'))
ISP_ADDONS = ('isp_crm', 'isp_billing', 'isp_esign', 'isp_contract_wizard',
              'isp_helpdesk', 'isp_portal')
COMPANY_IBAN = 'ES2921000813640201234567'
COMPANY_BIC = 'CAIXESBBXXX'
# the tables compared before and after the updates: every table of the
# suite's own models and those of the Odoo records the ISP works with
COMPARED_TABLES = (
    'res_company', 'res_partner', 'res_partner_bank', 'res_users',
    'product_template', 'product_product', 'account_tax',
    'sale_order', 'sale_order_line', 'account_invoice',
    'account_invoice_line', 'account_move', 'account_move_line',
    'account_payment', 'account_banking_mandate', 'helpdesk_ticket',
)
# written by every update of a module whatever the data: not a change of
# the record's content
IGNORED_COLUMNS = ('write_date', 'write_uid')


def copy_db(source, target):
    subprocess.run(['createdb', '-T', source, target], check=True)
    filestore = os.path.join(ROOT, '.local', 'data', 'filestore')
    if os.path.isdir(os.path.join(filestore, source)):
        subprocess.run(['cp', '-r', os.path.join(filestore, source),
                        os.path.join(filestore, target)], check=True)


def run_update(db, attempt):
    """``-u all`` on ``db``: (exit code, error lines of its log)."""
    logfile = os.path.join(LOG_DIR, 'demo_update_%d.log' % attempt)
    proc = subprocess.run(odoo_cmd(
        '-d', db, '-u', 'all', '--stop-after-init', '--no-http',
        '--logfile', logfile), cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT)
    with open(logfile, errors='replace') as handle:
        errors = [line.strip() for line in handle
                  if (' ERROR ' in line or ' CRITICAL ' in line)
                  and 'Unmet dependencies' not in line]
    return proc.returncode, errors[:10]


def prepare(db):
    """Build ``db`` as make run does (tools/demo_db.sh), then copy it to
    ``<db>_updated`` and update every module of the copy twice. make test
    runs this in the background while the addons' tests run (see
    tools/test.sh); the tests below read its status."""
    updated = db + '_updated'
    status = {'db': db, 'updated': updated, 'build': None, 'updates': []}
    drop_db(db)
    drop_db(updated)
    os.makedirs(LOG_DIR, exist_ok=True)
    if os.environ.get('ISP_TEST_DEMO_DB'):
        copy_db(os.environ['ISP_TEST_DEMO_DB'], db)
        status['build'] = 0
    else:
        env = dict(os.environ, DEMO_DB=db)
        with open(os.path.join(LOG_DIR, 'demo_build.out'), 'w') as out:
            status['build'] = subprocess.run(
                [os.path.join(ROOT, 'tools', 'demo_db.sh')], cwd=ROOT,
                env=env, stdout=out, stderr=subprocess.STDOUT).returncode
    if status['build'] == 0:
        copy_db(db, updated)
        status['updates'] = [run_update(updated, attempt)
                             for attempt in (1, 2)]
    return status


@pytest.fixture(scope='module')
def demo_db(odoo_env):
    """The demo database as make run builds it, and its copy updated
    twice. ISP_TEST_DEMO_PREPARED names the status file of a preparation
    make test ran in the background; without it the build runs here.
    ISP_TEST_DEMO_DB names a demo database already built to copy instead
    of building one (a shorter loop while working on these tests)."""
    prepared = os.environ.get('ISP_TEST_DEMO_PREPARED')
    if prepared:
        status = {'build': 'no status: the preparation stopped; see %s'
                           % os.path.join(LOG_DIR, 'demo_prepare.out')}
        if os.path.exists(prepared):
            with open(prepared) as handle:
                status = json.load(handle)
    else:
        status = prepare(db_name('demo'))
    try:
        assert status['build'] == 0, \
            'tools/demo_db.sh failed (%s); see %s/demo_build.out' % (
                status['build'], LOG_DIR)
        yield dict(status, before=snapshot(status['db']))
    finally:
        for db in (status.get('db'), status.get('updated')):
            if db:
                drop_db(db)


def odoo_json(db, code):
    """Run ``code`` (Python, with ``env`` as superuser; it sets
    ``result``) on ``db`` in its own process; return ``result``."""
    script = '\n'.join([
        'import json, os, sys',
        'import odoo',
        'os.chdir(%r)' % ROOT,
        'odoo.tools.config.parse_config(["-c", "odoo.conf", "-d", %r, '
        '"--no-http", "--logfile", %r])' % (
            db, os.path.join(LOG_DIR, 'demo_checks.log')),
        'with odoo.api.Environment.manage():',
        '    with odoo.registry(%r).cursor() as cr:' % db,
        '        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})',
        '        result = None',
        '        exec(compile(%r, "checks", "exec"))' % code,
        '        cr.rollback()',
        'print("RESULT " + json.dumps(result))',
    ])
    proc = subprocess.run([PYTHON, '-c', script], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.decode()
    assert proc.returncode == 0, proc.stderr.decode()[-3000:]
    return json.loads(out.rsplit('RESULT ', 1)[1])


FACTS = r'''
isp = %r
company = env.ref('base.main_company')
chart = company.chart_template_id
portal = env.ref('isp_portal.res_users_customer_demo').partner_id
service_tax = env.ref(
    'l10n_es.%%d_account_tax_template_s_iva21s' %% company.id)
lines = env['account.invoice.line'].search([
    ('invoice_id.type', '=', 'out_invoice'),
    ('invoice_id.state', 'in', ('open', 'paid')),
    ('product_id.isp_service_type', 'not in',
     (False, 'equipment', 'installation'))])
invoices = lines.mapped('invoice_id')
portal_invoices = env['account.invoice'].search([
    ('partner_id', '=', portal.id), ('type', '=', 'out_invoice')],
    order='date_invoice desc, id desc')
transfer = portal_invoices.filtered(
    lambda i: i.state == 'open' and not i._isp_is_direct_debit())[:1]
data = env['ir.model.data'].search([('model', '=', 'res.partner'),
                                    ('module', 'not in', isp)])
foreign = env['res.partner'].with_context(active_test=False).browse(
    data.mapped('res_id')).exists() - company.partner_id
internal = env['res.users'].with_context(active_test=False).search(
    [('share', '=', False)]).mapped('partner_id')
with_contract = [
    p.display_name for p in foreign if env['sale.order'].search_count(
        [('partner_id', 'child_of', p.id), ('state', '!=', 'cancel')])
    or env['isp.subscription'].search_count(
        [('partner_id', 'child_of', p.id)])]
tickets = env['ir.model.data'].search([('model', '=', 'helpdesk.ticket'),
                                       ('module', 'not in', isp)])
open_tickets = env['helpdesk.ticket'].browse(
    tickets.mapped('res_id')).exists().filtered(
        lambda t: not t.stage_id.closed)
signed = env['isp.esign.request'].search([('state', '=', 'signed'),
                                         ('res_model', '=', 'sale.order')])
signed = signed.filtered(
    lambda r: env['sale.order'].browse(r.res_id).isp_is_contract)
ours = env['ir.model.data'].search([('model', '=', 'res.partner'),
                                    ('module', 'in', isp)])
customers = env['res.partner'].browse(ours.mapped('res_id')).filtered(
    lambda p: p.customer and p.active)
result = {
    'name': company.name, 'country': company.country_id.code,
    'vat': company.vat, 'logo': bool(company.logo),
    'street': company.street, 'city': company.city,
    'sepa': company.sepa_creditor_identifier,
    'currency': company.currency_id.name,
    'chart': chart.get_external_id()[chart.id] if chart else False,
    'banks': [(b.acc_number.replace(' ', ''), b.bank_id.bic)
              for b in company.partner_id.bank_ids],
    'service_lines': len(lines), 'service_invoices': len(invoices),
    'service_tax': [service_tax.amount, service_tax.type_tax_use,
                    service_tax.amount_type],
    'lines_without_iva': ['%%s %%s %%s' %% (l.invoice_id.number, l.name,
                          l.invoice_line_tax_ids.mapped('name'))
                          for l in lines
                          if l.invoice_line_tax_ids != service_tax],
    'lines_not_in_customer_language': [
        '%%s %%s: %%s' %% (l.invoice_id.number, l.invoice_id.partner_id.lang,
                         l.name) for l in lines
        if l.product_id.product_tmpl_id.with_context(
            lang=l.invoice_id.partner_id.lang).name not in l.name],
    'invoices_wrong_tax': [i.number for i in invoices if abs(
        i.amount_tax - i.currency_id.round(sum(
            l.price_subtotal for l in i.invoice_line_ids
            if service_tax in l.invoice_line_tax_ids) * 0.21)) > 0.011],
    'portal_invoices': len(portal_invoices.filtered(
        lambda i: i.state in ('open', 'paid'))),
    'portal_paid': len(portal_invoices.filtered(lambda i: i.state == 'paid')),
    'portal_months': len(set(i.date_invoice[:7] for i in portal_invoices)),
    'transfer': transfer and {'id': transfer.id, 'number': transfer.number,
                              'residual': transfer.residual,
                              'currency': transfer.currency_id.name},
    'foreign_with_contract': with_contract,
    'foreign_shown': [p.display_name for p in foreign - internal
                      if p.active and p.customer],
    'foreign_open_tickets': open_tickets.mapped('name'),
    'signed_in_store': len(signed.filtered('in_store_user_id')),
    'signed_remotely': len(signed.filtered(
        lambda r: not r.in_store_user_id and r.code_verified_channel)),
    'customer_langs': sorted(set((p.country_id.code or '', p.lang)
                                 for p in customers)),
    'langs': env['res.lang'].search([]).mapped('code'),
}
''' % (ISP_ADDONS,)


@pytest.fixture(scope='module')
def facts(demo_db):
    return odoo_json(demo_db['db'], FACTS)


# the collections of the demo: the debit orders of the latest billing run
# with their files, and the confirmed returns of debits with their
# invoices and fee invoices
COLLECTIONS = r'''
import base64
company = env.ref('base.main_company')
run = env['isp.billing.run'].search([('company_id', '=', company.id)],
                                    order='date desc, id desc', limit=1)
orders = env['account.payment.order'].search(
    [('isp_billing_run_id', '=', run.id)], order='id')
returns = env['payment.return'].search([('state', '=', 'done')])
returned = env['account.invoice'].search(
    [('type', '=', 'out_invoice'), ('isp_return_count', '>', 0)])
service_tax = env.ref(
    'l10n_es.%d_account_tax_template_s_iva21s' % company.id)


def fees(invoice):
    product = invoice.isp_last_return_reason_id.isp_fee_product_id
    lines = env['account.invoice.line'].search([
        ('product_id', '=', product.id), ('product_id', '!=', False),
        ('invoice_id.partner_id', '=', invoice.partner_id.id),
        ('invoice_id.type', '=', 'out_invoice'),
        ('invoice_id.state', 'in', ('open', 'paid'))])
    return [{'state': i.state, 'untaxed': i.amount_untaxed,
             'tax': i.amount_tax, 'total': i.amount_total,
             'currency': i.currency_id.name,
             'taxes': i.invoice_line_ids.mapped(
                 'invoice_line_tax_ids').ids == service_tax.ids}
            for i in lines.mapped('invoice_id')]


result = {
    'run': run.name,
    'orders': [{
        'name': o.name, 'state': o.state,
        'flavour': o.payment_method_id.pain_version,
        'lines': len(o.payment_line_ids),
        'files': [base64.b64decode(a.datas).decode('utf-8')
                  for a in env['ir.attachment'].search([
                      ('res_model', '=', 'account.payment.order'),
                      ('res_id', '=', o.id)])],
    } for o in orders],
    'returns': [sorted(r.line_ids.mapped('reason_id.code'))
                for r in returns],
    'returned': [{
        'number': i.number, 'state': i.state,
        'of_run': i.isp_billing_run_id == run,
        'portal': i.commercial_partner_id == env.ref(
            'isp_portal.res_users_customer_demo').partner_id
        .commercial_partner_id,
        'reason': i.isp_last_return_reason_id.code,
        'represent': i.isp_sdd_represent,
        'fees': fees(i),
    } for i in returned],
}
'''


@pytest.fixture(scope='module')
def collections(demo_db):
    return odoo_json(demo_db['db'], COLLECTIONS)


def test_company_is_one_spanish_isp_in_euro_with_the_pymes_chart(facts):
    assert facts['name'] == 'Conecta Levante Telecom S.L.'
    assert facts['country'] == 'ES' and facts['city'] == 'Valencia'
    assert facts['street'] and facts['logo']
    assert facts['currency'] == 'EUR'
    assert facts['chart'] == 'l10n_es.account_chart_template_pymes'


def test_company_has_valid_spanish_vat_creditor_id_and_bank_account(facts):
    from stdnum.es import nif
    from stdnum import iban
    assert facts['vat'].startswith('ES') and nif.is_valid(facts['vat'][2:])
    # SEPA creditor identifier: ES, mod 97-10 check digits over the
    # national identifier (the business code is not checked), the NIF
    sepa = facts['sepa']
    digits = ''.join(str(int(c, 36)) for c in sepa[7:] + sepa[:2] + '00')
    assert sepa[:2] == 'ES' and int(sepa[2:4]) == 98 - int(digits) % 97
    assert sepa[7:] == facts['vat'][2:]
    assert [COMPANY_IBAN, COMPANY_BIC] in [list(b) for b in facts['banks']]
    assert iban.is_valid(COMPANY_IBAN)


def test_service_invoices_are_posted_with_21_percent_iva(facts):
    assert facts['service_tax'] == [21.0, 'sale', 'percent']
    assert facts['service_invoices'] >= 10
    assert facts['lines_without_iva'] == []
    assert facts['invoices_wrong_tax'] == []


def test_portal_customer_has_twelve_months_of_invoices_most_paid(facts):
    assert facts['portal_invoices'] >= 12
    assert facts['portal_months'] >= 12
    # three open (returned, overdue, due) and the returned debit's fee
    assert facts['portal_paid'] >= facts['portal_invoices'] - 4


PORTAL_MONEY = r'''
import datetime
portal = env.ref('isp_portal.res_users_customer_demo').partner_id
partner = portal.commercial_partner_id
today = str(datetime.date.today())
unpaid = env['account.invoice'].search([
    ('commercial_partner_id', '=', partner.id),
    ('type', '=', 'out_invoice'), ('state', '=', 'open')])
result = {
    'overdue': len(unpaid.filtered(lambda i: i.date_due < today)),
    'debited': len(unpaid.filtered(lambda i: i.mandate_id.state == 'valid')),
    'mandates': env['account.banking.mandate'].search_count([
        ('partner_id', '=', partner.id), ('state', '=', 'valid')]),
}
'''


def test_portal_customer_has_an_overdue_invoice_and_a_mandate(demo_db):
    money = odoo_json(demo_db['db'], PORTAL_MONEY)
    assert money['overdue'] >= 1, money
    assert money['mandates'] >= 1 and money['debited'] >= 1, money


def test_customers_read_documents_in_their_country_language(facts):
    assert {'es_ES', 'it_IT', 'ro_RO'} <= set(facts['langs'])
    langs = dict(facts['customer_langs'])
    assert set(langs) == {'ES', 'IT', 'RO'}, facts['customer_langs']
    assert langs == {'ES': 'es_ES', 'IT': 'it_IT', 'RO': 'ro_RO'}


def test_service_invoices_name_the_services_in_the_customer_language(facts):
    assert facts['lines_not_in_customer_language'] == []


def test_no_foreign_demo_partner_has_a_contract_or_shows_as_customer(facts):
    assert facts['foreign_with_contract'] == []
    assert facts['foreign_shown'] == []
    assert facts['foreign_open_tickets'] == []


def test_contracts_signed_remotely_and_in_store(facts):
    assert facts['signed_remotely'] >= 1
    assert facts['signed_in_store'] >= 1


def test_latest_run_debit_order_uploaded_with_a_valid_pain008_file(
        collections):
    from lxml import etree
    orders = collections['orders']
    assert orders, 'no debit order for %s' % collections['run']
    for order in orders:
        assert order['state'] == 'uploaded', order['name']
        assert order['flavour'] in ('pain.008.001.08', 'pain.008.001.02')
        assert len(order['files']) == 1, order['name']
        root = etree.fromstring(order['files'][0].encode('utf-8'))
        namespace = etree.QName(root).namespace
        assert namespace == 'urn:iso:std:iso:20022:tech:xsd:' \
            + order['flavour']
        schema = etree.XMLSchema(etree.parse(os.path.join(
            ROOT, 'addons', 'isp_billing', 'data', 'xsd',
            '%s.xsd' % order['flavour'])))
        assert schema.validate(root), schema.error_log.last_error
        debits = root.findall('.//{%s}DrctDbtTxInf' % namespace)
        assert len(debits) == order['lines'] >= 2
        assert root.findtext('.//{%s}GrpHdr/{%s}NbOfTxs' % (
            namespace, namespace)) == str(order['lines'])


def test_portal_customer_has_one_debit_returned_with_its_fee(collections):
    portal = [i for i in collections['returned'] if i['portal']]
    assert len(portal) == 1, collections['returned']
    invoice = portal[0]
    assert invoice['reason'] == 'AM04' and not invoice['of_run']
    assert invoice['state'] == 'open' and invoice['represent'], invoice
    assert [fee['total'] for fee in invoice['fees']] == [3.63], invoice


def test_one_debit_returned_for_insufficient_funds_with_its_fee(
        collections):
    # one return of two debits (the run's and the portal customer's)
    assert collections['returns'] == [['AM04']]
    of_run = [i for i in collections['returned'] if i['of_run']]
    assert len(of_run) == 1, collections['returned']
    invoice = of_run[0]
    assert invoice['reason'] == 'AM04'
    assert invoice['state'] == 'open' and invoice['represent'], invoice
    assert invoice['fees'] == [{
        'state': 'open', 'untaxed': 3.0, 'tax': 0.63, 'total': 3.63,
        'currency': 'EUR', 'taxes': True}], invoice['fees']


# the dunning of the demo: the overdue customers by level (ISP >
# Collections > Overdue customers), the services of the one suspended, the
# active payment promise
DUNNING = r'''
import datetime
from odoo import fields
company = env.ref('base.main_company')
levels = company.credit_policy_id.level_ids.sorted('level')
in_dunning = env['res.partner'].search([('isp_dunning_level_id', '!=', False)])
Subscription = env['isp.subscription']
today = str(datetime.date.today())


def services(partner):
    return Subscription.search([
        ('partner_id', 'child_of', partner.id),
        ('state', 'in', ('active', 'active_nonbillable', 'suspended'))])


promises = env['isp.payment.promise'].search([('state', '=', 'active')])
kanban = env['res.partner'].read_group(
    [('isp_dunning_level_id', '!=', False)], ['isp_dunning_level_id'],
    ['isp_dunning_level_id'])
result = {
    'levels': levels.mapped('name'),
    'suspension_levels': levels.filtered('isp_suspend').mapped('name'),
    'customers': {level.name: in_dunning.filtered(
        lambda p: p.isp_dunning_level_id == level).mapped('name')
        for level in levels},
    'kanban_columns': [group['isp_dunning_level_id'][1] for group in kanban
                       if group['isp_dunning_level_id_count']],
    'suspended': {partner.name: [
        (s.state, s.isp_suspended_by_dunning, len(s.suspension_ids.filtered(
            lambda x: not x.date_end and x.by_dunning)))
        for s in services(partner)]
        for partner in in_dunning if services(partner).filtered(
            'isp_suspended_by_dunning')},
    'not_suspended': sorted(set(
        state for partner in in_dunning
        if not partner.isp_dunning_level_id.isp_suspend
        for state in services(partner).mapped('state'))),
    'promises': [{
        'customer': promise.partner_id.name,
        'future': promise.date_promised >= today,
        'invoices': sorted(set(promise.invoice_ids.mapped('state'))),
        # today in the company's time zone, as the promise's own date
        # (near midnight UTC, not the machine's date)
        'dunning_waits': promise.partner_id.id in env[
            'isp.payment.promise']._isp_promised_partner_ids(
                fields.Date.context_today(promise)),
    } for promise in promises],
}
'''


@pytest.fixture(scope='module')
def dunning(demo_db):
    return odoo_json(demo_db['db'], DUNNING)


def test_dunning_one_customer_per_level_one_suspended_one_promise(dunning):
    levels = dunning['levels']
    assert len(levels) >= 2, levels
    # the overdue customers kanban: one customer in each column
    assert [len(dunning['customers'][level]) for level in levels] \
        == [1] * len(levels), dunning['customers']
    assert dunning['kanban_columns'] == levels
    # the customer at the suspension level: every service suspended by
    # the dunning, each with its open suspension; the others live
    (suspension_level,) = dunning['suspension_levels']
    (suspended,) = dunning['customers'][suspension_level]
    assert list(dunning['suspended']) == [suspended], dunning['suspended']
    services = dunning['suspended'][suspended]
    assert services and services == [['suspended', True, 1]] * len(
        services), services
    assert dunning['not_suspended'] == ['active'], dunning['not_suspended']
    # one active promise, to pay open invoices later: its dunning waits
    promises = dunning['promises']
    assert len(promises) == 1, promises
    assert promises[0]['customer'] not in sum(
        dunning['customers'].values(), [])
    assert dict(promises[0], customer=None) == {
        'customer': None, 'future': True, 'invoices': ['open'],
        'dunning_waits': True}, promises


@pytest.fixture(scope='module')
def demo_server(demo_db):
    """Odoo serving the demo database the way make run does (report.url
    pointing at itself)."""
    db, port = demo_db['db'], free_port()
    base = 'http://127.0.0.1:%d' % port
    subprocess.run(['psql', '-X', '-q', '-d', db, '-c', (
        "UPDATE ir_config_parameter SET value='{0}' WHERE key IN "
        "('web.base.url', 'report.url'); INSERT INTO ir_config_parameter "
        "(key, value) SELECT 'report.url', '{0}' WHERE NOT EXISTS "
        "(SELECT 1 FROM ir_config_parameter WHERE key='report.url')"
    ).format(base)], check=True)
    with odoo_server('demo_server.log', '-d', db, '--db-filter',
                     '^%s$' % db, port=port):
        yield base


def test_portal_customer_transfer_invoice_pdf_has_the_epc_qr_code(
        demo_db, facts, demo_server):
    invoice = facts['transfer']
    assert invoice and invoice['currency'] == 'EUR' \
        and invoice['residual'] > 0
    session = requests.Session()
    page = session.get(demo_server + '/web/login',
                       params={'db': demo_db['db']})
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    session.post(demo_server + '/web/login', data={
        'login': 'customer', 'password': 'customer', 'db': demo_db['db'],
        'csrf_token': token.group(1)})
    answer = session.get(
        '%s/my/invoices/pdf/%d' % (demo_server, invoice['id']))
    assert answer.status_code == 200
    assert answer.content.startswith(b'%PDF')
    codes = [code for page in PDF_READER.pdf_qr_codes(answer.content).values()
             for code in page]
    assert len(codes) == 1, codes
    lines = codes[0].split('\n')
    assert lines[:4] == ['BCD', '002', '1', 'SCT']
    assert lines[4] == COMPANY_BIC
    assert lines[5] == facts['name']
    assert lines[6] == COMPANY_IBAN
    assert lines[7] == 'EUR%.2f' % invoice['residual']
    assert invoice['number'] in lines


PORTAL_STORY = r"""
import datetime
from odoo import fields
from odoo.addons.isp_portal.controllers.portal_contracts import (
    CONTRACT_ORDER_STATES, IspPortalContracts)
from odoo.addons.isp_billing.models.isp_migration import LIVE_STATES
user = env.ref('isp_portal.res_users_customer_demo')
partner = user.partner_id.commercial_partner_id
today = fields.Date.context_today(user.sudo(user))
contracts = []
for order in env['sale.order'].search([
        ('partner_id.commercial_partner_id', '=', partner.id),
        ('isp_is_contract', '=', True),
        ('state', 'in', list(CONTRACT_ORDER_STATES))]):
    services = env['isp.subscription'].search(
        [('order_id', '=', order.id), ('state', 'in', list(LIVE_STATES))])
    contracts.append({
        'name': order.name,
        'commitment_end': max(services.mapped('date_commitment_end')
                              or [''], key=lambda d: d or ''),
        'penalty': sum(IspPortalContracts._isp_penalty_today(
            None, service, today) for service in services),
    })
pending = env['isp.esign.request'].search([
    ('partner_id.commercial_partner_id', '=', partner.id),
    ('state', 'in', ('sent', 'opened'))])
meters = env['isp.meter'].search(
    [('subscription_id.partner_id', 'child_of', partner.id)])
readings = env['isp.meter.reading'].search(
    [('meter_id', 'in', meters.ids)], order='date')
values = readings.mapped('value')
requests = env['isp.portal.request'].search(
    [('partner_id', '=', partner.id)])
plan = requests.filtered(lambda r: r.request_type == 'plan_change')
refused = requests.filtered(lambda r: r.state == 'refused')
answers = refused.mapped('message_ids').filtered(
    lambda m: m.message_type == 'comment' and m.author_id
    and m.author_id != partner)
offered = env['product.template'].search([('isp_portal_offered', '=', True)])
result = {
    'today': today,
    'contracts': contracts,
    'pending': [[r.state, r.res_model, r.res_id] for r in pending],
    'pending_ids': pending.ids,
    'months': len(set(d[:7] for d in readings.mapped('date'))),
    'increasing': values == sorted(values),
    'requests': sorted([r.request_type, r.state] for r in requests),
    'refused_answers': len(answers),
    'plan': [[r.state, r.ticket_id.stage_id.closed,
              r.migration_id.state] for r in plan],
    'leads': env['crm.lead'].search_count(
        [('partner_id', '=', partner.id)]),
    'offered_without_features': offered.filtered(
        lambda t: not t.isp_portal_features).mapped('name'),
}
"""


@pytest.fixture(scope='module')
def portal_story(demo_db):
    return odoo_json(demo_db['db'], PORTAL_STORY)


def test_portal_customer_contract_committed_with_a_penalty_today(
        portal_story):
    contracts = portal_story['contracts']
    committed = [c for c in contracts
                 if c['commitment_end'] > portal_story['today']]
    assert committed, contracts
    assert all(c['penalty'] > 0 for c in committed), contracts


def test_portal_customer_has_one_contract_waiting_for_her_signature(
        portal_story):
    assert len(portal_story['pending']) == 1, portal_story['pending']
    assert portal_story['pending'][0][:2] == ['sent', 'sale.order']


def test_portal_customer_meter_has_a_year_of_monthly_readings(portal_story):
    assert portal_story['months'] >= 12
    assert portal_story['increasing']


def test_portal_customer_requests_applied_refused_and_waiting(
        portal_story):
    states = set(state for _type, state in portal_story['requests'])
    assert {'done', 'refused', 'pending'} <= states, portal_story['requests']
    assert len(set(t for t, _state in portal_story['requests'])) >= 3
    # the refusal is explained to her by the staff
    assert portal_story['refused_answers'] >= 1
    # the plan change waits with its open ticket and its draft migration
    assert portal_story['plan'] == [['pending', False, 'draft']], \
        portal_story['plan']
    assert portal_story['leads'] >= 1


def test_portal_tariffs_offered_show_their_features(portal_story):
    assert portal_story['offered_without_features'] == []


def test_portal_customer_pages_answer_with_her_story(
        demo_db, portal_story, demo_server):
    session = requests.Session()
    page = session.get(demo_server + '/web/login',
                       params={'db': demo_db['db']})
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    session.post(demo_server + '/web/login', data={
        'login': 'customer', 'password': 'customer', 'db': demo_db['db'],
        'csrf_token': token.group(1)})
    # (the website sends her to the pages in her language: /es_ES/my/...)
    pages = {url: session.get(demo_server + url)
             for url in ('/my/contracts', '/my/readings', '/my/requests',
                         '/my/plans')}
    assert {url: (answer.status_code, answer.url.endswith(url))
            for url, answer in pages.items()} \
        == dict.fromkeys(pages, (200, True))
    # the contract to sign has its button
    (request_id,) = portal_story['pending_ids']
    assert '/my/contracts/signatures/%d/sign' % request_id \
        in pages['/my/contracts'].text


def snapshot(db):
    """{table: {id: row text}} of the compared tables and of every table
    of the suite's own models (isp_*), without the columns every update
    writes."""
    conn = psycopg2.connect(dbname=db)
    try:
        cr = conn.cursor()
        cr.execute("SELECT tablename FROM pg_tables WHERE schemaname='public'"
                   " AND (tablename LIKE 'isp\\_%%' OR tablename IN %s)",
                   (COMPARED_TABLES,))
        tables = sorted(row[0] for row in cr.fetchall())
        result = {}
        for table in tables:
            cr.execute("SELECT column_name FROM information_schema.columns "
                       "WHERE table_name=%s ORDER BY ordinal_position",
                       (table,))
            columns = [c for (c,) in cr.fetchall()
                       if c not in IGNORED_COLUMNS]
            if 'id' not in columns:
                key = 'ROW(%s)::text' % ', '.join(
                    '"%s"' % c for c in columns)
            else:
                key = 'id'
            cr.execute('SELECT %s, ROW(%s)::text FROM "%s"' % (
                key, ', '.join('"%s"' % c for c in columns), table))
            result[table] = {'columns': columns,
                             'rows': dict(cr.fetchall())}
        return result
    finally:
        conn.close()


def differences(before, after):
    found = []
    for table, old in sorted(before.items()):
        new = after.get(table)
        if new is None:
            found.append('%s: table dropped' % table)
            continue
        lost = set(old['rows']) - set(new['rows'])
        added = set(new['rows']) - set(old['rows'])
        changed = [key for key in set(old['rows']) & set(new['rows'])
                   if old['rows'][key] != new['rows'][key]]
        if lost:
            found.append('%s: %d rows lost (ids %s)' % (
                table, len(lost), sorted(lost)[:10]))
        if added:
            found.append('%s: %d rows added (ids %s)' % (
                table, len(added), sorted(added)[:10]))
        for key in sorted(changed)[:5]:
            found.append('%s id %s: %s -> %s' % (
                table, key, old['rows'][key][:300], new['rows'][key][:300]))
        if len(changed) > 5:
            found.append('%s: %d rows changed' % (table, len(changed)))
    return found


def test_updating_every_module_twice_changes_no_isp_record(demo_db):
    """The copy made right after the build, updated twice (``-u all``),
    has the same ISP records as the demo database."""
    assert len(demo_db['updates']) == 2
    for attempt, (returncode, errors) in enumerate(demo_db['updates'], 1):
        assert returncode == 0, 'update %d failed; see %s' % (
            attempt, os.path.join(LOG_DIR, 'demo_update_%d.log' % attempt))
        assert errors == []
    assert differences(demo_db['before'], snapshot(demo_db['updated'])) \
        == []


if __name__ == '__main__':
    # make test: python tests/test_demo_build.py prepare DB STATUS_FILE
    import sys
    if len(sys.argv) != 4 or sys.argv[1] != 'prepare':
        sys.exit('usage: test_demo_build.py prepare DB STATUS_FILE')
    result = prepare(sys.argv[2])
    with open(sys.argv[3], 'w') as handle:
        json.dump(result, handle)
