"""The demo ISP of make run: steps of tools/demo_db.sh between its Odoo
passes, on the database given with -d.

    demo_setup.py company -d DB     after base: the Spanish company (name,
                                    logo, address, VAT) before "account"
                                    installs, so that Odoo installs l10n_es
                                    (PYMEs chart, EUR) by itself
    demo_setup.py accounting -d DB  after the dependencies: the company's
                                    bank account (IBAN, BIC) on its bank
                                    journal, its SEPA creditor identifier,
                                    21 % IVA on services as the default
                                    sales tax of new products
    demo_setup.py languages -d DB   after isp_crm: its customers' languages
                                    (before the other addons invoice them)
    demo_setup.py story -d DB       after the six addons: each customer's
                                    language, Odoo's and the OCA's own demo
                                    records archived, twelve months of
                                    invoices of the portal customer, two
                                    contracts signed (remotely, in store),
                                    then the collections (see below) and
                                    the dunning (a customer at each level,
                                    one suspended, a payment promise)
    demo_setup.py collections -d DB the latest billing run collected by
                                    SEPA direct debit (pain.008.001.08);
                                    one debit of the run and one of the
                                    portal customer returned for
                                    insufficient funds (AM04), their fees
                                    invoiced;
                                    part of "story", alone to redo it
    demo_setup.py portal -d DB      the portal customer's contract with
                                    a commitment, a contract waiting for
                                    her signature, a year of readings of
                                    her electricity meter, her requests
                                    (applied, refused, waiting, an
                                    information request) and the features
                                    of the tariffs of the portal;
                                    part of "story", alone to redo it
    demo_setup.py odoo ARGS...      tools/odoo-bin ARGS with the import of
                                    base_vat_autocomplete fixed (see
                                    stdnum_compat)

Each step commits once at its end; a failure leaves the database as it was
before the step (demo_db.sh then drops it). Nothing here runs again on
``-u``: the records it writes have no XML id or are ``noupdate`` ones.
"""
import argparse
import base64
import datetime
import logging
import os
import sys
from xml.etree import ElementTree

from dateutil.relativedelta import relativedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ISP_ADDONS = ('isp_crm', 'isp_billing', 'isp_esign', 'isp_contract_wizard',
              'isp_helpdesk', 'isp_portal')
_logger = logging.getLogger('demo_setup')

COMPANY = {
    'name': 'Conecta Levante Telecom S.L.',
    'street': 'Calle de Colón 42, 4ª planta',
    'zip': '46004',
    'city': 'Valencia',
    'phone': '+34 960 123 456',
    'email': 'hola@conectalevante.example.com',
    'website': 'https://www.conectalevante.example.com',
    'vat': 'ESB46123451',
    'company_registry': 'Registro Mercantil de Valencia, tomo 9876, '
                        'folio 12, hoja V-123456',
}
COMPANY_IBAN = 'ES29 2100 0813 6402 0123 4567'
COMPANY_BIC = 'CAIXESBBXXX'
COMPANY_BANK = 'CaixaBank'
SEPA_CREDITOR_ID = 'ES46000B46123451'
SERVICE_TAX = 'l10n_es.%d_account_tax_template_s_iva21s'
LANG_BY_COUNTRY = {'ES': 'es_ES', 'IT': 'it_IT', 'RO': 'ro_RO'}
# the XML ids of these demo records are the company's own or Odoo's
# technical users: never archived
KEEP_PARTNERS = ('base.main_partner', 'base.partner_root',
                 'base.public_partner')
PORTAL_CUSTOMER = 'isp_portal.res_users_customer_demo'
HISTORY_MONTHS = 12
# the portal customer's invoices still open (the newest ones): the last
# is due, paid by transfer (its document carries the EPC QR code); the one
# before is overdue and waits for the direct debit; the one before that
# was debited and returned by the bank (step_collections)
HISTORY_OPEN = 3
# the collections: the flavour of the demo's SEPA direct debit files (the
# EPC 2023 rulebook), the reason of the demo's returned debit and the fee
# invoiced for it (untaxed, EUR; the company's 21 % IVA on top)
SEPA_METHOD = 'account_banking_sepa_direct_debit.sepa_direct_debit'
SEPA_MODE = 'account_banking_sepa_direct_debit.payment_mode_inbound_sepa_dd1'
SEPA_FLAVOUR = 'pain.008.001.08'
RETURN_REASON = 'account_payment_return_import_sepa_pain.unpaid_reason_AM04'
RETURN_FEE = 3.0
RETURN_FEE_NAMES = {
    'en_US': 'Returned direct debit fee',
    'es_ES': 'Comisión por recibo devuelto',
    'it_IT': 'Commissione per addebito diretto insoluto',
    'ro_RO': 'Comision pentru debit direct returnat',
}


def step_company(env):
    company = env.ref('base.main_company')
    spain = env.ref('base.es')
    logo = open(os.path.join(ROOT, 'tools', 'demo', 'company_logo.png'),
                'rb').read()
    values = dict(COMPANY, country_id=spain.id,
                  state_id=env.ref('base.state_es_v').id,
                  currency_id=env.ref('base.EUR').id,
                  logo=base64.b64encode(logo))
    company.write(values)
    company.partner_id.write({'tz': 'Europe/Madrid', 'customer': False})
    env.ref('base.EUR').active = True
    env.ref('base.user_root').partner_id.write({'tz': 'Europe/Madrid'})


