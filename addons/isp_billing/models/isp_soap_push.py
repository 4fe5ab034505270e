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
import logging

from odoo import api, fields, models

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


class IspSoapPushMixin(models.AbstractModel):
    """The failed SOAP calls of a record, for its smart button and alert."""
    _name = 'isp.soap.push.mixin'
    _description = 'ISP SOAP Push Mixin'

    isp_soap_failed_call_count = fields.Integer(
        string='Failed SOAP calls',
        compute='_compute_isp_soap_failed_call_count',
        groups='isp_billing.group_isp_billing_user',
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
