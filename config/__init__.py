"""Settings for articlebot: environment over an optional TOML file over defaults."""

from config.settings import Settings, load_settings, settings_for

__all__ = ["Settings", "load_settings", "settings_for"]
