"""Protected health information: finding names and identifiers in reports, and redacting them."""
