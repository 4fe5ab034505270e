"""Helpers of the make targets: addon dependencies and test counts.

    suite.py deps ADDON[,ADDON...]   dependencies outside addons/
    suite.py peers                   the modules of the peer phase
    suite.py odoo-counts LOGFILE RC  "<ran> <failed>" of an Odoo run
    suite.py junit-counts FILE       "<ran> <failed>" of a pytest run
    suite.py failures LOG... [XML]   the failed tests, a line each
"""
import ast
import os
import re
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS_DIR = os.path.join(ROOT, 'addons')

RAN_RE = re.compile(r'^Ran (\d+) tests? in ', re.M)
RAN_LOG_RE = re.compile(r' odoo\.[\w.]+: Ran (\d+) tests? in ')
FAILED_RE = re.compile(r' Module \S+: (\d+) failures, (\d+) errors')
# unittest's summary line, e.g. "OK (skipped=2)", "FAILED (errors=1,
# skipped=1)"; Odoo logs its parenthesis on a line of its own
SKIPPED_LOG_RE = re.compile(r' odoo\.[\w.]+: +\((?:[^)]*, )?skipped=(\d+)')

# The peer phase of make test (tools/peer_tests.py): the Odoo and OCA
# modules the suite extends, whose own tests must pass with the six addons
# installed. Known defects of the 11.0 build: tools/peer_known_failures.txt.
PEER_MODULES = [
    'base_iban', 'sale', 'sale_management', 'account', 'helpdesk_mgmt',
    'sale_commission', 'account_payment_mode', 'account_payment_partner',
    'account_banking_pain_base', 'account_banking_mandate',
    'account_payment_order', 'account_banking_sepa_direct_debit',
    'account_payment_return', 'account_payment_return_import',
    'account_payment_return_import_sepa_pain', 'account_payment_order_return',
    'queue_job', 'account_credit_control',
]


def own_addons():
    return sorted(name for name in os.listdir(ADDONS_DIR) if os.path.isfile(
        os.path.join(ADDONS_DIR, name, '__manifest__.py')))


def manifest(addon):
    with open(os.path.join(ADDONS_DIR, addon, '__manifest__.py')) as handle:
        return ast.literal_eval(handle.read())


def own_closure(addons):
    """The given addons of ours and every addon of ours they depend on."""
    ours = set(own_addons())
    todo, seen = list(addons), set()
    while todo:
        addon = todo.pop()
        if addon in seen:
            continue
        seen.add(addon)
        todo.extend(d for d in manifest(addon).get('depends', [])
                    if d in ours)
    return seen


def external_depends(addons):
    """Addons outside addons/ that ``addons`` (and ours they need) declare."""
    ours = set(own_addons())
    deps = set()
    for addon in own_closure(addons):
        deps.update(d for d in manifest(addon).get('depends', [])
                    if d not in ours)
    return sorted(deps)


def odoo_counts(log_text, returncode):
    """(ran, failed) of an Odoo --test-enable run, read from its log.

    Odoo prints ``Ran N tests`` per test module and ``Module X: N failures,
    N errors`` when one of them fails. Skipped tests (``OK (skipped=N)``)
    did not run. A run that stops with a non-zero exit code but reports no
    failing test (the registry failed to load, an install error) counts as
    one failure.
    """
    ran = sum(int(n) for n in RAN_LOG_RE.findall(log_text))
    if not ran:
        ran = sum(int(n) for n in RAN_RE.findall(log_text))
    ran = max(ran - sum(int(n) for n in SKIPPED_LOG_RE.findall(log_text)), 0)
    failed = sum(int(f) + int(e) for f, e in FAILED_RE.findall(log_text))
    if returncode != 0 and not failed:
        failed = 1
    return ran, failed


def junit_counts(path):
    """(ran, failed) of a pytest junit-xml report."""
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == 'testsuite' else root.findall('testsuite')
    ran = failed = 0
    for suite in suites:
        ran += int(suite.get('tests', 0)) - int(suite.get('skipped', 0))
        failed += int(suite.get('failures', 0)) + int(suite.get('errors', 0))
    return ran, failed


FAIL_LINE_RE = re.compile(r'(?:^|: )((?:FAIL|ERROR): \S+ \([\w.]+\))', re.M)


def failure_recap(odoo_logs=(), junit=None, limit=12):
    """The names of the failed tests, a line each, for the end of the output
    (CI shows its tail): Odoo's ``FAIL: test (module.Class)`` lines from the
    logs, then pytest's failed tests with the first line of their message."""
    lines = []
    for path in odoo_logs:
        if not os.path.exists(path):
            continue
        with open(path, errors='replace') as handle:
            for name in FAIL_LINE_RE.findall(handle.read()):
                line = '%s: %s' % (os.path.basename(path), name)
                if line not in lines:
                    lines.append(line)
    if junit and os.path.exists(junit):
        for case in ET.parse(junit).getroot().iter('testcase'):
            for child in case:
                if child.tag in ('failure', 'error'):
                    message = (child.get('message') or '').strip()
                    lines.append('pytest: %s %s::%s %s' % (
                        child.tag.upper(), case.get('classname'),
                        case.get('name'), message.splitlines()[0][:200]
                        if message else ''))
    if len(lines) > limit:
        lines = lines[:limit] + ['... and %d more' % (len(lines) - limit)]
    return lines


def main(argv):
    command = argv[0] if argv else ''
    if command == 'deps':
        print(','.join(external_depends(argv[1].split(','))))
    elif command == 'peers':
        print(','.join(PEER_MODULES))
    elif command == 'odoo-counts':
        with open(argv[1], errors='replace') as handle:
            print('%d %d' % odoo_counts(handle.read(), int(argv[2])))
    elif command == 'junit-counts':
        if not os.path.exists(argv[1]):
            print('0 1')
        else:
            print('%d %d' % junit_counts(argv[1]))
    elif command == 'failures':
        logs = [a for a in argv[1:] if not a.endswith('.xml')]
        junit = next((a for a in argv[1:] if a.endswith('.xml')), None)
        for line in failure_recap(logs, junit):
            print(line)
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
