"""Interactive documentation served from local files: usable on a closed network (no CDN)."""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urlsplit

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from app.api.routing import ApiRouter
from app.config import API_PREFIX

SWAGGER_DIR = Path(fastapi_offline.__file__).parent / "static"
OWN_STATIC_DIR = Path(__file__).parent.parent / "static"
DOCS_PATH = f"{API_PREFIX}/docs"
REDIRECT_PATH = f"{DOCS_PATH}/oauth2-redirect"
STATIC_PATH = f"{DOCS_PATH}/static"
# Swagger UI needs its own scripts, inline styles and data: images; nothing from elsewhere.
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "frame-ancestors 'none'"
)


def docs_csp(issuer: str | None) -> str:
    """The docs page's policy; with OpenID Connect, the page may also fetch the provider's
    discovery document and exchange the code for a token there (issue 19: PKCE)."""
    if not issuer:
        return DOCS_CSP
    parts = urlsplit(issuer)
    return f"{DOCS_CSP}; connect-src 'self' {parts.scheme}://{parts.netloc}"


DOCS_HTML = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>goedgesprek API — documentation</title>
  <link rel="stylesheet" href="{STATIC_PATH}/swagger-ui.css">
  <link rel="icon" type="image/png" href="{STATIC_PATH}/favicon.png">
</head>
<body>
  <div id="swagger-ui"{{sign_in}}></div>
  <script src="{STATIC_PATH}/swagger-ui-bundle.js"></script>
  <script src="{STATIC_PATH}/own/docs-init.js"></script>
</body>
</html>
"""

REDIRECT_HTML = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>goedgesprek API — signing in</title>
</head>
<body>
  <script src="{STATIC_PATH}/own/oauth2-redirect.js"></script>
</body>
</html>
"""

router = ApiRouter()


@router.get(f"{API_PREFIX}/openapi.json", include_in_schema=False)
async def openapi_document(request: Request) -> JSONResponse:
    return JSONResponse(request.app.openapi())


@router.get(DOCS_PATH, include_in_schema=False)
async def docs_page(request: Request) -> HTMLResponse:
    settings = request.app.state.settings
    sign_in = ""
    if settings.oidc_issuer and settings.docs_client_id:
        sign_in = (
            f' data-client-id="{html.escape(settings.docs_client_id)}"'
            f' data-scopes="{html.escape(settings.docs_scopes)}"'
        )
    return HTMLResponse(
        DOCS_HTML.replace("{sign_in}", sign_in),
        headers={"Content-Security-Policy": docs_csp(settings.oidc_issuer)},
    )


@router.get(REDIRECT_PATH, include_in_schema=False)
async def oauth2_redirect() -> HTMLResponse:
    """Where the identity provider sends the docs page's sign-in back (redirect URI)."""
    return HTMLResponse(REDIRECT_HTML, headers={"Content-Security-Policy": DOCS_CSP})


def install(app: FastAPI) -> None:
    app.include_router(router)
    # Mounted in this order: the project's own init script first, then Swagger UI's files.
    app.mount(f"{STATIC_PATH}/own", StaticFiles(directory=OWN_STATIC_DIR), name="docs-own")
    app.mount(STATIC_PATH, StaticFiles(directory=SWAGGER_DIR), name="docs-static")
