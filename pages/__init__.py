"""Screens. Each module only defines ``render()``; app.py registers them (DESIGN section 7)."""
