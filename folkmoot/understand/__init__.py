"""Understand: results, themes and sentiment, who is missing against the population, weighting."""
