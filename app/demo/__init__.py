"""The demo (`goedgesprek demo`): an organisation with cycles, agreements and appraisals at
every stage, loaded through the same services the API uses."""

from app.demo.organisation import PEOPLE, TOKENS, load_demo

__all__ = ["PEOPLE", "TOKENS", "load_demo"]
