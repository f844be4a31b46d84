"""gunicorn reads this file when it is started in the project folder (`gunicorn
newsroom.wsgi`). The settings themselves live in `newsroom/gunicorn_conf.py`, the file
`make serve` names, so both ways of starting the site run with the same workers, timeouts
and recycling.
"""

import runpy
from pathlib import Path

globals().update(
    (name, value)
    for name, value in runpy.run_path(
        str(Path(__file__).parent / "newsroom" / "gunicorn_conf.py")
    ).items()
    if not name.startswith("_")
)
