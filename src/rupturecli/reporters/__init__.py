"""Reporters render finished SessionReports; they never analyse. One module per format, imported when used."""
