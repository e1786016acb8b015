"""Interactive documentation served from local files: usable on a closed network (no CDN)."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from app.api.routing import ApiRouter
from app.config import API_PREFIX

SWAGGER_DIR = Path(fastapi_offline.__file__).parent / "static"
OWN_STATIC_DIR = Path(__file__).parent.parent / "static"
DOCS_PATH = f"{API_PREFIX}/docs"
STATIC_PATH = f"{DOCS_PATH}/static"
# Swagger UI needs its own scripts, inline styles and data: images; nothing from elsewhere.
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "frame-ancestors 'none'"
)

DOCS_HTML = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>goedgesprek API — documentation</title>
  <link rel="stylesheet" href="{STATIC_PATH}/swagger-ui.css">
  <link rel="icon" type="image/png" href="{STATIC_PATH}/favicon.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{STATIC_PATH}/swagger-ui-bundle.js"></script>
  <script src="{STATIC_PATH}/own/docs-init.js"></script>
</body>
</html>
"""

router = ApiRouter()


@router.get(f"{API_PREFIX}/openapi.json", include_in_schema=False)
async def openapi_document(request: Request) -> JSONResponse:
    return JSONResponse(request.app.openapi())


@router.get(DOCS_PATH, include_in_schema=False)
async def docs_page() -> HTMLResponse:
    return HTMLResponse(DOCS_HTML, headers={"Content-Security-Policy": DOCS_CSP})


def install(app: FastAPI) -> None:
    app.include_router(router)
    # Mounted in this order: the project's own init script first, then Swagger UI's files.
    app.mount(f"{STATIC_PATH}/own", StaticFiles(directory=OWN_STATIC_DIR), name="docs-own")
    app.mount(STATIC_PATH, StaticFiles(directory=SWAGGER_DIR), name="docs-static")
