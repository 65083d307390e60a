"""Week-by-week analysis: movers, trends, interventions, penalty watch, cohorts."""
