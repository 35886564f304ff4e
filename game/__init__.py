"""Shield Talks: an educational negotiation game about missile-defence diplomacy, 2007–2011."""

__version__ = "0.1.0"
