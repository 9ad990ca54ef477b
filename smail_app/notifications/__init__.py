"""E-mail reminders: the participant's rating opens, and each handledare's digest."""
