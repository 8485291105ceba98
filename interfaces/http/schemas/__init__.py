"""Request and response shapes of the HTTP API; separate from the domain on purpose.

One module per part of the API; everything is importable from here.
"""

from interfaces.http.schemas.checks import *  # noqa: F403
from interfaces.http.schemas.coaching import *  # noqa: F403
from interfaces.http.schemas.commands import *  # noqa: F403
from interfaces.http.schemas.common import *  # noqa: F403
from interfaces.http.schemas.erasure import *  # noqa: F403
from interfaces.http.schemas.journey import *  # noqa: F403
from interfaces.http.schemas.profile import *  # noqa: F403
from interfaces.http.schemas.reference import *  # noqa: F403
from interfaces.http.schemas.reviews import *  # noqa: F403
from interfaces.http.schemas.supervision import *  # noqa: F403
from interfaces.http.schemas.worksheet import *  # noqa: F403
