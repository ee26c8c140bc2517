// Runs the benchmark's queries through both engines under node, on the same built site,
// for benches/search_quality.rs (scripts/bench-search-quality):
//
//   node run.mjs INPUT.json  ->  JSON on stdout
//
// INPUT: {site: "<built output>", pagefind: "<site>/pagefind", limit: 10,
//         queries: [{id, site: "zh" | "en", q}]}
// OUTPUT: [{id, placard: {total, partial, corrected, pointer, urls}, pagefind: {total, urls}}]
//
// placard: the site's own search.js and normalize.js (as the build copied them from the
// theme) over the built index, as the search page runs them: `Engine.query` (the search,
// its correction when it finds nothing or little, and the other language's index asked
// when nothing is found), then `Engine.page` `pageSize` results at a time (six), "More
// results" pressed until `limit` are shown. When the page offers only the pointer to the
// other language's search, the reader follows it: the results are that search's.
// Pagefind: the site's own pagefind/pagefind.js, its default options, language as the
// page's <html lang> would choose it, results in the order of `search()`.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const require = createRequire(import.meta.url);
const limit = input.limit || 10;

// The index folder of each language, as the search page's data-index says.
const PLACARD_INDEX = { zh: 'search/index', en: 'en/search/index' };
// The <html lang> of each language's pages, which Pagefind picks its index by.
const PAGEFIND_LANG = { zh: 'zh-cn', en: 'en' };

// ---- placard ----

const placardSearch = require(path.resolve(input.site, 'search.js'));

// Loads an index file the way a <script> tag does: the script calls __placardSearch.load.
function placardLoader(dir) {
  return (key) => new Promise((resolve, reject) => {
    let data;
    let source;
    try {
      source = fs.readFileSync(path.join(dir, key + '.js'), 'utf8');
    } catch (e) {
      reject(new Error('cannot load index file ' + key));
      return;
    }
    vm.runInNewContext(source, { __placardSearch: { load: (k, d) => { if (k === key) data = d; } } });
    if (data === undefined) reject(new Error('bad index file ' + key));
    else resolve(data);
  });
}

async function placardQuery(engine, q) {
  let result = await engine.query(q, {});
  const corrected = result.correctedFrom !== undefined ? result.query : null;
  let pointer = false;
  if (result.total === 0 && result.other) {
    // The pointer followed: the other language's search page runs the query.
    pointer = true;
    result = await engine.other.query(q, {});
    engine = engine.other;
  }
  const shown = [];
  const size = engine.meta.pageSize;
  while (shown.length < Math.min(limit, result.total)) {
    const pages = await engine.page(result, shown.length, size);
    if (pages.length === 0) break;
    shown.push(...pages);
  }
  return {
    total: result.total,
    partial: !!result.partial,
    corrected,
    pointer,
    urls: shown.slice(0, limit).map((p) => p.url),
  };
}

// ---- Pagefind ----

// pagefind.js fetches its files relative to its base path: served here from disk.
const pagefindDir = path.resolve(input.pagefind);
globalThis.fetch = async (url) => {
  const u = new URL(String(url), 'http://bench.invalid/pagefind/');
  if (!u.pathname.startsWith('/pagefind/')) throw new Error('pagefind asked for ' + url);
  const file = path.join(pagefindDir, decodeURIComponent(u.pathname.slice('/pagefind/'.length)));
  const bytes = fs.readFileSync(file);
  return new Response(bytes, { status: 200 });
};

// A search page holds one language's Pagefind: the module (and the WebAssembly it loads)
// is imported once per language, as two pages would.
async function pagefindInstance(lang) {
  // pagefind.js takes the language from <html lang> (detectLanguage) when an instance is
  // made; there is no page here, so a stand-in answers for it.
  globalThis.document = {
    currentScript: null,
    querySelector: () => ({ getAttribute: () => PAGEFIND_LANG[lang] }),
  };
  try {
    const url = pathToFileURL(path.join(pagefindDir, 'pagefind.js')).href + '?lang=' + lang;
    const pagefind = await import(url);
    const instance = pagefind.createInstance({ basePath: '/pagefind/' });
    await instance.init();
    return instance;
  } finally {
    delete globalThis.document;
  }
}

async function pagefindQuery(instance, q) {
  const search = await instance.search(q);
  const results = search.results || [];
  const data = await Promise.all(results.slice(0, limit).map((r) => r.data()));
  return { total: results.length, urls: data.map((d) => d.url) };
}

// ---- both ----

async function run() {
  const out = new Map();
  // One language at a time, as on a search page: normalize.js holds the Traditional ->
  // Simplified table of the index loaded last (search.js: ready), for the whole page.
  for (const lang of Object.keys(PLACARD_INDEX)) {
    const queries = input.queries.filter((q) => q.site === lang);
    if (queries.length === 0) continue;
    const engine = new placardSearch.Engine(placardLoader(path.join(input.site, PLACARD_INDEX[lang])));
    // The search page's data-other-index: the other language's index.
    const otherLang = Object.keys(PLACARD_INDEX).find((l) => l !== lang);
    engine.other = new placardSearch.Engine(placardLoader(path.join(input.site, PLACARD_INDEX[otherLang])));
    await engine.ready();
    const instance = await pagefindInstance(lang);
    for (const q of queries) {
      out.set(q.id, {
        id: q.id,
        placard: await placardQuery(engine, q.q),
        pagefind: await pagefindQuery(instance, q.q),
      });
    }
  }
  return input.queries.map((q) => out.get(q.id));
}

run().then(
  (out) => {
    // Exit once the whole output is written: a pipe takes it 64 KB at a time.
    process.stdout.write(JSON.stringify(out), () => process.exit(0));
  },
  (e) => {
    process.stderr.write(String((e && e.stack) || e) + '\n');
    process.exit(1);
  },
);
