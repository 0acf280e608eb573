"""Browser tests: the app in headless Chromium against one running stack (conftest.py)."""
