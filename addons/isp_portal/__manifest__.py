# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    'name': 'ISP Customer Portal',
    'summary': 'Self-service portal for the customers of an internet '
               'service provider',
    'version': '11.0.1.0.0',
    'license': 'AGPL-3',
    'author': 'ISP Suite for Odoo',
    'website': 'https://github.com/isp-suite/isp-suite',
    'category': 'ISP',
    'depends': [
        'isp_billing',
        'isp_helpdesk',
        'isp_esign',
        'auth_signup',
        'payment',
    ],
    'data': [
        'security/isp_portal_security.xml',
        'security/ir.model.access.csv',
        'security/isp_subscription_security.xml',
        'security/isp_portal_request_security.xml',
        'views/isp_portal_templates.xml',
        'views/helpdesk_ticket_views.xml',
        'views/isp_portal_settings_views.xml',
        'views/isp_portal_request_views.xml',
        'views/portal_access_templates.xml',
        'views/portal_profile_templates.xml',
        'views/portal_direct_debit_templates.xml',
        'views/portal_delivery_templates.xml',
        'security/portal_money_security.xml',
        'report/portal_statement_reports.xml',
        'views/portal_money_templates.xml',
        'data/isp_portal_cron.xml',
        'views/account_banking_mandate_views.xml',
        'views/portal_home_switch_templates.xml',
    ],
    'demo': [
        'demo/isp_portal_demo.xml',
    ],
    'installable': True,
}
