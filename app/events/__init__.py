"""Domain events (issue 17): the outbox every change writes to, the ordered feed, and the
webhook subscriptions with their signed deliveries. docs/events.md has the catalogue."""
