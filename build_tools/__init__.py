"""Frederikssund Kommune's handbook for early preventive intervention: content → site and PDFs."""
