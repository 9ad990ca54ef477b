"""SMAIL benchmark: generated data, gunicorn under local load, SQL and byte counts.

Run with ``make bench`` or ``python -m bench.run --help``. Never part of ``make test``.
"""
