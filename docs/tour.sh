#!/usr/bin/env bash
# The five-minute tour of the README, as a script: CI runs it whole against a fresh service with
# the demo loaded (`make tour`), and a test keeps the README's copy equal to it, so neither can go
# stale. Run it yourself against `make run`:  bash docs/tour.sh
set -euo pipefail
cd "$(dirname "$0")/.."
GG=${GG:-.venv/bin/goedgesprek}
PY=${PY:-.venv/bin/python}

# call STATUS CURL-ARGS…: prints the response body; the tour stops on any other status.
call() {
  local want=$1 out code
  shift
  out=$(curl -s -w '\n%{http_code}' "$@")
  code=${out##*$'\n'}
  printf '%s\n' "${out%$'\n'*}"
  if [ "$code" != "$want" ]; then
    echo "tour: expected $want, got $code: curl $*" >&2
    return 1
  fi
}
# json EXPRESSION: a Python expression over the JSON on stdin (d), e.g. json 'd["version"]'
json() { "$PY" -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
auth() { printf 'Authorization: Bearer %s' "$1"; }

# --- the tour ---------------------------------------------------------------------------------
# Load the demo organisation (idempotent: about 30 employees in cycles at every stage) and take
# its tokens and the API's address: HR_TOKEN (H0001), MANAGER_TOKEN (T0001), EMPLOYEE_TOKEN
# (E0001) and API
eval "$("$GG" demo --print-env)"

# Alive? Ready (database reachable, migrations at head)?
call 200 "$API/health"
# {"status":"ok","version":"0.7.0","schemaRevision":null}
call 200 "$API/health/ready"
# {"status":"ready","version":"0.7.0","schemaRevision":"0030_row_tally"}

# The OpenAPI document is public; the interactive docs are at $API/docs
call 200 "$API/openapi.json" -o /dev/null

# Mint a token (local mode): a person with a personnel number and roles …
TOKEN=$("$GG" token --sub 100001 --role hr)
call 200 -H "$(auth "$TOKEN")" "$API/me"
# {"kind":"person","subject":"100001","roles":["hr"],"scopes":[]}
# … or a service client such as the HR information system, with scopes
HRIS=$("$GG" token --client hris --scope "people:write audit:read")
call 200 -H "$(auth "$HRIS")" "$API/me"
# Without a token: 401, as application/problem+json, with WWW-Authenticate
call 401 -i "$API/me"

# Every error is a problem document; invalid input lists every invalid field
call 400 -H "$(auth "$TOKEN")" "$API/audit-events?pageSize=1000"
# {"type":".../problems/invalid-input","title":"Invalid input","status":400,
#  "detail":"1 invalid parameter(s): pageSize.","code":"invalid-input",
#  "instance":"/v1/audit-events","invalidParams":[{"name":"pageSize","in":"query",
#  "code":"less_than_equal","reason":"Input should be less than or equal to 100"}]}

# The competency guide (R3.1–R3.5): competencies, at the level of a function scale (R3.4) …
call 200 -H "$(auth "$TOKEN")" "$API/competencies?cluster=core&functionScale=10"
call 200 -H "$(auth "$TOKEN")" "$API/competencies/samenwerken"
# … a scale outside 3–18 names the rule
call 400 -H "$(auth "$TOKEN")" "$API/competencies?functionScale=2"
# {"type":".../problems/scale-out-of-range",…,"code":"scale-out-of-range","rule":"R3.4",…}
# … the profiles, the rating scale, the versions in force because the College adopted them
# after the works council consented (Art. 3.5; a version without that record is a draft)
call 200 -H "$(auth "$TOKEN")" "$API/competency-profiles/beleidsmedewerker"
call 200 -H "$(auth "$TOKEN")" "$API/rating-scale"
call 200 -H "$(auth "$TOKEN")" "$API/guide-versions"
# {"items":[{"id":"2014",…,"status":"adopted","adoption":{"collegeDecisionDate":"2014-02-24",
#  "collegeDecisionReference":"Collegenota …","worksCouncilConsentDate":"2014-01-30",…},
#  "inForce":true}]}
# … and reference data answers If-None-Match with 304
ETAG=$(curl -sI -H "$(auth "$TOKEN")" "$API/rating-scale" \
  | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
call 304 -H "$(auth "$TOKEN")" -H "If-None-Match: $ETAG" "$API/rating-scale"

# People: a manager sees their reports (and themself), nobody else; someone else's record is 404
call 200 -H "$(auth "$MANAGER_TOKEN")" "$API/employees?pageSize=100" -o /dev/null
call 404 -H "$(auth "$MANAGER_TOKEN")" "$API/employees/E0006"
call 200 -H "$(auth "$MANAGER_TOKEN")" "$API/me"

# The HR information system keeps people in sync: PUT by key (idempotent), or bulk imports
HRIS=$("$GG" token --client hris --scope "people:write")
NINA='{"name": "Nieuwe Nina", "orgUnitKey": "jeugd", "functionProfileCode": "P22",
  "salaryScale": 9, "inFunctionScale": false, "entryDate": "2026-12-01",
  "managerPersonnelNumber": "T0001"}'
curl -s -o /dev/null -X PUT -H "$(auth "$HRIS")" -H "Content-Type: application/json" \
  "$API/employees/E0100" -d "$NINA"   # 201 the first time, 200 after
call 200 -X PUT -H "$(auth "$HRIS")" -H "Content-Type: application/json" \
  "$API/employees/E0100" -d "$NINA"
# … a bulk import is checked whole: every bad row and field at once
call 400 -X POST -H "$(auth "$HRIS")" -H "Content-Type: application/json" \
  -H "Idempotency-Key: sync-2026-12-01" "$API/employee-imports" \
  -d '{"employees": [{"personnelNumber": "E0101", "name": "Olaf Ouder", "orgUnitKey": "werk",
  "functionProfileCode": "P70", "salaryScale": 19, "inFunctionScale": true,
  "entryDate": "2026-12-01", "managerPersonnelNumber": "E0101"}]}'
