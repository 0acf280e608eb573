"""Demo and benchmark data, written straight to PostgreSQL with psycopg and COPY (`volumap seed`).

`bielefeld` is the hand-written demo city: organisations and offers that read like real ones.
`synthetic` adds any number of cheap generated offers over North Rhine-Westphalia for load tests.
"""
