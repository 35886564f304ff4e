"""Tools for scenario authors: checks, the format reference, diagrams and a starter file."""
