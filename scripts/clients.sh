#!/usr/bin/env bash
# `make clients` (issue 19): the clients an integrator generates from openapi/openapi.json build
# without warnings: TypeScript types (openapi-typescript, checked by tsc --strict) and a Python
# client (openapi-python-client, installed and imported). The one warning allowed is for the
# binary download it cannot type (the archive copy's PDF). Needs npx and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== TypeScript: openapi-typescript, then tsc --strict"
npx --yes openapi-typescript@7.13.0 openapi/openapi.json -o "$work/api.d.ts" >/dev/null
npx --yes -p typescript@5.9.3 tsc --strict --noEmit "$work/api.d.ts"

echo "== Python: openapi-python-client, installed and imported"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check openapi-python-client==0.29.1
PATH="$PWD/.venv/bin:$PATH" "$work/venv/bin/openapi-python-client" generate \
  --path openapi/openapi.json --output-path "$work/python" >"$work/generate.log" 2>&1 || {
  cat "$work/generate.log"
  exit 1
}
unexpected=$(grep -iE "warning|error|cannot|unable" "$work/generate.log" \
  | grep -vE "application/pdf|archive-copy|Warning\(s\) encountered while generating" || true)
if [ -n "$unexpected" ]; then
  echo "openapi-python-client warned:" >&2
  echo "$unexpected" >&2
  exit 1
fi
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "$work/python"
"$work/venv/bin/python" -c "import goedgesprek_e_module_gesprekscyclus_client as c; print('python client:', c.__name__)"
echo "clients: both build"
