from . import isp_contract_wizard_line
from . import isp_contract_wizard