# {…,"invalidParams":[{"name":"employees.0.salaryScale",…},
#  {"name":"employees.0.managerPersonnelNumber",…}]}

# Cycles and talks (Article 2, T2.1): every demo employee is in their cycle, each talk with its
# due date and the rule that set it (dueRule). The overdue cycles of Team Jeugd and below:
call 200 -H "$(auth "$MANAGER_TOKEN")" "$API/cycles?overdue=true&orgUnit=jeugd" -o /dev/null
# … one cycle with its talks and what the caller may do with it now (actions)
CYCLE=$(curl -s -H "$(auth "$EMPLOYEE_TOKEN")" "$API/cycles" | json 'd["items"][0]["id"]')
call 200 -H "$(auth "$EMPLOYEE_TOKEN")" "$API/cycles/$CYCLE"
# {"id":"…","employee":{"personnelNumber":"E0001","name":"Eva Beleidsmedewerker"},…,
#  "kind":"regular","rule":"T2.1","startDate":"2026-01-01","endDate":"2027-12-31",…,
#  "talks":[{…,"kind":"planning","dueDate":"2026-05-31","dueRule":"R4.1","status":"held",…},
#  {…,"kind":"progress","dueDate":"2027-07-01","windowStart":"2026-07-02","dueRule":"R5.1",…},…],
#  "actions":["request-talk"]}
# The test clock (on under `make run`, never in production): HR moves today, every deadline
# follows it, and DELETE goes back to the real date
call 200 -X PUT -H "$(auth "$HR_TOKEN")" -H "Content-Type: application/json" \
  "$API/clock" -d '{"today": "2027-07-02"}'
# {"today":"2027-07-02","realToday":"…","offsetDays":…,"adjustable":true}
curl -s -H "$(auth "$EMPLOYEE_TOKEN")" "$API/cycles/$CYCLE" \
  | json 'd["talks"][1]["overdue"]'   # the progress talk, due 1 July 2027
# True
call 200 -X DELETE -H "$(auth "$HR_TOKEN")" "$API/clock"

