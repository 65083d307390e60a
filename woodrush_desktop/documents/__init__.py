"""Printed documents (ReportLab): letters, Early Help Plan forms, meeting records."""
