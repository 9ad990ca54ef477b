"""SMAIL - Skattning Mot Arbete I Länet."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from smail_app import config as config_module
from smail_app.extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)

    app.config.from_mapping(config_module.DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_mapping(config_module.from_environment(os.environ))
    if test_config is not None:
        app.config.from_mapping(test_config)
    _finish_config(app)

    hops = app.config["SMAIL_PROXY_HOPS"]
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    _import_models()
    _init_extensions(app)
    _register_blueprints(app)

    from smail_app import cli, errors, security, static_assets, web
    from smail_app.assessments import device_lock
    from smail_app.audit import chain
    from smail_app.core import kept, transaction

    transaction.register(app)  # the request's one commit
    kept.register(app)  # computed reports kept until their data changes (core/kept.py)
    chain.install()  # access-log entries hash-chained as they are written
    errors.register(app)
    security.register(app)
    web.register(app)
    static_assets.register(app)  # hashed names, long cache, compression
    device_lock.register(app)  # rating together: the device stays on that rating
    cli.register(app)
    return app


def _finish_config(app: Flask) -> None:
    is_production = app.config["SMAIL_ENV"] == "production"
    if not app.config.get("SECRET_KEY"):
        if is_production:
            raise RuntimeError(
                "SMAIL_SECRET_KEY must be set in production (refusing to start without it)."
            )
        app.config["SECRET_KEY"] = config_module.development_secret_key(app.instance_path)
    cost = app.config["SMAIL_PASSWORD_HASH_COST"]
    if cost not in {"standard", "low"} or (cost == "low" and is_production):
        raise RuntimeError(f"SMAIL_PASSWORD_HASH_COST={cost!r} is not allowed here "
                           "(\"standard\", or \"low\" outside production).")
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        db_file = os.path.join(app.instance_path, "smail.db")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_file}"
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite"):
        # One writer at a time; wait for it rather than fail with "database is locked".
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options.setdefault("connect_args", {"timeout": 15})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    redis_url = app.config.get("SMAIL_REDIS_URL")
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)


def _import_models() -> None:
    """Every domain's models, so the metadata (create_all, Alembic) sees all tables."""
    import importlib
    import pkgutil

    package_dir = os.path.dirname(__file__)
    for module in pkgutil.iter_modules([package_dir]):
        if module.ispkg and os.path.exists(os.path.join(package_dir, module.name, "models.py")):
            importlib.import_module(f"smail_app.{module.name}.models")


def _init_extensions(app: Flask) -> None:
    from smail_app import i18n
    from smail_app.participants import facts as participant_facts
    from smail_app.sqlite_pragmas import enable_sqlite_pragmas

    db.init_app(app)
    participant_facts.install(db.metadata)
    with app.app_context():
        enable_sqlite_pragmas(db.engine)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.register(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"

    from smail_app.auth.sessions import load_signed_in_user

    login_manager.user_loader(load_signed_in_user)


def _register_blueprints(app: Flask) -> None:
    from smail_app.api.views import bp as api_bp
    from smail_app.assessments.views import bp as assessments_bp
    from smail_app.auth.views import bp as auth_bp
    from smail_app.certification.views import bp as certification_bp
    from smail_app.languages import views as languages_views
    from smail_app.organisations.views import bp as organisations_bp
    from smail_app.participants.views import bp as participants_bp
    from smail_app.plans.views import bp as plans_bp
    from smail_app.privacy.views import bp as privacy_bp
    from smail_app.reports.views import bp as reports_bp
    from smail_app.workspace.views import bp as workspace_bp

    languages_views.register(app)
    for blueprint in (auth_bp, organisations_bp, participants_bp, workspace_bp, assessments_bp,
                      privacy_bp, certification_bp, plans_bp, reports_bp, api_bp):
        app.register_blueprint(blueprint)
