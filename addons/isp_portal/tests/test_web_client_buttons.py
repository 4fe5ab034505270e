# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every ``<button type="object">`` of the suite's views, clicked the way
Odoo 11's web client clicks it, on records in each state where the form
shows it; and every settings page of the suite opened and saved through
the web client's calls.

The buttons are found by parsing the views (``ir.ui.view`` records of the
six addons, inherited views included), never from a list. For each view
the test reads the combined view as the clicking user gets it
(``fields_view_get``: groups applied, ``states``/``attrs``/``invisible``
turned into the ``modifiers`` the client evaluates), so a button is
clicked exactly on the records where the client would show it.

A click is what ``ViewManager.do_execute_action`` sends:
``/web/dataset/call_button`` with ``args=[[id], context]`` (the context
is the last positional argument), then the client reads the record again
(``read`` with ``bin_size``). A refusal (UserError, ValidationError,
AccessError) is an answer; any other error (TypeError, AttributeError,
KeyError, a database error...) is a crash and fails the test, naming the
view, the button and the state of the record.

Records in each state come from ``_variants`` (one factory per state of
each model; a state the flow reaches only through its own steps is set in
the database). A new button that no variant shows, or a state of its
``states`` with no variant, fails the test: add the variant (or list the
button in ``NOT_CLICKED`` with the reason)."""
import base64
import datetime
import json
import logging

from lxml import etree

from odoo import fields
from odoo.tests.common import HttpCase, at_install, post_install
from odoo.tools import config
from odoo.tools.safe_eval import safe_eval

from odoo.addons.isp_esign.rules import sealing
from odoo.addons.isp_crm.tests.browser import skip_in_matrix
from odoo.addons.isp_crm.tests.common import authenticate_on_test_cursor

_logger = logging.getLogger(__name__)

ADDONS = ('isp_crm', 'isp_billing', 'isp_esign', 'isp_contract_wizard',
          'isp_helpdesk', 'isp_portal')
REFUSALS = ('odoo.exceptions.AccessError', 'odoo.exceptions.UserError',
            'odoo.exceptions.ValidationError', 'odoo.exceptions.except_orm',
            'odoo.exceptions.Warning', 'odoo.exceptions.RedirectWarning',
            'odoo.exceptions.MissingError')
MANAGER_GROUPS = (
    'base.group_user', 'base.group_system', 'base.group_partner_manager',
    'sales_team.group_sale_manager', 'account.group_account_manager',
    'isp_crm.group_isp_manager', 'isp_billing.group_isp_billing_manager',
    'isp_esign.group_isp_esign_manager',
    'isp_helpdesk.group_isp_helpdesk_manager',
)
# buttons no fixture shows, with the reason (checked: the list must stay
# true, a button listed here that gets clicked fails the test)
NOT_CLICKED = {}
# web client context of a logged-in user (session context + the action's)
USER_CONTEXT = {'lang': 'en_US', 'tz': 'Europe/Rome'}


def object_buttons_of_our_views(env):
    """{(model, method)} of the ``<button type="object">`` written in the
    arch of the suite's own views (inherited views included)."""
    data = env['ir.model.data'].sudo().search([
        ('module', 'in', ADDONS), ('model', '=', 'ir.ui.view')])
    buttons = {}
    for xml_id in data:
        view = env['ir.ui.view'].sudo().browse(xml_id.res_id)
        arch = etree.fromstring(view.arch_db.encode('utf-8'))
        for button in arch.iter('button'):
            if button.get('type') == 'object' and button.get('name'):
                buttons.setdefault(
                    (view.model, button.get('name')), set()).add(
                        '%s.%s' % (xml_id.module, xml_id.name))
    return buttons, env['ir.ui.view'].sudo().browse(data.mapped('res_id'))


def primary_view(view):
    """The view whose combined arch contains ``view``."""
    while view.mode != 'primary' and view.inherit_id:
        view = view.inherit_id
    return view


def evaluate_domain(domain, values):
    """Evaluate a ``modifiers`` domain like the web client's pyeval."""
    if domain is True or domain is False:
        return domain
    stack = []
    for term in reversed(domain):
        if term == '!':
            stack.append(not stack.pop())
        elif term in ('|', '&'):
            first, second = stack.pop(), stack.pop()
            stack.append(first or second if term == '|'
                         else first and second)
        else:
            name, operator, value = term
            current = values.get(name, False)
            stack.append(compare(current, operator, value))
    return all(stack)