def step_accounting(env):
    company = env.ref('base.main_company')
    assert company.currency_id.name == 'EUR', company.currency_id.name
    assert company.chart_template_id == env.ref(
        'l10n_es.account_chart_template_pymes'), company.chart_template_id
    bank = env['res.bank'].search([('bic', '=', COMPANY_BIC)], limit=1) \
        or env['res.bank'].create({'name': COMPANY_BANK, 'bic': COMPANY_BIC,
                                   'country': env.ref('base.es').id,
                                   'city': 'Valencia'})
    # first of the company's accounts (account_payment_mode's demo gives
    # the company two French ones): the one its invoices name for payment
    company.partner_id.bank_ids.write({'sequence': 50})
    account = env['res.partner.bank'].create({
        'acc_number': COMPANY_IBAN, 'bank_id': bank.id, 'sequence': 1,
        'partner_id': company.partner_id.id, 'company_id': company.id})
    journal = env['account.journal'].search(
        [('type', '=', 'bank'), ('company_id', '=', company.id)],
        order='id', limit=1)
    journal.write({'bank_account_id': account.id, 'name': COMPANY_BANK})
    company.sepa_creditor_identifier = SEPA_CREDITOR_ID
    tax = env.ref(SERVICE_TAX % company.id)
    company.account_sale_tax_id = tax
    env['ir.default'].set('product.template', 'taxes_id', tax.ids,
                          company_id=company.id)


def demo_xmlids(env, models):
    """{model: set of "module.name"} of the records that the demo files of
    the installed modules other than ours declare."""
    from odoo.modules.module import get_module_path, \
        load_information_from_description_file
    found = {model: set() for model in models}
    modules = env['ir.module.module'].search(
        [('state', '=', 'installed'), ('demo', '=', True),
         ('name', 'not in', ISP_ADDONS)])
    for module in modules:
        path = get_module_path(module.name)
        info = load_information_from_description_file(module.name, path)
        for name in info.get('demo', []) + info.get('demo_xml', []):
            filename = os.path.join(path, name)
            if name.endswith('.csv'):
                model = os.path.basename(name)[:-4].split('-')[0]
                if model in found:
                    import csv
                    with open(filename) as handle:
                        for row in csv.DictReader(handle):
                            xmlid = row.get('id')
                            if xmlid:
                                found[model].add(xmlid if '.' in xmlid
                                                 else module.name + '.'
                                                 + xmlid)
                continue
            if not name.endswith('.xml'):
                continue
            for record in ElementTree.parse(filename).iter('record'):
                model, xmlid = record.get('model'), record.get('id')
                if model in found and xmlid:
                    found[model].add(xmlid if '.' in xmlid
                                     else module.name + '.' + xmlid)
    return found


def non_isp_demo(env, model, xmlids):
    records = env[model].with_context(active_test=False)
    for xmlid in xmlids:
        record = env.ref(xmlid, raise_if_not_found=False)
        if record is not None and record._name == model:
            records |= record
    return records


def archive_foreign_demo(env):
    """Odoo's and the OCA's demo partners, products, leads and their
    portal users archived, their quotations, orders and tickets cancelled:
    the ISP's menus show the ISP's own records only."""
    models = ['res.partner', 'res.users', 'product.product',
              'product.template', 'sale.order', 'crm.lead',
              'helpdesk.ticket']
    found = demo_xmlids(env, [m for m in models if m in env])
    keep = env['res.partner']
    for xmlid in KEEP_PARTNERS:
        keep |= env.ref(xmlid, raise_if_not_found=False) or keep
    internal = env['res.users'].with_context(active_test=False).search(
        [('share', '=', False)])
    keep |= internal.mapped('partner_id')
    partners = non_isp_demo(env, 'res.partner', found['res.partner']) - keep
    partners |= env['res.partner'].with_context(active_test=False).search(
        [('id', 'child_of', partners.ids)]) - keep
    portal_users = env['res.users'].search(
        [('partner_id', 'in', partners.ids), ('share', '=', True)])
    portal_users |= non_isp_demo(env, 'res.users', found['res.users']) \
        .filtered('share')
    orders = non_isp_demo(env, 'sale.order', found['sale.order'])
    orders |= env['sale.order'].search(
        [('partner_id', 'in', partners.ids)])
    orders = orders.filtered(lambda o: o.state != 'cancel')
    orders.action_cancel()
    portal_users.write({'active': False})
    partners.filtered('active').write({'active': False})
    products = non_isp_demo(env, 'product.product', found['product.product'])
    products |= non_isp_demo(env, 'product.template',
                             found['product.template']) \
        .mapped('product_variant_ids')
    products = products.filtered(lambda p: not p.isp_service_type)
    products.mapped('product_tmpl_id').write({'active': False})
    products.write({'active': False})
    for model in ('crm.lead', 'helpdesk.ticket'):
        if model in found and 'active' in env[model]._fields:
            non_isp_demo(env, model, found[model]).filtered('active') \
                .write({'active': False})
    if 'helpdesk.ticket' in found and 'active' not in \
            env['helpdesk.ticket']._fields:
        # helpdesk_mgmt's tickets cannot be archived: cancelled, out of
        # the open tickets the ISP's ticket list shows
        cancelled = env.ref('helpdesk_mgmt.helpdesk_ticket_stage_cancelled')
        non_isp_demo(env, 'helpdesk.ticket', found['helpdesk.ticket']) \
            .filtered(lambda t: not t.stage_id.closed) \
            .with_context(tracking_disable=True, mail_notrack=True) \
            .write({'stage_id': cancelled.id})
    _logger.info('archived %d partners, %d portal users, %d products; '
                 'cancelled %d orders', len(partners), len(portal_users),
                 len(products), len(orders))


def customer_languages(env):
    """Each customer reads documents and e-mails in their country's
    language."""
    for code, lang in LANG_BY_COUNTRY.items():
        env['res.partner'].search([('country_id.code', '=', code),
                                   ('lang', '!=', lang)]) \
            .write({'lang': lang})


def draft_invoice(env, customer, journal, company, date):
    """A draft customer invoice of ``customer`` dated ``date``, with the
    values the form's partner onchange sets (payment term, fiscal
    position)."""
    invoice = env['account.invoice'].create({
        'partner_id': customer.id, 'type': 'out_invoice',
        'journal_id': journal.id, 'company_id': company.id,
        'date_invoice': str(date),
        'account_id': customer.property_account_receivable_id.id,
        'currency_id': company.currency_id.id,
    })
    invoice._onchange_partner_id()
    # the onchange sets the partner's payment term; the date stays
    invoice.date_invoice = str(date)
    return invoice


