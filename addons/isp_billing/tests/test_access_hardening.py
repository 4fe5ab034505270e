# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a user may reach by calling the public methods of the billing
directly (as the web client's JSON-RPC lets any logged-in user do): bounces
only through the mail gateway, settings only by administrators, the
records of the user's companies only."""
from odoo.exceptions import AccessError
from odoo.tests.common import at_install, post_install

from ..models.account_invoice import PARAM_DELIVERY_MAX_PER_RUN
from .common import IspBillingCommon


@at_install(False)
@post_install(True)
class TestBillingAccessHardening(IspBillingCommon):

    @classmethod
    def setUpClass(cls):
        super(TestBillingAccessHardening, cls).setUpClass()
        cls.portal_user = cls._create_user(
            'isp_hard_portal', ['base.group_portal'])
        cls.employee = cls._create_user(
            'isp_hard_employee', ['base.group_user'])
        cls.company_b = cls.env['res.company'].create(
            {'name': 'ISP Hardening Company B'})
        cls.user_b = cls._create_company_user(
            'isp_hard_manager_b', cls.company_b,
            ['isp_billing.group_isp_billing_manager'])

    # -- bounces -----------------------------------------------------------

    def _sent_invoice(self):
        """A draft invoice with the log of a sent delivery mail."""
        account = self.env['account.account'].search(
            [('user_type_id.type', '=', 'receivable')], limit=1)
        invoice = self.env['account.invoice'].create({
            'partner_id': self.customer.id,
            'account_id': account.id,
            'type': 'out_invoice',
        })
        invoice.write({'isp_delivery_state': 'sent'})
        mail = self.env['mail.mail'].create({
            'subject': 'Your invoice', 'email_to': 'ana@example.com'})
        log = self.env['isp.invoice.delivery.log'].sudo().create({
            'invoice_id': invoice.id, 'state': 'sent', 'mode': 'pdf',
            'recipients': 'ana@example.com', 'mail_id': mail.id})
        return invoice, mail, log

    def test_bounce_called_directly_marks_nothing(self):
        """``account.invoice.message_receive_bounce([1], 'x@evil', False,
        mail_id=1)`` over JSON-RPC: as a portal customer, an employee, and
        even an administrator outside the mail gateway, nothing changes."""
        invoice, mail, log = self._sent_invoice()
        for user in (self.portal_user, self.employee, self.env.user):
            invoice.sudo(user).message_receive_bounce(
                'x@evil.example', False, mail_id=mail.id)
            invoice.sudo(user).message_receive_bounce(
                'x@evil.example', False, mail_id=str(mail.id))
        self.assertEqual(log.state, 'sent')
        self.assertFalse(log.bounce_email)
        self.assertEqual(invoice.isp_delivery_state, 'sent')

    # -- settings ------------------------------------------------------------

    def test_settings_set_values_is_refused_to_a_non_administrator(self):
        params = self.env['ir.config_parameter'].sudo()
        params.set_param(PARAM_DELIVERY_MAX_PER_RUN, '200')
        for user in (self.billing_manager, self.employee):
            # a settings record of the user (Odoo's own defaults are read
            # as an administrator)
            settings = self.env['res.config.settings'].create(
                {'isp_invoice_delivery_max_per_run': 5})
            self.env.cr.execute(
                'UPDATE res_config_settings SET create_uid = %s '
                'WHERE id = %s', (user.id, settings.id))
            settings.invalidate_cache()
            settings = settings.sudo(user)
            with self.assertRaises(AccessError):
                settings.set_values()
            self.assertEqual(params.get_param(PARAM_DELIVERY_MAX_PER_RUN),
                             '200')
        settings = self.env['res.config.settings'].create(
            {'isp_invoice_delivery_max_per_run': 5})
        settings.set_values()
        self.assertEqual(params.get_param(PARAM_DELIVERY_MAX_PER_RUN), '5')

    # -- wizards ------------------------------------------------------------

    def test_billing_wizards_are_refused_outside_billing(self):
        """Anybody may create a wizard (transient model): its button checks
        that a billing user presses it."""
        Credit = self.env['isp.subscription.credit'].sudo()
        credit_count = Credit.search_count([])
        for user in (self.portal_user, self.employee, self.isp_user):
            mass_credit = self.env['isp.mass.credit.wizard'].sudo(
                user).create({'cycle_day': 1, 'date': '2026-11-15'})
            with self.assertRaises(AccessError):
                mass_credit.action_create_credit_notes()
            aging = self.env['isp.receivable.aging.wizard'].sudo(
                user).create({'date_at': '2026-11-15'})
            with self.assertRaises(AccessError):
                aging.action_export()
        self.assertEqual(Credit.search_count([]), credit_count)
        aging = self.env['isp.receivable.aging.wizard'].sudo(
            self.billing_user).create({'date_at': '2026-11-15'})
        self.assertEqual(aging.action_export()['type'],
                         'ir.actions.report')

    # -- companies -----------------------------------------------------------

    def _records_of_company_a(self):
        """One record of every ISP billing model, in the main company."""
        subscription = self._create_subscription(
            self.customer, state='active', date_start='2026-01-01')
        run = self.env['isp.billing.run'].create(
            {'date': '2026-02-01', 'cycle_day': 1})
        period = self.env['isp.subscription.period'].create({
            'subscription_id': subscription.id,
            'date_start': '2026-01-01', 'date_end': '2026-01-31',
            'run_id': run.id})
        migration = self.env['isp.migration'].create({
            'partner_id': self.customer.id, 'date': '2026-03-01',
            'line_ids': [(0, 0, {'subscription_id': subscription.id})]})
        _invoice, _mail, log = self._sent_invoice()
        return {
            'isp.subscription': subscription,
            'isp.subscription.adjustment':
                self.env['isp.subscription.adjustment'].create({
                    'subscription_id': subscription.id,
                    'name': 'Router rental', 'amount': 3.0}),
            'isp.subscription.period': period,
            'isp.subscription.credit':
                self.env['isp.subscription.credit'].create({
                    'period_id': period.id, 'date_from': '2026-01-20'}),
            'isp.billing.run': run,
            'isp.billing.run.chunk':
                self.env['isp.billing.run.chunk'].create({
                    'run_id': run.id,
                    'partner_ids': [(6, 0, self.customer.ids)]}),
            'isp.billing.run.failure':
                self.env['isp.billing.run.failure'].create({
                    'run_id': run.id, 'partner_id': self.customer.id,
                    'message': 'No price'}),
            'isp.billing.run.preview':
                self.env['isp.billing.run.preview'].create({
                    'run_id': run.id, 'partner_id': self.customer.id,
                    'name': 'Fibre', 'amount': 29.9}),
            'isp.migration': migration,
            'isp.migration.line': migration.line_ids,
            'isp.invoice.delivery.log': log,
        }

    def test_user_of_another_company_sees_no_isp_billing_record(self):
        records = self._records_of_company_a()
        for model, record in records.items():
            with self.subTest(model=model):
                self.assertEqual(record.company_id, self.env.user.company_id)
                # the main company's billing manager sees it ...
                self.assertEqual(self.env[model].sudo(
                    self.billing_manager).search(
                        [('id', 'in', record.ids)]), record)
                # ... the billing manager of company B does not
                self.assertFalse(self.env[model].sudo(self.user_b).search(
                    [('id', 'in', record.ids)]))
                with self.assertRaises(AccessError):
                    record.sudo(self.user_b).read(['company_id'])
