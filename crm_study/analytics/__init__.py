"""The formulas and models: customer value (ABC, RFM, CLV), BTYD models, satisfaction,
loyalty, retention, funnels and weighted grading. Pure functions on DataFrames, no display."""
