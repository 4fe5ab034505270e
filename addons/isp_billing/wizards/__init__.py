from . import isp_mass_credit_wizard
from . import isp_contract_bank_wizard
from . import isp_reconnect_wizard
from . import credit_control_communication
from . import isp_receivable_aging_wizard
from . import sale_make_invoice_advance
from . import payment_return_import
from . import isp_payment_promise_wizard
