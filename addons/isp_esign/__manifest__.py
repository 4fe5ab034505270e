# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    'name': 'ISP E-Signature',
    'summary': 'Ask customers to sign any document electronically',
    'version': '11.0.1.2.0',
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
        # signing engine (models, settings, crons, mail templates)
        'security/isp_esign_rules.xml', 'data/mail_template_data.xml', 'data/ir_cron_data.xml', 'views/isp_esign_config_views.xml',  # noqa: E501
        # signing page
        'views/isp_esign_portal_templates.xml',
    ],
    # cryptography comes with pyhanko; listing it would import it at
    # install and log its "Python 3.7 is deprecated" warning
    'external_dependencies': {
        'python': ['pyhanko', 'reportlab', 'PyPDF2'],
    },
    'post_init_hook': 'post_init_hook',
    'installable': True,
    'application': True,
}
