# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

import pytz

from odoo import _, api, fields, models

_logger = logging.getLogger(__name__)

SUMMARY_REPORT = 'account_credit_control.credit_control_summary'


class CreditControlCommunication(models.TransientModel):
    """OCA's communication (one customer, one level): sent by e-mail
    (OCA), SMS (the suite's gateway) or letter (the PDF on the customer's
    chatter); a suspension level suspends the services first."""
    _inherit = 'credit.control.communication'

    @api.multi
    def _isp_process(self, date, now):
        """Send this communication on ``date`` at ``now`` (naive, company
        time). False when a suspension must wait for an allowed day and
        hour (its lines keep waiting), True when sent."""
        self.ensure_one()
        lines = self.credit_control_line_ids
        level = self.current_policy_level
        company = lines[:1].company_id or self.company_id
        suspended = self.env['isp.subscription']
        if level.isp_suspend:
            moment = company._isp_suspension_moment(now)
            if moment != now:
                self._isp_wait(company, moment)
                return False
            suspended = self._isp_suspend_services(
                self._isp_utc(company, now))
        channel = lines[:1].channel
        sent = getattr(self, '_isp_send_%s' % channel)()
        values = {'date_sent': date,
                  'isp_subscription_ids': [(6, 0, suspended.ids)]}
        if sent:
            values['state'] = 'sent'
        lines.write(values)
        self._isp_bill_fee(date)
        return True

    @api.multi
    def _isp_invoices_text(self):
        return ', '.join(self.credit_control_line_ids.mapped('invoice_id')
                         .mapped(lambda i: i.number or i.display_name))

    @api.model
    def _isp_utc(self, company, moment):
        """``moment`` (naive, company time) as an Odoo datetime string."""
        tz = pytz.timezone(company.partner_id.tz or 'UTC')
        utc = tz.localize(moment).astimezone(pytz.utc).replace(tzinfo=None)
        return fields.Datetime.to_string(utc)

    @api.multi
    def _isp_wait(self, company, moment):
        """The suspension waits for ``moment``: noted once on the lines
        and the chatters."""
        self.ensure_one()
        planned = self._isp_utc(company, moment)
        lines = self.credit_control_line_ids.filtered(
            lambda l: l.isp_date_planned != planned)
        if not lines:
            return
        lines.write({'isp_date_planned': planned})
        lines._isp_log(_(
            'Dunning level "%(level)s": the suspension waits for an '
            'allowed day and hour (%(moment)s).') % {
                'level': self.current_policy_level.name,
                'moment': moment.strftime('%Y-%m-%d %H:%M')})

    @api.multi
    def _isp_suspend_services(self, moment):
        """Suspend the customer's live services (all, or those of the
        overdue contracts: the company's setting)."""
        self.ensure_one()
        lines = self.credit_control_line_ids
        company = lines[:1].company_id
        invoices = lines.mapped('invoice_id')
        partner = self.partner_id.commercial_partner_id
        Subscription = self.env['isp.subscription'].sudo()
        domain = [('partner_id', 'child_of', partner.id),
                  ('company_id', '=', company.id),
                  ('state', 'in', ('active', 'active_nonbillable',
                                   'suspended'))]
        if company.isp_dunning_suspend_scope == 'contract':
            billed = self.env['isp.subscription']
            for invoice in invoices:
                billed |= invoice.sudo()._isp_running_subscriptions()
            orders = billed.mapped('order_id')
            if orders:
                domain += ['|', ('id', 'in', billed.ids),
                           ('order_id', 'in', orders.ids)]
            else:
                domain += [('id', 'in', billed.ids)]
        subscriptions = Subscription.search(domain)
        suspended = subscriptions._isp_dunning_suspend(
            invoices, self.current_policy_level, moment)
        if suspended:
            lines._isp_log(_(
                'Dunning level "%(level)s": services %(services)s '
                'suspended.') % {
                    'level': self.current_policy_level.name,
                    'services': ', '.join(suspended.mapped('name'))})
        else:
            lines._isp_log(_(
                'Dunning level "%s": no live service to suspend.')
                % self.current_policy_level.name)
        return suspended

    # -- channels ---------------------------------------------------------

    @api.multi
    def _isp_send_email(self):
        """OCA's e-mail of the level (queued): the lines are sent, or in
        e-mail error when the customer has no address."""
        self.ensure_one()
        emails = self._generate_emails()
        level = self.current_policy_level.name
        for email in emails:
            if self.credit_control_line_ids[:1].state == 'email_error':
                self.credit_control_line_ids._isp_log(_(
                    'Dunning level "%s": the e-mail could not be prepared '
                    '(no e-mail address?).') % level)
            else:
                self.credit_control_line_ids._isp_log(_(
                    'Dunning level "%(level)s" sent by e-mail to %(to)s '
                    '(invoices %(invoices)s).') % {
                        'level': level, 'to': email.email_to,
                        'invoices': self._isp_invoices_text()})
        return False  # _generate_emails set the state

    @api.multi
    def _isp_sms_text(self):
        """The SMS of the level, in the customer's language."""
        self.ensure_one()
        partner = self.contact_address or self.partner_id
        lang = partner.lang or self.partner_id.commercial_partner_id.lang
        level = self.current_policy_level.with_context(lang=lang)
        lines = self.credit_control_line_ids
        return _('%(company)s: %(text)s Amount due: %(amount)s (invoices '
                 '%(invoices)s).') % {
            'company': lines[:1].company_id.name,
            'text': (level.custom_text or '').strip(),
            'amount': lines._isp_amount_text(lang),
            'invoices': self._isp_invoices_text(),
        }

    @api.model
    def _isp_sms_gateway(self):
        """The suite's active SMS gateway (isp_esign), or None."""
        if 'isp.sms.gateway' not in self.env:
            return None
        return self.env['isp.sms.gateway'].sudo()._get_active() or None

    @api.multi
    def _isp_send_sms(self):
        """The level's SMS through the suite's SMS gateway (isp_esign);
        without a gateway or a mobile number, the level's e-mail."""
        self.ensure_one()
        lines = self.credit_control_line_ids
        partner = self.contact_address or self.partner_id
        mobile = partner.mobile or \
            self.partner_id.commercial_partner_id.mobile
        gateway = self._isp_sms_gateway()
        level = self.current_policy_level.name
        if not gateway or not mobile:
            lines._isp_log(_(
                'Dunning level "%s": no SMS gateway or no mobile number, '
                'sent by e-mail instead.') % level)
            return self._isp_send_email()
        text = self.with_context(lang=partner.lang)._isp_sms_text()
        try:
            with self.env.cr.savepoint():
                gateway._send_sms(mobile, text)
        except Exception as error:  # any failure of an outside service
            _logger.info('Dunning SMS to %s not sent: %s', mobile, error)
            lines.write({'state': 'error'})
            lines._isp_log(_(
                'Dunning level "%(level)s": the SMS could not be sent: '
                '%(error)s') % {
                    'level': level,
                    'error': getattr(error, 'name', False) or str(error)})
            return False
        lines._isp_log(_('Dunning level "%(level)s": SMS sent to '
                         '%(mobile)s: %(text)s') % {
            'level': level, 'mobile': mobile, 'text': text})
        return True

    @api.multi
    def _isp_send_letter(self):
        """The level's letter (OCA's summary PDF) attached to the
        customer's chatter, for printing and posting."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        report = self.env.ref(SUMMARY_REPORT)
        content, report_format = report.sudo().render_qweb_pdf(self.ids)
        name = _('Dunning %(level)s %(date)s.%(format)s') % {
            'level': self.current_policy_level.name,
            'date': self.report_date, 'format': report_format}
        message = partner.sudo().message_post(
            body=_('Dunning level "%(level)s": letter to print and post '
                   '(invoices %(invoices)s).') % {
                       'level': self.current_policy_level.name,
                       'invoices': self._isp_invoices_text()},
            subtype='mail.mt_note',
            attachments=[(name, content)])
        for invoice in self.credit_control_line_ids.mapped('invoice_id'):
            invoice.sudo().message_post(
                body=_('Dunning level "%(level)s": letter attached to the '
                       'customer (%(name)s).') % {
                           'level': self.current_policy_level.name,
                           'name': name},
                subtype='mail.mt_note')
        return bool(message)

    @api.multi
    def _isp_bill_fee(self, date):
        """The level's fee, once per customer and level."""
        self.ensure_one()
        product = self.current_policy_level.isp_fee_product_id
        if not product:
            return False
        invoices = self.credit_control_line_ids.mapped('invoice_id')
        return self.partner_id.commercial_partner_id._isp_bill_dunning_fee(
            product, self.current_policy_level, invoices, date)
