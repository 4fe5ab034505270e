# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures of the tests of the pulls and the provisioning's
confirmation."""

SECRET = 'provisioning-test-secret'


def soap_connector(env, company, **values):
    """The company's connector (one per company), set for the tests: no
    pushes, a WSDL nobody calls unless a test says so."""
    vals = {
        'name': 'Test provisioning system',
        'wsdl_url': 'http://127.0.0.1:9/?wsdl',
        'push_contract': False,
        'push_subscription_event': False,
        'push_customer': False,
        'pull': False,
        'provisioning': True,
        'isp_callback_secret': SECRET,
    }
    vals.update(values)
    Connector = env['isp.soap.connector'].with_context(active_test=False)
    connector = Connector.search([('company_id', '=', company.id)], limit=1)
    if connector:
        connector.write(dict(vals, active=True))
        return connector
    return Connector.create(dict(vals, company_id=company.id))


def failed_logs(env, connector, operation):
    return env['isp.soap.call'].search([
        ('connector_id', '=', connector.id), ('operation', '=', operation),
        ('state', '=', 'failed')], order='id')
