"""The Bielefeld demo city (`volumap seed`), written straight to PostgreSQL with psycopg and COPY.

The content (districts, activities, organisations, names) lives in the data files under `api/demo/data/`;
`bielefeld` composes offers from them, `accounts` adds the demo log-ins. Synthetic data for benchmarks is a
development tool (`devtools/`), not part of the shipped package.
"""
