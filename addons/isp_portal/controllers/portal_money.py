# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer's money in the portal: home (balance, next debit, last
invoice, pay, promise), invoices, statement, pay.

Every page works on the logged-in customer's commercial partner only
(``_isp_money_partner``): the invoices are searched as the customer (the
record rules decide), and what the portal group may not read (payments,
payment modes, mandates, readings) is read with ``sudo()`` only for the
records found that way or for that partner.
"""
import datetime

from werkzeug.exceptions import NotFound

from odoo import _, fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.osv.expression import AND, OR
from odoo.tools import float_round

from odoo.addons.isp_billing.rules import collection_date as collection_rules
from odoo.addons.isp_crm.rules.dates import to_date
from odoo.addons.portal.controllers.portal import (
    CustomerPortal, pager as portal_pager)

from ..rules import portal_money as money_rules
from .main import IspCustomerPortal, IspInvoicePortal

INVOICE_TYPES = ('out_invoice', 'out_refund')
INVOICE_STATES = ('open', 'paid', 'cancel')
STATEMENT_MAX_DAYS = 3660


def parse_date(text):
    """A date typed by the customer (2026-03-01 or 01/03/2026), or
    None."""
    text = (text or '').strip()
    for pattern in ('%Y-%m-%d', '%d/%m/%Y'):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def portal_setting(company, name, default):
    """A portal setting of the company (isp_portal_*), or ``default``
    while the field does not exist."""
    if name in company._fields:
        return company[name]
    return default


class IspMoneyMixin(object):
    """The data the money pages share."""

    def _isp_layout_values(self):
        """The portal layout's values without the document counts of the
        home page's list (quotations, orders, invoices, services, tickets:
        a search each, with its record rules), which the money pages do
        not show."""
        return CustomerPortal._prepare_portal_layout_values(self)

    def _isp_money_partner(self):
        return request.env.user.partner_id.commercial_partner_id

    def _isp_money_company(self):
        return request.env.user.company_id

    def _isp_today(self):
        return fields.Date.context_today(request.env.user)

    def _isp_open_invoices(self, partner, sudo=False):
        """The customer's open invoices and credit notes, oldest due
        first, searched as the customer (or, for the home page's summary,
        with sudo() on the logged-in customer's own commercial partner:
        one query instead of the record rules' dozen)."""
        Invoice = request.env['account.invoice']
        if sudo:
            Invoice = Invoice.sudo()
        return Invoice.search([
            ('commercial_partner_id', '=', partner.id),
            ('type', 'in', INVOICE_TYPES),
            ('state', '=', 'open'),
        ], order='date_due asc, id asc')

    def _isp_debt(self, partner, invoices=None):
        """{total, overdue, not_due, last, last_invoice} of the open
        invoices: amounts in the company's currency."""
        if invoices is None:
            invoices = self._isp_open_invoices(partner)
        today = self._isp_today()
        currency = self._isp_money_company().currency_id
        overdue = not_due = 0.0
        last = invoices.browse()
        for invoice in invoices:
            if invoice.date_due and invoice.date_due < today:
                overdue += invoice.residual_signed
            else:
                not_due += invoice.residual_signed
            if invoice.type == 'out_invoice' and (
                    not last or (invoice.date_invoice or '', invoice.id) >
                    (last.date_invoice or '', last.id)):
                last = invoice
        return {
            'overdue': currency.round(overdue),
            'not_due': currency.round(not_due),
            'total': currency.round(overdue + not_due),
            'last': currency.round(last.residual_signed) if last else 0.0,
            'last_invoice': last,
            'currency': currency,
        }

    def _isp_money_error(self, problem, debt):
        currency = debt['currency']
        messages = {
            money_rules.NOTHING_DUE: _(
                'You have nothing to pay: all your invoices are paid.'),
            money_rules.NOT_A_NUMBER: _(
                'Enter the amount to pay as a number, e.g. 25.50.'),
            money_rules.NOT_POSITIVE: _(
                'Enter an amount above zero.'),
            money_rules.ABOVE_DEBT: _(
                'You may pay at most what you owe: %s.') % (
                    '%.2f %s' % (debt['total'], currency.name)),
        }
        return messages[problem]


class IspMoneyInvoicePortal(IspMoneyMixin, IspInvoicePortal):
    """Invoices: every invoice of the customer's company (commercial
    partner), not only those the customer follows; statement."""

    def _get_account_invoice_domain(self):
        return [
            ('type', 'in', list(INVOICE_TYPES)),
            ('commercial_partner_id', '=', self._isp_money_partner().id),
            ('state', 'in', list(INVOICE_STATES)),
        ]

    def _isp_status_domain(self, status, today):
        # an invoice never returned has no count (NULL)
        open_ = [('state', '=', 'open'), '|',
                 ('isp_return_count', '=', False),
                 ('isp_return_count', '=', 0)]
        return {
            money_rules.PAID: [('state', '=', 'paid')],
            money_rules.CANCELLED: [('state', '=', 'cancel')],
            money_rules.RETURNED: [('state', '=', 'open'),
                                   ('isp_return_count', '>', 0)],
            money_rules.OVERDUE: open_ + [('date_due', '<', today)],
            money_rules.OPEN: open_ + ['|', ('date_due', '=', False),
                                       ('date_due', '>=', today)],
        }.get(status)

    def _isp_search_domain(self, search):
        """Number, date (2026-03-01 or 01/03/2026) or amount."""
        search = (search or '').strip()
        if not search:
            return []
        domains = [[('number', 'ilike', search)]]
        date = parse_date(search)
        if date:
            domains.append([('date_invoice', '=',
                             fields.Date.to_string(date))])
        amount = money_rules.parse_amount(search)
        if amount is not None:
            domains.append([('amount_total', '>=', abs(amount) - 0.005),
                            ('amount_total', '<', abs(amount) + 0.005)])
        return OR(domains)

    def _isp_own_invoices(self):
        """account.invoice with sudo(), for domains that start with
        ``_get_account_invoice_domain()``: that domain is what the portal
        rule of isp_portal grants (the logged-in customer's commercial
        partner, open, paid or cancelled), and the company rule is added
        here, so the record rules need not be evaluated again for the
        count, the page and the years (a dozen queries each time).
        Other users (employees) search with their own rules."""
        Invoice = request.env['account.invoice']
        if request.env.user.has_group('base.group_portal'):
            return Invoice.sudo()
        return Invoice

    def _isp_own_domain(self, domain):
        """``domain`` and the multi-company rule (the user's company and
        its children), with the companies searched once."""
        companies = request.env['res.company'].sudo().search(
            [('id', 'child_of', request.env.user.company_id.id)])
        return AND([domain, ['|', ('company_id', '=', False),
                             ('company_id', 'in', companies.ids)]])

    def _isp_invoice_years(self, domain):
        groups = self._isp_own_invoices().read_group(
            domain, ['date_invoice'], ['date_invoice:year'],
            orderby='date_invoice:year desc', lazy=False)
        years = []
        for group in groups:
            label = group.get('date_invoice:year')
            if label and str(label).isdigit():
                years.append(int(label))
        return years

    def _isp_invoice_rows(self, invoices):
        """One dict per invoice, for the cards of the list. The payments,
        payment modes and readings of the invoices found are read with
        sudo(): the portal group has no access to them."""
        today = self._isp_today()
        invoices_sudo = invoices.sudo()
        consumption = {}
        if 'isp.meter.reading' in request.env and invoices:
            readings = request.env['isp.meter.reading'].sudo().search_read(
                [('invoice_line_id.invoice_id', 'in', invoices.ids)],
                ['invoice_line_id', 'consumption', 'uom_id'])
            lines = request.env['account.invoice.line'].sudo().browse(
                [r['invoice_line_id'][0] for r in readings]).read(
                    ['invoice_id'])
            invoice_of_line = {
                line['id']: line['invoice_id'][0] for line in lines}
            for reading in readings:
                key = invoice_of_line.get(reading['invoice_line_id'][0])
                total, uom = consumption.get(key, (0.0, ''))
                consumption[key] = (
                    total + reading['consumption'],
                    reading['uom_id'] and reading['uom_id'][1] or uom)
        has_mode = 'payment_mode_id' in invoices._fields
        rows = []
        for invoice in invoices_sudo:
            status = money_rules.invoice_status(
                invoice.state, invoice.date_due, invoice.isp_return_count,
                today)
            sign = -1 if invoice.type == 'out_refund' else 1
            paid_how = ''
            if invoice.state == 'paid' or \
                    invoice.residual < invoice.amount_total:
                journals = invoice.payment_ids.mapped('journal_id.name')
                if journals:
                    paid_how = ', '.join(sorted(set(journals)))
                elif has_mode and invoice.payment_mode_id:
                    paid_how = invoice.payment_mode_id.name
            elif has_mode and invoice.payment_mode_id:
                paid_how = invoice.payment_mode_id.name
            rows.append({
                'invoice': invoices.browse(invoice.id),
                'number': invoice.number,
                'is_refund': invoice.type == 'out_refund',
                'date_invoice': invoice.date_invoice,
                'date_due': invoice.date_due,
                'amount': sign * invoice.amount_total,
                'paid': sign * (invoice.amount_total - invoice.residual),
                'residual': sign * invoice.residual,
                'currency': invoice.currency_id,
                'status': status,
                'return_reason': invoice.isp_last_return_reason_id.name
                if status == money_rules.RETURNED else '',
                'paid_how': paid_how,
                'consumption': consumption.get(invoice.id),
            })
        return rows

    @http.route(['/my/invoices', '/my/invoices/page/<int:page>'],
                type='http', auth='user', website=True)
    def portal_my_invoices(self, page=1, date_begin=None, date_end=None,
                           sortby=None, search=None, status=None, year=None,
                           **kw):
        """The customer's invoices and credit notes as cards: search by
        number, date or amount; filter by status and year; 20 a page."""
        values = self._isp_layout_values()
        Invoice = self._isp_own_invoices()
        today = self._isp_today()
        base = self._isp_own_domain(self._get_account_invoice_domain())
        domain = list(base)
        status_domain = self._isp_status_domain(status, today)
        if status_domain:
            domain = AND([domain, status_domain])
        else:
            status = None
        try:
            year = int(year) if year else None
        except ValueError:
            year = None
        if year:
            domain = AND([domain, [
                ('date_invoice', '>=', '%04d-01-01' % year),
                ('date_invoice', '<=', '%04d-12-31' % year)]])
        if search:
            domain = AND([domain, self._isp_search_domain(search)])
        url_args = {k: v for k, v in (
            ('search', search), ('status', status), ('year', year)) if v}
        pager = portal_pager(
            url='/my/invoices', url_args=url_args,
            total=Invoice.search_count(domain), page=page,
            step=self._items_per_page)
        invoices = request.env['account.invoice'].browse(Invoice.search(
            domain, order='date_invoice desc, id desc',
            limit=self._items_per_page, offset=pager['offset']).ids)
        statuses = [
            (money_rules.OPEN, _('Open')),
            (money_rules.OVERDUE, _('Overdue')),
            (money_rules.RETURNED, _('Returned')),
            (money_rules.PAID, _('Paid')),
            (money_rules.CANCELLED, _('Cancelled')),
        ]
        company = self._isp_money_company()
        values.update({
            'invoices': invoices,
            'isp_rows': self._isp_invoice_rows(invoices),
            'isp_statuses': statuses,
            'isp_status_labels': dict(statuses),
            'isp_years': self._isp_invoice_years(base),
            'isp_search': search or '',
            'isp_status': status or '',
            'isp_year': year or '',
            'isp_downloads': portal_setting(
                company, 'isp_portal_downloads_enabled', True),
            'isp_statement_from': fields.Date.to_string(
                to_date(today).replace(month=1, day=1)),
            'isp_statement_to': today,
            'page_name': 'invoice',
            'pager': pager,
            'default_url': '/my/invoices',
        })
        return request.render('isp_portal.portal_my_invoices_money', values)

    @http.route()
    def portal_my_invoice_detail(self, invoice_id, access_token=None, **kw):
        """Odoo's page; its download link only when downloads are on."""
        response = super(IspMoneyInvoicePortal, self).portal_my_invoice_detail(
            invoice_id, access_token=access_token, **kw)
        if hasattr(response, 'qcontext'):
            response.qcontext['isp_downloads'] = portal_setting(
                self._isp_money_company(), 'isp_portal_downloads_enabled',
                True)
        return response

    @http.route()
    def portal_my_invoice_report(self, invoice_id, access_token=None, **kw):
        """The PDF, unless the company turned downloads off."""
        if not request.env.user._is_public() and not portal_setting(
                self._isp_money_company(),
                'isp_portal_downloads_enabled', True):
            raise NotFound()
        return super(IspMoneyInvoicePortal, self).portal_my_invoice_report(
            invoice_id, access_token=access_token, **kw)

    # -- statement --------------------------------------------------------

    def _isp_statement_dates(self, date_from, date_to):
        """(date_from, date_to, error) of the statement asked for."""
        today = to_date(self._isp_today())
        start = parse_date(date_from) if date_from else \
            today.replace(month=1, day=1)
        end = parse_date(date_to) if date_to else today
        if not start or not end:
            return None, None, _(
                'Enter the dates of the statement as 2026-01-31.')
        if start > end:
            return None, None, _(
                'The first date of the statement must not be after the '
                'last one.')
        if (end - start).days > STATEMENT_MAX_DAYS:
            return None, None, _(
                'A statement covers at most ten years: choose a shorter '
                'period.')
        return fields.Date.to_string(start), fields.Date.to_string(end), \
            None

    @http.route(['/my/statement'], type='http', auth='user', website=True)
    def portal_my_statement(self, date_from=None, date_to=None,
                            report_type='html', **kw):
        """The customer's account statement between two dates with its
        running balance, as a page, a PDF or an XLSX file."""
        partner = self._isp_money_partner()
        start, end, error = self._isp_statement_dates(date_from, date_to)
        downloads = portal_setting(self._isp_money_company(),
                                   'isp_portal_downloads_enabled', True)
        if not error and report_type in ('pdf', 'xlsx'):
            if not downloads:
                raise NotFound()
            return self._isp_statement_file(partner, start, end, report_type)
        values = self._isp_layout_values()
        statement = request.env[
            'report.isp_portal.report_portal_statement'].sudo(
            )._isp_statement(partner, start, end) if not error else None
        values.update({
            'page_name': 'isp_statement',
            'isp_statement': statement,
            'isp_error': error,
            'isp_downloads': downloads,
            'isp_date_from': start or date_from or '',
            'isp_date_to': end or date_to or '',
        })
        return request.render('isp_portal.portal_my_statement', values)

    def _isp_statement_file(self, partner, start, end, report_type):
        data = {'date_from': start, 'date_to': end}
        name = 'statement-%s-%s' % (start, end)
        if report_type == 'pdf':
            report = request.env.ref(
                'isp_portal.action_report_portal_statement').sudo()
            content = report.render_qweb_pdf([partner.id], data=data)[0]
            headers = [('Content-Type', 'application/pdf'),
                       ('Content-Disposition',
                        'attachment; filename="%s.pdf"' % name)]
        else:
            report = request.env.ref(
                'isp_portal.action_report_portal_statement_xlsx').sudo()
            content = report.render_xlsx([partner.id], data)[0]
            headers = [('Content-Type', 'application/vnd.openxmlformats-'
                        'officedocument.spreadsheetml.sheet'),
                       ('Content-Disposition',
                        'attachment; filename="%s.xlsx"' % name)]
        headers.append(('Content-Length', len(content)))
        return request.make_response(content, headers=headers)


class IspMoneyHomePortal(IspMoneyMixin, IspCustomerPortal):
    """Home, pay and promise."""

    def _isp_next_debit(self, partner, invoices):
        """(date, mandate) of the next direct debit: the collection date of
        the customer's open direct-debit invoices (isp_billing's rule) and
        the customer's valid mandate."""
        today = self._isp_today()
        dates = []
        has_mode = 'payment_mode_id' in invoices._fields
        for invoice in invoices.sudo():
            if invoice.type != 'out_invoice' or not has_mode:
                continue
            mode = invoice.payment_mode_id
            if not mode or not mode.payment_method_id.mandate_required:
                continue
            lead_days = 'isp_sdd_lead_days' in mode._fields and \
                mode.isp_sdd_lead_days or 0
            dates.append(collection_rules.collection_date(
                invoice.date_due or today, today, lead_days))
        mandate = request.env['account.banking.mandate'].browse()
        if 'account.banking.mandate' in request.env:
            mandate = request.env['account.banking.mandate'].sudo().search([
                ('partner_id', '=', partner.id),
                ('state', '=', 'valid')], limit=1)
        return (min(dates) if dates else None), mandate

    def _isp_promise_values(self, partner, debt):
        """Whether the customer may promise to pay from the portal."""
        company = self._isp_money_company()
        allowed = portal_setting(company, 'isp_portal_promise_enabled',
                                 True) and company.isp_promise_enabled
        active = request.env['isp.payment.promise'].sudo().search([
            ('partner_id', '=', partner.id), ('state', '=', 'active')],
            limit=1)
        return {
            'isp_promise_allowed': bool(allowed),
            'isp_promise_active': active,
        }

    @http.route()
    def home(self, **kw):
        """Odoo's home with the customer's money on top."""
        response = super(IspMoneyHomePortal, self).home(**kw)
        if not hasattr(response, 'qcontext'):
            return response
        response.qcontext.update(self._isp_home_values(**kw))
        return response

    def _isp_home_values(self, **kw):
        """The money part of the home page."""
        partner = self._isp_money_partner()
        company = self._isp_money_company()
        invoices = self._isp_open_invoices(partner, sudo=True)
        debt = self._isp_debt(partner, invoices)
        last = request.env['account.invoice'].sudo().search([
            ('commercial_partner_id', '=', partner.id),
            ('type', '=', 'out_invoice'),
            ('state', 'in', ['open', 'paid'])],
            order='date_invoice desc, id desc', limit=1)
        next_debit, mandate = self._isp_next_debit(partner, invoices)
        services = request.env['isp.subscription'].browse()
        if self._isp_services_domain() is not None:
            services = services.sudo().search([
                ('partner_id.commercial_partner_id', '=', partner.id),
                ('state', 'in', ['active', 'suspended'])],
                order='date_start desc, id desc', limit=5)
        signatures = 0
        if 'isp.esign.request' in request.env:
            signatures = request.env['isp.esign.request'].sudo().search_count(
                [('partner_id.commercial_partner_id', '=', partner.id),
                 ('state', 'in', ['sent', 'opened'])])
        values = {
            'isp_money': True,
            'isp_debt': debt,
            'isp_last_invoice': last,
            'isp_next_debit': next_debit,
            'isp_mandate': mandate,
            'isp_home_services': services,
            'isp_signature_count': signatures,
            'isp_welcome_html': portal_setting(
                company, 'isp_portal_welcome_html', False),
            'isp_downloads': portal_setting(
                company, 'isp_portal_downloads_enabled', True),
            'isp_success': kw.get('success'),
        }
        values.update(self._isp_promise_values(partner, debt))
        return values

    # -- pay --------------------------------------------------------------

    def _isp_acquirers(self):
        company = self._isp_money_company()
        return request.env['payment.acquirer'].sudo().search([
            ('website_published', '=', True),
            ('company_id', '=', company.id),
            ('payment_flow', '=', 'form'),
        ])

    def _isp_pay_page(self, debt, error=None, amount=None, form=None,
                      action=None):
        values = self._isp_layout_values()
        policy = portal_setting(self._isp_money_company(),
                                'isp_portal_pay_policy',
                                money_rules.POLICY_TOTAL)
        suggested = debt['last'] if policy == money_rules.POLICY_LAST \
            else debt['total']
        values.update({
            'page_name': 'isp_pay',
            'isp_debt': debt,
            'isp_policy': policy,
            'isp_amount': amount if amount is not None else suggested,
            'isp_acquirers': self._isp_acquirers(),
            'isp_error': error,
            'isp_form': form,
            'isp_form_action': action,
        })
        return request.render('isp_portal.portal_my_pay', values)

    @http.route(['/my/pay'], type='http', auth='user', website=True,
                methods=['GET'])
    def portal_my_pay(self, **kw):
        """What the customer may pay, by the company's policy."""
        debt = self._isp_debt(self._isp_money_partner())
        error = None
        if debt['total'] <= 0:
            error = self._isp_money_error(money_rules.NOTHING_DUE, debt)
        return self._isp_pay_page(debt, error=error)

    @http.route(['/my/pay'], type='http', auth='user', website=True,
                methods=['POST'])
    def portal_my_pay_post(self, amount=None, acquirer_id=None, **kw):
        """Check the amount (policy, debt), then record a payment
        transaction of the customer and show the acquirer's form."""
        partner = self._isp_money_partner()
        invoices = self._isp_open_invoices(partner)
        debt = self._isp_debt(partner, invoices)
        policy = portal_setting(self._isp_money_company(),
                                'isp_portal_pay_policy',
                                money_rules.POLICY_TOTAL)
        value, problem = money_rules.amount_to_pay(
            policy, debt['total'], debt['last'], amount,
            digits=debt['currency'].decimal_places)
        if problem:
            return self._isp_pay_page(
                debt, error=self._isp_money_error(problem, debt),
                amount=amount)
        acquirer = self._isp_acquirers().filtered(
            lambda a: str(a.id) == str(acquirer_id or ''))
        if not acquirer:
            return self._isp_pay_page(debt, error=_(
                'Choose how to pay.'), amount=amount)
        if policy == money_rules.POLICY_LAST:
            invoices = debt['last_invoice']
        transaction = request.env['payment.transaction'].sudo() \
            ._isp_portal_create(partner, acquirer, value,
                                debt['currency'], invoices)
        form = acquirer.with_context(
            submit_class='btn btn-primary', submit_txt=_('Pay now')).render(
                transaction.reference, float_round(value, 2),
                debt['currency'].id, values={
                    'return_url': '/my/pay/done',
                    'partner_id': partner.id,
                })
        return self._isp_pay_page(debt, amount=value, form=form,
                                  action=acquirer.get_form_action_url())

    @http.route(['/my/pay/done'], type='http', auth='user', website=True)
    def portal_my_pay_done(self, **kw):
        return request.redirect('/my?success=pay')

    # -- promise ----------------------------------------------------------

    def _isp_promise_page(self, partner, error=None, date=None):
        values = self._isp_layout_values()
        Promise = request.env['isp.payment.promise'].sudo()
        company = self._isp_money_company()
        today = self._isp_today()
        overdue = Promise._isp_overdue_invoices(partner, today, company)
        debt = self._isp_debt(partner)
        values.update({
            'page_name': 'isp_promise',
            'isp_debt': debt,
            'isp_overdue': request.env['account.invoice'].browse(
                overdue.ids),
            'isp_overdue_amount': debt['currency'].round(
                sum(overdue.mapped('residual'))),
            'isp_date_min': today,
            'isp_date_max': fields.Date.to_string(
                to_date(today) + datetime.timedelta(
                    days=max(company.isp_promise_max_days or 0, 0))),
            'isp_date': date or '',
            'isp_error': error,
        })
        values.update(self._isp_promise_values(partner, debt))
        return request.render('isp_portal.portal_my_promise', values)

    def _isp_check_promise_allowed(self):
        company = self._isp_money_company()
        if not portal_setting(company, 'isp_portal_promise_enabled', True):
            raise NotFound()

    @http.route(['/my/promise'], type='http', auth='user', website=True,
                methods=['GET'])
    def portal_my_promise(self, **kw):
        """The form to promise to pay the overdue invoices by a date."""
        self._isp_check_promise_allowed()
        return self._isp_promise_page(self._isp_money_partner())

    @http.route(['/my/promise'], type='http', auth='user', website=True,
                methods=['POST'])
    def portal_my_promise_post(self, date_promised=None, **kw):
        """Record the promise through isp_billing's rules; a refusal is
        shown as its translated message and nothing is saved."""
        self._isp_check_promise_allowed()
        partner = self._isp_money_partner()
        date = parse_date(date_promised)
        if not date:
            return self._isp_promise_page(partner, error=_(
                'Choose the date you will pay by.'), date=date_promised)
        Promise = request.env['isp.payment.promise']
        try:
            with request.env.cr.savepoint():
                Promise._isp_portal_create_promise(
                    partner, fields.Date.to_string(date))
        except (UserError, ValidationError) as error:
            return self._isp_promise_page(
                partner, error=error.name, date=date_promised)
        return request.redirect('/my?success=promise')
