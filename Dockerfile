# The eenloket image (#22, docs/deploy.md "With the container image"): two stages. The builder
# makes a virtual environment from uv.lock (the same lock and Python as pyproject.toml, without
# the dev tools); the final stage is python slim with only the libraries the code needs at run
# time (Pango for WeasyPrint; psycopg[binary] brings its own libpq), no compiler, no build tool,
# no uv, and runs as a user without rights. core/tests/test_container.py checks these promises.
#
#   docker build -t eenloket .
#
# PYTHON_IMAGE may name another image of the same Python on Debian bookworm (a mirror, or the
# local stand-in scripts/container_check.sh makes where no registry of images can be reached).
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS builder
ENV UV_VERSION=0.13.9 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NATIVE_TLS=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python3 -m venv /opt/uv && /opt/uv/bin/pip install --no-cache-dir "uv==${UV_VERSION}"
WORKDIR /build
# The dependencies first: this layer is rebuilt only when the lock changes.
COPY pyproject.toml uv.lock README.md LICENSE ./
RUN /opt/uv/bin/uv sync --frozen --no-dev --no-install-project --python python3
# Then eenloket itself, installed as a wheel (not editable: the source stays in this stage).
COPY src ./src
RUN /opt/uv/bin/uv sync --frozen --no-dev --no-editable --python python3

FROM ${PYTHON_IMAGE} AS runtime
# Pango for WeasyPrint (letters, printed overviews); nothing else from Debian.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 eenloket \
    && useradd --system --uid 10001 --gid eenloket --home-dir /var/lib/eenloket \
       --shell /usr/sbin/nologin eenloket \
    && install -d -o eenloket -g eenloket -m 0750 /var/lib/eenloket
COPY --from=builder /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    EENLOKET_MODE=production \
    EENLOKET_VAR_DIR=/var/lib/eenloket \
    EENLOKET_BIND=0.0.0.0:8000
USER eenloket:eenloket
WORKDIR /var/lib/eenloket
VOLUME ["/var/lib/eenloket"]
EXPOSE 8000
# Liveness only (core/health.py): /ready/ is for the load balancer, it waits for migrations.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python3", "-c", "import os, urllib.request; port = os.environ['EENLOKET_BIND'].rsplit(':', 1)[1]; urllib.request.urlopen(f'http://127.0.0.1:{port}/health/', timeout=4)"]
CMD ["gunicorn", "--config", "python:eenloket.gunicorn_config", "eenloket.wsgi:application"]
