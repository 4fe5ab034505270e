# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    'name': 'ISP E-Signature',
    'summary': 'Ask customers to sign any document electronically',
    'version': '11.0.1.0.0',
    'license': 'AGPL-3',
    'author': 'ISP Suite for Odoo',
    'website': 'https://github.com/isp-suite/isp-suite',
    'category': 'Document Management',
    'depends': [
        'portal',
        'mail',
    ],
    'data': [
        'security/isp_esign_security.xml',
        'security/ir.model.access.csv',
        'data/ir_sequence_data.xml',
        'views/isp_esign_request_views.xml',
        'views/isp_esign_menus.xml',
    ],
    'installable': True,
    'application': True,
}
