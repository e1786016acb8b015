"""The test clock: HR moves the service's notion of today, outside production mode."""
