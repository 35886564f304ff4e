"""The scenario format: typed models, a strict loader, and located problems."""

from .loader import LoadedScenario, load_scenario
from .models import Scenario
from .problems import Problem, ProblemsError

__all__ = ["LoadedScenario", "Problem", "ProblemsError", "Scenario", "load_scenario"]
