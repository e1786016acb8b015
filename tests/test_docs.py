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
