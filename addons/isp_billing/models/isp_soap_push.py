# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Pushes to the external system through the company's SOAP connector.

What is pushed (when the company has an active connector with the
operation on):

* ``PushContract``: a contract (``sale.order``) confirmed with ISP
  subscriptions;
* ``PushSubscriptionEvent``: a subscription activated, suspended,
  reconnected or terminated (``isp.subscription._change_state``, the path
  of the buttons, the dunning and the reconnections);
* ``PushCustomer``: a change of name, fiscal id, address, e-mail or phone
  of a customer with ISP subscriptions.

Each change becomes an ``isp.soap.call`` (state 'queued') with an
idempotency key, sent by a queue job (``isp.soap.call._job_send``),
retried with the backoff of the network events on retryable errors. The
same change twice gives one call: a change whose values equal those of the
record's last call of the operation is not queued again. The key (in the
payload as ``key``) is a hash of the operation, the record, the values
sent and the previous key, so a change back to earlier values is a new
call with a new key, and the remote side can ignore a replay.
"""
import hashlib
import json
import logging

from odoo import _, api, fields, models
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import identity_exact, job

from ..rules import network_event as retry_rules
from .isp_soap_connector import IspSoapError

_logger = logging.getLogger(__name__)

# subscription transition -> event pushed
SUBSCRIPTION_PUSH_EVENTS = {
    ('pending', 'active'): 'activated',
    ('pending', 'active_nonbillable'): 'activated',
    ('suspended', 'active'): 'reconnected',
    ('suspended', 'active_nonbillable'): 'reconnected',
    ('active', 'suspended'): 'suspended',
    ('active_nonbillable', 'suspended'): 'suspended',
}
# partner fields whose change is pushed
CUSTOMER_PUSH_FIELDS = (
    'name', 'vat', 'isp_fiscal_id', 'isp_fiscal_id_type', 'street',
    'street2', 'zip', 'city', 'state_id', 'country_id', 'email', 'phone',
    'mobile', 'isp_customer_code',
)


def clean(values):
    """``values`` with Odoo's False of empty fields as None (zeep leaves
    None out of the request), recursively."""
    if isinstance(values, dict):
        return {k: clean(v) for k, v in values.items()}
    if isinstance(values, (list, tuple)):
        return [clean(v) for v in values]
    if values is False:
        return None
    return values


def digest(operation, model, res_id, values):
    """A hash of what a push sends (without its key)."""
    raw = json.dumps([operation, model, res_id, values], sort_keys=True,
                     default=str, separators=(',', ':'))
    return hashlib.sha256(raw.encode('utf-8')).hexdigest()


def idempotency_key(values_digest, previous_key=None):
    """The key of a change: its digest chained to the previous call's
    key of the same record and operation."""
    raw = '%s:%s' % (values_digest, previous_key or '')
    return hashlib.sha256(raw.encode('utf-8')).hexdigest()[:40]


class IspSoapCall(models.Model):
    _inherit = 'isp.soap.call'

    digest = fields.Char(
        readonly=True,
        help='Hash of the values sent: the same change is not queued '
             'twice.',
    )

    @api.model
    def _isp_queue_push(self, company, switch, operation, record, values):
        """Queue the push ``operation`` of ``values`` (its argument besides
        ``key``, e.g. {'contract': {...}}) about ``record`` when the
        connector of ``company`` has ``switch`` on. Returns the queued
        call, the last call when it sent the same values, or an empty
        recordset when nothing is pushed."""
        connector = self.env['isp.soap.connector']._isp_connector_for(
            company, switch)
        if not connector:
            return self.browse()
        values = clean(values)
        values_digest = digest(operation, record._name, record.id, values)
        Call = self.sudo()
        last = Call.search([
            ('connector_id', '=', connector.id),
            ('operation', '=', operation),
            ('res_model', '=', record._name),
            ('res_id', '=', record.id),
        ], order='id desc', limit=1)
        if last and last.digest == values_digest:
            return last
        key = idempotency_key(values_digest, last.key)
        payload = dict(values, key=key)
        call = connector._isp_log_call(operation, payload, record=record,
                                       key=key, direction='push')
        call.digest = values_digest
        call._isp_schedule_send()
        return call

    @api.multi
    def _isp_schedule_send(self):
        """A queue job per queued call."""
        for call in self.filtered(lambda c: c.state == 'queued'):
            call.with_delay(
                description=_('SOAP %(operation)s to %(connector)s') % {
                    'operation': call.operation,
                    'connector': call.connector_id.name},
                identity_key=identity_exact,
            )._job_send()
        return True

    @api.multi
    @job(default_channel='root')
    def _job_send(self):
        """Queue job: send the call. A retryable failure raises
        RetryableJobError with the next backoff delay (the call stays
        'queued', its attempts counted); a failure that is not retryable,
        or the last try, leaves it 'failed' and says so on the record."""
        self.ensure_one()
        if self.state != 'queued':
            return _('Call %(name)s is "%(state)s": not sent.') % {
                'name': self.name, 'state': self.state}
        connector = self.connector_id
        if not connector.active:
            self.write({'state': 'failed', 'retryable': False,
                        'error': _('The SOAP connector is archived.')})
            self._isp_report_failure()
            return self.error
        payload = json.loads(self.payload or '{}')
        record = self.record_ref or None
        try:
            connector._isp_call(self.operation, payload, record=record,
                                key=self.key, direction=self.direction)
        except IspSoapError as exc:
            delay = retry_rules.retry_delay(self.attempts) \
                if exc.retryable else None
            if delay is None:
                self._isp_report_failure()
                return _('Failed after %(n)s tries: %(error)s') % {
                    'n': self.attempts, 'error': exc.name}
            self.state = 'queued'
            _logger.info('SOAP call %s: try %s failed, again in %s s',
                         self.id, self.attempts, delay)
            raise RetryableJobError(_(
                'SOAP call %(name)s: %(error)s Trying again in %(delay)s '
                'seconds.') % {'name': self.name, 'error': exc.name,
                               'delay': delay},
                seconds=delay)
        return _('Done.')

    @api.multi
    def _isp_report_failure(self):
        """A message on the record the call was about: the external system
        did not get it."""
        for call in self:
            record = call.record_ref
            if not record or not hasattr(record, 'message_post'):
                continue
            record.sudo().message_post(
                body=_(
                    'The external system did not take %(operation)s after '
                    '%(n)s tries: %(error)s Check it, then use Retry on the '
                    'call (ISP > Configuration > SOAP calls).') % {
                        'operation': call.operation, 'n': call.attempts,
                        'error': call.error or ''},
                subtype='mail.mt_note')
        return True


class IspSoapPushMixin(models.AbstractModel):
    """The failed SOAP calls of a record, for its smart button and alert."""
    _name = 'isp.soap.push.mixin'
    _description = 'ISP SOAP Push Mixin'

    isp_soap_failed_call_count = fields.Integer(
        string='Failed SOAP calls',
        compute='_compute_isp_soap_failed_call_count',
    )

    @api.multi
    def _compute_isp_soap_failed_call_count(self):
        counts = {}
        if self.ids:
            groups = self.env['isp.soap.call'].sudo().read_group(
                [('res_model', '=', self._name), ('res_id', 'in', self.ids),
                 ('state', '=', 'failed')], ['res_id'], ['res_id'])
            counts = {g['res_id']: g['res_id_count'] for g in groups}
        for record in self:
            record.isp_soap_failed_call_count = counts.get(record.id, 0)

    @api.multi
    def action_isp_view_soap_calls(self):
        """Button: the SOAP calls about this record."""
        self.ensure_one()
        self.check_access_rights('read')
        self.check_access_rule('read')
        action = self.env.ref('isp_billing.isp_soap_call_action').read()[0]
        action['domain'] = [('res_model', '=', self._name),
                            ('res_id', '=', self.id)]
        action['context'] = {'search_default_failed': 1}
        return action


class SaleOrder(models.Model):
    _name = 'sale.order'
    _inherit = ['sale.order', 'isp.soap.push.mixin']

    @api.multi
    def action_confirm(self):
        result = super(SaleOrder, self).action_confirm()
        self._isp_soap_push_contract()
        return result

    @api.multi
    def _isp_soap_push_contract(self):
        """Queue PushContract for each confirmed contract with ISP
        subscriptions."""
        Call = self.env['isp.soap.call']
        for order in self.sudo().filtered('isp_subscription_ids'):
            Call._isp_queue_push(
                order.company_id, 'push_contract', 'PushContract', order,
                {'contract': order._prepare_isp_soap_contract_values()})
        return True

    @api.multi
    def _prepare_isp_soap_contract_values(self):
        """The ``contract`` argument of PushContract."""
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        date = self.confirmation_date or fields.Datetime.now()
        lines = []
        for subscription in self.isp_subscription_ids.sorted('id'):
            product = subscription.product_id
            lines.append({
                'subscription_ref': subscription.name,
                'product_code': product.default_code or None,
                'product_name': product.name,
                'service_type': product.isp_service_type or None,
                'quantity': subscription.quantity,
                'price_unit': subscription.price_unit,
            })
        return {
            'reference': self.name,
            'customer_code': customer.isp_customer_code,
            'customer_name': customer.name,
            'fiscal_id': customer.isp_fiscal_id or customer.vat,
            'date_confirmed': date[:10],
            'currency': self.currency_id.name,
            'amount_total': self.amount_total,
            'lines': lines,
        }


class IspSubscription(models.Model):
    _name = 'isp.subscription'
    _inherit = ['isp.subscription', 'isp.soap.push.mixin']

    @api.multi
    def _change_state(self, new_state, date=None):
        before = {subscription.id: subscription.state
                  for subscription in self}
        result = super(IspSubscription, self)._change_state(new_state,
                                                            date=date)
        for subscription in self:
            if new_state == 'terminated':
                event = 'terminated' \
                    if before[subscription.id] != 'pending' else None
            else:
                event = SUBSCRIPTION_PUSH_EVENTS.get(
                    (before[subscription.id], new_state))
            if event:
                subscription._isp_soap_push_event(event, date)
        return result

    @api.multi
    def _isp_soap_push_event(self, event, date=None):
        """Queue PushSubscriptionEvent of ``event`` ('activated',
        'suspended', 'reconnected', 'terminated') on ``date``."""
        self.ensure_one()
        company = self.company_id or self.env.user.company_id
        return self.env['isp.soap.call']._isp_queue_push(
            company, 'push_subscription_event', 'PushSubscriptionEvent',
            self, {'event': self.sudo()._prepare_isp_soap_event_values(
                event, date)})

    @api.multi
    def _prepare_isp_soap_event_values(self, event, date=None):
        """The ``event`` argument of PushSubscriptionEvent."""
        self.ensure_one()
        date = date or fields.Date.context_today(self)
        if not isinstance(date, str):
            date = fields.Date.to_string(date)
        product = self.product_id
        reason = self.env.context.get('isp_state_reason') or (
            event == 'suspended' and self.isp_suspension_reason) or None
        return {
            'subscription_ref': self.name,
            'contract_ref': self.order_id.name or None,
            'customer_code':
                self.partner_id.commercial_partner_id.isp_customer_code,
            'event': event,
            'date': date,
            'reason': reason,
            'product_code': product.default_code or None,
            'service_type': product.isp_service_type or None,
        }


class ResPartner(models.Model):
    _name = 'res.partner'
    _inherit = ['res.partner', 'isp.soap.push.mixin']

    @api.multi
    def write(self, vals):
        result = super(ResPartner, self).write(vals)
        if any(name in vals for name in CUSTOMER_PUSH_FIELDS):
            self._isp_soap_push_customer()
        return result

    @api.multi
    def _isp_soap_push_customer(self):
        """Queue PushCustomer for the customers (commercial partners) of
        these partners that have ISP subscriptions."""
        customers = self.sudo().mapped('commercial_partner_id')
        if not customers or not self.env['isp.soap.connector'].sudo() \
                .search_count([('push_customer', '=', True)]):
            return True
        Subscription = self.env['isp.subscription'].sudo()
        Call = self.env['isp.soap.call']
        for customer in customers:
            subscription = Subscription.search([
                ('partner_id', 'child_of', customer.id)], limit=1)
            if not subscription:
                continue
            company = subscription.company_id or customer.company_id \
                or self.env.user.company_id
            Call._isp_queue_push(
                company, 'push_customer', 'PushCustomer', customer,
                {'customer': customer._prepare_isp_soap_customer_values()})
        return True

    @api.multi
    def _prepare_isp_soap_customer_values(self):
        """The ``customer`` argument of PushCustomer."""
        self.ensure_one()
        return {
            'customer_code': self.isp_customer_code,
            'name': self.name,
            'fiscal_id': self.isp_fiscal_id or self.vat,
            'email': self.email,
            'phone': self.phone,
            'mobile': self.mobile,
            'street': self.street,
            'street2': self.street2,
            'zip': self.zip,
            'city': self.city,
            'state': self.state_id.name or None,
            'country': self.country_id.code or None,
        }