# Agreements (Articles 3–5): Eva's planning talk was agreed and held; her progress talk is being
# prepared (the set, its version, the talk it is agreed in, blockers, actions)
call 200 -H "$(auth "$EMPLOYEE_TOKEN")" "$API/cycles/$CYCLE/agreement-set" -o /dev/null
# Lars (E0021, in the entry scale since 1 August 2026) has none yet. His manager (T0003)
# composes his competency set (R3.2–R3.4; crucial: R6.7) …
LARS_TOKEN=$("$GG" token --sub E0021 --role employee)
TEUN_TOKEN=$("$GG" token --sub T0003 --role manager)
LARS_CYCLE=$(curl -s -H "$(auth "$LARS_TOKEN")" "$API/cycles" | json 'd["items"][0]["id"]')
call 200 -X PUT -H "$(auth "$TEUN_TOKEN")" -H "Content-Type: application/json" \
  -H "If-Match: *" "$API/cycles/$LARS_CYCLE/competency-set" \
  -d '{"chosen": [], "crucial": ["integriteit"]}'
# {"cycleId":"…","revision":1,"setVersion":1,…,"level":1,"chosen":[],"members":[{"code":
#  "samenwerken",…,"source":"core","crucial":false,"definition":"…","behaviours":[…],…},…]}
# … records a work agreement: specific, measurable, due within the cycle (R4.5) …
call 201 -X POST -H "$(auth "$TEUN_TOKEN")" -H "Content-Type: application/json" \
  "$API/cycles/$LARS_CYCLE/agreements" -d '{"kind": "work",
  "description": "Groenonderhoud wijk Noord volgens bestek", "measure": "Schouw: score 8 of hoger",
  "dueDate": "2027-06-30"}'
# … both approve the set at the version they read (R4.6), and the planning talk can be held
SET=$(curl -s -H "$(auth "$LARS_TOKEN")" "$API/cycles/$LARS_CYCLE/agreement-set")
VERSION=$(echo "$SET" | json 'd["version"]')
PLANNING=$(echo "$SET" | json 'd["currentTalk"]["talkId"]')
for T in "$TEUN_TOKEN" "$LARS_TOKEN"; do
  call 201 -X POST -H "$(auth "$T")" -H "Content-Type: application/json" \
    "$API/talks/$PLANNING/approvals" -d "{\"setVersion\": $VERSION}"
done
# {"id":"…","talkId":"…","setVersion":2,"party":"manager","approvedBy":"T0003",…,"void":false}
call 201 -X POST -H "$(auth "$TEUN_TOKEN")" -H "Content-Type: application/json" \
  "$API/talks/$PLANNING/completions" -d "{\"heldOn\": \"$(date +%F)\"}"
# "status":"held"; before both approved: 422 "agreements-not-agreed" (R4.6). A change after an
# approval, before the talk is held, raises the set's version and voids it: both approve again.

