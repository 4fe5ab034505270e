# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who sees the CRM records (companies, sales agents) and who may save
the ISP settings when calling ``set_values`` directly."""
from odoo.exceptions import AccessError
from odoo.tests.common import at_install, post_install

from ..models.res_config_settings import PARAM_CREDIT_MAX_OVERDUE_DAYS
from .common import IspCommon
from .test_crm_activity import in_days


@at_install(False)
@post_install(True)
class TestCrmAccessHardening(IspCommon):

    @classmethod
    def setUpClass(cls):
        super(TestCrmAccessHardening, cls).setUpClass()
        cls.manager = cls._create_user(
            'isp_hard_crm_manager', ['isp_crm.group_isp_manager'])
        cls.backoffice = cls._create_user(
            'isp_hard_crm_backoffice', ['isp_crm.group_isp_backoffice'])
        cls.agent = cls._create_user(
            'isp_hard_crm_agent', ['isp_crm.group_isp_agent'])
        cls.other_agent = cls._create_user(
            'isp_hard_crm_agent_2', ['isp_crm.group_isp_agent'])
        cls.employee = cls._create_user(
            'isp_hard_crm_employee', ['base.group_user'])
        cls.company_b = cls.env['res.company'].create(
            {'name': 'ISP CRM Company B'})
        cls.manager_b = cls._create_company_user(
            'isp_hard_crm_manager_b', cls.company_b,
            ['isp_crm.group_isp_manager'])
        cls.partner = cls.env['res.partner'].create(
            {'name': 'Hardening CRM Customer'})

    def _activity(self, name, operator, responsible):
        return self.env['isp.crm.activity'].create({
            'name': name,
            'partner_id': self.partner.id,
            'user_id': operator.id,
            'organizer_id': responsible.id,
            'date_deadline': in_days(3),
        })

    def _visible(self, user, records):
        return records.sudo(user).search([('id', 'in', records.ids)])

    # -- sales agents --------------------------------------------------------

    def test_sales_agent_sees_only_his_own_activities(self):
        as_operator = self._activity('Call Ana', self.agent, self.manager)
        as_responsible = self._activity(
            'Visit Ana', self.other_agent, self.agent)
        others = self._activity(
            'Call Bea', self.other_agent, self.other_agent)
        everything = as_operator | as_responsible | others
        Activity = self.env['isp.crm.activity']
        self.assertEqual(self._visible(self.agent, everything),
                         as_operator | as_responsible)
        self.assertEqual(self._visible(self.other_agent, everything),
                         as_responsible | others)
        with self.assertRaises(AccessError):
            others.sudo(self.agent).read(['name'])
        with self.assertRaises(AccessError):
            others.sudo(self.agent).write({'description': 'Mine now'})
        self.assertFalse(others.description)
        # the back office and the managers see them all
        self.assertEqual(self._visible(self.backoffice, everything),
                         everything)
        self.assertEqual(self._visible(self.manager, everything), everything)
        self.assertEqual(
            Activity.sudo(self.manager).search_count(
                [('id', 'in', everything.ids)]), 3)

    # -- companies -----------------------------------------------------------

    def test_user_of_another_company_sees_no_isp_crm_record(self):
        component = self.env['product.product'].create({
            'name': 'Hardening fibre', 'type': 'service',
            'isp_service_type': 'fibre', 'list_price': 30.0})
        bundle = self.env['product.template'].create({
            'name': 'Hardening pack', 'type': 'service',
            'isp_is_bundle': True,
            'isp_bundle_line_ids': [(0, 0, {
                'product_id': component.id, 'qty_min': 1,
                'qty_default': 1, 'qty_max': 1})],
        })
        records = {
            'isp.crm.activity': self._activity(
                'Call Ana', self.manager, self.manager),
            'isp.campaign': self.env['isp.campaign'].create({
                'name': 'Hardening campaign', 'date_start': '2030-01-01',
                'date_end': '2030-01-31', 'pricing_type': 'discount',
                'discount': 10.0,
                'product_tmpl_ids': [(6, 0, bundle.ids)]}),
            'isp.bundle.line': bundle.isp_bundle_line_ids,
        }
        for model, record in records.items():
            with self.subTest(model=model):
                self.assertEqual(record.company_id, self.env.user.company_id)
                self.assertEqual(self._visible(self.manager, record), record)
                self.assertFalse(self._visible(self.manager_b, record))
                with self.assertRaises(AccessError):
                    record.sudo(self.manager_b).read(['company_id'])

    # -- settings ------------------------------------------------------------

    def _settings_of(self, user, values):
        """A settings record of ``user`` (who could not open the settings:
        Odoo's own defaults are read as an administrator)."""
        settings = self.env['res.config.settings'].create(values)
        self.env.cr.execute(
            'UPDATE res_config_settings SET create_uid = %s WHERE id = %s',
            (user.id, settings.id))
        settings.invalidate_cache()
        return settings.sudo(user)

    def test_settings_set_values_is_refused_to_a_non_administrator(self):
        params = self.env['ir.config_parameter'].sudo()
        params.set_param(PARAM_CREDIT_MAX_OVERDUE_DAYS, '30')
        for user in (self.manager, self.employee):
            settings = self._settings_of(
                user, {'isp_credit_max_overdue_days': 999})
            with self.assertRaises(AccessError):
                settings.set_values()
            with self.assertRaises(AccessError):
                settings._isp_check_settings_access()
            self.assertEqual(
                params.get_param(PARAM_CREDIT_MAX_OVERDUE_DAYS), '30')
        self.env['res.config.settings'].create(
            {'isp_credit_max_overdue_days': 45}).set_values()
        self.assertEqual(params.get_param(PARAM_CREDIT_MAX_OVERDUE_DAYS),
                         '45')
