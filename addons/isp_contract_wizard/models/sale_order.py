# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.addons.isp_billing.models.sale_order import (
    CONTRACT_AMENDMENT, CONTRACT_AMENDMENT_KEY)

from .isp_contract_service import ESIGN_SERVICE_FIELDS

# what the contract document shows: a change after the document was sent
# for signature cancels the request (fields absent from the database are
# skipped, so that each addon of the suite may be installed alone)
ESIGN_ORDER_FIELDS = (
    'partner_id', 'partner_invoice_id', 'partner_shipping_id',
    'pricelist_id', 'currency_id', 'payment_term_id', 'fiscal_position_id',
    'company_id', 'note', 'amount_untaxed', 'amount_tax', 'amount_total',
    'isp_is_contract', 'isp_bundle_id', 'isp_campaign_id',
    'isp_billing_cycle_day', 'isp_billing_mode', 'isp_payment_mode_id',
    'isp_mandate_id', 'isp_bank_account_id', 'isp_condition_id',
)
ESIGN_LINE_FIELDS = (
    'product_id', 'name', 'product_uom_qty', 'product_uom', 'price_unit',
    'discount', 'tax_id',
)


# the requests that lock the signed data: waiting for the signature, or
# signed (a new version of the contract needs a new request)
ESIGN_LOCKING_STATES = ('draft', 'sent', 'opened', 'signed')


def _fingerprint_value(record, name):
    """A field's value as plain JSON-able data."""
    return _fingerprint_of(record._fields[name], record[name])


def _fingerprint_of(field, value):
    """``value`` of ``field`` as plain JSON-able data."""
    if field.type == 'many2one':
        return value.id or False
    if field.type in ('one2many', 'many2many'):
        return sorted(value.ids)
    if field.type in ('float', 'monetary'):
        return '%.6f' % (value or 0.0)
    return value


def _changed_fields(record, vals, names):
    """The fields of ``names`` that ``vals`` (``write()`` values) would
    change on ``record``."""
    changed = []
    for name in names:
        if name not in vals or name not in record._fields:
            continue
        field = record._fields[name]
        new = field.convert_to_record(
            field.convert_to_cache(vals[name], record), record)
        if _fingerprint_of(field, new) != _fingerprint_value(record, name):
            changed.append(field.get_description(record.env)['string'])
    return changed