# Appraisals (Article 6): the demo has one in every state of the procedure. HR (and the HR
# information system, with scope outcomes:read) lists the outcomes: the state, the final rating
# once finalised, a reward yes or no; never the motivations, informants' input or objections
call 200 -H "$(auth "$HR_TOKEN")" "$API/appraisal-outcomes?pageSize=100" -o /dev/null
# {"items":[{"appraisalId":"…","talkId":"…","cycleId":"…","employee":{"personnelNumber":
#  "E0016",…},"orgUnit":"openbare-ruimte","state":"finalised","probation":false,"early":false,
#  "finalRating":4,"finalLabel":"goed","reward":true,"finalisedOn":"…","appealReference":null,
#  "supersedes":null,"supersededBy":null},…]}
talk_of() {  # the (first) appraisal talk of a demo employee, from the outcomes
  curl -s -H "$(auth "$HR_TOKEN")" "$API/appraisal-outcomes?pageSize=100" \
    | json "next(o['talkId'] for o in d['items'] if o['employee']['personnelNumber'] == '$1')"
}
# Mila (E0022): her draft was shared the day the demo was loaded, so she reads it; the talk
# follows no earlier than a week later (R6.3)
MILA_TOKEN=$("$GG" token --sub E0022 --role employee)
call 200 -H "$(auth "$MILA_TOKEN")" "$API/talks/$(talk_of E0022)/appraisal"
# {"id":"…","state":"shared","ratedSetVersion":2,"contentVersion":1,"items":[{"item":"work",
#  …,"weight":100.0,"score":4,"label":"goed","motivation":"…"},…],"final":{"computed":4,…},
#  "deadlines":[{"name":"talk-not-before","due":"…","rule":"R6.3",…}],"nextActor":"manager",…}
# Joep's (E0019) draft is not shared: for him it does not exist
JOEP_TOKEN=$("$GG" token --sub E0019 --role employee)
call 404 -H "$(auth "$JOEP_TOKEN")" "$API/talks/$(talk_of E0019)/appraisal"
# HR reads Cas's (E0013) appraisal after the objection hearing: his manager must now answer the
# objections and finalise, within 28 days of the hearing (R6.12)
call 200 -H "$(auth "$HR_TOKEN")" "$API/talks/$(talk_of E0013)/appraisal" -o /dev/null
# {…,"state":"heard",…,"objections":{"text":"Mijn inzet voor het project is niet meegewogen.",
#  …},"hearingOn":"…","deadlines":[…,{"name":"finalise-by",…,"rule":"R6.12",…}],…}
# … and every read of an appraisal is in the audit trail, with its reader
call 200 -H "$(auth "$HR_TOKEN")" "$API/audit-events?resourceType=appraisal&pageSize=5" \
  -o /dev/null
# Gijs's (E0016) finalised appraisal as the PDF for his personnel file (R6.12)
call 200 -o beoordeling.pdf -H "$(auth "$HR_TOKEN")" \
  "$API/talks/$(talk_of E0016)/appraisal/archive-copy"

# The regulation's second pass (issue 18). Wendy (E0007) has a development agreement on
# integriteit: her appraisal evaluated it in words, not scored (Art. 6.4 b), and her personal
# development plan (POP, art. 17:4 AGM) shows it with that evaluation, as JSON or PDF (T4.1)
cycle_of() {  # the current cycle of a demo employee
  curl -s -H "$(auth "$HR_TOKEN")" "$API/cycles?employee=$1" | json 'd["items"][0]["id"]'
}
call 200 -H "$(auth "$HR_TOKEN")" "$API/cycles/$(cycle_of E0007)/personal-development-plan"
# {"cycleId":"…","personnelNumber":"E0007","employeeName":"Wendy Werk",…,"development":[{
#  "agreementId":"…","number":2,"description":"…","evaluation":"Training gevolgd; het geleerde
#  zien we terug in het werk.","concerns":"integriteit","concernsName":"Integriteit",…}],
#  "career":[],"conditions":[],"appraisal":{"talkId":"…","state":"finalised",…}}
call 200 -o pop.pdf -H "$(auth "$HR_TOKEN")" -H "Accept: application/pdf" \
  "$API/cycles/$(cycle_of E0007)/personal-development-plan"
# Kees (E0009) objected; his manager changed the appraisal in part and explained the rest (R6.12)
curl -s -H "$(auth "$HR_TOKEN")" "$API/talks/$(talk_of E0009)/appraisal" | json 'd["response"]'
# partly-met
# Fenna's (E0015) formal objection against her finalised appraisal was partly upheld: HR
# recorded it, and a superseding appraisal was opened, prefilled, on a new appraisal talk
call 200 -H "$(auth "$HR_TOKEN")" "$API/talks/$(talk_of E0015)/appeal-decisions"
# {"items":[{"id":"…","appraisalId":"…","procedure":"objection","outcome":"partly-upheld",
#  "decidedOn":"…","reference":"BZ-2026-041","supersedingTalkId":"…",…}]}
# Olga (E0024) is placed in the function scale on 1 January 2027: her entry-scale cycle ends the
# day before and still ends with her appraisal, due that day (R6.1, Art. 6.1)
CUT=$(curl -s -H "$(auth "$HR_TOKEN")" "$API/cycles?employee=E0024" \
  | json "next(c['id'] for c in d['items'] if c['kind'] == 'entry-scale')")
