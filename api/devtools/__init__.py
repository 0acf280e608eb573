"""Stand-ins for outside services, for development, tests and benchmarks; never part of the served app."""
