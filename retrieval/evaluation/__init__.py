"""Measuring answer quality above the facade: evaluation runs and feedback export."""
