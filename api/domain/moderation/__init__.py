"""Moderation: the review queue, decisions on organisations and offers, reports, the audit log."""
