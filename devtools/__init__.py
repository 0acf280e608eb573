"""Development tools: stand-ins for outside services and generated data for tests, benchmarks and `make run`.

They live outside the shipped package (pyproject.toml lists only `api` and `workers`), so the production
image carries none of them; run them from a checkout with `python -m devtools …` (see docs/development.md).
"""
