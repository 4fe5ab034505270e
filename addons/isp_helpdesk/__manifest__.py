# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    'name': 'ISP Helpdesk',
    'summary': 'Support tickets of an internet service provider',
    'version': '11.0.1.0.0',
    'license': 'AGPL-3',
    'author': 'ISP Suite for Odoo',
    'website': 'https://github.com/isp-suite/isp-suite',
    'category': 'ISP',
    'depends': [
        'isp_crm',
        'helpdesk_mgmt',
    ],
    'data': [
        'security/isp_helpdesk_security.xml',
        'security/ir.model.access.csv',
        'views/helpdesk_ticket_views.xml',
        'views/isp_helpdesk_menus.xml',
    ],
    'installable': True,
}
