// The end of the docs page's sign-in (authorization code with PKCE): the identity provider sends
// the browser back here with `code` and `state`; this hands them to the Swagger UI window that
// opened the sign-in and closes. Kept in a file (not inline) so that the page's
// Content-Security-Policy can forbid inline scripts.
(function () {
  "use strict";
  var opener = window.opener && window.opener.swaggerUIRedirectOauth2;
  if (!opener) {
    document.body.textContent = "Sign-in finished; this window can be closed.";
    return;
  }
  var raw = window.location.search || window.location.hash.replace(/^#/, "?");
  var params = new URLSearchParams(raw);
  var returned = {};
  params.forEach(function (value, key) {
    returned[key] = value;
  });
  var flow = opener.auth.schema.get("flow");
  var isCodeFlow = ["accessCode", "authorizationCode", "authorization_code"].indexOf(flow) >= 0;
  var stateMatches = returned.state === opener.state;
  if (isCodeFlow && !opener.auth.code) {
    if (!stateMatches) {
      // A state that is not the one sent: refuse the code (it may be an attacker's).
      opener.errCb({
        authId: opener.auth.name,
        source: "auth",
        level: "error",
        message: "Sign-in refused: the state returned is not the one sent.",
      });
    } else if (returned.code) {
      delete opener.state;
      opener.auth.code = returned.code;
      opener.callback({ auth: opener.auth, redirectUrl: opener.redirectUrl });
    } else {
      opener.errCb({
        authId: opener.auth.name,
        source: "auth",
        level: "error",
        message:
          "Sign-in failed: " +
          (returned.error || "no authorization code") +
          (returned.error_description ? " (" + returned.error_description + ")" : ""),
      });
    }
  } else {
    opener.callback({
      auth: opener.auth,
      token: returned,
      isValid: stateMatches,
      redirectUrl: opener.redirectUrl,
    });
  }
  window.close();
})();
