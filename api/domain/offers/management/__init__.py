"""Members manage their organisation's offers: drafts, edits and the member side of the lifecycle."""
