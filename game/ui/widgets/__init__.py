"""Small building blocks the screens share: keyboard focus, popups, canvases."""
