"""Reach: community partners and stakeholders, inclusive methods, paid partnerships, PPGs."""
