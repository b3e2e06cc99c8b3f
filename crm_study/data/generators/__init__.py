"""Seeded generators of the synthetic datasets: ``gen_<name>.generate(seed) -> DataFrame``."""
