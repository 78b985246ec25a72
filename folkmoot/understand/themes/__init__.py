"""Understand, free text: themes and sentiment, human review, redaction and early warning."""
