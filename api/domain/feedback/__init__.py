"""Feedback from anyone (the accessibility statement's feedback mechanism): sent to the moderators by
e-mail and kept for them until `feedback_retention_days` after it came."""
