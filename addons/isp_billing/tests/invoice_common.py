# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures of the invoice document and e-mail delivery tests."""
import base64
import contextlib
import http.server
import mimetypes
import os
import re
import shutil
import tempfile
import threading
import urllib.parse

from odoo.modules.module import get_module_path
from odoo.tools import config

from .common import IspBillingCommon

COMPANY_IBAN = 'ES79 2100 0813 6101 2345 6789'
COMPANY_BIC = 'CAIXESBBXXX'


class _AssetHandler(http.server.BaseHTTPRequestHandler):
    """Serves the report's stylesheets to wkhtmltopdf: the asset bundles
    of the test transaction (``files``) and the addons' static files."""
    files = {}

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        content = self.files.get(path)
        if content is None:
            match = re.match(r'^/(\w+)/static/(.+)$', path)
            module_path = match and get_module_path(match.group(1))
            full = module_path and os.path.realpath(os.path.join(
                module_path, 'static', match.group(2)))
            if full and full.startswith(module_path) \
                    and os.path.isfile(full):
                with open(full, 'rb') as handle:
                    content = handle.read()
        if content is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header('Content-Type', mimetypes.guess_type(path)[0]
                         or 'application/octet-stream')
        self.send_header('Content-Length', str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def real_pdf_rendering(env, report, res_ids):
    """Let ``report.render_qweb_pdf(res_ids)`` call wkhtmltopdf inside a
    test, with the report's stylesheets.

    Odoo 11 renders HTML instead of a PDF when tests run, unless
    ``test_report_directory`` is set. The asset bundles the report links
    to are created in the test's transaction, which Odoo's HTTP server
    cannot see: a small real HTTP server on 127.0.0.1 serves them (and
    the static files) to wkhtmltopdf, through ``report.url``."""
    html = report.render_qweb_html(res_ids)[0].decode('utf-8')
    files = {}
    for url in set(re.findall(r'(/web/content/(\d+)-[^"\'?]+)', html)):
        attachment = env['ir.attachment'].sudo().browse(int(url[1]))
        files[url[0]] = base64.b64decode(attachment.datas or b'')
    handler = type('AssetHandler', (_AssetHandler,), {'files': files})
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    directory = tempfile.mkdtemp(prefix='isp_billing_pdf_')
    previous = config.get('test_report_directory')
    config['test_report_directory'] = directory
    env['ir.config_parameter'].sudo().set_param(
        'report.url', 'http://127.0.0.1:%d' % server.server_address[1])
    try:
        yield
    finally:
        config['test_report_directory'] = previous
        shutil.rmtree(directory, ignore_errors=True)
        server.shutdown()
        server.server_close()


class IspInvoiceCommon(IspBillingCommon):

    @classmethod
    def setUpClass(cls):
        super(IspInvoiceCommon, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context,
                                       tracking_disable=True))
        cls.company = cls.env.user.company_id
        cls.eur = cls.env.ref('base.EUR')
        cls.env['res.lang'].load_lang('es_ES')
        bank = cls.env['res.bank'].create({
            'name': 'Test Bank of the Company', 'bic': COMPANY_BIC})
        cls.company_account = cls.env['res.partner.bank'].create({
            'acc_number': COMPANY_IBAN,
            'partner_id': cls.company.partner_id.id,
            'bank_id': bank.id,
        })
        cls.income_account = cls.env['account.account'].search([
            ('company_id', '=', cls.company.id),
            ('user_type_id', '=',
             cls.env.ref('account.data_account_type_revenue').id),
        ], limit=1)
        cls.journal = cls.env['account.journal'].search([
            ('company_id', '=', cls.company.id), ('type', '=', 'sale'),
        ], limit=1)
        cls.committed_product = cls._create_isp_product(
            'Doc Fibre 1 Gb', 29.9, isp_commitment_months=12)
        cls.doc_customer = cls.env['res.partner'].create({
            'name': 'Cliente Documento',
            'customer': True,
            'lang': 'es_ES',
            'email': 'cliente@example.com',
            'isp_customer_state': 'customer',
        })
        cls.doc_subscription = cls._create_subscription(
            cls.doc_customer, product_id=cls.committed_product.id,
            price_unit=29.9)
        cls.doc_subscription._activate(date_start='2026-03-01')

    @classmethod
    def _create_invoice(cls, partner, amount=29.9, subscription=None,
                        period=('2026-11-01', '2026-11-30'), post=True,
                        date='2026-11-01', **values):
        """A customer invoice in euro with one service line; with a
        ``subscription``, the line is its invoiced ``period``."""
        product = subscription.product_id if subscription else cls.product
        vals = {
            'partner_id': partner.id,
            'type': 'out_invoice',
            'currency_id': cls.eur.id,
            'journal_id': cls.journal.id,
            'account_id': partner.property_account_receivable_id.id,
            'date_invoice': date,
            'partner_bank_id': cls.company_account.id,
            'invoice_line_ids': [(0, 0, {
                'product_id': product.id,
                'name': product.name,
                'quantity': 1,
                'price_unit': amount,
                'account_id': cls.income_account.id,
            })],
        }
        vals.update(values)
        invoice = cls.env['account.invoice'].create(vals)
        if subscription:
            cls.env['isp.subscription.period'].create({
                'subscription_id': subscription.id,
                'date_start': period[0],
                'date_end': period[1],
                'amount': amount,
                'invoice_line_id': invoice.invoice_line_ids[0].id,
            })
        if post:
            invoice.action_invoice_open()
        return invoice
