"""WSGI entry point: `gunicorn wsgi:app`."""

from smail_app import create_app

app = create_app()
