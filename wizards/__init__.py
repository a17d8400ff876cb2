from . import dropship_hold_wizard
