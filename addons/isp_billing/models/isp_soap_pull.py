# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The pulls of the SOAP connector: a cron asks the external system, for
the customers mapped to it (``res.partner.isp_external_ref``, sent as
``customer_codes``), what changed since the last pull (less a day):

- ``PullInvoiceStatus``: the state it has of each invoice (by number:
  draft, open, paid, cancelled);
  noted on the invoice, a status that disagrees with Odoo's is logged and
  noted in the chatter, Odoo's own state is never changed;
- ``PullPayments``: the payments it received, registered on the open
  invoice of the same number and reconciled, once per payment reference;
- ``PullConsumption``: the consumption of a metered subscription over a
  period, recorded as a reading of its meter on the period's last day
  (the previous index plus the quantity; billed by the billing run), once
  per subscription and period;
- ``PullActivations`` (when "Provisioning confirmations" is on): the
  activations it confirmed, applied as the HTTP callback's
  (isp_subscription_provisioning.py).

The same answer twice changes nothing. A SOAP fault or a malformed answer
is logged by ``_isp_call`` and changes nothing; an item of an answer that
cannot be applied is logged and skipped (one savepoint per item).
"""
import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_is_zero

from .isp_soap_connector import IspSoapError

_logger = logging.getLogger(__name__)

# external invoice status -> the Odoo states it agrees with
EXTERNAL_INVOICE_STATES = {
    'draft': ('draft',),
    'open': ('open',),
    'paid': ('paid',),
    'cancelled': ('cancel',),
}


class ResPartner(models.Model):
    _inherit = 'res.partner'  # pylint: disable=R8180

    isp_external_ref = fields.Char(
        string='External reference',
        copy=False,
        index=True,
        help='The reference of this customer in the external billing '
             'system: the SOAP pulls fetch the invoice status, payments and '
             'consumption of the customers that have one.',
    )


class AccountInvoice(models.Model):
    _inherit = 'account.invoice'  # pylint: disable=R8180

    isp_external_status = fields.Char(
        string='External status',
        copy=False,
        readonly=True,
        help='The status the external billing system gave for this '
             'invoice at the last pull.',
    )


class AccountPayment(models.Model):
    _inherit = 'account.payment'  # pylint: disable=R8180

    isp_external_ref = fields.Char(
        string='External payment reference',
        copy=False,
        readonly=True,
        index=True,
        help='The reference of the payment in the external billing '
             'system: a payment is registered once per reference.',
    )


class IspMeterReading(models.Model):
    _inherit = 'isp.meter.reading'  # pylint: disable=R8180

    isp_external_ref = fields.Char(
        string='External reading reference',
        copy=False,
        readonly=True,
        index=True,
    )


class IspSoapConnector(models.Model):
    _inherit = 'isp.soap.connector'  # pylint: disable=R8180

    pull_journal_id = fields.Many2one(
        comodel_name='account.journal',
        string='Journal of pulled payments',
        domain="[('type', 'in', ('bank', 'cash')), "
               "('company_id', '=', company_id)]",
        help='The journal of the payments received by the external system '
             '(the first bank journal of the company when empty).',
    )
    pull_date_last = fields.Datetime(
        string='Last complete pull',
        readonly=True,
        copy=False,
        help='When the last pull whose calls all worked started: the next '
             'one asks for the changes since a day before.',
    )

    @api.model
    def _cron_isp_soap_pull(self, date_ref=None):
        """Pull for every company whose connector has "Pull" on; one
        connector's failure does not stop the others."""
        for connector in self.sudo().search([('pull', '=', True)]):
            try:
                with self.env.cr.savepoint():
                    connector._isp_pull()
            except Exception:
                _logger.exception('SOAP pull of connector %s failed',
                                  connector.id)
        return True

    @api.multi
    def _isp_pull(self):
        """Fetch and apply invoice status, payments, consumption and (when
        provisioning confirmations are on) activations. Returns a dict
        operation -> number of items applied (None: the call failed)."""
        self.ensure_one()
        connector = self.sudo()
        started = fields.Datetime.now()
        since = None
        if connector.pull_date_last:
            since = fields.Datetime.from_string(
                connector.pull_date_last) - timedelta(days=1)
        customers = connector._isp_mapped_customers()
        codes = {'string': sorted(customers.mapped('isp_external_ref'))}
        steps = []
        if customers:
            steps += [
                ('PullInvoiceStatus', connector._isp_apply_invoice_status),
                ('PullPayments', connector._isp_apply_payment),
                ('PullConsumption', connector._isp_apply_consumption),
            ]
        if connector.provisioning:
            steps.append(('PullActivations', connector._isp_apply_activation))
        results = {}
        for operation, apply in steps:
            payload = {'since': since}
            if operation != 'PullActivations':
                payload['customer_codes'] = codes
            results[operation] = connector._isp_pull_operation(
                operation, payload, apply)
        if None not in results.values():
            connector.pull_date_last = started
        return results

    @api.multi
    def _isp_mapped_customers(self):
        self.ensure_one()
        return self.env['res.partner'].sudo().search([
            ('isp_external_ref', '!=', False),
            '|', ('company_id', '=', False),
            ('company_id', '=', self.company_id.id)])

    @api.multi
    def _isp_pull_operation(self, operation, payload, apply):
        """Call ``operation`` and ``apply`` each item of the answer in its
        own savepoint; an item that fails is logged and skipped. Returns
        the number of items that changed something, None when the call
        failed (logged by ``_isp_call``)."""
        self.ensure_one()
        try:
            answer = self._isp_call(operation, payload, direction='pull')
        except IspSoapError:
            return None
        items = self._isp_answer_items(answer)
        if items is None:
            self._isp_log_incoming(operation, 'warning', _(
                'The answer to %s is not a list of items: nothing '
                'changed.') % operation, payload=answer)
            return None
        changed = 0
        for item in items:
            try:
                with self.env.cr.savepoint():
                    if apply(item):
                        changed += 1
            except (UserError, ValidationError, KeyError, TypeError,
                    ValueError) as exc:
                if isinstance(exc, KeyError):
                    message = _('%s is missing') % exc.args[0]
                else:
                    message = getattr(exc, 'name', None) or str(exc)
                self._isp_log_incoming(operation, 'warning', _(
                    'An item of the answer to %(operation)s was not '
                    'applied: %(error)s') % {
                        'operation': operation, 'error': message},
                    payload=item)
        return changed

    @api.model
    def _isp_answer_items(self, answer):
        """The list of items of an answer: the answer itself when it is a
        list, the single list of a wrapper dict, [] for nothing; None when
        it is none of these."""
        if answer is None:
            return []
        if isinstance(answer, dict):
            lists = [value for value in answer.values()
                     if isinstance(value, list) or value is None]
            if len(answer) == 1 and lists:
                return lists[0] or []
            return None
        if isinstance(answer, list):
            if all(isinstance(item, dict) for item in answer):
                return answer
        return None

    @staticmethod
    def _isp_text(item, key):
        """The text value ``key`` of ``item`` (missing: KeyError, the item
        is skipped and logged)."""
        value = item[key]
        if value in (None, ''):
            raise KeyError(key)
        return str(value).strip()

    # ------------------------------------------------------------------
    # invoice status
    # ------------------------------------------------------------------

    @api.multi
    def _isp_find_invoice(self, number):
        self.ensure_one()
        return self.env['account.invoice'].sudo().search([
            ('company_id', '=', self.company_id.id),
            ('type', '=', 'out_invoice'),
            ('number', '=', number)], limit=1)

    @api.model
    def _isp_check_invoice_customer(self, invoice, item):
        """An answer that names the invoice of another customer than its
        own is not applied."""
        code = item.get('customer_code')
        refs = (invoice.partner_id | invoice.commercial_partner_id).mapped(
            'isp_external_ref')
        if code and code not in refs:
            raise UserError(_(
                'invoice %(number)s is not of customer %(code)s in Odoo') % {
                    'number': invoice.number, 'code': code})

    @api.multi
    def _isp_apply_invoice_status(self, item):
        """Note the external status of the invoice; a status that
        disagrees with Odoo's is noted in its chatter and logged (once per
        status)."""
        self.ensure_one()
        number = self._isp_text(item, 'invoice_number')
        status = self._isp_text(item, 'state').lower()
        if status not in EXTERNAL_INVOICE_STATES:
            raise ValueError(_('unknown invoice status "%s"') % status)
        invoice = self._isp_find_invoice(number)
        if not invoice:
            raise UserError(_('no customer invoice numbered %s') % number)
        self._isp_check_invoice_customer(invoice, item)
        if invoice.isp_external_status == status:
            return False
        invoice.write({'isp_external_status': status})
        if invoice.state not in EXTERNAL_INVOICE_STATES[status]:
            labels = dict(invoice._fields['state']._description_selection(
                invoice.env))
            message = _(
                'The external billing system says invoice %(number)s is '
                '"%(status)s"; in Odoo it is "%(state)s". Odoo\'s state is '
                'kept: check the invoice.') % {
                    'number': number, 'status': status,
                    'state': labels[invoice.state]}
            invoice.message_post(body=message, subtype='mail.mt_note')
            self._isp_log_incoming('PullInvoiceStatus', 'warning', message,
                                   record=invoice, payload=item)
        return True

    # ------------------------------------------------------------------
    # payments
    # ------------------------------------------------------------------

    @api.multi
    def _isp_pull_journal(self):
        self.ensure_one()
        journal = self.pull_journal_id or self.env['account.journal'].sudo(
        ).search([('type', '=', 'bank'),
                  ('company_id', '=', self.company_id.id)], limit=1)
        if not journal:
            raise UserError(_(
                'The company has no bank journal for the payments of the '
                'external system: set "Journal of pulled payments" on the '
                'SOAP connector.'))
        return journal

    @api.multi
    def _isp_apply_payment(self, item):
        """Register the payment ``reference`` on the open invoice of that
        number and reconcile it; a reference already registered changes
        nothing."""
        self.ensure_one()
        reference = self._isp_text(item, 'reference')
        number = self._isp_text(item, 'invoice_number')
        Payment = self.env['account.payment'].sudo()
        if Payment.search_count([('isp_external_ref', '=', reference),
                                 ('company_id', '=', self.company_id.id)]):
            return False
        invoice = self._isp_find_invoice(number)
        if not invoice:
            raise UserError(_('no customer invoice numbered %s') % number)
        self._isp_check_invoice_customer(invoice, item)
        amount = float(item['amount'])
        currency = invoice.currency_id
        if float_compare(amount, 0.0,
                         precision_rounding=currency.rounding) <= 0:
            raise ValueError(_('payment %(ref)s: the amount must be more '
                               'than 0, not %(amount)s') % {
                                   'ref': reference, 'amount': amount})
        if invoice.state != 'open' or float_is_zero(
                invoice.residual, precision_rounding=currency.rounding):
            raise UserError(_(
                'payment %(ref)s is for invoice %(number)s, which is not '
                'open in Odoo: register it by hand if it is due.') % {
                    'ref': reference, 'number': number})
        date = fields.Date.to_string(fields.Date.from_string(
            str(item.get('date') or fields.Date.context_today(self))))
        journal = self._isp_pull_journal()
        method = journal.inbound_payment_method_ids[:1] or self.env.ref(
            'account.account_payment_method_manual_in')
        payment = Payment.create({
            'payment_type': 'inbound',
            'partner_type': 'customer',
            'partner_id': invoice.commercial_partner_id.id,
            'amount': amount,
            'currency_id': currency.id,
            'journal_id': journal.id,
            'payment_method_id': method.id,
            'payment_date': date,
            'communication': _('%(number)s, external payment %(ref)s') % {
                'number': number, 'ref': reference},
            'invoice_ids': [(6, 0, invoice.ids)],
            'isp_external_ref': reference,
        })
        payment.post()
        invoice.message_post(body=_(
            'Payment %(ref)s of %(amount)s received by the external billing '
            'system on %(date)s, registered and reconciled.') % {
                'ref': reference, 'amount': amount, 'date': date},
            subtype='mail.mt_note')
        return True

    # ------------------------------------------------------------------
    # consumption
    # ------------------------------------------------------------------

    @api.multi
    def _isp_apply_consumption(self, item):
        """Record the consumption of a period as a reading of the
        subscription's meter in service on the period's last day: the
        previous index plus the quantity (a first reading at the start of
        the period, at the meter's initial index, when it has none). The
        same subscription and period again changes nothing."""
        self.ensure_one()
        external_ref = self._isp_text(item, 'subscription_ref')
        date_from = fields.Date.from_string(
            self._isp_text(item, 'period_start'))
        date_to = fields.Date.from_string(self._isp_text(item, 'period_end'))
        reference = '%s:%s:%s' % (external_ref, date_from, date_to)
        Reading = self.env['isp.meter.reading'].sudo()
        if Reading.search_count([('isp_external_ref', '=', reference),
                                 ('company_id', '=', self.company_id.id)]):
            return False
        quantity = float(item['quantity'])
        if quantity < 0 or date_to < date_from:
            raise ValueError(_(
                'consumption %(ref)s: the quantity cannot be negative nor '
                'the period end before its start') % {'ref': reference})
        subscription = self.env[
            'isp.subscription']._isp_find_by_external_ref(
            self.company_id, external_ref)
        if not subscription:
            raise UserError(_('no subscription with the external reference '
                              '%s') % external_ref)
        meter = subscription.meter_ids.filtered('in_service')[:1]
        if not meter:
            raise UserError(_('subscription %s has no meter in '
                              'service') % subscription.name)
        previous = Reading.search([('subscription_id', '=', subscription.id)],
                                  order='date desc, id desc', limit=1)
        note = _('Consumption read by the external system (%s)') % reference
        if not previous:
            previous = Reading.create({
                'subscription_id': subscription.id,
                'meter_id': meter.id,
                'date': fields.Date.to_string(date_from),
                'value': meter.initial_value,
                'reading_type': 'actual',
                'note': note,
            })
        Reading.create({
            'subscription_id': subscription.id,
            'meter_id': meter.id,
            'date': fields.Date.to_string(date_to),
            'value': previous.value + quantity,
            'reading_type': 'actual',
            'isp_external_ref': reference,
            'note': note,
        })
        return True

    # ------------------------------------------------------------------
    # activations
    # ------------------------------------------------------------------

    @api.multi
    def _isp_apply_activation(self, item):
        """Apply the activation the provisioning system confirmed (as its
        HTTP callback does)."""
        self.ensure_one()
        result = self.env['isp.subscription'].sudo()._isp_apply_provisioning(
            self, str(item.get('subscription_ref') or ''),
            str(item.get('confirmation_id') or ''),
            str(item.get('date') or ''), 'pull')
        return result == 'applied'