class SaleOrder(models.Model):
    _name = 'sale.order'
    _inherit = ['sale.order', 'isp.esign.mixin']

    isp_esign_locked = fields.Boolean(
        string='Locked by its signature',
        compute='_compute_isp_esign_locked',
        help='The document was sent for signature or signed: what it shows '
             'cannot change. Cancel a pending request to change the order '
             'and send the new version for signature.')

    @api.multi
    def _compute_isp_esign_locked(self):
        locked = self._isp_esign_locked_orders()
        for order in self:
            order.isp_esign_locked = order in locked

    @api.multi
    def write(self, vals):
        self._isp_esign_check_unlocked(vals, ESIGN_ORDER_FIELDS)
        result = super(SaleOrder, self).write(vals)
        self._esign_cancel_if_changed()
        return result

    @api.multi
    def action_esign_request(self):
        # what Confirm checks is checked before the customer signs
        self._isp_check_before_signature()
        return super(SaleOrder, self).action_esign_request()

    @api.multi
    def _isp_check_before_signature(self):
        """Refuse to send an ISP contract that breaks its bundle's rules
        or its campaign's for signature."""
        errors = []
        for order in self.filtered('isp_is_contract'):
            messages = (order._isp_bundle_violation_messages()
                        + order._isp_campaign_violation_messages())
            if messages:
                errors.append(_('%s cannot be sent for signature:')
                              % order.name)
                errors.extend('- %s' % message for message in messages)
        if errors:
            raise UserError('\n'.join(errors))
        return True

    @api.multi
    def _isp_esign_locked_orders(self):
        """The orders whose document waits for its signature or is
        signed."""
        if not self.ids:
            return self.browse()
        requests = self.env['isp.esign.request'].sudo().search([
            ('res_model', '=', self._name),
            ('res_id', 'in', self.ids),
            ('state', 'in', ESIGN_LOCKING_STATES),
        ])
        return self.browse(set(requests.mapped('res_id')))

    @api.multi
    def _isp_esign_check_unlocked(self, vals=None, names=(), lines=None):
        """Refuse to change what the document of a locked order shows:
        ``vals`` (``write()`` values of these orders, or of ``lines``)
        changing one of ``names``; with ``vals`` None, any change (a line
        added or removed). A change of the bank data made by the contract
        bank wizard (after the confirmation, with its reason in the
        history) is allowed."""
        if vals is not None and not set(vals) & set(names):
            return True
        if self.env.context.get(CONTRACT_AMENDMENT_KEY) is CONTRACT_AMENDMENT:
            return True
        for order in self._isp_esign_locked_orders():
            if vals is None:
                changed = True
            elif lines is not None:
                changed = any(
                    _changed_fields(line, vals, names)
                    for line in lines.filtered(
                        lambda l, order=order: l.order_id == order))
            else:
                changed = bool(_changed_fields(order, vals, names))
            if changed:
                order._isp_esign_raise_locked()
        return True

    @api.multi
    def _isp_esign_raise_locked(self):
        self.ensure_one()
        request = self.sudo().esign_request_id
        if request.state == 'signed':
            raise UserError(_(
                '%(order)s is signed (%(request)s): what its document '
                'shows cannot change. Duplicate it to make a new version '
                'and send that for signature.') % {
                    'order': self.name, 'request': request.name})
        raise UserError(_(
            '%(order)s was sent for signature (%(request)s): what its '
            'document shows cannot change. Cancel the request to change '
            'it, then send the new version for signature.') % {
                'order': self.name, 'request': request.name})

    @api.multi
    def _esign_document_title(self):
        """An ISP contract is signed as a contract ("Contract SO028"),
        not as Odoo's quotation."""
        self.ensure_one()
        if self.isp_is_contract:
            return _('Contract %s') % self.name
        return super(SaleOrder, self)._esign_document_title()

    @api.multi
    def _esign_fingerprint_values(self):
        """The order data that the contract document shows."""
        self.ensure_one()
        order_fields = [name for name in ESIGN_ORDER_FIELDS
                        if name in self._fields]
        line_fields = [name for name in ESIGN_LINE_FIELDS
                       if name in self.order_line._fields]
        values = {
            'order': {name: _fingerprint_value(self, name)
                      for name in order_fields},
            'lines': [{name: _fingerprint_value(line, name)
                       for name in line_fields}
                      for line in self.order_line.sorted('id')],
        }
        services = self.isp_service_detail_ids.sorted('id')
        if services:
            # the portability and holder change forms are signed with the
            # contract (kept out when empty: the fingerprints of requests
            # sent before the service data existed stay the same)
            values['services'] = [
                {name: _fingerprint_value(service, name)
                 for name in ESIGN_SERVICE_FIELDS}
                for service in services]
        return values

    @api.multi
    def _esign_can_confirm(self):
        """Whether signing may confirm the order: a quotation, and for an
        ISP contract only once its intake is ready for activation."""
        self.ensure_one()
        if self.state not in ('draft', 'sent'):
            return False
        if self.isp_is_contract and self.isp_intake_state != 'ready':
            return False
        return True

    @api.multi
    def _esign_on_accepted(self, request):
        """The customer signed: confirm the contract, if it is still the
        one whose document was signed."""
        for order in self:
            order._esign_check_unchanged(request)
            # the mandate was signed in the same envelope
            order._isp_validate_signed_mandate(request)
            if order._esign_can_confirm():
                order.action_confirm()
                order.message_post(body=_(
                    'Confirmed by the signature of %(name)s (%(request)s).')
                    % {'name': request.signed_name, 'request': request.name})
            else:
                order.message_post(body=_(
                    'Signed by %(name)s (%(request)s). Confirm the contract '
                    'when its intake is ready for activation.')
                    % {'name': request.signed_name, 'request': request.name})
        return True


class SaleOrderLine(models.Model):
    _inherit = 'sale.order.line'

    @api.model
    def create(self, vals):
        # refuse who may not create lines before any other module's create
        # reads the values (sale_commission's asserts on missing ones)
        self.check_access_rights('create')
        if vals.get('order_id'):
            self.env['sale.order'].browse(
                vals['order_id'])._isp_esign_check_unlocked()
        line = super(SaleOrderLine, self).create(vals)
        line.order_id._esign_cancel_if_changed()
        return line

    @api.multi
    def write(self, vals):
        self.mapped('order_id')._isp_esign_check_unlocked(
            vals, ESIGN_LINE_FIELDS, lines=self)
        result = super(SaleOrderLine, self).write(vals)
        self.mapped('order_id')._esign_cancel_if_changed()
        return result

    @api.multi
    def unlink(self):
        orders = self.mapped('order_id')
        orders._isp_esign_check_unlocked()
        result = super(SaleOrderLine, self).unlink()
        orders.exists()._esign_cancel_if_changed()
        return result
