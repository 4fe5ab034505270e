# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import inspect
import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, misc
from odoo.addons.queue_job.job import identity_exact

from ..rules import amount_words as words_rules
from ..rules import bank_account as bank_rules
from ..rules import billing_period as period_rules
from ..rules import epc_qr as epc_rules
from .bulk_create import BulkCreate
from .isp_invoice_delivery_log import LOG_BOUNCED, LOG_FAILED, LOG_SENT
from .isp_invoice_delivery_mixin import DELIVERY_MODE_LINK, DELIVERY_MODES

_logger = logging.getLogger(__name__)

DELIVERY_NONE = 'none'
DELIVERY_PENDING = 'pending'
DELIVERY_SENT = 'sent'
DELIVERY_FAILED = 'failed'
DELIVERY_BOUNCED = 'bounced'
DELIVERY_STATES = [
    (DELIVERY_NONE, 'Not sent by e-mail'),
    (DELIVERY_PENDING, 'Waiting to be sent'),
    (DELIVERY_SENT, 'Sent'),
    (DELIVERY_FAILED, 'Failed'),
    (DELIVERY_BOUNCED, 'Bounced'),
]
# a failed sending is tried again by the next runs, this many times in all
MAX_DELIVERY_ATTEMPTS = 3
PARAM_DELIVERY_MAX_PER_RUN = 'isp_billing.invoice_delivery_max_per_run'
DEFAULT_DELIVERY_MAX_PER_RUN = 200
CUSTOMER_TYPES = ('out_invoice', 'out_refund')
# the mail gateway's routing, which hands a bounce to the bounced record
GATEWAY_MODULE = 'odoo.addons.mail.models.mail_thread'
GATEWAY_FUNCTION = 'message_route'


def called_by_mail_gateway():
    """Whether Odoo's mail gateway (``mail.thread.message_route``, run by
    ``message_process``) is routing the incoming e-mail this call comes
    from. A JSON-RPC caller chooses every argument and context key, not
    the Python call stack (``message_route`` itself refuses anything but a
    parsed e-mail)."""
    frame = inspect.currentframe()
    try:
        while frame is not None:
            if frame.f_code.co_name == GATEWAY_FUNCTION and \
                    frame.f_globals.get('__name__') == GATEWAY_MODULE:
                return True
            frame = frame.f_back
        return False
    finally:
        del frame


