from . import test_isp_contract_wizard
