"""The desktop front end (pygame-ce + pygame_gui). Entry point: `game.ui.app.run(args)`.

Only this package imports pygame. It reads the engine's state and sends it the
player's intents; every rule stays in game.engine.
"""
