# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Intake of a contract entered by the sales network (CPL "in lavorazione").

Plain Python, no Odoo: the states, which action moves a contract from which
state to which, and who may run it. The model calls ``next_state`` and
translates the refusal.

    processing --validate--> validated --credit_check--> credit_checked
    validated --credit_override--> credit_checked  (manager, after a
        failed check, with a reason)
    credit_checked --mark_ready--> ready
    any state but rejected --reject--> rejected
    validated, credit_checked, ready, rejected --reset--> processing
"""

STATE_PROCESSING = 'processing'
STATE_VALIDATED = 'validated'
STATE_CREDIT_CHECKED = 'credit_checked'
STATE_READY = 'ready'
STATE_REJECTED = 'rejected'

# the order is the order of the selection (and of the status bar)
INTAKE_STATES = [
    (STATE_PROCESSING, 'Processing'),
    (STATE_VALIDATED, 'Validated by back office'),
    (STATE_CREDIT_CHECKED, 'Credit checked'),
    (STATE_READY, 'Ready for activation'),
    (STATE_REJECTED, 'Rejected'),
]

# the states in which the agent who entered the contract may still edit it
AGENT_EDITABLE_STATES = (STATE_PROCESSING,)

ACTION_VALIDATE = 'validate'
ACTION_CREDIT_CHECK = 'credit_check'
ACTION_CREDIT_OVERRIDE = 'credit_override'
ACTION_MARK_READY = 'mark_ready'
ACTION_REJECT = 'reject'
ACTION_RESET = 'reset'

# action: (states it starts from, state it leads to)
TRANSITIONS = {
    ACTION_VALIDATE: ((STATE_PROCESSING,), STATE_VALIDATED),
    ACTION_CREDIT_CHECK: ((STATE_VALIDATED,), STATE_CREDIT_CHECKED),
    ACTION_CREDIT_OVERRIDE: ((STATE_VALIDATED,), STATE_CREDIT_CHECKED),
    ACTION_MARK_READY: ((STATE_CREDIT_CHECKED,), STATE_READY),
    ACTION_REJECT: ((STATE_PROCESSING, STATE_VALIDATED,
                     STATE_CREDIT_CHECKED, STATE_READY), STATE_REJECTED),
    ACTION_RESET: ((STATE_VALIDATED, STATE_CREDIT_CHECKED, STATE_READY,
                    STATE_REJECTED), STATE_PROCESSING),
}

# who may run each action: the role, from the least to the most powerful
ROLE_AGENT = 'agent'
ROLE_BACKOFFICE = 'backoffice'
ROLE_MANAGER = 'manager'
ROLES = (ROLE_AGENT, ROLE_BACKOFFICE, ROLE_MANAGER)
REQUIRED_ROLE = {
    ACTION_VALIDATE: ROLE_BACKOFFICE,
    ACTION_CREDIT_CHECK: ROLE_BACKOFFICE,
    ACTION_CREDIT_OVERRIDE: ROLE_MANAGER,
    ACTION_MARK_READY: ROLE_BACKOFFICE,
    ACTION_REJECT: ROLE_BACKOFFICE,
    ACTION_RESET: ROLE_BACKOFFICE,
}


class IntakeTransitionError(ValueError):
    """The action cannot run from the current state."""


def allowed_actions(state):
    """The actions that can start from ``state``, in a stable order."""
    return [action for action in sorted(TRANSITIONS)
            if state in TRANSITIONS[action][0]]


def next_state(state, action):
    """The state ``action`` leads to from ``state``; raise
    ``IntakeTransitionError`` when the action cannot start from it."""
    if action not in TRANSITIONS:
        raise IntakeTransitionError('unknown action %r' % (action,))
    sources, target = TRANSITIONS[action]
    if state not in sources:
        raise IntakeTransitionError(
            '%s is not allowed from %s' % (action, state))
    return target


def role_allows(role, action):
    """Whether a user of ``role`` (one of ROLES, or None) may run
    ``action``."""
    if role not in ROLES:
        return False
    return ROLES.index(role) >= ROLES.index(REQUIRED_ROLE[action])


def agent_may_edit(state):
    """Whether the agent who entered a contract may still change it."""
    return state in AGENT_EDITABLE_STATES
