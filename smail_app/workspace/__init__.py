"""The handledare's workspace: read models and pages that bring several domains together
(the caseload, the participant page and its print view, the exit page). It sits above
participants, assessments, plans and notifications, so those never import each other for a
page."""
