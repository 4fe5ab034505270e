from . import isp_mass_credit_wizard
from . import isp_contract_bank_wizard
