"""Management information (issue 8): reports on the talks, computed in SQL, in JSON, CSV, XLSX."""
