# Not exercised by CI (no Docker engine on the build machines); kept in step with the Makefile.
# Build:  docker build -t goedgesprek .
# Run:    docker run -e DATABASE_URL=postgresql://user:pass@db:5432/goedgesprek \
#                    -e GOEDGESPREK_JWKS_URL=... -e GOEDGESPREK_JWT_ISSUER=... -p 8000:8000 goedgesprek

FROM python:3.11-slim AS build
# The project is installed in editable mode at /srv so that alembic.ini and migrations/ are read
# from the same tree as the code (app/migrate.py finds them next to the app package).
WORKDIR /srv
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml requirements.lock README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install -c requirements.lock -e . \
 && find /srv -name '__pycache__' -prune -exec rm -rf {} +

FROM python:3.11-slim
RUN useradd --system --uid 10001 --home-dir /srv --shell /usr/sbin/nologin goedgesprek \
 && mkdir /data && chown goedgesprek /data
WORKDIR /srv
COPY --from=build /opt/venv /opt/venv
COPY --from=build /srv /srv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    GOEDGESPREK_HOST=0.0.0.0 \
    GOEDGESPREK_PORT=8000 \
    GOEDGESPREK_AUTH_MODE=jwks \
    GOEDGESPREK_ENVIRONMENT=production \
    GOEDGESPREK_DATA_DIR=/data
USER goedgesprek
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/v1/health/ready').status != 200)"
# DATABASE_URL is required: without it the container would try to start an embedded server.
ENTRYPOINT ["/bin/sh", "-c", ": \"${DATABASE_URL:?DATABASE_URL is required}\" && goedgesprek migrate && exec goedgesprek serve --skip-migrations"]
