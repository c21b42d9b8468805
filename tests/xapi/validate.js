// validate.js FILE: every statement of a Vaksam xAPI export checked by
// Learning Locker's xAPI validation rules (@learninglocker/xapi-validation),
// and the order within each registration (one attempt): initialized
// first, terminated or suspended last, at most one completed and one of
// passed/failed; ids unique version 5 UUIDs. Prints a count; exit 1 on
// any problem.
'use strict';
const fs = require('fs');
const validate = require('@learninglocker/xapi-validation').default;

const problems = [];
const statements = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
if (!Array.isArray(statements) || statements.length === 0)
  problems.push('the export is not a non-empty JSON array');
const verb = s => s.verb.id.replace('http://adlnet.gov/expapi/verbs/', '');
const ids = new Set();
const byRegistration = new Map();
statements.forEach((s, i) => {
  const warnings = validate(s);
  if (warnings.length)
    problems.push(`statement ${i} (${s.id}): ${JSON.stringify(warnings)}`);
  if (ids.has(s.id)) problems.push(`statement ${i}: duplicate id ${s.id}`);
  ids.add(s.id);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(s.id))
    problems.push(`statement ${i}: id ${s.id} is no version 5 UUID`);
  if (!s.actor.account || s.actor.mbox || s.actor.name)
    problems.push(`statement ${i}: the actor is not an opaque account`);
  const r = s.context.registration;
  if (!byRegistration.has(r)) byRegistration.set(r, []);
  byRegistration.get(r).push(verb(s));
});
for (const [r, verbs] of byRegistration) {
  const count = v => verbs.filter(x => x === v).length;
  if (verbs[0] !== 'initialized') problems.push(`${r}: starts with ${verbs[0]}`);
  if (count('initialized') !== 1) problems.push(`${r}: ${count('initialized')} initialized`);
  const last = verbs[verbs.length - 1];
  if (last !== 'terminated' && last !== 'suspended') problems.push(`${r}: ends with ${last}`);
  if (count('completed') > 1) problems.push(`${r}: ${count('completed')} completed`);
  if (count('passed') + count('failed') > 1) problems.push(`${r}: passed/failed more than once`);
  if (count('terminated') > 1) problems.push(`${r}: terminated more than once`);
}
const seen = {};
statements.forEach(s => { seen[verb(s)] = (seen[verb(s)] || 0) + 1; });
for (const p of problems.slice(0, 20)) console.error('validate.js: ' + p);
console.log(`${statements.length} statements, ${byRegistration.size} registrations: ${JSON.stringify(seen)}`);
process.exit(problems.length ? 1 : 0);
