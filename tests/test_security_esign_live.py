"""Signing links under parallel load, against a live server.

Ten browsers (fresh sessions) open the same ``/sign/<token>`` at once. Each
open of a new browser appends an "opened" event to the hash-chained evidence
of the request. Odoo 11 runs every request under REPEATABLE READ and retries
serialization failures, not unique violations: the evidence writers lock the
request's row with an UPDATE, so a transaction that lost the race is retried
on a fresh snapshot instead of taking the same position in the chain (which
answered 500). The request records "opened" once per browser (IP and user
agent) and hour, so a reload storm does not flood the evidence.

Runs against ``ISP_TEST_DB`` (exported by make test); skipped without it.
Creates its own data through JSON-RPC as admin.
"""
import base64
import io
import threading

import requests

from conftest import login, rpc

THREADS = 10


def _pdf():
    from reportlab.pdfgen import canvas
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 760, 'Contract for the parallel signing test')
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _result(answer):
    assert 'error' not in answer, answer.get('error')
    return answer['result']


def _new_request(admin, base, partner_id):
    """A request for signature in store; the token of its link."""
    request_id = _result(rpc(admin, base, 'isp.esign.request', 'create', [{
        'partner_id': partner_id,
        'channel': 'store',
        'document_pdf': base64.b64encode(_pdf()).decode('ascii'),
        'document_filename': 'Parallel.pdf',
    }]))
    action = _result(rpc(admin, base, 'isp.esign.request', 'action_sign_now',
                         [[request_id]]))
    token = action['url'].split('/')[2]
    return request_id, token


def _events(admin, base, request_id):
    rows = _result(rpc(admin, base, 'isp.esign.event', 'search_read',
                       [[('request_id', '=', request_id)]],
                       {'fields': ['sequence', 'event_type', 'user_agent'],
                        'order': 'sequence'}))
    return rows


def _open_at_once(base, token, user_agents):
    """GET the link from fresh sessions at the same moment: statuses."""
    barrier = threading.Barrier(len(user_agents))
    statuses = [None] * len(user_agents)

    def visit(index):
        session = requests.Session()
        session.headers['User-Agent'] = user_agents[index]
        barrier.wait()
        try:
            statuses[index] = session.get(
                '%s/sign/%s' % (base, token), timeout=120).status_code
        except requests.RequestException as error:
            statuses[index] = repr(error)

    threads = [threading.Thread(target=visit, args=(index,))
               for index in range(len(user_agents))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def _verify(admin, base, request_id):
    _result(rpc(admin, base, 'isp.esign.request', 'action_verify',
                [[request_id]]))
    return _result(rpc(admin, base, 'isp.esign.request', 'read',
                       [[request_id], ['state', 'verify_state',
                                       'verify_message']]))[0]


def test_ten_parallel_opens_of_a_signing_link_answer_200(server):
    base = server['base']
    admin, _answer = login(base, 'admin', 'admin')
    partner_id = _result(rpc(admin, base, 'res.partner', 'create', [{
        'name': 'Parallel Signer', 'email': 'parallel.signer@example.com'}]))
    # the page's asset bundles are built once, by a first visitor
    _warm_id, warm_token = _new_request(admin, base, partner_id)
    assert requests.get('%s/sign/%s' % (base, warm_token),
                        timeout=120).status_code == 200

    # ten fresh sessions of the same browser: one "opened" event
    request_id, token = _new_request(admin, base, partner_id)
    statuses = _open_at_once(base, token, ['Phone browser'] * THREADS)
    assert statuses == [200] * THREADS
    request = _verify(admin, base, request_id)
    assert request['state'] == 'opened'
    assert request['verify_state'] == 'ok', request['verify_message']
    events = _events(admin, base, request_id)
    assert [event['event_type'] for event in events] == \
        ['created', 'sent', 'opened']

    # ten different browsers at once: ten events, in one unbroken chain
    request_id, token = _new_request(admin, base, partner_id)
    agents = ['Browser %d' % index for index in range(THREADS)]
    statuses = _open_at_once(base, token, agents)
    assert statuses == [200] * THREADS
    request = _verify(admin, base, request_id)
    assert request['verify_state'] == 'ok', request['verify_message']
    events = _events(admin, base, request_id)
    assert [event['sequence'] for event in events] == \
        list(range(1, THREADS + 3))
    assert sorted(event['user_agent'] for event in events
                  if event['event_type'] == 'opened') == sorted(agents)

    with open(server['log'], errors='replace') as handle:
        log = handle.read()
    assert 'isp_esign_event_request_sequence_unique' not in log
