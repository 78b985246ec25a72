"""Feed back: "You said, we did", decisions, telling people on their own channel."""
