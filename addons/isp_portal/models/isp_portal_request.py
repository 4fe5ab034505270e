# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a customer changes in the portal, logged as a request.

Each request reaches the staff as an isp_crm activity: done at once
(automatic) when the change is applied at once, or assigned to the
company's portal operator (semi-automatic) when the company routes that
type, or when the change needs a check (name, fiscal id, birth date, direct
debit, invoice correction). The operator applies or refuses it.

Portal customers read their own requests; they never create or change them
directly: the portal's controllers do, after their own checks, through the
private ``_isp_portal_*`` methods."""
import json
import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

_logger = logging.getLogger(__name__)

REQUEST_TYPES = [
    ('email', 'New e-mail'),
    ('phone', 'New phone'),
    ('mailing_address', 'Mailing address'),
    ('identity', 'Name, fiscal id or birth date'),
    ('mandate', 'Direct debit'),
    ('mandate_revoke', 'Direct debit revoked'),
    ('invoice_delivery', 'Invoice delivery'),
    ('invoice_correction', 'Invoice correction'),
    ('plan_change', 'Plan change'),
    ('payment_receipt', 'Payment receipt'),
    ('reading', 'Meter reading'),
]
STATES = [
    ('waiting', 'Waiting for the customer'),
    ('pending', 'To check'),
    ('done', 'Applied'),
    ('refused', 'Refused'),
    ('cancel', 'Cancelled'),
]
# types that always need an operator's check
CHECKED_TYPES = ('identity', 'invoice_correction', 'mandate',
                 'mandate_revoke', 'plan_change', 'payment_receipt')
# company setting that routes a type to the operator
ROUTING_FIELDS = {
    'email': 'isp_portal_route_contact',
    'phone': 'isp_portal_route_contact',
    'mailing_address': 'isp_portal_route_address',
    'invoice_delivery': 'isp_portal_route_delivery',
    'reading': 'isp_portal_route_reading',
}


class IspPortalRequest(models.Model):
    _name = 'isp.portal.request'
    _inherit = ['mail.thread']
    _description = 'Portal request of a customer'
    _order = 'create_date desc, id desc'

    name = fields.Char(
        string='Summary', required=True, readonly=True,
        help='What the customer asked, in a line.')
    partner_id = fields.Many2one(
        'res.partner', string='Customer', required=True, readonly=True,
        index=True, ondelete='cascade')
    request_type = fields.Selection(
        REQUEST_TYPES, string='Type', required=True, readonly=True,
        index=True)
    state = fields.Selection(
        STATES, required=True, default='pending', readonly=True,
        index=True, track_visibility='onchange')
    description = fields.Text(
        string='Details', readonly=True,
        help='The change the customer asked for, as the staff read it.')
    payload = fields.Text(
        readonly=True, groups='isp_crm.group_isp_user',
        help='The values the request applies (JSON).')
    company_id = fields.Many2one(
        'res.company', required=True, readonly=True, index=True,
        default=lambda self: self.env.user.company_id)
    activity_id = fields.Many2one(
        'isp.crm.activity', string='CRM activity', readonly=True,
        ondelete='set null')
    invoice_id = fields.Many2one(
        'account.invoice', string='Invoice', readonly=True,
        ondelete='set null')
    mandate_id = fields.Many2one(
        'account.banking.mandate', string='Mandate', readonly=True,
        ondelete='set null')
    ticket_id = fields.Many2one(
        'helpdesk.ticket', string='Ticket', readonly=True,
        ondelete='set null',
        help='The ticket the request opened (plan change, payment '
             'receipt).')
    migration_id = fields.Many2one(
        'isp.migration', string='Migration', readonly=True,
        ondelete='set null',
        help='The draft migration a plan change prepared for the staff.')
    reading_id = fields.Many2one(
        'isp.meter.reading', string='Meter reading', readonly=True,
        ondelete='set null')
    date_done = fields.Datetime(string='Closed on', readonly=True)
    user_done_id = fields.Many2one(
        'res.users', string='Closed by', readonly=True)

    # actions (buttons of the back office) -------------------------------

    @api.multi
    def _isp_check_staff(self):
        self.check_access_rights('write')
        self.check_access_rule('write')

    @api.multi
    def action_apply(self):
        """Apply the change the customer asked for (back office)."""
        self._isp_check_staff()
        for req in self:
            if req.state not in ('pending', 'waiting'):
                raise UserError(_(
                    'The request "%s" is closed already.') % req.name)
        self.sudo()._isp_apply(self.env.user)
        return True

    @api.multi
    def action_refuse(self):
        """Refuse the change (back office); the customer sees it refused."""
        self._isp_check_staff()
        for req in self:
            if req.state not in ('pending', 'waiting'):
                raise UserError(_(
                    'The request "%s" is closed already.') % req.name)
        self.sudo()._isp_close('refused', self.env.user)
        return True

    # business methods --------------------------------------------------

    @api.multi
    def _isp_payload(self):
        self.ensure_one()
        return json.loads(self.sudo().payload or '{}')

    @api.model
    def _isp_portal_create(self, partner, request_type, name, description,
                           payload=None, state=None, **extra):
        """Log a request of ``partner`` (its commercial entity) and give it
        to the staff; applied at once unless the company routes its type.
        Called by the portal controllers as superuser after their checks.
        """
        commercial = partner.commercial_partner_id
        company = commercial.company_id or self.env.user.company_id
        vals = dict(extra, **{
            'partner_id': commercial.id,
            'request_type': request_type,
            'name': name[:200],
            'description': description,
            'payload': json.dumps(payload or {}),
            'company_id': company.id,
            'state': state or 'pending',
        })
        req = self.create(vals)
        if req.state == 'pending':
            req._isp_route()
        return req

    @api.multi
    def _isp_needs_check(self):
        self.ensure_one()
        field = ROUTING_FIELDS.get(self.request_type)
        return self.request_type in CHECKED_TYPES or bool(
            field and self.company_id[field])

    @api.multi
    def _isp_route(self):
        """A request the customer finished: applied at once (with an
        automatic activity) or given to the operator (semi-automatic)."""
        for req in self:
            if req._isp_needs_check():
                req._isp_create_activity('semi_automatic')
            else:
                req._isp_create_activity('automatic')
                req._isp_apply(False)

    @api.multi
    def _isp_create_activity(self, execution):
        self.ensure_one()
        company = self.company_id
        operator = company.isp_portal_operator_id
        vals = {
            'name': _('Portal: %s') % self.name,
            'activity_type': 'information_request',
            'execution': execution,
            'partner_id': self.partner_id.id,
            'company_id': company.id,
            'description': self.description,
        }
        if execution == 'semi_automatic' and operator:
            vals['user_id'] = operator.id
            vals['organizer_id'] = operator.id
            # the calendar invitation needs the operator's e-mail
            if operator.email:
                vals['date_deadline'] = fields.Datetime.to_string(
                    fields.Datetime.from_string(fields.Datetime.now())
                    + timedelta(days=max(company.isp_portal_request_days, 0)))
        self.activity_id = self.env['isp.crm.activity'].create(vals)

    @api.multi
    def _isp_apply(self, user):
        """Apply each request through ``_isp_apply_<type>`` and close it."""
        for req in self:
            handler = getattr(req, '_isp_apply_%s' % req.request_type, None)
            if handler:
                handler(req._isp_payload())
        self._isp_close('done', user)

    @api.multi
    def _isp_close(self, state, user):
        now = fields.Datetime.now()
        for req in self:
            req.write({'state': state, 'date_done': now,
                       'user_done_id': user and user.id})
            activity = req.activity_id
            if activity.state in ('new', 'assigned'):
                if state == 'done':
                    activity.action_done()
                else:
                    activity.action_cancel()
            req.message_post(body=_('Request %s.') % dict(
                self._fields['state']._description_selection(
                    self.env))[state].lower())

    # what each type applies (called as superuser, after the checks) -----

    @api.multi
    def _isp_apply_email(self, payload):
        self.env['isp.portal.contact'].browse(
            payload['contact_id']).exists()._isp_make_current()

    @api.multi
    def _isp_apply_phone(self, payload):
        contact = self.env['isp.portal.contact'].create({
            'partner_id': self.partner_id.id, 'kind': 'phone',
            'value': payload['phone'], 'state': 'confirmed'})
        contact._isp_make_current()

    @api.multi
    def _isp_apply_mailing_address(self, payload):
        partner = self.partner_id
        vals = {key: payload.get(key) or False
                for key in ('street', 'street2', 'zip', 'city',
                            'country_id')}
        address = partner.isp_mailing_address_id
        if address:
            address.write(vals)
        else:
            vals.update({'parent_id': partner.id, 'type': 'other',
                         'name': _('Mailing address')})
            partner.isp_mailing_address_id = self.env['res.partner'].create(
                vals)

    @api.multi
    def _isp_apply_identity(self, payload):
        vals = {}
        if payload.get('name'):
            vals['name'] = payload['name']
        if payload.get('fiscal_id'):
            vals['isp_fiscal_id'] = payload['fiscal_id']
        if payload.get('birth_date'):
            vals['isp_birth_date'] = payload['birth_date']
        if vals:
            self.partner_id.write(vals)

    @api.multi
    def _isp_apply_mandate(self, payload):
        """The mandate was validated when the customer signed it; the staff
        put it on the customer's contracts."""
        return True

    @api.multi
    def _isp_apply_mandate_revoke(self, payload):
        """Cancel the mandate at once when its effective date has come;
        before that, schedule it: the daily job cancels it on the day."""
        mandate = self.mandate_id
        date_effective = payload.get('date_effective')
        today = fields.Date.context_today(self)
        if mandate.state not in ('draft', 'valid'):
            mandate.message_post(body=_(
                'Revoked by the customer from the portal, effective %s.')
                % date_effective)
        elif date_effective and date_effective > today:
            mandate.isp_revoke_date = date_effective
            mandate.message_post(body=_(
                'Revoked by the customer from the portal: the mandate is '
                'cancelled on %s.') % date_effective)
        else:
            blocking = self._isp_revoke_blocking_orders(mandate)
            if blocking:
                raise UserError(self._isp_revoke_blocked_message(
                    mandate, blocking))
            self._isp_cancel_mandate(mandate, date_effective or today)

    @api.model
    def _isp_revoke_blocking_orders(self, mandate):
        """The debit orders not uploaded yet that debit ``mandate``. OCA's
        ``cancel()`` does not look at them: the mandate cancelled, such an
        order fails to make its file, or (file made) still sends the bank a
        debit the customer revoked. The staff decide first."""
        return self.env['account.payment.line'].sudo().search([
            ('mandate_id', '=', mandate.id),
            ('order_id.state', 'in', ('draft', 'open', 'generated')),
        ]).mapped('order_id')

    @api.model
    def _isp_revoke_blocked_message(self, mandate, orders, job=False):
        if job:
            message = _(
                'The direct debit mandate %(mandate)s of %(partner)s is '
                'revoked but still in the debit order %(orders)s, not '
                'uploaded to the bank yet. Remove its lines from the order '
                '(or upload the order first): the daily job then cancels '
                'the mandate.')
        else:
            message = _(
                'The direct debit mandate %(mandate)s of %(partner)s is in '
                'the debit order %(orders)s, not uploaded to the bank yet. '
                'Remove its lines from the order (or upload the order '
                'first), then apply the revocation again.')
        return message % {
            'mandate': mandate.unique_mandate_reference,
            'partner': mandate.partner_id.display_name,
            'orders': ', '.join(orders.mapped('name'))}

    @api.model
    def _isp_cancel_mandate(self, mandate, date_effective):
        """Cancel ``mandate`` as the customer asked; a note on the mandate
        and on the customer."""
        mandate.cancel()
        mandate.isp_revoke_date = False
        body = _('Direct debit mandate %(mandate)s cancelled: revoked by '
                 'the customer from the portal, effective %(date)s.') % {
            'mandate': mandate.unique_mandate_reference,
            'date': date_effective}
        mandate.message_post(body=body)
        mandate.partner_id.message_post(body=body)

    @api.model
    def _isp_cron_revoke_mandates(self, date_ref=None):
        """Cancel the mandates whose revocation date has come (daily job;
        safe to run twice: a cancelled mandate is not searched again). A
        mandate still in a debit order not uploaded is left valid, with a
        note to the staff, and tried again the next day."""
        date_ref = date_ref or fields.Date.context_today(self)
        mandates = self.env['account.banking.mandate'].sudo().search([
            ('isp_revoke_date', '!=', False),
            ('isp_revoke_date', '<=', date_ref),
            ('state', 'in', ('draft', 'valid'))])
        for mandate in mandates:
            blocking = self._isp_revoke_blocking_orders(mandate)
            if blocking:
                body = self._isp_revoke_blocked_message(
                    mandate, blocking, job=True)
                _logger.warning('Mandate %s not cancelled: in debit order %s',
                                mandate.id, blocking.ids)
                last = mandate.message_ids[:1]
                if html2plaintext(last.body or '').strip() != body:
                    mandate.message_post(body=body)
                continue
            try:
                with self.env.cr.savepoint():
                    self._isp_cancel_mandate(mandate, mandate.isp_revoke_date)
            except Exception:  # one mandate never stops the others
                _logger.exception('Mandate %s could not be cancelled',
                                  mandate.id)
                mandate.invalidate_cache()
        return True

    @api.multi
    def _isp_apply_invoice_delivery(self, payload):
        """Write the invoice delivery settings on the customer or on one of
        its contracts (checked by the portal when the request was made)."""
        model = payload.get('model')
        if model not in ('res.partner', 'sale.order'):
            return
        record = self.env[model].browse(payload.get('id')).exists()
        owner = record.partner_id if model == 'sale.order' else record
        if record and owner.commercial_partner_id == self.partner_id:
            record.write(payload.get('vals') or {})

    @api.multi
    def _isp_apply_plan_change(self, payload):
        """The staff made the change: a plan that replaces a service is
        applied by its migration (confirmed in the back office, with the
        new plan's contract); the ticket gets a note. Nothing is changed
        here."""
        migration = self.migration_id
        if migration and migration.state in ('draft', 'cancelled'):
            raise UserError(_(
                'Migration %s of this plan change is not confirmed: add the '
                'contract of the new plan to it and confirm it, or refuse '
                'the request.') % migration.name)
        if self.ticket_id:
            self.ticket_id.message_post(body=_(
                'Plan change applied: %s') % self.name)

    @api.multi
    def _isp_apply_payment_receipt(self, payload):
        """The operator checked the receipt (the ticket has the file): a
        note on the invoice and on the ticket. The payment itself is
        registered by the staff as any other."""
        body = _('Payment receipt checked (portal request "%s").') % self.name
        if self.invoice_id:
            self.invoice_id.message_post(body=body, subtype='mail.mt_note')
        if self.ticket_id:
            self.ticket_id.message_post(body=body, subtype='mail.mt_note')

    @api.multi
    def _isp_apply_reading(self, payload):
        """Record the customer's reading (a self-reading) through the
        meter reading's own consistency checks; its refusal is the
        operator's message and the request stays open."""
        meter = self.env['isp.meter'].browse(
            payload.get('meter_id') or 0).exists()
        subscription = meter.subscription_id
        if not meter or subscription.partner_id.commercial_partner_id \
                != self.partner_id:
            raise UserError(_(
                'The meter of the request "%s" is not a meter of the '
                'customer any more: refuse the request.') % self.name)
        vals = {
            'subscription_id': subscription.id,
            'meter_id': meter.id,
            'date': payload.get('date'),
            'value': payload.get('value') or 0.0,
            'reading_type': 'self_read',
            'note': _('Sent by the customer from the portal'),
        }
        if payload.get('corrector_value') is not None:
            vals['corrector_value'] = payload['corrector_value']
        self.reading_id = self.env['isp.meter.reading'].create(vals)
