// Starts Swagger UI on the service's own OpenAPI document. Kept in a file (not inline) so that
// the docs page can forbid inline scripts in its Content-Security-Policy. Where the service
// signs in with OpenID Connect, the page names the docs' public client in data attributes and
// "Authorize" uses the authorization code flow with PKCE.
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: "/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: true,
    validatorUrl: null,
    oauth2RedirectUrl: window.location.origin + "/v1/docs/oauth2-redirect",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
  if (root.dataset.clientId) {
    window.ui.initOAuth({
      clientId: root.dataset.clientId,
      scopes: root.dataset.scopes || "openid",
      usePkceWithAuthorizationCodeGrant: true,
    });
  }
});
