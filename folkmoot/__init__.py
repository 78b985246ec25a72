"""Folkmoot: engagement with people and communities for health and care in England."""