def invoice_line_values(invoice, product, price, name):
    accounts = product.product_tmpl_id.get_product_accounts(
        invoice.fiscal_position_id)
    taxes = product.taxes_id.filtered(
        lambda t: t.company_id == invoice.company_id)
    taxes = invoice.fiscal_position_id.map_tax(taxes, product,
                                               invoice.partner_id)
    return {'product_id': product.id, 'name': name, 'quantity': 1,
            'price_unit': price, 'uom_id': product.uom_id.id,
            'account_id': accounts['income'].id,
            'invoice_line_tax_ids': [(6, 0, taxes.ids)]}


def portal_history(env):
    """Twelve monthly invoices of the portal customer's subscriptions
    (prepaid, billed on the 1st), posted in date order; every one paid by
    bank transfer a few days later except the newest, which is open."""
    customer = env.ref(PORTAL_CUSTOMER).partner_id
    company = env.ref('base.main_company')
    subscriptions = env['isp.subscription'].search(
        [('partner_id', '=', customer.id)], order='date_start, id')
    journal = env['account.journal'].search(
        [('type', '=', 'sale'), ('company_id', '=', company.id)],
        order='sequence, id', limit=1)
    bank = env['account.journal'].search(
        [('type', '=', 'bank'), ('company_id', '=', company.id)],
        order='id', limit=1)
    method = env.ref('account.account_payment_method_manual_in')
    today = datetime.date.today()
    first = today.replace(day=1) - relativedelta(months=HISTORY_MONTHS - 1)
    invoices = env['account.invoice']
    for index in range(HISTORY_MONTHS):
        start = first + relativedelta(months=index)
        end = start + relativedelta(months=1, days=-1)
        running = subscriptions.filtered(
            lambda s: s.date_start and s.date_start <= str(start))
        if not running:
            continue
        invoice = draft_invoice(env, customer, journal, company, start)
        for subscription in running:
            product = subscription.product_id
            # the template's name: Odoo 11 caches product.product's
            # (inherited) name once for every language of the transaction
            label = product.product_tmpl_id.with_context(
                lang=customer.lang).name
            name = '%s (%s - %s)' % (label, start.strftime('%d/%m/%Y'),
                                     end.strftime('%d/%m/%Y'))
            line = env['account.invoice.line'].create(dict(
                invoice_line_values(invoice, product,
                                    subscription.price_unit, name),
                invoice_id=invoice.id))
            env['isp.subscription.period'].create({
                'subscription_id': subscription.id,
                'date_start': str(start), 'date_end': str(end),
                'amount': line.price_subtotal,
                'invoice_line_id': line.id})
        invoice.compute_taxes()
        invoice.action_invoice_open()
        invoices |= invoice
    # the newest is open (paid by transfer, its QR code on the PDF); the
    # two before are paid by direct debit (below): the last overdue, the
    # first returned by the bank in step_collections
    unpaid = invoices[len(invoices) - HISTORY_OPEN:]
    for invoice in invoices - unpaid:
        paid = fields_date(invoice.date_invoice) + relativedelta(days=4)
        payment = env['account.payment'].create({
            'payment_type': 'inbound', 'partner_type': 'customer',
            'partner_id': customer.id, 'amount': invoice.amount_total,
            'currency_id': invoice.currency_id.id,
            'journal_id': bank.id, 'payment_method_id': method.id,
            'payment_date': str(paid),
            'communication': invoice.number,
            'invoice_ids': [(6, 0, invoice.ids)]})
        payment.post()
    # a valid SEPA mandate on the customer's IBAN collects the overdue one
    partner = customer.commercial_partner_id
    account = partner.bank_ids[:1] or env['res.partner.bank'].create({
        'partner_id': partner.id,
        'acc_number': 'ES39 2100 0813 6364 0201 1234'})
    Mandate = env['account.banking.mandate']
    mandate = Mandate.search([('partner_bank_id', '=', account.id),
                              ('state', '=', 'valid')], limit=1)
    if not mandate:
        mandate = Mandate.create({'partner_bank_id': account.id,
                                  'company_id': company.id,
                                  'signature_date': str(first)})
        mandate.validate()
    debited = unpaid[:-1]
    values = {'payment_mode_id': sepa_mode(env, company).id,
              'mandate_id': mandate.id}
    debited.write(values)
    # posted already: their receivables too (what a debit order reads)
    debited.mapped('move_id.line_ids').filtered(
        lambda l: l.account_id.internal_type == 'receivable').write(values)
    _logger.info('portal customer %s: %d invoices, %d paid', customer.name,
                 len(invoices), len(invoices.filtered(
                     lambda i: i.state == 'paid')))


