from . import dropship_margin_report
from . import dropship_vendor_scorecard
