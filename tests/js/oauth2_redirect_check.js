// Runs app/static/oauth2-redirect.js against a stand-in of the Swagger UI window that opened
// the sign-in (tests/test_docs.py): prints one JSON line per case.
const fs = require("fs");
const path = require("path");
const src = fs.readFileSync(path.join(__dirname, "../../app/static/oauth2-redirect.js"), "utf8");

function run(search, state) {
  let code = null;
  let error = null;
  let closed = false;
  const opener = {
    swaggerUIRedirectOauth2: {
      state: state,
      redirectUrl: "http://127.0.0.1:8000/v1/docs/oauth2-redirect",
      auth: { name: "openIdConnect", schema: { get: () => "authorization_code" } },
      callback: (handed) => { code = handed.auth.code; },
      errCb: (e) => { error = e.message; },
    },
  };
  const window = { opener, location: { search, hash: "" }, close: () => { closed = true; } };
  new Function("window", "document", "URLSearchParams", src)(window, { body: {} }, URLSearchParams);
  return { code, error, closed };
}

console.log(JSON.stringify(run("?code=abc&state=s1", "s1")));
console.log(JSON.stringify(run("?code=abc&state=forged", "s1")));
console.log(JSON.stringify(run("?error=access_denied&state=s1", "s1")));
