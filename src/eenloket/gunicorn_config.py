"""How gunicorn serves eenloket, in one place (#22).

docs/deploy.md, scripts/deploy_check.sh and the container image (Dockerfile) all start

    gunicorn --config python:eenloket.gunicorn_config eenloket.wsgi:application

(core/tests/test_container.py holds the three to the same line). What differs per place comes
from the environment: ``EENLOKET_BIND`` (default 127.0.0.1:8000; the image binds 0.0.0.0:8000)
and ``WEB_CONCURRENCY`` (worker processes, default 4: two per core, docs/deploy.md "Sizing").
"""

import os

bind = [os.environ.get("EENLOKET_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
# A page that takes longer is a bug or a stuck query: the worker is replaced.
timeout = 30
graceful_timeout = 30
# One line per request on standard output (the container log; docs/operations.md, "Logs").
accesslog = "-"
