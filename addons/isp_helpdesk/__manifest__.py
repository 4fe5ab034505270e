# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    'name': 'ISP Helpdesk',
    'summary': 'Support tickets of an internet service provider: areas, '
               'categories, SLA, portal tickets with photos, daily limits, '
               'defaults per request type, notifications',
    'version': '11.0.1.3.0',
    'license': 'AGPL-3',
    'author': 'ISP Suite for Odoo',
    'website': 'https://github.com/isp-suite/isp-suite',
    'category': 'ISP',
    'depends': [
        'isp_crm',
        'helpdesk_mgmt',
    ],
    'external_dependencies': {
        'python': ['PIL'],
    },
    'data': [
        'security/isp_helpdesk_security.xml',
        'security/ir.model.access.csv',
        'security/isp_helpdesk_rules.xml',
        'data/mail_data.xml',
        'data/ir_cron_data.xml',
        'data/isp_helpdesk_origin_data.xml',
        'data/web_tour_data.xml',
        'views/helpdesk_ticket_views.xml',
        'views/helpdesk_ticket_category_views.xml',
        'views/res_config_settings_views.xml',
        'views/helpdesk_portal_templates.xml',
        'views/isp_helpdesk_menus.xml',
    ],
    'demo': [
        'demo/isp_helpdesk_demo.xml',
    ],
    'installable': True,
}
