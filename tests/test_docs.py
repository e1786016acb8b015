"""Interactive docs from local files only: usable on a closed network."""

from __future__ import annotations

import re
from urllib.parse import urlparse


async def test_docs_page_references_no_external_host(client):
    response = await client.get("/v1/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert references, "the page loads its assets"
    for reference in references:
        assert not urlparse(reference).netloc, reference
        asset = await client.get(reference)
        assert asset.status_code == 200, reference
    assert "http://" not in html and "https://" not in html
    init = await client.get("/v1/docs/static/own/docs-init.js")
    assert "http" not in init.text
    assert "/v1/openapi.json" in init.text


async def test_docs_page_forbids_inline_scripts_and_framing(client):
    response = await client.get("/v1/docs")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src" not in csp  # scripts fall back to 'self': no inline, no CDN
    assert "<script>" not in response.text


async def test_docs_assets_are_cacheable_the_api_is_not(client):
    asset = await client.get("/v1/docs/static/swagger-ui.css")
    assert asset.headers["Cache-Control"].startswith("public")
    api = await client.get("/v1/openapi.json")
    assert api.headers["Cache-Control"] == "no-store"


# --- issue 19: "Authorize" by authorization code with PKCE at the organisation's provider ------


async def test_docs_sign_in_uses_pkce_with_the_configured_public_client(app_factory):
    from tests.conftest import make_client

    app = app_factory(
        oidc_issuer="https://login.maastricht.nl/realms/gemeente",
        docs_client_id='goedgesprek-docs"><script>',
        docs_scopes="openid profile",
    )
    async with make_client(app) as client:
        page = await client.get("/v1/docs")
        init = await client.get("/v1/docs/static/own/docs-init.js")
    # The client id reaches the script as an escaped data attribute, never as markup.
    assert 'data-client-id="goedgesprek-docs&quot;&gt;&lt;script&gt;"' in page.text
    assert 'data-scopes="openid profile"' in page.text
    assert "<script>" not in page.text
    csp = page.headers["Content-Security-Policy"]
    # The page may talk to the provider (discovery, token exchange) and nothing else outside.
    assert "connect-src 'self' https://login.maastricht.nl" in csp
    assert "script-src" not in csp
    assert "usePkceWithAuthorizationCodeGrant: true" in init.text
    assert "/v1/docs/oauth2-redirect" in init.text
    document = app.openapi()
    scheme = document["components"]["securitySchemes"]["openIdConnect"]
    assert scheme["openIdConnectUrl"] == (
        "https://login.maastricht.nl/realms/gemeente/.well-known/openid-configuration"
    )


async def test_without_a_provider_the_docs_page_offers_only_the_bearer_token(client):
    page = await client.get("/v1/docs")
    assert "data-client-id" not in page.text
    assert "connect-src" not in page.headers["Content-Security-Policy"]


async def test_the_sign_in_returns_to_a_page_without_inline_script(client):
    page = await client.get("/v1/docs/oauth2-redirect")
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    scripts = re.findall(r"<script([^>]*)>", page.text)
    assert scripts == [' src="/v1/docs/static/own/oauth2-redirect.js"']
    script = await client.get("/v1/docs/static/own/oauth2-redirect.js")
    assert script.status_code == 200
    # The code is handed over only when the state is the one sent (no login CSRF).
    assert "returned.state === opener.state" in script.text
    assert "stateMatches" in script.text


def test_the_redirect_hands_over_the_code_only_for_the_state_sent():
    """The redirect page's script, run by Node against a stand-in of the opening window."""
    import json
    import shutil
    import subprocess
    from pathlib import Path

    import pytest

    node = shutil.which("node")
    if node is None:  # CI has Node (make adr-lint, make clients); a bare machine may not
        pytest.skip("Node.js is not installed")
    script = Path(__file__).parent / "js" / "oauth2_redirect_check.js"
    out = subprocess.run([node, str(script)], capture_output=True, text=True, check=True)
    good, forged, refused = (json.loads(line) for line in out.stdout.splitlines())
    assert good == {"code": "abc", "error": None, "closed": True}
    assert forged["code"] is None and "state" in forged["error"]
    assert refused["code"] is None and "access_denied" in refused["error"]
