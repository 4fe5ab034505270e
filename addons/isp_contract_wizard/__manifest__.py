# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    'name': 'ISP Contract Wizard',
    'summary': 'Guided contracting of internet and mobile services',
    'version': '11.0.1.0.0',
    'license': 'AGPL-3',
    'author': 'ISP Suite for Odoo',
    'website': 'https://github.com/isp-suite/isp-suite',
    'category': 'ISP',
    'depends': [
        'isp_billing',
        'isp_esign',
    ],
    'data': [
        'security/isp_contract_wizard_security.xml',
        'security/ir.model.access.csv',
        'wizards/isp_contract_wizard_views.xml',
        'views/sale_order_views.xml',
        'views/isp_contract_condition_views.xml',
        'report/isp_contract_reports.xml',
        'report/isp_contract_report_templates.xml',
        'data/isp_contract_condition_data.xml',
    ],
    'demo': [
        'data/isp_contract_condition_demo.xml',
    ],
    'installable': True,
}
