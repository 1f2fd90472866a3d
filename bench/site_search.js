// Search speed of the site's home page on a large corpus: node bench/site_search.js SITE/recherche.json [N]
// Replicates the search documents to N (default 10,000) initiatives, indexes them with the options of
// src/isgraph/site/assets/app.js (kept in step by hand) and times the queries a user types.
'use strict';
const fs = require('fs');
const path = require('path');
const MiniSearch = require(path.join(__dirname, '..', 'src/isgraph/site/assets/vendor/minisearch.js'));

const data = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const n = parseInt(process.argv[3] || '10000', 10);
const fold = (t) => t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const STOP = new Set(['de', 'la', 'le', 'les', 'des', 'du', 'et', 'en', 'a', 'au', 'aux', 'un', 'une', 'l', 'd',
                      'pour', 'par', 'sur', 'dans']);
function stem(t) {
  if (t.length > 4 && /(aux)$/.test(t)) return t.slice(0, -3) + 'al';
  if (t.length > 3 && /[sx]$/.test(t)) t = t.slice(0, -1);
  if (t.length > 5 && /e$/.test(t)) t = t.slice(0, -1);
  return t;
}
const processTerm = (term) => { const t = fold(term); return !t || STOP.has(t) ? null : stem(t); };
const FUZZY = process.env.FUZZY ? (t) => (t.length > 6 ? 0.15 : 0) : false;
const docs = [];
for (let i = 0; i < n; i++) {
  const d = data.docs[i % data.docs.length];
  docs.push(Object.assign({}, d, {id: i, t: d.t + ' ' + (i / data.docs.length | 0)}));
}
let t0 = process.hrtime.bigint();
const mini = new MiniSearch({fields: ['t', 'd', 'a', 'p', 'k'], storeFields: [], processTerm,
                             tokenize: (text) => text.split(/[\s\-'’.,;:!?()«»"\/]+/u)});
mini.addAll(docs);
const indexMs = Number(process.hrtime.bigint() - t0) / 1e6;
const queries = ['précarité énergétique', 'precarite', 'jeunes', 'Hauts-de-France', 'CAF', 'alimentation durable',
                 'insertion emploi', 'mobilité', 'Beauvais', 'lien social'];
const times = [];
for (let rep = 0; rep < 5; rep++) {
  for (const q of queries) {
    t0 = process.hrtime.bigint();
    const hits = mini.search(q, {prefix: (t) => t.length >= 3, fuzzy: FUZZY,
                                 combineWith: 'AND', boost: {t: 3, k: 2, a: 1.5, p: 1.2}});
    // the facet pass of app.js: one loop over the hits per facet
    const counts = {};
    for (const h of hits) for (const k in docs[h.id].f) for (const v of docs[h.id].f[k]) counts[k + v] = (counts[k + v] || 0) + 1;
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({initiatives: n, index_ms: Math.round(indexMs),
  query_ms_median: +times[times.length >> 1].toFixed(2), query_ms_p90: +times[Math.floor(times.length * 0.9)].toFixed(2), query_ms_max: +times[times.length - 1].toFixed(2)}));
