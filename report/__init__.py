from . import dropship_margin_report
