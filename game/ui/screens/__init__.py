"""One module per screen. Each screen reads the engine and sends intents through the app."""
