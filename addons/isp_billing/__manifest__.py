# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    'name': 'ISP Billing',
    'summary': 'Subscriptions of an internet service provider, billed '
               'every month and collected by SEPA direct debit',
    'version': '11.0.1.2.0',
    'license': 'AGPL-3',
    'author': 'ISP Suite for Odoo',
    'website': 'https://github.com/isp-suite/isp-suite',
    'category': 'ISP',
    'depends': [
        'isp_crm',
        'account_invoicing',
        'account_banking_sepa_direct_debit',
        'account_payment_return',
        'account_payment_return_import_sepa_pain',
        'account_payment_order_return',
        'queue_job',
        'report_xlsx',
        'account_credit_control',
    ],
    'data': [
        'security/isp_billing_security.xml',
        'security/ir.model.access.csv',
        'security/isp_subscription_security.xml',
        'security/isp_billing_rules.xml',
        'data/ir_sequence_data.xml',
        'data/isp_migration_data.xml',
        'views/isp_subscription_views.xml',
        'views/assets.xml',
        'views/isp_billing_run_views.xml',
        'views/isp_billing_menus.xml',
        'views/isp_subscription_charge_views.xml',
        'views/isp_migration_views.xml',
        # invoice document and e-mail delivery
        'security/isp_invoice_delivery_security.xml',
        'data/mail_template_data.xml',
        'data/ir_cron_data_delivery.xml',
        'report/report_invoice.xml',
        'views/account_invoice_views.xml',
        'views/res_partner_views.xml',
        'views/sale_order_invoice_delivery_views.xml',
        'views/res_config_settings_views.xml',
        # meter readings and XLSX exports
        'security/isp_meter_security.xml',
        'views/isp_meter_reading_views.xml',
        'views/isp_billing_xlsx_views.xml',
        # contract bank data and billing crons
        'wizards/isp_contract_bank_wizard_views.xml',
        'views/sale_order_views.xml',
        'data/ir_cron_data.xml',
        # payment terms of the billing runs' invoices
        'data/res_company_data.xml',
        # returned direct debits (camt.054, pain.002)
        'data/mail_template_payment_return_data.xml',
        'views/payment_return_views.xml',
        # debit orders of the billing runs, mandate checks
        'security/isp_debit_order_security.xml',
        'views/isp_debit_order_views.xml',
        'views/payment_order_xlsx_views.xml',
        # SEPA direct debit files (pain.008.001.02 and .001.08)
        'views/account_payment_mode_views.xml',
        # dunning levels, suspension and reconnection (OCA credit control)
        'data/mail_template_dunning_data.xml',
        'data/isp_dunning_data.xml',
        'wizards/isp_reconnect_wizard_views.xml',
        'views/isp_dunning_views.xml',
        # payment promises and network events
        'data/isp_promise_data.xml',
        'wizards/isp_payment_promise_wizard_views.xml',
        'views/isp_payment_promise_views.xml',
        'views/isp_network_event_views.xml',
        # billing of suspended services, per service type
        'views/isp_suspension_billing_views.xml',
        # SOAP connector to an external billing or provisioning system
        'security/isp_soap_security.xml',
        'views/isp_soap_views.xml',
        'views/isp_subscription_provisioning_views.xml',
        'data/isp_soap_cron.xml',
    ],
    'demo': [
        'demo/isp_billing_demo.xml',
        # demo: invoice document and e-mail delivery
        'demo/isp_invoice_delivery_demo.xml',
        # demo: meter readings and XLSX exports
        'demo/isp_meter_reading_demo.xml',
        # demo: dunning
        'demo/isp_dunning_demo.xml',
    ],
    'external_dependencies': {
        'python': ['num2words', 'qrcode', 'holidays', 'stdnum',
                   'unidecode', 'zeep'],
    },
    'installable': True,
}
