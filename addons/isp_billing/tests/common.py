# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.isp_crm.tests.common import IspCommon


class IspBillingCommon(IspCommon):

    @classmethod
    def setUpClass(cls):
        super(IspBillingCommon, cls).setUpClass()
        cls.billing_user = cls._create_user(
            'isp_billing_user', ['isp_billing.group_isp_billing_user'])
        cls.billing_manager = cls._create_user(
            'isp_billing_manager', ['isp_billing.group_isp_billing_manager'])
        cls.isp_user = cls._create_user(
            'isp_billing_crm_user', ['isp_crm.group_isp_user'])
        cls.customer = cls.env['res.partner'].create({
            'name': 'Billing Test Customer',
            'customer': True,
        })
        cls.product = cls.env['product.product'].create({
            'name': 'Test Fibre 300 Mb',
            'type': 'service',
            'list_price': 29.9,
        })
        cls.subscription = cls._create_subscription(cls.customer)

    @classmethod
    def _create_subscription(cls, partner, **values):
        vals = {
            'partner_id': partner.id,
            'product_id': cls.product.id,
            'price_unit': 29.9,
        }
        vals.update(values)
        return cls.env['isp.subscription'].create(vals)
