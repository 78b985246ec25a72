"""The free-text classifier: framework categories (multi-label) and 5-point sentiment, offline on CPU."""