curl -s -H "$(auth "$HR_TOKEN")" "$API/cycles/$CUT" \
  | json "d['endDate'], d['endReason'], [(t['kind'], t['dueDate'], t['dueRule']) for t in d['talks']]"
# ('2026-12-31', 'placement', [('planning', '2026-05-01', 'R2.7'), ('progress', '2026-12-29',
#  'R5.1'), ('appraisal', '2026-12-31', 'R6.1')])

# Management information (issue 8): which units are behind on planning talks, and who exactly
call 200 -H "$(auth "$HR_TOKEN")" "$API/reports/coverage" -o /dev/null
# {"start":"2026-01-01","end":"2027-12-31","asOf":"…","orgUnit":null,"talks":[…,{"orgUnit":
#  "werk","orgUnitName":"Team Werk en Inkomen","kind":"planning","onTime":0,"late":4,…},…],…}
call 200 -H "$(auth "$HR_TOKEN")" "$API/reports/overdue?kind=planning&orgUnit=werk" -o /dev/null
# … the rating distribution per function group, as an Excel workbook with its charts
call 200 -o uitkomsten.xlsx -H "$(auth "$HR_TOKEN")" \
  -H "Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" \
  "$API/reports/outcomes"
# … or one table as CSV for Dutch Excel (";" and a decimal comma)
call 200 -H "$(auth "$HR_TOKEN")" -H "Accept: text/csv" \
  "$API/reports/outcomes?table=outcomes-by-function-group"

# Events (issue 17, docs/events.md): every change as a CloudEvent, in order, for a system with
# events:read; thin: ids, URLs, states and dates, never what an appraisal says
EVENTS=$("$GG" token --client hris-events --scope events:read)
call 200 -H "$(auth "$EVENTS")" \
  "$API/events?type=nl.goedgesprek.appraisal.finalised&limit=2" -o /dev/null
# {"items":[{"specversion":"1.0","id":"…","source":"urn:nld:oin:…:systeem:goedgesprek",
#  "type":"nl.goedgesprek.appraisal.finalised","subject":"<talk id>","sequence":"000…0412",
#  "data":{"talkId":"…","url":"/v1/talks/…/appraisal","state":"finalised",…}},…],…}
# … or pushed to a webhook, signed (Standard Webhooks), retried for three days; a host that
# cannot be reached from here is refused at once (loopback and private addresses never work)
HOOKS=$("$GG" token --client hris-hooks --scope webhooks:manage)
call 400 -X POST -H "$(auth "$HOOKS")" -H "Content-Type: application/json" \
  -d '{"url":"https://hris.example.nl/hooks","eventTypes":["nl.goedgesprek.appraisal.finalised"]}' \
  "$API/webhook-subscriptions"
# {"type":".../problems/invalid-input",…,"invalidParams":[{"name":"url","code":"url_refused",…}]}

# The manager's inbox: every open action with its due date and rule (issue 17) …
call 200 -H "$(auth "$MANAGER_TOKEN")" "$API/me/tasks?pageSize=2"
# {"items":[{"kind":"hold-talk","action":"Voer het planningsgesprek met … en leg het vast",
#  "due":"2026-05-31","overdue":true,"rule":"R4.1","url":"/v1/talks/…",…},…],"meta":{…}}
# … and the reminders the worker beside the API made (captured, as no SMTP server is set)
call 200 -H "$(auth "$MANAGER_TOKEN")" "$API/me/notifications?pageSize=1" -o /dev/null

# HR reads the append-only audit trail (newest first, paginated, filterable) …
call 200 -H "$(auth "$TOKEN")" "$API/audit-events?resourceType=talk&page=1&pageSize=25" \
  -o /dev/null
# … an employee may not
EMP=$("$GG" token --sub 100002 --role employee)
call 403 -H "$(auth "$EMP")" "$API/audit-events"
# {"type":".../problems/forbidden","title":"Forbidden","status":403,…}

# Every response carries the API version, a request id and the security headers
call 200 -I "$API/health"
