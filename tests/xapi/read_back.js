// read_back.js BASE: every statement of the LRS at BASE (.../xAPI),
// following its "more" links; prints the count and the distinct ids.
'use strict';
const http = require('http');
const base = new URL(process.argv[2]);
const get = path => new Promise((resolve, reject) => {
  http.get({host: base.hostname, port: base.port, path,
            auth: 'vaksam:lrs-secret',
            headers: {'X-Experience-API-Version': '1.0.3'}}, res => {
    let body = '';
    res.on('data', c => { body += c; });
    res.on('end', () => res.statusCode === 200 ? resolve(JSON.parse(body))
      : reject(new Error(`HTTP ${res.statusCode}: ${body}`)));
  }).on('error', reject);
});
(async () => {
  const ids = [];
  let path = base.pathname + '/statements?limit=200';
  while (path) {
    const page = await get(path);
    page.statements.forEach(s => ids.push(s.id));
    path = page.more || '';
  }
  console.log(`${ids.length} ${new Set(ids).size}`);
})().catch(e => { console.error('read_back.js: ' + e.message); process.exit(1); });
