"""Render: a frozen quote formatted for people and programs; nothing is computed here.

In:  a `Quote`, the provider's brand and the theme (templates, styles, fonts, translations).
Out: bytes: HTML, PDF/A with attachments, JSON, and terminal text; resources only ever
     come from the theme and the workspace.
"""
