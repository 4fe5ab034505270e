# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    'name': 'ISP CRM',
    'summary': 'Customers, contracts and sales network of an internet '
               'service provider',
    'version': '11.0.1.0.0',
    'license': 'AGPL-3',
    'author': 'ISP Suite for Odoo',
    'website': 'https://github.com/isp-suite/isp-suite',
    'category': 'Sales',
    'depends': [
        'sale_management',
        'contacts',
        'base_iban',
        'sale_commission',
    ],
    'data': [
        'security/isp_crm_security.xml',
        'security/ir.model.access.csv',
        'views/res_partner_views.xml',
        'views/sale_order_views.xml',
        'views/isp_crm_menus.xml',
    ],
    'installable': True,
    'application': True,
}
