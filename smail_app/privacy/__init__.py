"""What the data protection officer asks for: who has seen a participant's data (the
participant's own access log, the admin's search of it), and later the participant's rights.

Above participants and workspace, so it can name participants; the access log itself is
written by ``smail_app.audit``, low enough for every package to call."""
