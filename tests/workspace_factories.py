"""Old import path, kept only while branches started before the move land; use
``tests.factories`` and ``tests.hostile_input``. Removed at the end of this round."""

from tests.factories import add_activity, add_rating  # noqa: F401
from tests.hostile_input import FUZZ, HOSTILE, check_refused_or_fine  # noqa: F401
