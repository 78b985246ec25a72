"""Listen: surveys on every channel, equality monitoring, consent and contact details."""
