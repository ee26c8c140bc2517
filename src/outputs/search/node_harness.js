// Runs the browser side of search under node for the Rust tests (tests/), so that
// `cargo test` checks the JavaScript against the Rust it mirrors.
//
//   node node_harness.js MODE INPUT.json   ->  JSON on stdout
//
// MODE normalize: {t2s: [from, to], inputs: [..]}     -> [normalized, ..]
//      stem:      {words: [..]}                        -> [stem, ..]
//      terms:     {t2s: [from, to], cjk: [[first, last], ..], texts: [..]}
//                                                      -> [{terms, hashes}, ..]
//      search:    {dir, queries: [{q, filters, pages, warm}]}
//                 -> [{total, partial, corrected, terms, results}, ..] (`corrected`: the
//                 query the results are for, when search.js corrected it)
//                 (`warm`: run the engine's warm-up first, as the search page does)
'use strict';

const fs = require('fs');
const path = require('path');
const vm = require('vm');

const staticDir = path.join(__dirname, '..', '..', '..', 'themes', 'default', 'static');
const text = require(path.join(staticDir, 'normalize.js'));
const search = require(path.join(staticDir, 'search.js'));

const [mode, inputFile] = process.argv.slice(2);
const input = JSON.parse(fs.readFileSync(inputFile, 'utf8'));

// Loads an index file the way a <script> tag would, counting the bytes read and the
// round of loading each file belongs to: a file asked for before any file of round r
// has arrived is in round r at most (files arrive a moment later, as over a network).
function fileLoader(dir, stats) {
  let arrived = 0;
  return (key) => new Promise((resolve, reject) => {
    const round = arrived + 1;
    let data;
    const file = path.join(dir, key + '.js');
    let source;
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch (e) {
      reject(new Error('cannot load ' + key));
      return;
    }
    stats.files.push(key);
    stats.rounds.push(round);
    stats.bytes += Buffer.byteLength(source);
    vm.runInNewContext(source, { __placardSearch: { load: (k, d) => { if (k === key) data = d; } } });
    setTimeout(() => {
      arrived = Math.max(arrived, round);
      if (data === undefined) reject(new Error('bad index file ' + key));
      else resolve(data);
    }, 1);
  });
}

async function run() {
  switch (mode) {
    case 'normalize':
      text.setT2s(input.t2s[0], input.t2s[1]);
      return input.inputs.map((s) => text.normalize(s));
    case 'stem':
      return input.words.map((w) => text.stem(w));
    case 'terms':
      text.setT2s(input.t2s[0], input.t2s[1]);
      text.setCjk(input.cjk);
      return input.texts.map((s) => {
        const terms = text.queryTerms(text.normalize(s));
        return { terms, hashes: terms.map(text.termHash) };
      });
    case 'search': {
      const out = [];
      for (const q of input.queries) {
        // A fresh engine per query, as on a first visit, to count what it loads.
        const stats = { files: [], rounds: [], bytes: 0 };
        const engine = new search.Engine(fileLoader(input.dir, stats));
        if (q.warm) {
          // As the search page does once the index is ready (search.js: warmUp).
          await engine.ready();
          await engine.warmUp();
        }
        // As the search page runs a query: corrected when it finds nothing or little.
        const result = await engine.query(q.q, q.filters || {});
        // As many results as the search page shows at once (meta.js: pageSize).
        const results = result.total ? await engine.page(result, 0, engine.meta.pageSize) : [];
        out.push({
          total: result.total,
          partial: result.partial,
          corrected: result.correctedFrom !== undefined ? result.query : null,
          terms: result.terms,
          bytes: stats.bytes,
          files: stats.files,
          rounds: stats.rounds,
          results: results.map((p) => ({
            url: p.url,
            partial: p.partial,
            title: p.titleParts,
            excerpt: p.excerpt,
          })),
        });
      }
      return out;
    }
    default:
      throw new Error('unknown mode ' + mode);
  }
}

run().then(
  (out) => process.stdout.write(JSON.stringify(out)),
  (e) => {
    process.stderr.write(String(e && e.stack || e) + '\n');
    process.exit(1);
  },
);
