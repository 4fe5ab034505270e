from . import isp_contract_wizard
