# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    'name': 'ISP CRM',
    'summary': 'ISP customers, catalog with bundles and campaigns, sales '
               'network with commissions, CRM activities with invitations',
    'version': '11.0.1.1.0',
    'license': 'AGPL-3',
    'author': 'ISP Suite for Odoo',
    'website': 'https://github.com/isp-suite/isp-suite',
    'category': 'Sales',
    'depends': [
        'sale_management',
        'contacts',
        'crm',
        'base_iban',
        'sale_commission',
    ],
    'external_dependencies': {
        'python': ['stdnum', 'schwifty', 'icalendar', 'xlsxwriter'],
    },
    'data': [
        'security/isp_crm_security.xml',
        'security/ir.model.access.csv',
        'security/isp_crm_rules.xml',
        'data/ir_sequence_data.xml',
        'data/ir_cron_data.xml',
        'data/mail_template_data.xml',
        'views/isp_crm_menus.xml',
        'views/res_partner_views.xml',
        'views/product_template_views.xml',
        'views/isp_campaign_views.xml',
        'views/sale_order_views.xml',
        'views/sale_order_catalog_views.xml',
        'views/res_config_settings_views.xml',
        'views/isp_crm_activity_views.xml',
        'wizards/isp_commission_settlement_xlsx_views.xml',
        'wizards/isp_intake_reason_views.xml',
    ],
    'demo': [
        'demo/res_partner_demo.xml',
        'demo/product_demo.xml',
        'demo/sale_order_demo.xml',
        'demo/isp_crm_activity_demo.xml',
    ],
    'installable': True,
    'application': True,
}