class AccountInvoice(models.Model):
    _inherit = 'account.invoice'

    # returned direct debits (payment.return): how often, the last reason,
    # and whether the invoice waits for dunning (#14) instead of a debit
    isp_return_count = fields.Integer(
        string='Returned debits',
        readonly=True,
        copy=False,
    )
    isp_last_return_reason_id = fields.Many2one(
        comodel_name='payment.return.reason',
        string='Last return reason',
        readonly=True,
        copy=False,
        ondelete='set null',
    )
    isp_return_to_dunning = fields.Boolean(
        string='Returned, for dunning',
        readonly=True,
        copy=False,
        index=True,
        help='The direct debit was returned and is not presented again '
             '(the maximum of presentations is reached, or the reason '
             'rules it out): the invoice waits for dunning.',
    )

    isp_billing_run_id = fields.Many2one(
        comodel_name='isp.billing.run',
        string='Billing run',
        readonly=True,
        copy=False,
        index=True,
        ondelete='set null',
    )
    # set after a returned debit that may be presented again; the next
    # billing run's "Create debit orders" takes the invoice and clears it
    isp_sdd_represent = fields.Boolean(
        string='Debit again',
        readonly=True,
        copy=False,
        index=True,
        help='The direct debit of this invoice was returned: the next '
             'debit order of a billing run presents it again.',
    )
    isp_customer_code = fields.Char(
        related='commercial_partner_id.isp_customer_code',
        string='Customer code',
        readonly=True,
    )
    isp_delivery_state = fields.Selection(
        selection=DELIVERY_STATES,
        string='E-mail delivery',
        default=DELIVERY_NONE,
        required=True,
        readonly=True,
        copy=False,
        index=True,
        help='Posted invoices of customers who receive their invoices by '
             'e-mail wait for the nightly delivery.',
    )
    isp_delivery_attempts = fields.Integer(
        string='Delivery attempts',
        readonly=True,
        copy=False,
    )
    isp_delivery_log_ids = fields.One2many(
        comodel_name='isp.invoice.delivery.log',
        inverse_name='invoice_id',
        string='E-mail sendings',
        readonly=True,
        copy=False,
    )

    # -- posting ----------------------------------------------------------

    @api.multi
    def invoice_validate(self):
        """Posted invoices of customers (or contracts) with e-mail
        delivery wait for the nightly delivery."""
        res = super(AccountInvoice, self).invoice_validate()
        candidates = self.filtered(
            lambda i: i.type in CUSTOMER_TYPES
            and i.isp_delivery_state == DELIVERY_NONE)
        # the contracts of every invoice in one search (a billing run posts
        # thousands of invoices at once)
        contracts = candidates._isp_contracts_by_invoice()
        to_send = candidates.filtered(
            lambda i: i._isp_delivery_settings(
                contracts=contracts[i.id])['enabled'])
        if to_send:
            to_send.write({'isp_delivery_state': DELIVERY_PENDING})
        return res

    # -- payment: dunning and promises -----------------------------------

    @api.multi
    def action_invoice_paid(self):
        """A paid invoice (a reconciliation: portal, bank statement,
        payment) queues the reconnection of the customer's services
        suspended by the dunning. A payment that pays the promised invoices
        keeps the promise at once (the daily cron would otherwise do it the
        next night)."""
        res = super(AccountInvoice, self).action_invoice_paid()
        # -- dunning --
        self._isp_enqueue_dunning_paid()
        # -- payment promises --
        paid = self.filtered(lambda i: i.state == 'paid')
        if paid:
            promises = self.env['isp.payment.promise'].sudo().search([
                ('state', '=', 'active'),
                ('invoice_ids', 'in', paid.ids),
            ])
            promises._isp_check_kept()
        return res

    @api.multi
    def _isp_enqueue_dunning_paid(self):
        partners = self.filtered(
            lambda i: i.type == 'out_invoice' and i.state == 'paid'
        ).mapped('commercial_partner_id')
        if not partners:
            return
        Subscription = self.env['isp.subscription'].sudo()
        for partner in partners.sudo():
            if not partner.isp_dunning_level_id and not \
                    Subscription.search_count([
                        ('partner_id', 'child_of', partner.id),
                        ('isp_suspended_by_dunning', '=', True)]):
                continue
            partner.with_delay(
                description=_('Dunning: %s paid, reconnection') %
                partner.display_name,
                identity_key=identity_exact,
            )._isp_job_dunning_paid()

    # -- actions ----------------------------------------------------------

    @api.multi
    def action_isp_send_invoice(self):
        """Send the invoice to its e-mail recipients now (the sending is
        done as superuser: only a user who may change the invoice sends
        it)."""
        self.ensure_one()
        self.check_access_rights('write')
        self.check_access_rule('write')
        if self.state not in ('open', 'paid'):
            raise UserError(_(
                'Invoice %s is not posted: validate it before sending it '
                'by e-mail.') % self.display_name)
        if not self._isp_delivery_settings()['recipients']:
            raise UserError(_(
                'Customer %s has no e-mail address for invoices: enter the '
                'invoice e-mail recipients on the customer or on the '
                'contract.') % self.commercial_partner_id.display_name)
        log = self._isp_send_by_email()
        if log.state != LOG_SENT:
            raise UserError(_(
                'The invoice could not be sent: %s. Check the address and '
                'the outgoing mail server, then send it again.')
                % (log.error or ''))
        return True

    # -- nightly delivery -------------------------------------------------

    @api.model
    def _cron_send_invoices(self, date_ref=None):
        """Send the posted invoices waiting for delivery (dated ``date_ref``
        or earlier), at most the configured number of mails per run; the
        rest waits for the next run. One invoice that fails is logged and
        the run goes on. Sent invoices are never selected again, and
        ``SKIP LOCKED`` keeps two runs from sending the same invoice.
        Returns the invoices handled."""
        date_ref = date_ref or fields.Date.context_today(self)
        if not isinstance(date_ref, str):
            date_ref = fields.Date.to_string(date_ref)
        limit = self._isp_delivery_max_per_run()
        if limit <= 0:
            return self.browse()
        self.env.cr.execute("""
            SELECT id FROM account_invoice
             WHERE state IN ('open', 'paid')
               AND type IN %s
               AND (isp_delivery_state = %s
                    OR (isp_delivery_state = %s
                        AND isp_delivery_attempts < %s))
               AND (date_invoice IS NULL OR date_invoice <= %s)
             ORDER BY date_invoice, id
             LIMIT %s
               FOR UPDATE SKIP LOCKED
        """, (CUSTOMER_TYPES, DELIVERY_PENDING, DELIVERY_FAILED,
              MAX_DELIVERY_ATTEMPTS, date_ref, limit))
        invoices = self.browse([row[0] for row in self.env.cr.fetchall()])
        for invoice in invoices:
            invoice._isp_send_by_email_safely()
        return invoices

    @api.model
    def _isp_delivery_max_per_run(self):
        value = self.env['ir.config_parameter'].sudo().get_param(
            PARAM_DELIVERY_MAX_PER_RUN)
        try:
            return int(value) if value not in (None, False, '') \
                else DEFAULT_DELIVERY_MAX_PER_RUN
        except ValueError:
            return DEFAULT_DELIVERY_MAX_PER_RUN

    @api.multi
    def _isp_send_by_email_safely(self):
        """``_isp_send_by_email`` in a savepoint: an error is logged on the
        invoice instead of stopping the caller."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                return self._isp_send_by_email()
        except Exception as error:  # one bad invoice never stops a run
            _logger.warning('Invoice %s could not be sent by e-mail: %s',
                            self.id, error)
            settings = self._isp_delivery_settings()
            return self._isp_log_delivery(
                settings, LOG_FAILED, error=str(error))

    @api.multi
    def _isp_send_by_email(self):
        """Send the invoice to its recipients with the company's mail
        template and log the result. Returns the log."""
        self.ensure_one()
        settings = self._isp_delivery_settings()
        if not settings['recipients']:
            return self._isp_log_delivery(settings, LOG_FAILED, error=_(
                'No e-mail address: enter the invoice e-mail recipients on '
                'the customer or on the contract.'))
        template = self.env.ref('isp_billing.mail_template_invoice_delivery')
        context = {'isp_delivery_mode': settings['mode']}
        if settings['mode'] == DELIVERY_MODE_LINK:
            context['isp_invoice_url'] = self._isp_invoice_portal_url()
        mail_id = template.with_context(**context).send_mail(
            self.id, email_values=self._prepare_delivery_mail_values(
                settings))
        mail = self.env['mail.mail'].sudo().browse(mail_id)
        mail.send(auto_commit=False, raise_exception=False)
        if mail.state == 'sent':
            return self._isp_log_delivery(settings, LOG_SENT, mail=mail)
        return self._isp_log_delivery(
            settings, LOG_FAILED, mail=mail,
            error=mail.failure_reason or _('The mail server refused it.'))

    @api.multi
    def _isp_log_delivery(self, settings, state, mail=None, error=None):
        self.ensure_one()
        vals = {
            'isp_delivery_attempts': self.isp_delivery_attempts + 1,
            'isp_delivery_state': (DELIVERY_SENT if state == LOG_SENT
                                   else DELIVERY_FAILED),
        }
        if state == LOG_SENT:
            vals['sent'] = True
        self.sudo().write(vals)
        return self.env['isp.invoice.delivery.log'].sudo().create(
            self._prepare_delivery_log_values(settings, state, mail, error))

    @api.multi
    def _prepare_delivery_log_values(self, settings, state, mail=None,
                                     error=None):
        self.ensure_one()
        return {
            'invoice_id': self.id,
            'recipients': ', '.join(settings['recipients']),
            'mode': settings['mode'],
            'state': state,
            'error': error or False,
            'mail_id': mail.id if mail else False,
            'message_id': mail.message_id if mail else False,
        }

    @api.multi
    def _prepare_delivery_mail_values(self, settings):
        """Values of the ``mail.mail``: the recipients and, in PDF mode,
        the invoice PDF (the one Odoo keeps for a posted invoice)."""
        self.ensure_one()
        values = {
            'email_to': ', '.join(settings['recipients']),
            'recipient_ids': [],
            'auto_delete': False,
        }
        if settings['mode'] != DELIVERY_MODE_LINK:
            report = self.env.ref('account.account_invoices')
            pdf = report.sudo().render_qweb_pdf([self.id])[0]
            values['attachments'] = [(
                '%s.pdf' % self._get_printed_report_name(),
                base64.b64encode(pdf))]
        return values

    @api.multi
    def _isp_delivery_settings(self, contracts=None):
        """How the invoice is sent: the settings of its contract when the
        contract has its own, else the customer's. A dict with
        ``enabled``, ``mode``, ``recipients`` (list) and ``source`` (the
        record the settings come from). ``contracts``: the invoice's
        contracts when the caller has them already."""
        self.ensure_one()
        customer = self.commercial_partner_id.sudo()
        source = customer
        if contracts is None:
            contracts = self._isp_contracts()
        for contract in contracts:
            if contract.isp_invoice_delivery_override:
                source = contract
                break
        recipients = source._isp_invoice_delivery_recipients()
        if not recipients:
            email = self.partner_id.email or customer.email
            recipients = [email.strip()] if email else []
        return {
            'enabled': bool(source.isp_invoice_delivery),
            'mode': source.isp_invoice_delivery_mode or DELIVERY_MODES[0][0],
            'recipients': recipients,
            'source': source,
        }

    @api.multi
    def _isp_contracts(self):
        """The ISP contracts invoiced here, through the invoiced periods of
        their subscriptions or the sale lines."""
        self.ensure_one()
        return self._isp_contracts_by_invoice()[self.id]

    @api.multi
    def _isp_contracts_by_invoice(self):
        """``_isp_contracts`` of every invoice of ``self`` with one search:
        a dict invoice id -> contracts (the contracts of the invoiced
        periods first, then those of the sale lines)."""
        Order = self.env['sale.order'].sudo()
        lines = self.sudo().mapped('invoice_line_ids')
        periods = self.env['isp.subscription.period'].sudo().search(
            [('invoice_line_id', 'in', lines.ids)])
        by_invoice = {invoice.id: Order for invoice in self}
        for period in periods:
            invoice_id = period.invoice_line_id.invoice_id.id
            by_invoice[invoice_id] |= period.subscription_id.order_id
        for line in lines:
            by_invoice[line.invoice_id.id] |= line.sale_line_ids.mapped(
                'order_id')
        return by_invoice

    @api.multi
    def _isp_running_subscriptions(self):
        """The services this invoice billed periods of that still run
        (active or suspended): their next invoice may carry a charge."""
        self.ensure_one()
        periods = self.env['isp.subscription.period'].sudo().search(
            [('invoice_line_id', 'in', self.invoice_line_ids.ids)],
            order='id')
        return periods.mapped('subscription_id').filtered(
            lambda s: s.state in ('active', 'suspended'))

    @api.multi
    def _isp_invoice_portal_url(self):
        """The link to the invoice in the customer portal, with its access
        token (anyone holding the link sees the invoice)."""
        self.ensure_one()
        invoice = self.sudo()
        if not invoice.access_token:
            invoice._generate_access_token()
        base_url = self.env['ir.config_parameter'].sudo().get_param(
            'web.base.url', '')
        return '%s/my/invoices/%s?access_token=%s' % (
            base_url.rstrip('/'), invoice.id, invoice.access_token)

    @api.multi
    def message_receive_bounce(self, email, partner, mail_id=None):
        """A bounce of a delivery mail marks its log and the invoice, when
        the mail gateway routes it (``mail.thread.message_route``); called
        any other way (e.g. over JSON-RPC), it does only what Odoo does."""
        res = super(AccountInvoice, self).message_receive_bounce(
            email, partner, mail_id=mail_id)
        if called_by_mail_gateway() and self._isp_gateway_may_write():
            self._isp_receive_bounce(email, mail_id)
        return res

    @api.multi
    def _isp_gateway_may_write(self):
        """Whether the user the mail gateway runs as may change these
        invoices (without raising: a bounce must not stop the gateway)."""
        if not self.check_access_rights('write', raise_exception=False):
            return False
        try:
            self.check_access_rule('write')
        except AccessError:
            return False
        return True

    @api.multi
    def _isp_receive_bounce(self, email, mail_id):
        """Mark the delivery logs of the mail ``mail_id`` of these invoices
        (and the invoices) bounced by the address ``email``."""
        if not mail_id:
            return False
        try:
            mail_id = int(mail_id)
        except (TypeError, ValueError):
            return False
        logs = self.env['isp.invoice.delivery.log'].sudo().search([
            ('invoice_id', 'in', self.ids),
            ('mail_id', '=', mail_id),
        ])
        logs.write({
            'state': LOG_BOUNCED,
            'bounce_email': email or False,
            'error': _('The mail server of %s returned the e-mail.')
            % (email or _('a recipient')),
        })
        logs.mapped('invoice_id').sudo().write(
            {'isp_delivery_state': DELIVERY_BOUNCED})
        return bool(logs)

    # -- invoice document -------------------------------------------------

    @api.multi
    def _isp_line_periods(self):
        """{invoice line id: its invoiced periods} for the document."""
        self.ensure_one()
        periods = self.env['isp.subscription.period'].sudo().search(
            [('invoice_line_id', 'in', self.invoice_line_ids.ids)],
            order='date_start, id')
        result = {}
        for period in periods:
            result.setdefault(
                period.invoice_line_id.id,
                self.env['isp.subscription.period'].sudo())
            result[period.invoice_line_id.id] |= period
        return result

    @api.multi
    def _isp_line_billed_days(self):
        """{invoice line id: [(first, last)]}: the days each line bills,
        from the activation (or the period start) to the termination (or
        the period end), formatted for the customer."""
        self.ensure_one()
        result = {}
        for line_id, periods in self._isp_line_periods().items():
            for period in periods:
                subscription = period.subscription_id
                billed = period_rules.days_billed(
                    (period.date_start, period.date_end),
                    subscription.date_start, subscription.date_end) or (
                        period_rules.to_date(period.date_start),
                        period_rules.to_date(period.date_end))
                result.setdefault(line_id, []).append(tuple(
                    self._isp_format_date(day) for day in billed))
        return result

    @api.multi
    def _isp_document_bank_account(self, partner_bank):
        """The account number the document prints: on a customer invoice
        or credit note, the company's in full (customers pay to it) and the
        customer's masked; on a vendor bill, as Odoo prints it (the
        account the company pays to)."""
        self.ensure_one()
        number = partner_bank.sudo().acc_number or ''
        if self.type not in CUSTOMER_TYPES or \
                partner_bank.sudo().partner_id == self.company_id.partner_id:
            return number
        return bank_rules.mask_account_number(number)

    @api.multi
    def _isp_company_tax_id(self):
        """The company's tax id: its VAT number, else its ISP fiscal id."""
        self.ensure_one()
        partner = self.company_id.partner_id
        return self.company_id.vat or (
            'isp_fiscal_id' in partner._fields and partner.isp_fiscal_id) \
            or ''

    @api.multi
    def _isp_customer_tax_id(self):
        """The customer's tax id: Odoo's VAT number, else its ISP fiscal
        id."""
        self.ensure_one()
        partner = self.commercial_partner_id
        return partner.vat or (
            'isp_fiscal_id' in partner._fields and partner.isp_fiscal_id) \
            or ''

    @api.multi
    def _isp_commitment_end(self):
        """The last commitment end of the invoiced subscriptions still
        ahead on the invoice date (False when none)."""
        self.ensure_one()
        date_ref = self.date_invoice or fields.Date.context_today(self)
        dates = [period.subscription_id.date_commitment_end
                 for periods in self._isp_line_periods().values()
                 for period in periods
                 if period.subscription_id.date_commitment_end
                 and period.subscription_id.date_commitment_end > date_ref]
        return max(dates) if dates else False

    @api.multi
    def _isp_format_date(self, value):
        """A date as the customer reads it (their language's format)."""
        self.ensure_one()
        return misc.format_date(self.env, value, lang_code=(
            self.partner_id.lang or self.env.lang or 'en_US'))

    @api.multi
    def _isp_amount_in_words(self):
        """The invoice total in words, in the customer's language."""
        self.ensure_one()
        lang = self.partner_id.lang or self.env.lang or 'en_US'
        return words_rules.amount_to_words(
            self.amount_total, lang, self.currency_id.name)

    @api.multi
    def _isp_is_direct_debit(self):
        """Collected by SEPA direct debit (mandate or a payment mode that
        requires one): no transfer QR code then."""
        self.ensure_one()
        mandate = 'mandate_id' in self._fields and self.mandate_id
        mode = 'payment_mode_id' in self._fields and self.payment_mode_id
        return bool(mandate or (
            mode and mode.payment_method_id.mandate_required))

    @api.multi
    def _isp_payment_bank_account(self):
        """The company bank account (with an IBAN) customers pay to."""
        self.ensure_one()
        company_partner = self.company_id.partner_id
        accounts = self.sudo().partner_bank_id.filtered(
            lambda b: b.partner_id == company_partner)
        accounts |= company_partner.sudo().bank_ids
        for account in accounts:
            if epc_rules.iban_is_valid(account.acc_number):
                return account
        return self.env['res.partner.bank']

    @api.multi
    def _isp_payment_qr_payload(self):
        """The EPC QR text for paying the amount due, or False when no QR
        code applies (not open, direct debit, not in euro, nothing due,
        no company IBAN)."""
        self.ensure_one()
        if self.type != 'out_invoice' or self.state != 'open' \
                or self.currency_id.name != 'EUR' \
                or self._isp_is_direct_debit():
            return False
        if float_compare(self.residual, 0.0,
                         precision_rounding=self.currency_id.rounding) <= 0:
            return False
        account = self._isp_payment_bank_account()
        if not account:
            return False
        try:
            return epc_rules.epc_payload(
                name=self.company_id.name[:epc_rules.MAX_NAME],
                iban=account.acc_number,
                amount=self.residual,
                remittance=self.number or '',
                bic=account.bank_id.bic or '')
        except ValueError as error:
            _logger.info('No payment QR code on invoice %s: %s',
                         self.id, error)
            return False

    @api.multi
    def _isp_payment_qr_data_uri(self):
        """The payment QR code as a PNG data URI, or False."""
        payload = self._isp_payment_qr_payload()
        if not payload:
            return False
        return epc_rules.png_data_uri(epc_rules.qr_png(payload, box_size=6))

    # ------------------------------------------------------------------
    # bulk creation of the billing runs' drafts
    # ------------------------------------------------------------------

    @api.model
    def _isp_bulk_create(self, vals_list):
        """``create(vals)`` for each of ``vals_list``, in bulk: the billing
        run creates thousands of drafts. Returns the invoices in the order
        of ``vals_list``.

        ``bulk_create`` inserts the rows; what the ``create()`` overrides
        of the modules under isp_billing do is done here:

        - account: the values of the partner and journal onchanges must be
          given (``isp.billing.run._prepare_invoice_values`` gives them),
          a receivable account is required, and the tax lines are computed
          (``compute_taxes``);
        - account_payment_partner, account_banking_mandate: the payment
          mode and mandate must be given (the contract's);
        - sale_commission: a line with no agents gets the customer's
          (``_prepare_agents_vals``);
        - mail: with ``mail_create_nosubscribe`` and ``tracking_disable``
          in the context, ``create()`` adds only the followers of the
          tracked user fields (the salesperson); so does this.

        ``test_bulk_invoice`` compares every column of the rows created
        here with those ``create()`` writes for the same values."""
        if self.env.context.get('mail_create_nosubscribe') is not True:
            raise UserError(_(
                'Invoices created in bulk must be created with '
                'mail_create_nosubscribe in the context.'))
        onchange_fields = ('account_id', 'payment_term_id',
                           'fiscal_position_id', 'partner_bank_id',
                           'currency_id', 'journal_id')
        for field in ('payment_mode_id', 'mandate_id'):
            if field in self._fields:
                onchange_fields += (field,)
        for vals in vals_list:
            missing = [name for name in onchange_fields if name not in vals]
            if missing:
                raise UserError(_(
                    'Invoices created in bulk need the values %s.')
                    % ', '.join(missing))
            if not vals.get('account_id'):
                raise UserError(_(
                    'No account was found to create the invoice, be sure '
                    'you have installed a chart of account.'))
        bulk = BulkCreate()
        invoices = bulk.insert(self, vals_list, prepare={
            'account.invoice.line': self._isp_bulk_prepare_lines,
        })
        tax_vals = []
        for invoice in invoices:
            if any(line.invoice_line_tax_ids
                   for line in invoice.invoice_line_ids):
                tax_vals.extend(invoice.get_taxes_values().values())
        bulk.insert(self.env['account.invoice.tax'], tax_vals)
        bulk.flush()
        self._isp_bulk_subscribe(invoices, vals_list)
        return invoices

    @api.model
    def _isp_bulk_prepare_lines(self, Line, vals_list):
        """sale_commission's ``create()`` of invoice lines: a line created
        with no agents gets those of the invoice's customer."""
        if 'agents' not in Line._fields:
            return
        # one query for every invoice and customer, not one per line
        self.browse(set(vals['invoice_id'] for vals in vals_list)).mapped(
            'partner_id.agents')
        for vals in vals_list:
            agents = vals.get('agents', [(6, 0, [])])
            if agents and agents[0][0] == 6 and not agents[0][2]:
                vals['agents'] = Line._prepare_agents_vals(vals=vals)

    @api.model
    def _isp_bulk_subscribe(self, invoices, vals_list):
        """The followers ``message_auto_subscribe`` gives a new invoice:
        the partners of the tracked user fields given in its values (the
        salesperson), as ``mail.thread.create()`` does."""
        names = self._message_get_auto_subscribe_fields(
            list(vals_list[0]) if vals_list else [])
        by_user = {}
        for invoice, vals in zip(invoices, vals_list):
            for name in names:
                user_id = vals.get(name)
                if user_id:
                    by_user.setdefault(user_id, []).append(invoice.id)
        Users = self.env['res.users'].sudo()
        for user_id, invoice_ids in by_user.items():
            self.browse(invoice_ids).message_subscribe(
                partner_ids=Users.browse(user_id).partner_id.ids,
                force=False)