def signature_png(seed):
    """A drawn-looking signature (a PNG data URL) for the demo's signed
    contracts."""
    import io
    import math
    from PIL import Image, ImageDraw
    image = Image.new('RGBA', (400, 120), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = [(20 + x, 60 + 28 * math.sin(x / (9.0 + seed))
               * math.cos(x / 37.0)) for x in range(0, 360, 3)]
    draw.line(points, fill=(20, 30, 120, 255), width=4)
    out = io.BytesIO()
    image.save(out, 'PNG')
    return 'data:image/png;base64,' + base64.b64encode(
        out.getvalue()).decode()


def signed_contracts(env):
    """Two contracts of the sales network signed: one remotely (link by
    e-mail, one-time code, signature on the customer's phone), which
    confirms it, one in store (on the shop's tablet, the agent
    identifying the customer), whose intake goes on."""
    from odoo.addons.isp_esign.rules import evidence
    env.ref('base.main_company')._esign_generate_demo_certificate()
    remote = env.ref('isp_crm.sale_order_isp_contract_04_demo')
    store = env.ref('isp_crm.sale_order_isp_contract_03_demo')
    phone = 'Mozilla/5.0 (Linux; Android 13; Pixel 7) Mobile Safari/537.36'
    # remote: the code the customer reads in her e-mail
    new_code = evidence.new_code
    evidence.new_code = lambda: '482913'
    try:
        action = remote.with_context(
            esign_channel='email').action_esign_request()
        request = env['isp.esign.request'].browse(action['res_id'])
        request._open(ip='88.12.34.56', user_agent=phone)
        request._send_code('email', ip='88.12.34.56')
        assert request._verify_code('482913', ip='88.12.34.56',
                                    user_agent=phone)
    finally:
        evidence.new_code = new_code
    request._sign(remote.partner_id.name, signature_png(1), True,
                  ip='88.12.34.56', user_agent=phone,
                  document_sha256=request.document_sha256)
    # in store: the agent's session on the shop's tablet
    agent = env.ref('isp_crm.res_users_isp_agent_sur_demo')
    if not agent.has_group('isp_esign.group_isp_esign_user'):
        agent.write({'groups_id': [
            (4, env.ref('isp_esign.group_isp_esign_user').id)]})
    action = store.with_context(esign_channel='store').action_esign_request()
    request = env['isp.esign.request'].browse(action['res_id'])
    request.action_sign_now()
    request.sudo(agent)._sign(
        store.partner_id.name, signature_png(2), True, ip='10.1.1.20',
        user_agent='Mozilla/5.0 (iPad; CPU OS 16_0) Safari/604.1',
        document_sha256=request.document_sha256, in_store=True)


def sepa_mode(env, company):
    """The SEPA direct debit payment mode of the demo (OCA's demo one):
    collected into the company's CaixaBank account, files in the flavour
    of the EPC 2023 rulebook (OCA's method defaults to pain.008.001.02)."""
    method = env.ref(SEPA_METHOD)
    if method.pain_version != SEPA_FLAVOUR:
        method.pain_version = SEPA_FLAVOUR
    journal = env['account.journal'].search(
        [('type', '=', 'bank'), ('company_id', '=', company.id)],
        order='id', limit=1)
    if method not in journal.inbound_payment_method_ids:
        journal.inbound_payment_method_ids = [(4, method.id)]
    mode = env.ref(SEPA_MODE, raise_if_not_found=False) or env[
        'account.payment.mode'].search(
            [('payment_method_id', '=', method.id),
             ('company_id', '=', company.id)], limit=1)
    values = {'bank_account_link': 'fixed', 'fixed_journal_id': journal.id,
              'payment_order_ok': True, 'move_option': 'line'}
    if not mode:
        mode = env['account.payment.mode'].create(dict(
            values, name='SEPA Direct Debit of customers',
            company_id=company.id, payment_method_id=method.id))
    else:
        mode.write(values)
    return mode


def direct_debit_invoices(env, run, mode):
    """The run's open invoices paid by SEPA direct debit: each contract
    (subscription) with a bank account gets the payment mode and a valid
    mandate of that account (a new one when it has none), and so do the
    invoices of the run that bill it."""
    Mandate = env['account.banking.mandate']
    invoices = env['account.invoice'].search(
        [('isp_billing_run_id', '=', run.id), ('state', '=', 'open'),
         ('type', '=', 'out_invoice')], order='id')
    periods = env['isp.subscription.period'].search(
        [('invoice_line_id.invoice_id', 'in', invoices.ids)])
    mandates = {}
    for subscription in periods.mapped('subscription_id'):
        account = subscription.bank_account_id
        if not account:
            continue
        mandate = subscription.mandate_id
        if not (mandate and mandate.state == 'valid'
                and mandate.partner_bank_id == account):
            mandate = Mandate.search(
                [('partner_bank_id', '=', account.id),
                 ('state', '=', 'valid')], limit=1)
        if not mandate:
            mandate = Mandate.create({
                'partner_bank_id': account.id,
                'company_id': run.company_id.id,
                'signature_date': subscription.date_start
                or str(datetime.date.today())})
            mandate.validate()
        if (subscription.payment_mode_id, subscription.mandate_id) != (
                mode, mandate):
            subscription.write({'payment_mode_id': mode.id,
                                'mandate_id': mandate.id})
        mandates[subscription.id] = mandate
    debited = env['account.invoice']
    for invoice in invoices:
        mandate = next((mandates[p.subscription_id.id] for p in periods
                        if p.invoice_line_id.invoice_id == invoice
                        and p.subscription_id.id in mandates), None)
        if not mandate:
            continue
        invoice.write({'payment_mode_id': mode.id,
                       'mandate_id': mandate.id})
        receivable = invoice.move_id.line_ids.filtered(
            lambda l: l.account_id == invoice.account_id)
        if 'payment_mode_id' in receivable._fields:
            receivable.write({'payment_mode_id': mode.id})
        debited |= invoice
    return debited


def return_fee(env, company):
    """The fee of a debit returned for insufficient funds: a service
    product of 3.00 EUR with the company's 21 % IVA, named in each
    customer language, on the reason AM04."""
    reason = env.ref(RETURN_REASON, raise_if_not_found=False) or env[
        'payment.return.reason'].search([('code', '=', 'AM04')], limit=1)
    if reason.isp_fee_product_id:
        return reason
    tax = env.ref(SERVICE_TAX % company.id, raise_if_not_found=False) \
        or env['account.tax'].search(
            [('type_tax_use', '=', 'sale'), ('amount', '=', 21.0),
             ('company_id', '=', company.id)], limit=1)
    product = env['product.product'].create({
        'name': RETURN_FEE_NAMES['en_US'], 'type': 'service',
        'list_price': RETURN_FEE, 'sale_ok': True, 'purchase_ok': False,
        'default_code': 'DEV-RECIBO', 'taxes_id': [(6, 0, tax.ids)]})
    for lang, name in RETURN_FEE_NAMES.items():
        if lang != 'en_US' and env['res.lang']._lang_get(lang):
            product.product_tmpl_id.with_context(lang=lang).name = name
    reason.isp_fee_product_id = product
    return reason


def load_return_files():
    """isp_billing's tests' builder of bank return files (plain Python)."""
    import importlib.util
    path = os.path.join(ROOT, 'addons', 'isp_billing', 'tests',
                        'sepa_return_files.py')
    spec = importlib.util.spec_from_file_location('sepa_return_files', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def portal_debit(env, mode):
    """The bank line of the portal customer's oldest open invoice paid by
    direct debit, in a debit order of its own, uploaded."""
    customer = env.ref(PORTAL_CUSTOMER).partner_id.commercial_partner_id
    invoice = env['account.invoice'].search([
        ('commercial_partner_id', '=', customer.id),
        ('type', '=', 'out_invoice'), ('state', '=', 'open'),
        ('payment_mode_id', '=', mode.id)], order='date_invoice, id',
        limit=1)
    if not invoice:
        return env['bank.payment.line']
    invoice.create_account_payment_line()
    order = env['account.payment.order'].search([
        ('payment_mode_id', '=', mode.id), ('state', '=', 'draft')])
    order.draft2open()
    order.open2generated()
    order.generated2uploaded()
    return order.bank_line_ids


def step_collections(env):
    """The latest billing run collected: its invoices' contracts debited
    by SEPA direct debit with valid mandates, the run's button "Create
    debit orders" pressed (by admin), the order confirmed, its pain.008
    file made and uploaded; the portal customer's oldest open invoice is
    debited too, in an order of its own; then the bank's camt.054 returns
    one debit of the run and the portal customer's for insufficient funds
    (AM04): imported with the wizard and confirmed, the invoices are open
    again and wait to be debited again, their fees are invoiced. Done
    once: nothing when the run's order is uploaded already."""
    company = env.ref('base.main_company')
    run = env['isp.billing.run'].search(
        [('company_id', '=', company.id)], order='date desc, id desc',
        limit=1)
    Order = env['account.payment.order']
    if not run or Order.search_count([('isp_billing_run_id', '=', run.id),
                                      ('state', '=', 'uploaded')]):
        return
    mode = sepa_mode(env, company)
    debited = direct_debit_invoices(env, run, mode)
    reason = return_fee(env, company)
    run.action_create_debit_orders()
    orders = Order.search([('isp_billing_run_id', '=', run.id),
                           ('state', '=', 'draft')])
    assert orders, 'no debit order for %s' % run.name
    for order in orders:
        order.draft2open()
        order.open2generated()
        order.generated2uploaded()
    bank_line = orders.mapped('bank_line_ids').sorted('id')[:1]
    invoice = bank_line.mapped('payment_line_ids.move_line_id.invoice_id')
    # the portal customer's oldest open invoice, debited in an order of
    # its own ("Add to debit order" on the invoice) and returned with it
    portal_line = portal_debit(env, mode)
    portal_invoice = portal_line.mapped(
        'payment_line_ids.move_line_id.invoice_id')
    files = load_return_files()
    debits = [{
        'e2e': line.name,
        'mandate': line.mandate_id.unique_mandate_reference,
        'amount': line.amount_currency,
        'debtor': line.partner_id.name,
        'iban': line.partner_bank_id.sanitized_acc_number,
        'reason': reason.code,
    } for line in bank_line | portal_line]
    today = str(datetime.date.today())
    data = files.camt054(
        debits, COMPANY_IBAN.replace(' ', ''),
        message_id='CAMT054-%s' % orders[0].name.replace('/', '-'),
        booking_date=today, currency=bank_line.currency_id.name)
    action = env['payment.return.import'].create({
        'data_file': base64.b64encode(data.encode()
                                      if isinstance(data, str) else data),
        'match_after_import': True}).import_file()
    payment_return = env['payment.return'].browse(action['res_id'])
    payment_return.action_confirm()
    for returned in invoice | portal_invoice:
        assert returned.state == 'open' and returned.isp_sdd_represent, \
            (returned.number, returned.state)
    _logger.info('collections: %d of %d invoices of %s debited in %s, '
                 '%s returned (%s) by %s', len(orders.mapped(
                     'payment_line_ids')), len(debited), run.name,
                 ', '.join(orders.mapped('name')),
                 ', '.join((invoice | portal_invoice).mapped('number')),
                 reason.code, payment_return.name)


# the dunning of the demo: a customer at each level of the company's
# policy, on their own invoice (billing cycle day 15: the demo's run of
# last month billed day 1), the last one suspended; and a customer who
# promised to pay their open invoices
DUNNING_CUSTOMERS = (
    'isp_crm.res_partner_isp_customer_17_demo',
    'isp_crm.res_partner_isp_customer_11_demo',
    'isp_crm.res_partner_isp_customer_06_demo',
    'isp_crm.res_partner_isp_customer_02_demo',
)
# the last level was reached this many days ago (the suspension: more,
# so that it found an allowed day and hour); the next level is not due
DUNNING_DAYS_AGO = 1
DUNNING_SUSPENSION_DAYS_AGO = 8
DUNNING_HOUR = 10
PROMISE_CUSTOMER = 'isp_crm.res_partner_isp_customer_10_demo'
PROMISE_DAYS_AHEAD = 5


def dunning_schedule(levels, reached, today):
    """(due date, [(level, day it is sent)]) of an invoice that reached
    the ``reached`` first ``levels`` (sorted) by ``today``."""
    days_ago = DUNNING_SUSPENSION_DAYS_AGO if reached == len(levels) \
        else DUNNING_DAYS_AGO
    delays = [level.delay_days for level in levels[:reached]]
    due = today - datetime.timedelta(days=days_ago + sum(delays))
    schedule, day = [], due
    for level in levels[:reached]:
        base = day if level.computation_mode == 'previous_date' else due
        day = base + datetime.timedelta(days=level.delay_days)
        schedule.append((level, day))
    return due, schedule


def dunning_invoice(env, customer, date_due):
    """A posted invoice of the customer's running services for the
    billing period containing its date, due on ``date_due`` (the billing
    runs' payment terms), recorded as invoiced periods."""
    from odoo.addons.isp_billing.rules import billing_period
    company = env.ref('base.main_company')
    terms = company.isp_payment_term_id
    days = max(terms.line_ids.mapped('days') or [0])
    date = date_due - datetime.timedelta(days=days)
    journal = env['account.journal'].search(
        [('type', '=', 'sale'), ('company_id', '=', company.id)],
        order='sequence, id', limit=1)
    subscriptions = env['isp.subscription'].search(
        [('partner_id', '=', customer.id), ('state', '=', 'active'),
         ('date_start', '<=', str(date))], order='id')
    assert subscriptions, 'no service of %s to invoice' % customer.name
    invoice = draft_invoice(env, customer, journal, company, date)
    invoice.payment_term_id = terms
    for subscription in subscriptions:
        start, end = billing_period.invoiced_period(
            date, subscription.billing_cycle_day, subscription.billing_mode)
        product = subscription.product_id
        label = product.product_tmpl_id.with_context(
            lang=customer.lang).name
        name = '%s (%s - %s)' % (label, start.strftime('%d/%m/%Y'),
                                 end.strftime('%d/%m/%Y'))
        line = env['account.invoice.line'].create(dict(
            invoice_line_values(invoice, product, subscription.price_unit,
                                name), invoice_id=invoice.id))
        env['isp.subscription.period'].create({
            'subscription_id': subscription.id,
            'date_start': str(start), 'date_end': str(end),
            'amount': line.price_subtotal, 'invoice_line_id': line.id})
    invoice.compute_taxes()
    invoice.action_invoice_open()
    assert invoice.date_due == str(date_due), (invoice.date_due, date_due)
    return invoice


def dunning_step(env, company, invoice, level, day):
    """The daily dunning's step of ``level`` for ``invoice`` on ``day``
    (at DUNNING_HOUR, company time): its line made and sent by the level's
    channel (a suspension waits for an allowed day and hour)."""
    Line = env['credit.control.line']
    receivable = invoice.move_id.line_ids.filtered(
        lambda l: l.account_id == invoice.account_id and l.debit)
    lines = Line.create_or_update_from_mv_lines(receivable, level, str(day))
    lines.write({'state': 'to_be_sent'})
    Line._isp_process_lines(lines, str(day), datetime.datetime.combine(
        day, datetime.time(DUNNING_HOUR)))


def promise_customer(env, company, today):
    """PROMISE_CUSTOMER (else the first customer with an overdue
    invoice who may promise) promises to pay their overdue invoices by
    bank transfer in PROMISE_DAYS_AHEAD days: the dunning waits."""
    Subscription = env['isp.subscription']
    overdue = env['account.invoice'].search(
        [('type', '=', 'out_invoice'), ('state', '=', 'open'),
         ('company_id', '=', company.id), ('date_due', '<', str(today)),
         ('partner_id.isp_dunning_level_id', '=', False)],
        order='date_due, id')
    customers = overdue.mapped('commercial_partner_id').filtered(
        lambda p: not Subscription.search_count(
            [('partner_id', 'child_of', p.id), ('state', '=', 'suspended')]))
    preferred = env.ref(PROMISE_CUSTOMER, raise_if_not_found=False)
    customer = preferred if preferred in customers else customers[:1]
    if not customer:
        return None
    return env['isp.payment.promise']._isp_create_promise(
        customer, str(today + datetime.timedelta(days=PROMISE_DAYS_AHEAD)),
        reason='Pays by bank transfer at the end of the harvest week.')


def step_dunning(env):
    """Overdue customers at each level of the company's dunning policy
    (ISP > Collections > Overdue customers): each has an invoice of their
    services dunned level after level on the days the policy says, by the
    dunning's own steps (e-mail, SMS or e-mail, letter, suspension); the
    last level suspended the customer's services. Another customer
    promised to pay their overdue invoices. Done once: nothing when a
    customer is in dunning already."""
    company = env.ref('base.main_company')
    policy = company.credit_policy_id
    Partner = env['res.partner']
    if not policy or Partner.search_count(
            [('isp_dunning_level_id', '!=', False)]):
        return
    levels = policy.level_ids.sorted('level')
    today = datetime.date.today()
    for reached, xmlid in enumerate(DUNNING_CUSTOMERS[:len(levels)], 1):
        customer = env.ref(xmlid)
        due, schedule = dunning_schedule(levels, reached, today)
        invoice = dunning_invoice(env, customer, due)
        for level, day in schedule:
            dunning_step(env, company, invoice, level, day)
        # a suspension waiting for an allowed day: the hourly job's work
        Line = env['credit.control.line']
        day = schedule[-1][1]
        while day < today and Line.search_count(
                [('invoice_id', '=', invoice.id),
                 ('state', '=', 'to_be_sent')]):
            day += datetime.timedelta(days=1)
            Line._isp_process_lines(
                Line._isp_lines_to_process(company, day).filtered(
                    lambda l: l.invoice_id == invoice), str(day),
                datetime.datetime.combine(day, datetime.time(DUNNING_HOUR)))
        level = schedule[-1][0]
        assert customer.isp_dunning_level_id == level, \
            (customer.name, customer.isp_dunning_level_id.name, level.name)
    promise_customer(env, company, today)
    _logger.info('dunning: %s', ', '.join(
        '%s (%s)' % (p.name, p.isp_dunning_level_id.name)
        for p in Partner.search([('isp_dunning_level_id', '!=', False)])))


# the portal customer's contracts, readings and requests (the portal's
# pages of her contracts, signatures, readings, plans and requests): a
# contract with a commitment, activated this month; a second one sent to
# her for signature by e-mail, not signed yet; her home's electricity with
# a year of monthly readings; requests she made in several states
PORTAL_COMMITTED = 'isp_crm.product_product_isp_tv_basic_demo'
PORTAL_TO_SIGN = 'isp_crm.product_product_isp_fixed_line_demo'
PORTAL_PLAN = 'isp_crm.product_product_isp_fibre_1000_demo'
PORTAL_FIBRE = 'isp_portal.isp_subscription_lucia_fibre_demo'
PORTAL_ELECTRICITY = 'isp_billing.product_electricity_home_demo'
PORTAL_METER = 'ES-E-0231877'
# kWh used each month, from the oldest: winter heating, summer air
# conditioning
PORTAL_CONSUMPTION = (312, 298, 241, 205, 188, 236, 301, 327, 254, 219,
                      263, 305)
PORTAL_METER_START = 18420.0
# the features the portal's plans show under each tariff offered there
PORTAL_FEATURES = {
    'isp_crm.product_product_isp_fibre_300_demo':
        'Symmetric 300 Mb\nWi-Fi 6 router included\nInstalled in 48 h',
    'isp_crm.product_product_isp_fibre_600_demo':
        'Symmetric 600 Mb\nWi-Fi 6 router included\nInstalled in 48 h',
    'isp_crm.product_product_isp_fibre_1000_demo':
        'Symmetric 1 Gb\nWi-Fi 6 mesh (two points)\n'
        'Installed in 48 h\nPriority support',
    'isp_crm.product_product_isp_mobile_3gb_demo':
        '3 GB at 4G speed\nUnlimited calls\nEU roaming',
    'isp_crm.product_product_isp_mobile_1gb_demo':
        '1 GB at 4G speed\n300 minutes\nEU roaming',
    'isp_crm.product_product_isp_mobile_20gb_demo':
        '20 GB at 5G speed\nUnlimited calls\nEU roaming',
    'isp_crm.product_product_isp_fixed_line_demo':
        'Unlimited national calls\nKeep your number',
    'isp_crm.product_product_isp_tv_basic_demo':
        '80 channels\nSeven days of replay\nOn the TV and the phone',
    'isp_crm.product_product_isp_bundle_family_demo':
        'Fibre, mobile lines and TV in one invoice',
    'isp_crm.product_product_isp_bundle_home_demo':
        'Fibre and fixed line in one invoice',
}


def portal_features(env):
    """The features text of the tariffs offered in the portal (those
    without one)."""
    for xmlid, text in PORTAL_FEATURES.items():
        product = env.ref(xmlid, raise_if_not_found=False)
        if product and product.isp_portal_offered and \
                not product.isp_portal_features:
            product.product_tmpl_id.isp_portal_features = text


def portal_contract_order(env, customer, product, days_ago):
    """A contract of ``customer`` for ``product`` entered ``days_ago``
    days ago by the back office and ready for activation (its intake
    done)."""
    now = datetime.datetime.now()
    entered = now - datetime.timedelta(days=days_ago)
    checked = now - datetime.timedelta(days=max(days_ago - 1, 0))
    root = env.ref('base.user_root')
    order = env['sale.order'].create({
        'partner_id': customer.id, 'isp_is_contract': True,
        'date_order': entered.strftime('%Y-%m-%d %H:%M:%S'),
        'order_line': [(0, 0, {
            'product_id': product.id, 'name': product.name,
            'product_uom_qty': 1, 'product_uom': product.uom_id.id,
            'price_unit': product.lst_price})],
    })
    order.write({
        'isp_intake_state': 'ready',
        'isp_validated_by_id': root.id,
        'isp_date_validated': checked.strftime('%Y-%m-%d %H:%M:%S'),
        'isp_credit_check_result': 'passed',
        'isp_date_credit_check': checked.strftime('%Y-%m-%d'),
        'isp_credit_checked_by_id': root.id,
        'isp_ready_by_id': root.id,
        'isp_date_ready': checked.strftime('%Y-%m-%d %H:%M:%S'),
    })
    return order


def portal_contracts(env):
    """The portal customer's contract with a commitment (confirmed, its
    service active since a few days ago, this month: the next billing
    run bills it) and a contract sent to her by e-mail for signature, not
    signed. Done once: nothing when she has a contract."""
    customer = env.ref(PORTAL_CUSTOMER).partner_id
    if env['sale.order'].search_count([
            ('partner_id', 'child_of', customer.id),
            ('isp_is_contract', '=', True)]):
        return
    today = datetime.date.today()
    start = max(today.replace(day=1), today - datetime.timedelta(days=3))
    order = portal_contract_order(env, customer, env.ref(PORTAL_COMMITTED),
                                  (today - start).days + 7)
    order.action_confirm()
    subscriptions = env['isp.subscription'].search(
        [('order_id', '=', order.id)])
    subscriptions._activate(date_start=str(start))
    assert all(s.date_commitment_end > str(today) for s in subscriptions), \
        subscriptions.mapped('date_commitment_end')
    to_sign = portal_contract_order(env, customer, env.ref(PORTAL_TO_SIGN),
                                    2)
    action = to_sign.with_context(esign_channel='email') \
        .action_esign_request()
    request = env['isp.esign.request'].browse(action['res_id'])
    assert request.state == 'sent', request.state
    _logger.info('portal customer: contract %s (commitment until %s), '
                 '%s waiting for her signature (%s)', order.name,
                 max(subscriptions.mapped('date_commitment_end')),
                 to_sign.name, request.name)


def portal_readings(env):
    """The electricity of the portal customer's home (a metered service
    billed after use) with its meter read on the 1st of each month for a
    year: actual readings, her own ones and an estimate. Done once:
    nothing when she has a metered service."""
    customer = env.ref(PORTAL_CUSTOMER).partner_id
    product = env.ref(PORTAL_ELECTRICITY, raise_if_not_found=False)
    Subscription = env['isp.subscription']
    if not product or Subscription.search_count([
            ('partner_id', 'child_of', customer.id),
            ('product_id.isp_service_type', '=', product.isp_service_type)]):
        return
    first = datetime.date.today().replace(day=1) - relativedelta(
        months=len(PORTAL_CONSUMPTION))
    subscription = Subscription.create({
        'partner_id': customer.id, 'product_id': product.id,
        'price_unit': product.lst_price, 'billing_cycle_day': 1,
        'billing_mode': 'postpaid', 'state': 'pending'})
    subscription._activate(date_start=str(first))
    meter = env['isp.meter'].create({
        'name': PORTAL_METER, 'subscription_id': subscription.id,
        'date_installed': str(first), 'initial_value': PORTAL_METER_START})
    Reading = env['isp.meter.reading']
    value = PORTAL_METER_START
    kinds = ('actual', 'self_read', 'self_read')
    for index in range(len(PORTAL_CONSUMPTION) + 1):
        if index:
            value += PORTAL_CONSUMPTION[index - 1]
        kind = 'estimated' if index == 7 else kinds[index % 3]
        Reading.create({
            'subscription_id': subscription.id, 'meter_id': meter.id,
            'date': str(first + relativedelta(months=index)),
            'value': value, 'reading_type': kind})
    _logger.info('portal customer: meter %s, %d readings', meter.name,
                 len(PORTAL_CONSUMPTION) + 1)


def customer_text(env, lang, source):
    """``source`` (a term of the suite's code) in the customer's
    language, as the portal writes it for her."""
    return env['ir.translation']._get_source(
        None, ('code',), lang, source) or source


def portal_requests(env):
    """Requests of the portal customer in several states: a new phone
    (applied), a change of her name refused with the staff's answer, a
    change of her fibre to 1 Gb waiting with its ticket and its draft
    migration, and an information request (a CRM lead). Her words and
    the staff's answer are in her language (Spanish). Done once: nothing
    when she has a portal request."""
    user = env.ref(PORTAL_CUSTOMER)
    customer = user.partner_id.commercial_partner_id
    lang = customer.lang or 'en_US'
    Request = env['isp.portal.request']
    if Request.search_count([('partner_id', '=', customer.id)]):
        return
    # the back office (the administrator) answers and decides
    admin = env.ref('base.user_root')
    number = '+34 611 222 333'
    phone = Request._isp_portal_create(
        customer, 'phone',
        customer_text(env, lang, 'New phone: %s') % number,
        customer_text(env, lang, 'The customer added the phone %s in the '
                                 'portal.') % number,
        payload={'phone': number})
    if phone.state == 'pending':
        phone.sudo(admin).action_apply()
    identity = Request._isp_portal_create(
        customer, 'identity',
        customer_text(env, lang, 'Identity change: %s') % 'name',
        'Nombre: Lucía Fernández Ortega',
        payload={'name': 'Lucía Fernández Ortega'})
    identity.sudo(admin).message_post(
        body='No podemos cambiar el nombre de sus contratos sin una copia '
             'de su documento de identidad: envíenosla respondiendo a este '
             'mensaje y vuelva a pedir el cambio.',
        message_type='comment', subtype='mail.mt_comment')
    identity.sudo(admin).action_refuse()
    fibre = env.ref(PORTAL_FIBRE)
    plan = env.ref(PORTAL_PLAN).product_tmpl_id.with_context(lang=lang)
    company = fibre.company_id or env.ref('base.main_company')
    plan_request, _created = plan._isp_portal_request_plan(
        customer, user.partner_id, company, fibre,
        str(datetime.date.today()))
    medium = env.ref('isp_portal.utm_medium_portal',
                     raise_if_not_found=False)
    topic = customer_text(env, lang, 'Coverage at my address')
    lead = env['crm.lead'].with_context(mail_create_nosubscribe=True).create({
        'name': customer_text(env, lang, 'Information request: %s') % topic,
        'type': 'lead', 'contact_name': customer.name,
        'email_from': customer.email, 'phone': customer.phone,
        'partner_id': customer.id,
        'description': '¿Llega la fibra a casa de mis padres, en la calle '
                       'Mayor 12 de Alcalá de Henares?\n\n%s: %s' % (
                           customer_text(env, lang, 'Topic'), topic),
        'company_id': company.id,
        'user_id': company.isp_portal_operator_id.id or False,
        'medium_id': medium and medium.id,
    })
    _logger.info('portal customer: requests %s', ', '.join(
        '%s (%s)' % (r.request_type, r.state)
        for r in phone | identity | plan_request) + ', lead %d' % lead.id)


def step_portal(env):
    """The portal customer's contracts, readings and requests (part of
    "story")."""
    portal_features(env)
    portal_contracts(env)
    portal_readings(env)
    portal_requests(env)


def fields_date(value):
    return datetime.datetime.strptime(value, '%Y-%m-%d').date()


def step_story(env):
    customer_languages(env)
    archive_foreign_demo(env)
    portal_history(env)
    if 'isp.esign.request' in env and 'esign_state' in env['sale.order']:
        signed_contracts(env)
    step_collections(env)
    step_dunning(env)
    step_portal(env)


STEPS = {'company': step_company, 'accounting': step_accounting,
         'languages': customer_languages, 'story': step_story,
         'collections': step_collections, 'portal': step_portal}


def stdnum_compat():
    """base_vat_autocomplete, which Odoo installs with base_vat (l10n_es
    needs it), reads ``stdnum.eu.vat._country_codes``, gone from the
    python-stdnum the suite pins: it cannot be imported without this. The
    build runs the pass that installs it through this script and
    uninstalls it right after (it asks the VIES service for addresses)."""
    import stdnum.eu.vat
    if not hasattr(stdnum.eu.vat, 'country_codes'):
        stdnum.eu.vat.country_codes = stdnum.eu.vat.MEMBER_STATES


def uninstall_vies(database):
    import odoo
    with odoo.api.Environment.manage():
        with odoo.registry(database).cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            module = env['ir.module.module'].search(
                [('name', '=', 'base_vat_autocomplete'),
                 ('state', '=', 'installed')])
            if module:
                module.button_immediate_uninstall()
                cr.commit()


def main(argv):
    stdnum_compat()
    if argv and argv[0] == 'odoo':
        # an Odoo command line (tools/odoo-bin) with the import fixed
        import odoo
        os.chdir(ROOT)
        sys.argv = [os.path.join(ROOT, 'tools', 'odoo-bin')] + argv[1:]
        odoo.cli.main()
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('step', choices=sorted(STEPS))
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('-c', '--config',
                        default=os.path.join(ROOT, 'odoo.conf'))
    parser.add_argument('--logfile')
    args = parser.parse_args(argv)
    os.chdir(ROOT)  # odoo.conf's paths are relative to the checkout
    import odoo
    options = ['-c', args.config, '-d', args.database, '--no-http']
    if args.logfile:
        options.append('--logfile=%s' % args.logfile)
    odoo.tools.config.parse_config(options)
    odoo.cli.server.report_configuration()
    logging.getLogger('demo_setup').setLevel(logging.INFO)
    if args.step == 'accounting':
        uninstall_vies(args.database)
    with odoo.api.Environment.manage():
        registry = odoo.registry(args.database)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            STEPS[args.step](env)
            env['res.partner'].recompute()
            cr.commit()
    _logger.info('%s done on %s', args.step, args.database)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
