"""The game engine: pure Python, deterministic for a seed, and never imports pygame."""
