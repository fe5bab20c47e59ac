"""SurvIndex: an open, evidence-backed AI Global Surveillance Index."""

__version__ = "0.1.0"
