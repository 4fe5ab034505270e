# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The daily ticket limit of the portal holds under parallel requests.

Against the live server: a customer fires many "new ticket" forms at
once; exactly ``limit`` tickets exist afterwards and every other request
got a clear refusal (429 and the message), never a server error. The data
is made here through JSON-RPC as admin, not taken from the demo.
"""
import re
import threading
import uuid

import requests

from conftest import login, rpc

LIMIT = 2
PARALLEL = 15
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def _result(answer):
    assert 'error' not in answer, answer.get('error')
    return answer['result']


def _admin_setup(base, tag):
    admin, _answer = login(base, 'admin', 'admin')

    def call(model, method, args, kwargs=None):
        return _result(rpc(admin, base, model, method, args, kwargs))

    portal_group = call('ir.model.data', 'xmlid_to_res_id',
                        ['base.group_portal'])
    company_id = call('res.users', 'search_read', [
        [('login', '=', 'admin')], ['company_id']])[0]['company_id'][0]
    settings = ['isp_helpdesk_daily_limit_enabled', 'isp_helpdesk_daily_limit']
    saved = call('res.company', 'read', [[company_id], settings])[0]
    call('res.company', 'write', [[company_id], {
        'isp_helpdesk_daily_limit_enabled': True,
        'isp_helpdesk_daily_limit': LIMIT}])
    login_name = 'live_hd_%s' % tag
    user_id = call('res.users', 'create', [{
        'name': 'Live Helpdesk %s' % tag, 'login': login_name,
        'password': login_name, 'email': '%s@example.com' % login_name,
        'company_id': company_id, 'company_ids': [(6, 0, [company_id])],
        'groups_id': [(6, 0, [portal_group])]}],
        {'context': {'no_reset_password': True}})
    partner_id = call('res.users', 'read', [[user_id], ['partner_id']])[0][
        'partner_id'][0]
    category_id = call('helpdesk.ticket.category', 'create', [{
        'name': 'Live fault %s' % tag, 'isp_portal_offered': True,
        'company_id': company_id}])

    def restore():
        call('res.company', 'write', [[company_id], {
            key: saved[key] for key in settings}])
        call('helpdesk.ticket.category', 'write',
             [[category_id], {'isp_portal_offered': False}])

    return call, restore, login_name, partner_id, category_id


def test_daily_ticket_limit_holds_under_parallel_posts(server):
    base = server['base']
    tag = uuid.uuid4().hex[:8]
    call, restore, login_name, partner_id, category_id = _admin_setup(
        base, tag)
    try:
        customer, _answer = login(base, login_name, login_name)
        form = customer.get(base + '/new/ticket')
        assert form.status_code == 200
        token = CSRF_RE.search(form.text).group(1)
        barrier = threading.Barrier(PARALLEL)
        answers = [None] * PARALLEL

        def post(index):
            session = requests.Session()
            session.cookies.update(customer.cookies)
            barrier.wait()
            answers[index] = session.post(
                base + '/submitted/ticket', allow_redirects=False,
                timeout=120, data={
                    'csrf_token': token, 'category': category_id,
                    'description': 'Parallel %s #%d' % (tag, index)})

        threads = [threading.Thread(target=post, args=(index,))
                   for index in range(PARALLEL)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        statuses = sorted(answer.status_code for answer in answers)
        tickets = call('helpdesk.ticket', 'search_count',
                       [[('partner_id', '=', partner_id)]])
        assert tickets == LIMIT, statuses
        assert statuses == [303] * LIMIT + [429] * (PARALLEL - LIMIT)
        for answer in answers:
            if answer.status_code == 429:
                assert 'limit of %d tickets a day' % LIMIT in answer.text
    finally:
        restore()
