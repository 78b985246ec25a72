"""Learn: evaluation, evidence that duties were met, the annual view of engagement quality."""
