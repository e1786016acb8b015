"""The test clock: HR moves the service's notion of today (GOEDGESPREK_TEST_CLOCK=true)."""