def compare(current, operator, value):
    if operator in ('=', '=='):
        return current == value or (not current and not value)
    if operator in ('!=', '<>'):
        return not compare(current, '=', value)
    if operator == 'in':
        if isinstance(current, list):
            return bool(set(current) & set(value))
        return current in value
    if operator == 'not in':
        return not compare(current, 'in', value)
    if operator in ('<', '>', '<=', '>='):
        return safe_eval('a %s b' % operator, {'a': current, 'b': value})
    raise ValueError('operator %s' % operator)


def client_values(record, names):
    """The values the client holds for ``record`` (many2one: id)."""
    values = {'id': record.id}
    known = [name for name in names if name in record._fields]
    record.invalidate_cache()
    for name, value in record.sudo().read(known)[0].items():
        if isinstance(value, tuple):
            value = value[0]
        values[name] = value
    return values


@at_install(False)
@post_install(True)
class TestWebClientButtons(HttpCase):

    def setUp(self):
        # every view's buttons of the installed addons: the full run covers
        # them all
        skip_in_matrix(self, 'the web client buttons of every view')
        super(TestWebClientButtons, self).setUp()
        # what the server must see lives on the registry's test cursor
        self.env = env = self.env(cr=self.registry.test_cr)
        self.today = fields.Date.context_today(env['res.users'])
        self.tomorrow = fields.Date.to_string(fields.Date.from_string(
            self.today) + datetime.timedelta(days=1))
        self.company = env.ref('base.main_company')
        env['ir.config_parameter'].sudo().set_param(
            'isp_crm.credit_require_fiscal_id', 'False')
        self.manager = env['res.users'].with_context(
            no_reset_password=True, tracking_disable=True).create({
                'name': 'Web Client Manager', 'login': 'web_client_manager',
                'password': 'web_client_manager',
                'email': 'web-client-manager@example.com',
                'company_id': self.company.id,
                'company_ids': [(6, 0, [self.company.id])],
                'groups_id': [(6, 0, [env.ref(group).id
                                      for group in MANAGER_GROUPS])]})
        self.customer = env['res.partner'].create({
            'name': 'Button Customer', 'customer': True, 'is_company': True,
            'email': 'button-customer@example.com', 'street': 'Via Roma 1',
            'city': 'Roma', 'zip': '00100',
            'country_id': env.ref('base.it').id})
        self.product = env['product.product'].create({
            'name': 'Button Fibre', 'type': 'service', 'list_price': 30.0,
            'isp_service_type': 'fibre'})
        self.metered = env['product.product'].create({
            'name': 'Button Power', 'type': 'service', 'list_price': 10.0,
            'isp_service_type': 'electricity'})
        self.bundle = env['product.template'].create({
            'name': 'Button Bundle', 'type': 'service', 'list_price': 0.0,
            'isp_is_bundle': True})

    # -- the web client's requests --------------------------------------

    def _login(self, login, password):
        authenticate_on_test_cursor(self, login, password)

    def _rpc(self, route, params):
        self.registry.test_cr.commit()
        answer = self.opener.post(
            'http://127.0.0.1:%s%s' % (config['http_port'], route),
            data=json.dumps({'jsonrpc': '2.0', 'method': 'call', 'id': 1,
                             'params': params}),
            headers={'Content-Type': 'application/json'}, timeout=120)
        self.assertEqual(answer.status_code, 200, answer.text[:300])
        self.env['res.users'].invalidate_cache()
        return answer.json()

    def _call_kw(self, model, method, args, kwargs=None):
        return self._rpc('/web/dataset/call_kw/%s/%s' % (model, method), {
            'model': model, 'method': method, 'args': args,
            'kwargs': kwargs or {}})

    @staticmethod
    def _error(answer):
        """(exception name, message) of a JSON-RPC error, or None."""
        if 'error' not in answer:
            return None
        data = answer['error'].get('data', {})
        return data.get('name'), data.get('message') or answer['error']

    # -- the views ------------------------------------------------------

    def _views(self):
        """[(view xml id, model, arch, fields)] of the combined views, as
        the manager's client gets them, with their inline sub-views."""
        ours, views = object_buttons_of_our_views(self.env)
        result = []
        done = set()
        for view in views:
            root = primary_view(view)
            if root.type not in ('form', 'tree', 'kanban') \
                    or root.id in done:
                continue
            done.add(root.id)
            model = self.env[root.model].sudo(self.manager)
            fvg = model.fields_view_get(view_id=root.id, view_type=root.type)
            xml_id = root.get_external_id()[root.id] or root.name
            pending = [(xml_id, root.model, fvg['arch'], fvg['fields'])]
            while pending:
                xml_id, model_name, arch, view_fields = pending.pop()
                result.append((xml_id, model_name, arch, view_fields))
                for name, field in view_fields.items():
                    for sub_type, sub in (field.get('views') or {}).items():
                        pending.append((
                            '%s/%s.%s' % (xml_id, name, sub_type),
                            field['relation'], sub['arch'], sub['fields']))
        return ours, result

    def _buttons(self):
        """[(view, model, button node, field names)] of our object
        buttons in the combined views."""
        ours, views = self._views()
        found = []
        for xml_id, model, arch, view_fields in views:
            for button in etree.fromstring(arch).iter('button'):
                key = (model, button.get('name'))
                if button.get('type') == 'object' and key in ours:
                    found.append((xml_id, model, button, list(view_fields)))
        return ours, found

    def _invisible(self, button, values):
        """What the client computes from the button's and its parents'
        ``modifiers`` (``states``, ``attrs``, ``invisible``)."""
        node = button
        while node is not None:
            modifiers = json.loads(node.get('modifiers') or '{}')
            if evaluate_domain(modifiers.get('invisible', False), values):
                return True
            node = node.getparent()
        return False

    def _button_context(self, button, values, context):
        """The button's ``context`` attribute, evaluated on the record's
        values, over the context of the form."""
        result = dict(context)
        expression = button.get('context')
        if expression:
            scope = dict(values, context=context, active_id=values['id'],
                         uid=self.manager.id)
            result.update(safe_eval(expression, scope))
        return result

    # -- records in each state -----------------------------------------

    def _order(self, intake=None, state=None, contract=True, **values):
        vals = {
            'partner_id': self.customer.id,
            'isp_is_contract': contract,
            'order_line': [(0, 0, {
                'product_id': self.product.id, 'name': self.product.name,
                'product_uom_qty': 1, 'product_uom': self.product.uom_id.id,
                'price_unit': 30.0})],
        }
        vals.update(values)
        order = self.env['sale.order'].create(vals)
        written = {}
        if intake:
            written['isp_intake_state'] = intake
        if state:
            written['state'] = state
        if written:
            order.sudo().write(written)
        return order

    def _subscription(self, state='pending', order=None, product=None):
        subscription = self.env['isp.subscription'].create({
            'partner_id': self.customer.id,
            'product_id': (product or self.product).id, 'price_unit': 30.0,
            'sale_line_id': order.order_line[:1].id if order else False})
        if state != 'pending':
            subscription.sudo().write({
                'state': state, 'date_start': '2026-01-01'})
        return subscription

    def _in_days(self, days):
        return fields.Date.to_string(
            fields.Date.from_string(self.today)
            + datetime.timedelta(days=days))

    def _overdue_customer(self):
        """A customer of its own with an overdue open invoice."""
        customer = self.env['res.partner'].create({
            'name': 'Promising Customer', 'customer': True})
        invoice = self._invoice('open', partner=customer)
        invoice.sudo().write({'date_due': '2026-01-05'})
        return customer

    def _dunning_suspended_customer(self):
        customer = self.env['res.partner'].create({
            'name': 'Suspended Customer', 'customer': True})
        subscription = self.env['isp.subscription'].create({
            'partner_id': customer.id, 'product_id': self.product.id,
            'price_unit': 30.0})
        subscription.sudo().write({
            'state': 'suspended', 'date_start': '2026-01-01',
            'isp_suspended_by_dunning': True})
        return customer

    def _promise(self):
        """An active payment promise of a customer of its own (one active
        promise per customer) for an overdue invoice."""
        customer = self._overdue_customer()
        return self.env['isp.payment.promise'].create({
            'partner_id': customer.id,
            'date_promised': self._in_days(3)})

    def _portal_request(self, state):
        """A customer's request from the portal to change his name: the
        operator checks it (pending), or it waits for the customer."""
        customer = self.env['res.partner'].create({
            'name': 'Requesting Customer', 'customer': True})
        return self.env['isp.portal.request'].sudo()._isp_portal_create(
            customer, 'identity', 'New name', 'Requesting Customer Jr',
            payload={'name': 'Requesting Customer Jr'}, state=state)

    def _soap_connector(self):
        """The company's connector (one per company; a button may have
        archived it), active."""
        Connector = self.env['isp.soap.connector'].with_context(
            active_test=False)
        connector = Connector.search(
            [('company_id', '=', self.company.id)], limit=1) or \
            Connector.create({
                'name': 'External billing', 'company_id': self.company.id,
                'wsdl_url': 'http://127.0.0.1:9/billing?wsdl'})
        connector.active = True
        return connector

    def _soap_call(self, state, record=None):
        record = record or self.customer
        return self.env['isp.soap.call'].create({
            'connector_id': self._soap_connector().id,
            'company_id': self.company.id,
            'operation': 'PushCustomer', 'direction': 'push',
            # a call per button clicked: each its own key
            'key': 'button-%s-%d' % (state, self.env['isp.soap.call']
                                     .search_count([]) + 1),
            'res_model': record._name, 'res_id': record.id, 'state': state,
            'error': 'Connection refused' if state == 'failed' else False})

    def _with_failed_call(self, record):
        """``record`` with a failed SOAP call (its alert and button)."""
        self._soap_call('failed', record)
        return record

    def _network_event(self, state):
        return self.env['isp.network.event'].create({
            'subscription_id': self._subscription('suspended').id,
            'kind': 'suspend', 'reason': 'Overdue invoices',
            'state': state})

    def _dunning_run(self, state):
        """A dunning run (OCA credit control) of the company's policy, in
        ``state`` (its lines are generated by the daily run)."""
        run = self.env['credit.control.run'].create({
            'date': '2099-01-01',
            'policy_ids': [(6, 0, self.company.credit_policy_id.ids)]})
        if state != 'draft':
            run.sudo().write({'state': state})
        return run

    def _charge(self, state='pending'):
        """A charge for the next invoice of an active subscription, in
        ``state``."""
        charge = self.env['isp.subscription.charge'].create({
            'subscription_id': self._subscription('active').id,
            'product_id': self.product.id, 'name': 'Returned debit fee',
            'price_unit': 3.0, 'date': '2026-11-20'})
        if state == 'billed':
            invoice = self._invoice('open')
            charge._record_billed(invoice.invoice_line_ids[:1])
        elif state == 'cancelled':
            charge.action_cancel()
        return charge

    def _invoice(self, state='open', run=None, partner=None):
        account = self.product.property_account_income_id \
            or self.product.categ_id.property_account_income_categ_id
        invoice = self.env['account.invoice'].create({
            'partner_id': (partner or self.customer).id,
            'type': 'out_invoice',
            'isp_billing_run_id': run.id if run else False,
            'invoice_line_ids': [(0, 0, {
                'product_id': self.product.id, 'name': 'Fibre',
                'quantity': 1, 'price_unit': 30.0,
                'account_id': account.id})]})
        if state != 'draft':
            invoice.action_invoice_open()
        if state == 'paid':
            invoice.sudo().write({'state': 'paid'})
        return invoice

    def _billing_run(self, state, drafts=False, posted=False):
        run = self.env['isp.billing.run'].create({
            'date': self.today, 'cycle_day': 27,
            'company_id': self.company.id})
        if drafts:
            self._invoice('draft', run=run)
        if posted:
            self._invoice('open', run=run)
        if state != 'draft':
            run.sudo().write({'state': state})
        return run

    def _migration(self, state):
        migration = self.env['isp.migration'].create({
            'partner_id': self.customer.id, 'date': self.tomorrow,
            'line_ids': [(0, 0, {
                'subscription_id': self._subscription('active').id})]})
        if state != 'draft':
            migration.sudo().write({'state': state})
        return migration

    def _activity(self, state):
        values = {'name': 'Call the customer',
                  'partner_id': self.customer.id}
        if state != 'new':
            # an operator and a deadline: created assigned
            values.update(user_id=self.manager.id,
                          date_deadline='%s 10:00:00' % self.tomorrow)
        activity = self.env['isp.crm.activity'].create(values)
        if state not in ('new', 'assigned'):
            activity.sudo().write({'state': state})
        return activity

    def _esign_request(self, state):
        order = self._order()
        if isinstance(order, self.env.registry['isp.esign.mixin']):
            values = order._prepare_esign_request_values()
        else:
            # contracts are not signing records without isp_contract_wizard:
            # a standalone document
            values = {
                'partner_id': order.partner_id.id, 'channel': 'email',
                'document_pdf': base64.b64encode(
                    sealing.text_pdf([['Contract %s' % order.name]])),
                'document_filename': 'Contract.pdf'}
        request = self.env['isp.esign.request'].create(values)
        if state in ('sent', 'opened'):
            request.action_send()
        if state not in ('draft', 'sent'):
            # the flow's fields are written by the flow only: the state the
            # form shows, set in the database
            self.env.cr.execute(
                'UPDATE isp_esign_request SET state = %s WHERE id = %s',
                (state, request.id))
            request.invalidate_cache()
        return request

    def _wizard(self, model, context, **values):
        """A wizard opened by an action with ``context``: the client's
        ``default_get`` of the form's fields then ``create``."""
        view = self.env[model].sudo(self.manager).fields_view_get(
            view_type='form')
        context = dict(USER_CONTEXT, **context)
        answer = self._call_kw(model, 'default_get', [list(view['fields'])],
                               {'context': context})
        self.assertIsNone(self._error(answer), '%s default_get' % model)
        defaults = answer['result']
        defaults.update(values)
        answer = self._call_kw(model, 'create', [defaults],
                               {'context': context})
        self.assertIsNone(self._error(answer), '%s create: %s' % (
            model, self._error(answer)))
        return self.env[model].browse(answer['result']), context

    def _contract_wizard(self, step):
        """The contract wizard opened on the customer, moved to
        ``step``: at the summary or done with only a customer, its buttons
        work or refuse (the steps are checked, there is no contract)."""
        wizard, context = self._wizard(
            'isp.contract.wizard', {}, partner_id=self.customer.id)
        if step != 'customer':
            wizard.sudo().write({'step': step})
        return wizard, context

    def _action_context(self, xml_id, active):
        """The context of the window action ``xml_id`` opened on
        ``active`` (the client adds active_id/active_ids/active_model)."""
        action = self.env.ref(xml_id)
        scope = {'active_id': active.id, 'active_ids': active.ids,
                 'active_model': active._name, 'uid': self.manager.id,
                 'context_today': datetime.date.today}
        context = safe_eval(action.context or '{}', scope)
        context.update(active_id=active.id, active_ids=active.ids,
                       active_model=active._name)
        return context

    def _variants(self):
        """{model: [(state label, factory)]}; a factory returns
        (record, context of the form)."""
        plain = (lambda build: lambda: (build(), {}))
        # contracts are signed when isp_contract_wizard is installed
        signing = []
        if isinstance(self.env['sale.order'],
                      self.env.registry['isp.esign.mixin']):
            signing = [('contract sent for signature', plain(
                lambda: self._contract_sent_for_signature()))]
        subscription_states = [
            s for s, __ in self.env['isp.subscription']._fields[
                'state'].selection]
        variants = {
            'isp.subscription': [
                (state, plain(lambda state=state: self._subscription(state)))
                for state in subscription_states] + [
                ('active, metered', plain(lambda: self._subscription(
                    'active', product=self.metered))),
                ('active, a SOAP call failed', plain(
                    lambda: self._with_failed_call(
                        self._subscription('active'))))],
            'isp.contract.condition': [
                ('active', plain(lambda: self.env[
                    'isp.contract.condition'].create({
                        'name': 'Button conditions',
                        'body': '<p>Conditions</p>'})))],
            'isp.payment.promise.wizard': [
                ('from an overdue customer', lambda: self._wizard(
                    'isp.payment.promise.wizard', {},
                    partner_id=self._overdue_customer().id,
                    date_promised=self._in_days(3)))],
            'isp.reconnect.wizard': [
                ('on a suspended service', lambda: self._wizard(
                    'isp.reconnect.wizard', {},
                    subscription_ids=[(6, 0, self._subscription(
                        'suspended').ids)],
                    reason='Paid at the counter'))],
            'isp.payment.promise': [
                ('active', plain(lambda: self._promise()))],
            'isp.portal.request': [
                (state, plain(lambda state=state: self._portal_request(
                    state))) for state in ('pending', 'waiting')],
            'isp.soap.connector': [
                ('configured', plain(lambda: self._soap_connector()))],
            'isp.soap.call': [
                (state, plain(lambda state=state: self._soap_call(state)))
                for state in ('failed', 'queued', 'done')],
            'isp.network.event': [
                (state, plain(lambda state=state: self._network_event(state)))
                for state in ('pending', 'sent', 'failed', 'no_webhook')],
            'credit.control.run': [
                (state, plain(lambda state=state: self._dunning_run(state)))
                for state in ('draft', 'done')],
            'isp.billing.run': [
                (state, plain(lambda state=state: self._billing_run(state)))
                for state in ('draft', 'running', 'done')] + [
                ('done with draft invoices', plain(
                    lambda: self._billing_run('done', drafts=True))),
                ('done with posted invoices', plain(
                    lambda: self._billing_run('done', posted=True)))],
            'isp.migration': [
                (state, plain(lambda state=state: self._migration(state)))
                for state in ('draft', 'scheduled', 'done', 'cancelled')],
            'isp.subscription.charge': [
                (state, plain(lambda state=state: self._charge(state)))
                for state in ('pending', 'billed', 'cancelled')],
            'isp.meter': [
                ('in service', plain(lambda: self.env['isp.meter'].create({
                    'name': 'M-%s' % fields.Datetime.now(),
                    'date_installed': '2026-01-01',
                    'subscription_id': self._subscription(
                        'active', product=self.metered).id})))],
            'account.invoice': [
                (state, plain(lambda state=state: self._invoice(state)))
                for state in ('draft', 'open', 'paid')],
            'sale.order': [
                ('quotation', plain(lambda: self._order(contract=False))),
                ('contract with a bundle', plain(lambda: self._order(
                    isp_bundle_id=self.bundle.id))),
                ('contract confirmed', plain(
                    lambda: self._confirmed_contract())),
                ('contract confirmed, a SOAP call failed', plain(
                    lambda: self._with_failed_call(
                        self._confirmed_contract())))] + signing + [
                ('contract %s' % intake, plain(
                    lambda intake=intake: self._order(intake)))
                for intake in ('processing', 'validated', 'credit_checked',
                               'ready', 'rejected')] + [
                ('contract validated, credit check failed', plain(
                    lambda: self._order(
                        'validated', isp_credit_check_result='failed')))],
            'isp.crm.activity': [
                (state, plain(lambda state=state: self._activity(state)))
                for state in ('new', 'assigned', 'done', 'cancel')],
            'isp.campaign': [
                ('active', plain(lambda: self.env['isp.campaign'].create({
                    'name': 'Spring', 'date_start': '2026-03-01',
                    'date_end': '2026-05-31', 'discount': 10.0})))],
            'res.partner': [
                ('customer suspended by the dunning', plain(
                    lambda: self._dunning_suspended_customer()))] + [
                ('prospect company', plain(
                    lambda: self.env['res.partner'].create({
                        'name': 'Prospect Co', 'is_company': True,
                        'customer': True,
                        'email': 'prospect@example.com'}))),
                ('contact of a company', plain(
                    lambda: self.env['res.partner'].create({
                        'name': 'Contact Person',
                        'parent_id': self.customer.id})))],
            'isp.esign.request': [
                (state, plain(lambda state=state: self._esign_request(state)))
                for state in ('draft', 'sent', 'opened', 'signed',
                              'refused', 'expired', 'cancelled')],
            # wizards: created as the action that opens them does
            'isp.contract.wizard': [
                (step, lambda step=step: self._contract_wizard(step))
                for step in ('customer', 'summary', 'done')],
            'isp.contract.bank.wizard': [
                ('from a confirmed contract', lambda: self._bank_wizard())],
            'isp.mass.credit.wizard': [
                ('new', lambda: self._wizard(
                    'isp.mass.credit.wizard', {}, cycle_day=27))],
            'isp.receivable.aging.wizard': [
                ('new', lambda: self._wizard(
                    'isp.receivable.aging.wizard', {}))],
            'isp.commission.settlement.xlsx': [
                ('new', lambda: self._wizard(
                    'isp.commission.settlement.xlsx', {},
                    date_from='2026-01-01', date_to='2026-01-31'))],
            'isp.intake.reason': [
                ('opened by %s' % button,
                 lambda button=button: self._reason_wizard(button))
                for button in ('action_isp_reject',
                               'action_isp_credit_override')],
            'res.config.settings': [
                ('settings', lambda: self._wizard(
                    'res.config.settings', {'module': 'isp_crm'}))],
        }
        return variants

    def _confirmed_contract(self):
        order = self._order('ready', state='sale')
        self._subscription('pending', order=order)
        return order

    def _contract_sent_for_signature(self):
        order = self._order()
        order.action_esign_request()
        return order

    def _bank_wizard(self):
        order = self._confirmed_contract()
        return self._wizard('isp.contract.bank.wizard', self._action_context(
            'isp_billing.isp_contract_bank_wizard_action', order),
            reason='The customer asked for another account')

    def _reason_wizard(self, button):
        """The wizard the contract's button opens, with the context of
        the action the button returns."""
        order = self._order('validated', isp_credit_check_result='failed')
        answer = self._rpc('/web/dataset/call_button', {
            'model': 'sale.order', 'method': button,
            'args': [order.ids, dict(USER_CONTEXT)], 'domain_id': None,
            'context_id': 1})
        self.assertIsNone(self._error(answer), button)
        context = answer['result']['context']
        return self._wizard('isp.intake.reason', context,
                            reason='Checked by phone')

    # -- the test -------------------------------------------------------

    def _click(self, xml_id, model, button, names, label, factory):
        """Click ``button`` on a new record of the variant if the client
        shows it there; returns (clicked, problem). Whether it shows is
        read on one untouched record of the variant."""
        key = (model, label)
        if key not in self._prototypes:
            self._prototypes[key] = factory()
        prototype = self._prototypes[key][0]
        if self._invisible(button, client_values(prototype, names)):
            return False, None
        record, context = factory()
        values = client_values(record, names)
        context = dict(USER_CONTEXT, **context)
        context = self._button_context(button, values, context)
        where = '%s: button %s (%s) on %s [%s]' % (
            xml_id, button.get('name'), button.get('string'), model, label)
        args = [[record.id]]
        if button.get('args'):
            args += json.loads(button.get('args').replace("'", '"'))
        answer = self._rpc('/web/dataset/call_button', {
            'model': model, 'method': button.get('name'),
            'args': args + [context], 'domain_id': None,
            'context_id': len(args)})
        error = self._error(answer)
        if error is None and record.exists():
            # the client reads the record again after the button
            answer = self._call_kw(model, 'read', [[record.id], names], {
                'context': dict(context, bin_size=True)})
            error = self._error(answer)
            where += ' (reading it again)'
        if error and error[0] not in REFUSALS:
            return True, '%s: %s: %s' % (where, error[0], error[1])
        _logger.info('%s: %s', where, error[0] if error else 'ok')
        return True, None

    def test_every_object_button_of_our_views_works_from_the_web_client(self):
        self.company.sudo()._esign_generate_demo_certificate()
        ours, buttons = self._buttons()
        self.assertIn(('isp.subscription', 'action_activate'), ours)
        variants = self._variants()
        self._login('web_client_manager', 'web_client_manager')
        problems, clicked, skipped = [], {}, []
        self._prototypes = {}
        for xml_id, model, button, names in buttons:
            key = (model, button.get('name'))
            states_shown = (button.get('states') or '').split(',')
            covered = set()
            for label, factory in variants.get(model, []):
                done, problem = self._click(
                    xml_id, model, button, names, label, factory)
                if done:
                    clicked.setdefault(key, []).append(label)
                    covered.add(label)
                if problem:
                    problems.append(problem)
            missing = [state for state in states_shown
                       if state and state not in covered]
            if missing:
                skipped.append('%s %s: no record in state %s' % (
                    xml_id, button.get('name'), ', '.join(missing)))
        not_clicked = dict(NOT_CLICKED)
        if not isinstance(self.env['sale.order'],
                          self.env.registry['isp.esign.mixin']):
            not_clicked[('isp.esign.request', 'action_open_document')] = (
                'without isp_contract_wizard no installed model signs its '
                'records: every request is a standalone document, with no '
                'record to open')
        never = sorted(set(ours) - set(clicked) - set(not_clicked))
        _logger.info('%d buttons clicked in %d states; not shown on any '
                     'record: %s', len(clicked),
                     sum(len(labels) for labels in clicked.values()), never)
        self.assertFalse(problems, 'crashes:\n' + '\n'.join(problems))
        self.assertFalse(skipped, '\n'.join(skipped))
        self.assertFalse(never, 'buttons the test never clicked: %s' % never)
        self.assertFalse(set(not_clicked) & set(clicked))

    def test_every_settings_page_of_ours_opens_and_saves(self):
        """The settings form: ``default_get`` of all the view's fields,
        ``onchange``, ``create`` then the client reads the record (with
        ``bin_size``: a certificate is then "2.x Kb") and clicks Save
        (``execute``); the reload reads the settings again."""
        self.company.sudo()._esign_generate_demo_certificate()
        self.company.sudo().write({'esign_reminder_days': 3})
        actions = self.env['ir.model.data'].sudo().search([
            ('module', 'in', ADDONS), ('model', '=', 'ir.actions.act_window')])
        contexts = [
            safe_eval(action.context or '{}')
            for action in self.env['ir.actions.act_window'].browse(
                actions.mapped('res_id'))
            if action.res_model == 'res.config.settings']
        self.assertTrue(contexts)
        Settings = self.env['res.config.settings']
        view = Settings.sudo(self.manager).fields_view_get(view_type='form')
        names = list(view['fields'])
        spec = {}
        for node in etree.fromstring(view['arch']).iter('field'):
            spec[node.get('name')] = node.get('on_change') or ''
        self._login('web_client_manager', 'web_client_manager')
        for action_context in contexts:
            context = dict(USER_CONTEXT, **action_context)
            answer = self._call_kw('res.config.settings', 'default_get',
                                   [names], {'context': context})
            self.assertIsNone(self._error(answer), action_context)
            values = answer['result']
            values['isp_credit_max_overdue_days'] = 45
            answer = self._call_kw('res.config.settings', 'onchange',
                                   [[], values, [], spec],
                                   {'context': context})
            self.assertIsNone(self._error(answer), action_context)
            for name, value in answer['result'].get('value', {}).items():
                if isinstance(value, list) and len(value) == 2 \
                        and isinstance(value[0], int) \
                        and isinstance(value[1], str):
                    value = value[0]  # many2one: (id, name)
                if not isinstance(value, list):
                    values[name] = value
            values['esign_reminder_days'] = 5
            readonly = [name for name in values
                        if view['fields'].get(name, {}).get('readonly')]
            for name in readonly:
                values.pop(name)
            answer = self._call_kw('res.config.settings', 'create',
                                   [values], {'context': context})
            self.assertIsNone(self._error(answer), '%s: %s' % (
                action_context, self._error(answer)))
            settings_id = answer['result']
            answer = self._call_kw(
                'res.config.settings', 'read', [[settings_id], names],
                {'context': dict(context, bin_size=True)})
            self.assertIsNone(self._error(answer), '%s: %s' % (
                action_context, self._error(answer)))
            self.assertTrue(answer['result'][0]['esign_certificate_info'])
            answer = self._rpc('/web/dataset/call_button', {
                'model': 'res.config.settings', 'method': 'execute',
                'args': [[settings_id], context], 'domain_id': None,
                'context_id': 1})
            self.assertIsNone(self._error(answer), '%s: %s' % (
                action_context, self._error(answer)))
            self.assertEqual(answer['result'].get('tag'), 'reload')
            answer = self._call_kw('res.config.settings', 'default_get',
                                   [names], {'context': context})
            self.assertIsNone(self._error(answer), action_context)
            self.assertEqual(
                answer['result']['isp_credit_max_overdue_days'], 45)
            self.company.invalidate_cache()
            self.assertEqual(self.company.esign_reminder_days, 5)
            self.assertTrue(self.company.esign_certificate_info)
