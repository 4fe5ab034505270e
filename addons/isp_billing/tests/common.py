# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.isp_crm.tests.common import IspCommon


# the followers of a record (``res_model``, ``res_id``) with their subtypes,
# in an order that compares between two ways of making the record
FOLLOWERS_SQL = (
    'SELECT partner_id, channel_id, array('
    'SELECT r.mail_message_subtype_id '
    'FROM mail_followers_mail_message_subtype_rel r WHERE '
    'r.mail_followers_id = f.id ORDER BY 1) AS subtypes '
    'FROM mail_followers f WHERE res_model = %s AND res_id = %s '
    'ORDER BY partner_id, channel_id')


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

    @classmethod
    def _create_isp_product(cls, name, price, **values):
        vals = {
            'name': name,
            'type': 'service',
            'list_price': price,
            'isp_service_type': 'fibre',
        }
        vals.update(values)
        return cls.env['product.product'].create(vals)

    @classmethod
    def _create_installation(cls, name, price=60.0):
        """A one-off installation fee (invoiced once)."""
        return cls._create_isp_product(
            name, price, isp_service_type='installation',
            isp_recurring=False)

    @classmethod
    def _create_bundle(cls, name, price, components):
        """A bundle of ``components``: ``(product, qty_min, qty_default,
        qty_max)`` tuples, or products (exactly one of each)."""
        bundle = cls._create_isp_product(
            name, price, isp_service_type=False, isp_is_bundle=True)
        lines = []
        for component in components:
            product, qty_min, qty_default, qty_max = (
                component if isinstance(component, tuple)
                else (component, 1, 1, 1))
            lines.append((0, 0, {
                'product_id': product.id, 'qty_min': qty_min,
                'qty_default': qty_default, 'qty_max': qty_max,
                'optional': qty_min == 0}))
        bundle.write({'isp_bundle_line_ids': lines})
        return bundle

    @classmethod
    def _create_debit_payment_mode(cls, mandate_required=True):
        method = cls.env['account.payment.method'].create({
            'name': 'Test direct debit',
            'code': 'isp_test_debit_%s' % int(mandate_required),
            'payment_type': 'inbound',
            'mandate_required': mandate_required,
        })
        return cls.env['account.payment.mode'].create({
            'name': 'Test direct debit %s' % int(mandate_required),
            'bank_account_link': 'variable',
            'payment_method_id': method.id,
        })

    @classmethod
    def _create_mandate(cls, bank_account):
        return cls.env['account.banking.mandate'].create({
            'partner_bank_id': bank_account.id,
            'signature_date': '2024-01-02',
        })

    @classmethod
    def _create_contract(cls, partner, lines, **values):
        """A confirmable ISP contract: ``lines`` are (product, quantity)
        or (product, quantity, price) tuples."""
        order_lines = []
        for line in lines:
            line_vals = {
                'product_id': line[0].id,
                'product_uom_qty': line[1],
                'product_uom': line[0].uom_id.id,
                'name': line[0].name,
            }
            if len(line) > 2:
                line_vals['price_unit'] = line[2]
            order_lines.append((0, 0, line_vals))
        vals = {
            'partner_id': partner.id,
            'isp_is_contract': True,
            'isp_intake_state': 'ready',
            'order_line': order_lines,
        }
        vals.update(values)
        return cls.env['sale.order'].create(vals)
