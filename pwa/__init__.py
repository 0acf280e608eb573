"""The progressive web app's files. A package (shipped as `api.pwa`, see pyproject.toml) so that an installed
VoluMap serves them from the installed package."""
