from . import isp_mass_credit_wizard
