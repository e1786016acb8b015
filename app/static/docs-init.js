// Starts Swagger UI on the service's own OpenAPI document. Kept in a file (not inline) so that
// the docs page can forbid inline scripts in its Content-Security-Policy.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
