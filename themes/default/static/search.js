/* placard search: queries the index that `placard build` writes under search/index/,
 * in the browser, from a server or straight from disk (file://). Index files are
 * scripts that call __placardSearch.load(key, data), so no fetch is needed.
 * Needs normalize.js (window.placardText) loaded first. The file formats are described
 * in src/outputs/search/mod.rs. In node, `require` returns the engine for tests. */
(function (global) {
  'use strict';

  var text = global.placardText || (typeof require === 'function' ? require('./normalize.js') : null);

  var FORMAT_VERSION = 5;
  /* A query of more terms than this is cut: it would load too many shards. */
  var MAX_TERMS = 16;
  var PHRASE_WEIGHT_TITLE = 1.0;
  var PHRASE_WEIGHT_BODY = 1.0;
  /* Added to the score of a page whose title or a front-matter value (a document
   * number, an issuer) is the query, letters, digits and CJK characters alone: it
   * comes first in the whole result set, whatever else scores. */
  var EXACT_BONUS = 1e5;
  /* How far down the ranking `page` looks for pages with the whole query as a phrase
   * before it shows pages with its terms apart: this many screens of results. */
  var LOOK_AHEAD = 3;
  /* A longer exact key is cut to EXACT_KEY_KEPT characters and its hash (terms.rs). */
  var EXACT_KEY_CHARS = 32, EXACT_KEY_KEPT = 24;

  /* ---- Decoding (src/outputs/search/encode.rs) ---- */

  var DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  var VALUE = new Int8Array(128).fill(-1);
  for (var d = 0; d < 64; d++) VALUE[DIGITS.charCodeAt(d)] = d;

  function Reader(s) { this.s = s; this.i = 0; }
  Reader.prototype.more = function () { return this.i < this.s.length; };
  Reader.prototype.digit = function () {
    var v = VALUE[this.s.charCodeAt(this.i++)];
    if (v === undefined || v < 0) throw new Error('bad index data');
    return v;
  };
  Reader.prototype.varint = function () {
    var v = 0, scale = 1, x;
    do {
      x = this.digit();
      v += (x & 31) * scale;
      scale *= 32;
    } while (x >= 32);
    return v;
  };

  /* Postings (index.rs: encode_postings) -> {docs, impacts}: per page an impact in
   * five bits, and a sixth bit for "the next page", else the gap as a varint. */
  function decodePostings(s) {
    // Reader's steps written out: this loop runs once for every page of a common term,
    // mostly before the browser has compiled it.
    var len = s.length, docs = new Uint32Array(len), impacts = new Uint8Array(len);
    var n = 0, prev = -1, i = 0;
    while (i < len) {
      var x = VALUE[s.charCodeAt(i++)];
      if (!(x >= 0)) throw new Error('bad index data');
      if (x & 32) {
        prev++;
      } else {
        var gap = 0, scale = 1, y;
        do {
          y = VALUE[s.charCodeAt(i++)];
          if (!(y >= 0)) throw new Error('bad index data');
          gap += (y & 31) * scale;
          scale *= 32;
        } while (y >= 32);
        prev += gap;
      }
      docs[n] = prev;
      impacts[n++] = x & 31;
    }
    return { docs: docs.subarray(0, n), impacts: impacts.subarray(0, n) };
  }

  /* "gap length" runs -> a 0/1 mask over n pages */
  function decodeRuns(s, n) {
    var r = new Reader(s), mask = new Uint8Array(n), end = 0;
    while (r.more()) {
      var start = end + r.varint(), len = r.varint();
      for (var i = start; i < start + len && i < n; i++) mask[i] = 1;
      end = start + len;
    }
    return mask;
  }

  function own(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

  /* ---- Matching a page's text against the query, for phrases, excerpts and marks ---- */

  /* Normalises `original` one character at a time, remembering where each normalised
   * character came from, and finds in it the units whose term is in `wanted` (the
   * query's units): CJK characters, found by a regular expression of the query's
   * characters, and words (as terms), found by splitting the text into words only when
   * the query has any. Each unit has its place in `original` (`start`, `end`) and in
   * the normalised text (`n0`, `n1`); most of a page never matches, and going through
   * every character of it in JavaScript was most of what showing ten results cost.
   * `cache` keeps what was worked out before: `chars` normalised, `words` as terms. */
  function unitsOf(original, cache, wanted) {
    // Most characters normalise to themselves: they are copied a run at a time, and
    // `cache.same` remembers for each BMP character whether it does (0: not known yet,
    // 1: it does, 2: it changes). `from` maps offsets in `norm` back to `original`, and
    // is made only once a character changes length (rare; NFKC expanded something).
    var norm = '', from = null, run = 0, n = original.length, same = cache.same;
    function copyRun(to) {
      if (to <= run) return;
      norm += original.slice(run, to);
      if (from !== null) for (var r = run; r < to; r++) from.push(r);
    }
    for (var i = 0; i < n; i++) {
      var cp = original.charCodeAt(i), w = 1, out;
      if (cp < 0x80) {
        if (cp < 65 || cp > 90) continue;
        out = String.fromCharCode(cp + 32);
      } else {
        if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
          var low = original.charCodeAt(i + 1);
          if (low >= 0xdc00 && low <= 0xdfff) w = 2;
        }
        if (w === 1 && same[cp] === 1) continue;
        var ch = original.slice(i, i + w);
        out = cache.chars.get(ch);
        if (out === undefined) { out = text.normalize(ch); cache.chars.set(ch, out); }
        if (w === 1) same[cp] = out === ch ? 1 : 2;
        if (out === ch) { i += w - 1; continue; }
      }
      copyRun(i);
      if (from === null && out.length !== w) {
        from = [];
        for (var k0 = 0; k0 < norm.length; k0++) from.push(k0);
      }
      if (from !== null) for (var k = 0; k < out.length; k++) from.push(i);
      norm += out;
      i += w - 1;
      run = i + 1;
    }
    copyRun(n);
    if (from !== null) from.push(n);
    var at = from === null ? function (j) { return j; } : function (j) { return from[j]; };
    // Every CJK character is a unit of its own (a word never holds one).
    var cjk = [], m;
    if (wanted.cjk !== null) {
      var re = wanted.cjk;
      re.lastIndex = 0;
      while ((m = re.exec(norm)) !== null) {
        var j = m.index, e = j + m[0].length;
        cjk.push({ term: m[0], cjk: true, start: at(j), end: at(e), n0: j, n1: e });
      }
    }
    if (!wanted.words) return { units: cjk, original: original };
    var units = [], c = 0;
    text.forEachSegment(norm, function (start, end, isCjk) {
      if (isCjk) return;
      var word = norm.slice(start, end), term = cache.words.get(word);
      if (term === undefined) { term = text.wordTerm(word); cache.words.set(word, term); }
      if (term === null || !wanted.has(term)) return;
      while (c < cjk.length && cjk[c].n0 < start) units.push(cjk[c++]);
      units.push({ term: term, cjk: false, start: at(start), end: at(end), n0: start, n1: end });
    });
    while (c < cjk.length) units.push(cjk[c++]);
    return { units: units, original: original };
  }

  /* What unitsOf looks for: the query's word terms (`words`: are there any), and a
   * regular expression of its CJK characters (`cjk`, or null). */
  function wantedUnits(qUnits) {
    var wanted = new Set(), chars = '';
    wanted.words = false;
    qUnits.forEach(function (u) {
      var c = u.codePointAt(0);
      if (u.length === (c > 0xffff ? 2 : 1) && text.isCjk(c)) {
        if (!wanted.has(u)) chars += '\\u{' + c.toString(16) + '}';
      } else {
        wanted.words = true;
      }
      wanted.add(u);
    });
    wanted.cjk = chars ? new RegExp('[' + chars + ']', 'gu') : null;
    return wanted;
  }

  /* The query's exact key (terms.rs: exact_key): `=` and its letters, digits and CJK
   * characters, so 县政办发[2016]2号 and 县政办发〔2016〕2号 are one (a long one cut, with
   * the hash of the whole); null under two. */
  var KEY_CHAR = /[\p{Alphabetic}\p{N}]/u;
  function exactKey(normalized) {
    var kept = [];
    for (var ch of normalized) if (KEY_CHAR.test(ch)) kept.push(ch);
    if (kept.length < 2) return null;
    if (kept.length <= EXACT_KEY_CHARS) return '=' + kept.join('');
    var hash = ('0000000' + text.termHash(kept.join('')).toString(16)).slice(-8);
    return '=' + kept.slice(0, EXACT_KEY_KEPT).join('') + '~' + hash;
  }

  /* The query's units in runs that must each be found as a phrase for a page to have
   * "the whole query": a space cuts a run where a CJK character is on either side
   * (计划生育 幸福工程 is two runs), not between words (county party school is one). */
  function queryRuns(normalized) {
    var runs = [], run = [], prev = null;
    text.segments(normalized).forEach(function (seg) {
      if (prev !== null && seg.start > prev.end && (seg.cjk || prev.cjk) && run.length) {
        runs.push(run);
        run = [];
      }
      queryUnits(seg.text).forEach(function (u) { run.push(u); });
      prev = seg;
    });
    if (run.length) runs.push(run);
    return runs;
  }

  /* A run the index holds as one term (a word, a CJK character or pair, a number and
   * its character): a page that has the term has the run, as a phrase. */
  function oneTerm(run) {
    if (run.length < 2) return true;
    if (run.length > 2) return false;
    var b = run[1].codePointAt(0);
    if (run[1].length !== (b > 0xffff ? 2 : 1) || !text.isCjk(b)) return false;
    var a = run[0].codePointAt(0);
    return (run[0].length === (a > 0xffff ? 2 : 1) && text.isCjk(a)) || /^[0-9]+$/.test(run[0]);
  }

  /* A run of one CJK character written three times or more (的的的的): the index
   * holds it as one pair, so only the run as a phrase in a page is the query. */
  function repeated(run) {
    if (run.length < 3) return false;
    var c = run[0].codePointAt(0);
    return text.isCjk(c) && run.every(function (u) { return u === run[0]; });
  }

  /* The query as units in order: words as terms, CJK characters one by one. */
  function queryUnits(normalized) {
    var units = [];
    text.segments(normalized).forEach(function (seg) {
      if (!seg.cjk) {
        var t = text.wordTerm(seg.text);
        if (t !== null) units.push(t);
      } else {
        for (var c of seg.text) units.push(c);
      }
    });
    return units;
  }

  /* Which units are hits (matched a query term the way the index did) and which
   * terms they matched. */
  function hitsOf(doc, termSet) {
    var units = doc.units, hit = new Uint8Array(units.length), matched = [];
    for (var i = 0; i < units.length; i++) {
      var u = units[i];
      if (u.term === null) continue;
      if (!u.cjk) {
        if (termSet.has(u.term)) { hit[i] = 1; matched[i] = u.term; }
        // A number right before a CJK character: one term (3月).
        var after = units[i + 1];
        if (after && after.cjk && after.n0 === u.n1 && termSet.has(u.term + after.term)) {
          hit[i] = 1; hit[i + 1] = 1; matched[i] = u.term + after.term;
        }
        continue;
      }
      if (termSet.has(u.term)) { hit[i] = 1; matched[i] = u.term; }
      // Two CJK characters one right after the other in the normalised text.
      var next = units[i + 1];
      if (next && next.cjk && next.n0 === u.n1 && termSet.has(u.term + next.term)) {
        hit[i] = 1; hit[i + 1] = 1; matched[i] = u.term + next.term;
      }
    }
    return { hit: hit, matched: matched };
  }

  /* Units i and i+1 are next to each other: one follows the other in the text with
   * nothing between them but spaces, or one joining character between two words
   * (B-ultrasound, e.g. 0551-1234567); neither holds a unit. */
  function adjacent(doc, i) {
    var a = doc.units[i], b = doc.units[i + 1];
    if (b === undefined) return false;
    var gap = doc.original.slice(a.end, b.start);
    return /^\s*$/.test(gap) || (!a.cjk && !b.cjk && /^[-‐‑–_.\/·']$/.test(gap));
  }

  /* The longest run of the query's units found together, in order, as a share of the
   * query (0 when the query has one unit). */
  function phraseShare(doc, qUnits) {
    if (qUnits.length < 2) return 0;
    var units = doc.units, best = 1;
    for (var i = 0; i < units.length; i++) {
      for (var j = 0; j < qUnits.length; j++) {
        if (units[i].term !== qUnits[j]) continue;
        var len = 1;
        while (j + len < qUnits.length && i + len < units.length && adjacent(doc, i + len - 1) &&
               units[i + len].term === qUnits[j + len]) len++;
        if (len > best) best = len;
      }
    }
    return (best - 1) / (qUnits.length - 1);
  }

  /* [{text, mark}] for original[start, end) with the hit units marked. */
  function marked(doc, hit, start, end) {
    var parts = [], at = start;
    function push(s, mark) {
      if (!s) return;
      var last = parts[parts.length - 1];
      if (last && last.mark === mark) last.text += s; else parts.push({ text: s, mark: mark });
    }
    for (var i = 0; i < doc.units.length; i++) {
      var u = doc.units[i];
      if (!hit[i] || u.end <= start || u.start >= end) continue;
      var s = Math.max(u.start, start), e = Math.min(u.end, end);
      if (s < at) s = at;
      push(doc.original.slice(at, s), false);
      // Marks of neighbouring units merge across the spaces between them.
      push(doc.original.slice(s, e), true);
      at = e;
      var next = doc.units[i + 1];
      if (next && hit[i + 1] && adjacent(doc, i) && next.start < end) {
        push(doc.original.slice(at, next.start), true);
        at = next.start;
      }
    }
    push(doc.original.slice(at, end), false);
    return parts;
  }

  /* The window of `length` characters with the most different terms hit: one starting
   * a little before a hit and holding the hits from it on, the first of the best. The
   * window slides along the hits (both its ends only move forward). */
  function excerpt(doc, hits, length) {
    var units = doc.units, textLen = doc.original.length, matched = hits.matched;
    var best = { start: 0, score: -1 };
    // Hits in the window [i, k): how many, and how many of each term.
    var inWindow = new Map(), distinct = 0, count = 0, k = 0;
    for (var i = 0; i < units.length; i++) {
      if (k < i) k = i;
      if (matched[i] !== undefined) {
        var start = Math.max(0, units[i].start - Math.floor(length / 5));
        for (; k < units.length && units[k].start < start + length; k++) {
          var t = matched[k];
          if (t === undefined) continue;
          var had = inWindow.get(t) || 0;
          if (had === 0) distinct++;
          inWindow.set(t, had + 1);
          count++;
        }
        var score = distinct * 100 + Math.min(count, 99);
        if (score > best.score) best = { start: start, score: score };
      }
      if (i < k && matched[i] !== undefined) {
        var left = inWindow.get(matched[i]) - 1;
        if (left === 0) distinct--;
        inWindow.set(matched[i], left);
        count--;
      }
    }
    var s = best.start, e = Math.min(textLen, s + length);
    // Do not cut a word in two.
    var o = doc.original;
    if (s > 0 && /\w/.test(o[s - 1]) && /\w/.test(o[s])) {
      var sp = o.slice(s, s + 20).search(/\s/);
      if (sp >= 0) s += sp + 1;
    }
    if (e < textLen && /\w/.test(o[e - 1]) && /\w/.test(o[e])) {
      var back = o.slice(Math.max(s, e - 20), e).search(/\s\S*$/);
      if (back >= 0) e = Math.max(s, e - 20) + back;
    }
    var parts = marked(doc, hits.hit, s, e);
    if (s > 0) parts.unshift({ text: '…', mark: false });
    if (e < textLen) parts.push({ text: '…', mark: false });
    return parts;
  }

  /* ---- The engine: query -> ranked pages ---- */

  /* Pages found (`ids`) in order of score, best first, ties by page number. A page of
   * results is picked out in one pass over them; all of them are sorted only when
   * someone pages far down. */
  var SELECT_UP_TO = 100;

  function Ranking(ids, scores) {
    this.ids = ids;
    this.scores = scores;
    this.sorted = false;
  }

  Ranking.prototype.slice = function (from, to) {
    var ids = this.ids, scores = this.scores, order;
    to = Math.min(to, ids.length);
    if (this.sorted || to > SELECT_UP_TO) {
      if (!this.sorted) {
        ids.sort(function (a, b) { return scores[b] - scores[a] || a - b; });
        this.sorted = true;
      }
      order = Array.from(ids.subarray(from, to));
    } else {
      // The best `to` pages, best first: each page found goes in if it beats the last.
      order = [];
      // The score a page must reach to go in, once the list is full.
      var bar = -Infinity;
      for (var i = 0; i < ids.length; i++) {
        var d = ids[i], j = Math.min(order.length, to - 1);
        if (j < 0 || scores[d] < bar || (order.length === to && !better(d, order[to - 1]))) continue;
        while (j > 0 && better(d, order[j - 1])) { order[j] = order[j - 1]; j--; }
        order[j] = d;
        if (order.length === to) bar = scores[order[to - 1]];
      }
      order = order.slice(from);
    }
    return order.map(function (doc) { return { doc: doc, score: scores[doc] }; });

    function better(a, b) { return scores[a] > scores[b] || (scores[a] === scores[b] && a < b); }
  };

  /* `load(key)` resolves to the data of index file `key` (`meta`, `s/3`, `d/12`, …). */
  function Engine(load) {
    // Each file is asked for once (an exact key shares its shard with a term).
    var files = new Map();
    this.load = function (key) {
      var p = files.get(key);
      if (!p) {
        p = load(key);
        files.set(key, p);
        p.catch(function () { files.delete(key); });
      }
      return p;
    };
    this.meta = null;
    this.fileStart = null;
    this.cache = { chars: new Map(), words: new Map(), same: new Uint8Array(0x10000) };
  }

  Engine.prototype.ready = function () {
    var self = this;
    if (!this.readyPromise) {
      this.readyPromise = Promise.all([this.load('meta'), this.load('t2s')]).then(function (r) {
        if (!r[0] || r[0].version !== FORMAT_VERSION) throw new Error('search index format not supported');
        self.meta = r[0];
        self.fileStart = fileStarts(r[0].docFiles, r[0].docs);
        text.setT2s(r[1][0], r[1][1]);
        text.setCjk(r[0].cjk);
        return self.meta;
      });
    }
    return this.readyPromise;
  };

  /* Is a term of hash `hash` in meta.js's Bloom filter of long lists (`longMarks`,
   * `longBits` bits, six a digit; index/mod.rs: bloom_bits_of)? */
  function bloomHas(marks, bits, hash) {
    if (!bits) return false;
    var step = ((((hash << 16) | (hash >>> 16)) ^ 0x9E3779B9) | 1) >>> 0;
    for (var j = 0; j < 3; j++) {
      var bit = ((hash + Math.imul(j, step)) >>> 0) % bits;
      var d = VALUE[marks.charCodeAt((bit / 6) | 0)];
      if (!(d >= 0) || ((d >> (bit % 6)) & 1) === 0) return false;
    }
    return true;
  }

  /* Page files hold runs of consecutive pages, named by their first page; meta.js
   * marks the pages that start one (`docFiles`, six pages a digit). -> for each
   * page, the first page of its file. */
  function fileStarts(marks, n) {
    var starts = new Uint32Array(n), start = 0;
    for (var i = 0; i < n; i++) {
      if ((VALUE[marks.charCodeAt((i / 6) | 0)] >> (i % 6)) & 1) start = i;
      starts[i] = start;
    }
    return starts;
  }

  var NO_POSTINGS = { docs: new Uint32Array(0), impacts: new Uint8Array(0) };

  /* A term's postings: from its long-list file when meta.js's Bloom filter says it
   * may have one (asked for at once, in the same round as the other terms' shards),
   * else, or when there is no such file or it holds other terms only, from its shard. */
  Engine.prototype.postings = function (term) {
    var self = this, meta = this.meta, hash = text.termHash(term);
    function fromShard() {
      return self.load('s/' + (hash & (meta.shards - 1))).then(function (data) {
        return own(data, term) ? decodePostings(data[term]) : NO_POSTINGS;
      });
    }
    if (!bloomHas(meta.longMarks, meta.longBits, hash)) return fromShard();
    return this.load('p/' + ('0000000' + hash.toString(16)).slice(-8)).then(function (data) {
      return own(data, term) ? decodePostings(data[term]) : fromShard();
    }, fromShard);
  };

  /* The pages of an exact key, from its exact shard (index/mod.rs: Dictionary). */
  Engine.prototype.exactPostings = function (key) {
    var shard = text.termHash(key) & (this.meta.exactShards - 1);
    return this.load('e/' + shard).then(function (data) {
      return own(data, key) ? decodePostings(data[key]) : NO_POSTINGS;
    });
  };

  Engine.prototype.facetMask = function (field, value) {
    var self = this, list = this.meta.facets[field] || [];
    for (var i = 0; i < list.length; i++) {
      if (list[i][0] === value) {
        return this.load('f/' + list[i][2]).then(function (s) { return decodeRuns(s, self.meta.docs); });
      }
    }
    return Promise.resolve(new Uint8Array(this.meta.docs));
  };

  /* filters: {kind, section, year, tag}, each a value or empty. Resolves to
   * {terms, units, total, ranking, partial}: `ranking.slice(from, to)` gives the
   * pages found, best first, as [{doc, score}]. */
  Engine.prototype.search = function (query, filters) {
    var self = this;
    filters = filters || {};
    return this.ready().then(function (meta) {
      var normalized = text.normalize(query);
      var terms = text.queryTerms(normalized).slice(0, MAX_TERMS);
      var result = {
        query: query, terms: terms, units: queryUnits(normalized), runs: queryRuns(normalized), total: 0,
        ranking: new Ranking(new Uint32Array(0), new Float64Array(0)), partial: false,
        missing: [], exact: new Set()
      };
      if (terms.length === 0) return result;
      var fields = ['kind', 'section', 'year', 'tag'].filter(function (f) { return filters[f]; });
      // A one-term query is scored on its title hits already: it loads nothing more.
      var key = terms.length > 1 ? exactKey(normalized) : null;
      return Promise.all([
        Promise.all(terms.map(function (t) { return self.postings(t); })),
        Promise.all(fields.map(function (f) { return self.facetMask(f, String(filters[f])); })),
        key ? self.exactPostings(key) : NO_POSTINGS
      ]).then(function (r) {
        var lists = r[0], masks = r[1], exact = r[2].docs, n = meta.docs;
        result.missing = terms.filter(function (t, i) { return lists[i].docs.length === 0; });
        result.exact = new Set(exact);
        var scores = new Float64Array(n), counts = new Uint8Array(n);
        for (var l = 0; l < lists.length; l++) {
          var docs = lists[l].docs, impacts = lists[l].impacts, df = docs.length;
          if (!df) continue;
          var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
          for (var k = 0; k < df; k++) {
            scores[docs[k]] += idf * impacts[k];
            counts[docs[k]]++;
          }
        }
        function allowed(doc) {
          for (var m = 0; m < masks.length; m++) if (!masks[m][doc]) return false;
          return true;
        }
        // Pages with every term; failing that, with at least half of them. A page whose
        // title or document number is the query counts as having every term (its
        // number may be written without brackets: 县政办发2021101号), and comes first.
        var need = terms.length, ids = new Uint32Array(n), found = 0, doc;
        for (var x = 0; x < exact.length; x++) {
          counts[exact[x]] = need;
          scores[exact[x]] += EXACT_BONUS;
        }
        for (doc = 0; doc < n; doc++) {
          if (counts[doc] === need && (masks.length === 0 || allowed(doc))) ids[found++] = doc;
        }
        if (found === 0 && need > 1) {
          var least = Math.ceil(need / 2);
          for (doc = 0; doc < n; doc++) {
            if (counts[doc] >= least && allowed(doc)) {
              var share = counts[doc] / need;
              scores[doc] *= share * share;
              ids[found++] = doc;
            }
          }
          result.partial = found > 0;
        }
        result.total = found;
        result.ranking = new Ranking(ids.subarray(0, found), scores);
        return result;
      });
    });
  };

  /* The pages ranked [from, from + count), loaded, with their marks and excerpts.
   * Pages with the whole query (its title or document number, or the query as a phrase
   * in title or text) come before pages with its terms apart: each screen is filled
   * from the ranking's next pages, looking up to LOOK_AHEAD screens down for such pages
   * before showing the others. What was shown stays: a later call continues it. */
  Engine.prototype.page = function (result, from, count) {
    var self = this;
    var st = result.paging || (result.paging = { shown: [], held: [], examined: 0 });
    var termSet = new Set(result.terms);
    var length = this.meta && this.meta.lang === 'zh' ? 110 : 220;
    var wanted = wantedUnits(result.units);
    var want = from + count;
    return fill().then(function () { return st.shown.slice(from, want); });

    function fill() {
      var needed = want - st.shown.length;
      if (needed <= 0) return Promise.resolve();
      var full = 0;
      st.held.forEach(function (p) { if (p.full) full++; });
      var limit = want + (LOOK_AHEAD - 1) * count;
      if (st.examined < result.total &&
          (st.held.length < needed || (full < needed && st.examined < limit))) {
        var batch = result.ranking.slice(st.examined, st.examined + count);
        st.examined += batch.length;
        // Each page is worked out as its file arrives, while the others are on their way.
        return Promise.all(batch.map(function (h) {
          var start = self.fileStart[h.doc];
          return self.load('d/' + start).then(function (data) { return show(data[h.doc - start], h); });
        })).then(function (pages) {
          st.held.push.apply(st.held, pages);
          return fill();
        });
      }
      st.held.sort(function (a, b) { return b.full - a.full || b.score - a.score || a.doc - b.doc; });
      st.shown.push.apply(st.shown, st.held.splice(0, needed));
      return Promise.resolve();
    }

    /* A page, from its page file; a long page whose first piece of text lacks some of
     * the query's terms is shown from the piece that has them (deep.rs). */
    function show(data, h) {
      var body = unitsOf(data.text, self.cache, wanted), bodyHits = hitsOf(body, termSet);
      if (!data.more) return shown(data, h, body, bodyHits);
      var have = new Set();
      bodyHits.matched.forEach(function (t) { if (t !== undefined) have.add(t); });
      var missing = result.terms.filter(function (t) { return !have.has(t); });
      if (missing.length === 0) return shown(data, h, body, bodyHits);
      return self.deepPiece(h.doc, data, missing).then(function (piece) {
        if (piece === null) return shown(data, h, body, bodyHits);
        var deep = unitsOf(piece, self.cache, wanted), deepHits = hitsOf(deep, termSet);
        return shown(data, h, deep, deepHits, true);
      });
    }

    function shown(data, h, body, bodyHits, deep) {
      var title = unitsOf(data.title, self.cache, wanted), titleHits = hitsOf(title, termSet);
      var titleShare = phraseShare(title, result.units), bodyShare = phraseShare(body, result.units);
      var boost = 1 + PHRASE_WEIGHT_TITLE * titleShare + PHRASE_WEIGHT_BODY * bodyShare;
      var whole = result.runs.every(function (run) {
        return oneTerm(run) || phraseShare(title, run) === 1 || phraseShare(body, run) === 1;
      });
      // A repeated character is a phrase: a page with the pair only is a partial match.
      var lacking = !whole && result.runs.some(repeated);
      return {
        doc: h.doc,
        score: h.score * boost,
        full: !result.partial && (result.exact.has(h.doc) || whole),
        partial: result.partial || lacking,
        url: data.url,
        title: data.title,
        kind: data.kind,
        section: data.section,
        date: data.date,
        tags: data.tags,
        titleParts: marked(title, titleHits.hit, 0, data.title.length),
        excerpt: deep ? [{ text: '…', mark: false }].concat(trimmed(excerpt(body, bodyHits, length)))
          : excerpt(body, bodyHits, length)
      };
    }

    // A deep piece's excerpt is far into the page: it starts with one "…" whatever.
    function trimmed(parts) {
      return parts.length && parts[0].text === '…' && !parts[0].mark ? parts.slice(1) : parts;
    }
  };

  /* The piece of page `doc`'s text (deep.rs: `x/<doc>-<k>`) where most of the `terms`
   * its first piece lacks are first found, from the page's term maps; null when none is. */
  Engine.prototype.deepPiece = function (doc, data, terms) {
    var self = this, maps = data.maps || 1;
    var files = Array.from(new Set(terms.map(function (t) { return text.termHash(t) & (maps - 1); })));
    return Promise.all(files.map(function (h) { return self.load('x/' + doc + '/' + h); })).then(function (found) {
      var votes = new Map(), best = null;
      terms.forEach(function (t) {
        var map = found[files.indexOf(text.termHash(t) & (maps - 1))];
        if (own(map, t)) votes.set(map[t], (votes.get(map[t]) || 0) + 1);
      });
      votes.forEach(function (n, k) {
        if (best === null || n > votes.get(best) || (n === votes.get(best) && k < best)) best = k;
      });
      return best === null ? null : self.load('x/' + doc + '-' + best);
    }, function () { return null; });
  };

  /* ---- Correcting a query that finds nothing or little (index/corrections.rs) ---- */

  /* Scores of a chain of characters: each pair the index holds adds log(1 + its pages);
   * a character of the query changed costs CHANGE_COST, two neighbours that make no
   * pair the index holds BREAK_COST. */
  var CHANGE_COST = 1.5, BREAK_COST = 6;
  /* Ways of cutting typed pinyin into syllables tried, fewest syllables first. */
  var MAX_CUTS = 6;

  /* Runs the query; when it finds nothing, or only pages with some of its terms, tries
   * it corrected (pinyin typed
   * for Chinese, a homophone, an English word mistyped) and keeps what that finds
   * (`correctedFrom`: the query as typed). When still nothing is found, asks the other
   * language's index (`this.other`, when the page has one): `other` is its result.
   * With `verbatim`, the query is run as typed. */
  Engine.prototype.query = function (q, filters, verbatim) {
    var self = this;
    return this.search(q, filters).then(function (result) {
      var little = result.total === 0 || result.partial;
      if (verbatim || result.terms.length === 0 || !little) return result;
      return self.correct(q, result).then(function (better) {
        if (!better || better === text.normalize(q)) return result;
        return self.search(better, filters).then(function (fixed) {
          var gain = result.total === 0 || (result.partial && !fixed.partial);
          if (fixed.total === 0 || !gain) return result;
          fixed.correctedFrom = q;
          return fixed;
        });
      });
    }).then(function (result) {
      if (result.total > 0 || !self.other) return result;
      return self.other.search(q, {}).then(function (other) {
        if (other.total > 0) result.other = other;
        return result;
      }, function () { return result; });
    });
  };

  /* The query corrected, or null: typed pinyin (all letters, on an index with Chinese),
   * else each CJK run of two or more characters by homophones and each word that no
   * page has by the nearest word of the pages. */
  Engine.prototype.correct = function (q, result) {
    var self = this, normalized = text.normalize(q).trim();
    var latin = /^[a-z' ]+$/.test(normalized) && /[a-z]{2}/.test(normalized);
    var typed = latin && this.meta.pinyin ? this.fromPinyin(normalized) : Promise.resolve(null);
    return typed.then(function (chinese) {
      if (chinese) return chinese;
      var segs = text.segments(normalized), missing = new Set(result.missing);
      return Promise.all(segs.map(function (seg) {
        if (seg.cjk) return Array.from(seg.text).length >= 2 ? self.homophones(seg.text) : null;
        var term = text.wordTerm(seg.text);
        return term !== null && missing.has(term) ? self.nearestWord(seg.text) : null;
      })).then(function (fixed) {
        var out = '', at = 0, changed = false;
        segs.forEach(function (seg, i) {
          out += normalized.slice(at, seg.start) + (fixed[i] || seg.text);
          at = seg.end;
          if (fixed[i] && fixed[i] !== seg.text) changed = true;
        });
        return changed ? out + normalized.slice(at) : null;
      });
    });
  };

  /* py.js ({syllable: "characters of the pages|other common characters"}) as
   * {syllables: {syllable: characters of the pages}, readings: Map(character ->
   * syllables)}. */
  Engine.prototype.pinyinTable = function () {
    if (!this.pinyinPromise) {
      this.pinyinPromise = this.load('py').then(function (py) {
        var readings = new Map(), syllables = {};
        Object.keys(py).forEach(function (syllable) {
          var all = py[syllable], bar = all.indexOf('|');
          syllables[syllable] = bar < 0 ? all : all.slice(0, bar);
          for (var c of all) {
            if (c === '|') continue;
            var r = readings.get(c);
            if (!r) readings.set(c, r = []);
            r.push(syllable);
          }
        });
        return { syllables: syllables, readings: readings };
      });
    }
    return this.pinyinPromise;
  };

  /* The pairs of each pinyin key asked for (k/<n>.js): Map(key -> Map(pair -> pages)). */
  Engine.prototype.pairsOf = function (keys) {
    var self = this, shards = this.meta.keyShards, out = new Map();
    if (!shards) return Promise.resolve(out);
    return Promise.all(keys.map(function (key) {
      return self.load('k/' + (text.termHash(key) & (shards - 1))).then(function (data) {
        out.set(key, new Map(own(data, key) ? data[key] : []));
      });
    })).then(function () { return out; });
  };

  /* The best chain of `m` characters: `pairs[i]` (Map pair -> pages) are the pairs
   * allowed between places i and i + 1, `own[i]` (Map character -> cost) the
   * characters allowed at place i besides those of the pairs, which cost `change`.
   * -> {text, breaks, score}. */
  function bestChain(m, pairs, own, change) {
    function cost(i, c) { var v = own[i].get(c); return v === undefined ? change : v; }
    function candidates(i) {
      var set = new Set(own[i].keys());
      if (i > 0) pairs[i - 1].forEach(function (_, p) { set.add(Array.from(p)[1]); });
      if (i < m - 1) pairs[i].forEach(function (_, p) { set.add(Array.from(p)[0]); });
      return Array.from(set);
    }
    var states = [new Map()];
    candidates(0).forEach(function (c) { states[0].set(c, { score: -cost(0, c), breaks: 0, back: null }); });
    for (var i = 1; i < m; i++) {
      var next = new Map();
      candidates(i).forEach(function (c) {
        var best = null;
        states[i - 1].forEach(function (prev, p) {
          var pages = pairs[i - 1].get(p + c);
          var s = prev.score - cost(i, c) + (pages === undefined ? -BREAK_COST : Math.log(1 + pages));
          var breaks = prev.breaks + (pages === undefined ? 1 : 0);
          if (best === null || s > best.score) best = { score: s, breaks: breaks, back: p };
        });
        if (best) next.set(c, best);
      });
      states.push(next);
    }
    var end = null, endChar = null;
    states[m - 1].forEach(function (st, c) {
      if (end === null || st.score > end.score) { end = st; endChar = c; }
    });
    if (end === null) return null;
    var chars = [endChar];
    for (var k = m - 1, st = end; k > 0; k--) {
      chars.unshift(st.back);
      st = states[k - 1].get(st.back);
    }
    return { text: chars.join(''), breaks: end.breaks, score: end.score };
  }

  /* A CJK run with its characters replaced by homophones where that makes a chain of
   * pairs the index holds, all of them, on more pages (计化生育 -> 计划生育); null when
   * nothing is better. */
  Engine.prototype.homophones = function (run) {
    var self = this, chars = Array.from(run);
    if (!this.meta.pinyin || !this.meta.keyShards) return Promise.resolve(null);
    return this.pinyinTable().then(function (py) {
      var keys = [], keysAt = [];
      for (var i = 0; i + 1 < chars.length; i++) {
        var here = [];
        (py.readings.get(chars[i]) || []).forEach(function (a) {
          (py.readings.get(chars[i + 1]) || []).forEach(function (b) { here.push(a + ' ' + b); });
        });
        keysAt.push(here);
        keys.push.apply(keys, here);
      }
      return self.pairsOf(keys).then(function (found) {
        var pairs = keysAt.map(function (here) {
          var all = new Map();
          here.forEach(function (k) { found.get(k).forEach(function (n, p) { all.set(p, n); }); });
          return all;
        });
        // A changed character must sound like the one typed.
        pairs = pairs.map(function (all, i) {
          var ok = new Map();
          all.forEach(function (n, p) {
            var pc = Array.from(p);
            if (sameSound(py, pc[0], chars[i]) && sameSound(py, pc[1], chars[i + 1])) ok.set(p, n);
          });
          return ok;
        });
        var own = chars.map(function (c) { return new Map([[c, 0]]); });
        var chain = bestChain(chars.length, pairs, own, CHANGE_COST);
        return chain && chain.breaks === 0 && chain.text !== run ? chain.text : null;
      });
    });
  };

  function sameSound(py, a, b) {
    if (a === b) return true;
    var ra = py.readings.get(a) || [], rb = py.readings.get(b) || [];
    return ra.some(function (r) { return rb.indexOf(r) >= 0; });
  }

  /* Typed pinyin as the Chinese it most likely means: full syllables, with or without
   * spaces (jihuashengyu, ji hua sheng yu), else initials (jhsy, two to six letters);
   * null when no chain of pairs the index holds spells it. */
  Engine.prototype.fromPinyin = function (typed) {
    var self = this;
    if (!this.meta.keyShards) return Promise.resolve(null);
    return this.pinyinTable().then(function (py) {
      var cuts = syllableCuts(typed, py.syllables);
      var letters = typed.replace(/[' ]/g, '');
      var initials = /^[a-z]{2,6}$/.test(typed) ? Array.from(letters) : null;
      var keys = [];
      cuts.forEach(function (cut) {
        for (var i = 0; i + 1 < cut.length; i++) keys.push(cut[i] + ' ' + cut[i + 1]);
      });
      if (initials) for (var i = 0; i + 1 < initials.length; i++) keys.push('#' + initials[i] + initials[i + 1]);
      return self.pairsOf(keys).then(function (found) {
        var best = null;
        cuts.forEach(function (cut) {
          var pairs = [];
          for (var i = 0; i + 1 < cut.length; i++) pairs.push(found.get(cut[i] + ' ' + cut[i + 1]));
          // The characters of each syllable, the most used first, a little dearer each.
          var own = cut.map(function (syl) {
            var m = new Map();
            Array.from(py.syllables[syl] || '').slice(0, 5).forEach(function (c, k) { m.set(c, CHANGE_COST + k); });
            return m;
          });
          var chain = bestChain(cut.length, pairs, own, CHANGE_COST);
          if (chain && (best === null || chain.breaks < best.breaks)) best = chain;
        });
        if ((best === null || best.breaks > 0) && initials) {
          var pairs = [];
          for (var i = 0; i + 1 < initials.length; i++) pairs.push(found.get('#' + initials[i] + initials[i + 1]));
          var chain = bestChain(initials.length, pairs, initials.map(function () { return new Map(); }), 0);
          if (chain && chain.breaks === 0) best = chain;
        }
        return best && best.breaks === 0 ? best.text : null;
      });
    });
  };

  /* The ways of cutting typed letters into syllables of py.js (a space or an
   * apostrophe always cuts), fewest syllables first, at most MAX_CUTS. */
  function syllableCuts(typed, syllables) {
    var words = typed.split(/[' ]+/).filter(Boolean), cuts = [[]];
    words.forEach(function (word) {
      var ways = [];
      (function cut(at, so) {
        if (ways.length >= 64) return;
        if (at === word.length) { ways.push(so); return; }
        for (var len = Math.min(6, word.length - at); len >= 1; len--) {
          var syl = word.slice(at, at + len);
          if (own(syllables, syl)) cut(at + len, so.concat([syl]));
        }
      })(0, []);
      var next = [];
      cuts.forEach(function (c) { ways.forEach(function (w) { next.push(c.concat(w)); }); });
      cuts = next;
    });
    cuts.sort(function (a, b) { return a.length - b.length; });
    return cuts.filter(function (c) { return c.length > 0; }).slice(0, MAX_CUTS);
  }

  /* The word of the pages (v/<letter>.js, same first letter) nearest to `word`: one
   * edit for words up to four letters, two for longer ones; of those as near, the one
   * on most pages. null when none is. */
  Engine.prototype.nearestWord = function (word) {
    var letter = word.charAt(0), self = this;
    if (!/^[a-z]{3,}$/.test(word) || (this.meta.words || '').indexOf(letter) < 0) return Promise.resolve(null);
    var most = word.length <= 4 ? 1 : 2, own = text.wordTerm(word);
    return this.load('v/' + letter).then(function (vocabulary) {
      var best = null, bestDistance = most + 1;
      Object.keys(vocabulary).forEach(function (w) {
        if (Math.abs(w.length - word.length) > most || text.wordTerm(w) === own) return;
        var d = editDistance(word, w, bestDistance);
        if (d < bestDistance || (d === bestDistance && best !== null && vocabulary[w] > vocabulary[best])) {
          if (d <= most) { best = w; bestDistance = d; }
        }
      });
      return best === null ? null : best;
    }, function () { self.meta.words = ''; return null; });
  };

  /* Optimal string alignment distance (a swap of neighbours is one edit), or `cap`
   * when it is at least that. */
  function editDistance(a, b, cap) {
    var prev2 = null, prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var rowMin = i;
      for (var k = 1; k <= b.length; k++) {
        var v = Math.min(prev[k] + 1, cur[k - 1] + 1, prev[k - 1] + (a[i - 1] === b[k - 1] ? 0 : 1));
        if (i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) v = Math.min(v, prev2[k - 2] + 1);
        cur.push(v);
        if (v < rowMin) rowMin = v;
      }
      if (rowMin >= cap) return cap;
      prev2 = prev;
      prev = cur;
    }
    return Math.min(prev[b.length], cap);
  }

  /* Runs a query on a made-up index (as many pages as the real one, up to 5,000),
   * without loading anything, so that the browser has compiled the engine's code and
   * regular expressions before a resident's first query: the first run of each step
   * took as long again as the steps themselves. The page calls it once the real index
   * is ready, while the resident is still typing; it takes some 30-60 ms there. With
   * fewer pages the loops that decode and score postings stay uncompiled; with more it
   * takes longer for no gain. Resolves when done; touches nothing of `this`. */
  Engine.prototype.warmUp = function () {
    var n = Math.max(400, Math.min(this.meta.docs || 0, 5000)), digits = [], pages = [];
    var pageSize = this.meta.pageSize;
    // Postings of both kinds: the next page, and a gap of two.
    for (var doc = 0, i = 0; doc < n; i++) {
      if (i % 7 === 3 && doc + 2 < n) {
        digits.push(DIGITS.charAt(1 + i % 31), DIGITS.charAt(2));
        doc += 2;
      } else {
        digits.push(DIGITS.charAt(32 | (1 + i % 31)));
        doc += 1;
      }
    }
    var postings = digits.join('');
    var body = '一段簡單的說明：计划生育工作要点，流动人口服务。Volunteers register for ' +
      'the B-ultrasound training in 2024; the county\u2019s plan. ';
    for (var p = 0; p < n; p++) {
      pages.push(p < pageSize ? { url: '/' + p + '/', title: '计划生育 Volunteers ' + p, kind: 'page',
        section: null, date: null, tags: [], text: body.repeat(5) } : pages[p % pageSize]);
    }
    var query = '计划生育 volunteers register', shard = {};
    text.queryTerms(text.normalize(query)).forEach(function (t) { shard[t] = postings; });
    var meta = { version: FORMAT_VERSION, lang: this.meta.lang, docs: n, shards: 1, exactShards: 1, longBits: 0,
      longMarks: '', pageSize: pageSize, cjk: this.meta.cjk, facets: {} };
    var made = new Engine(function (key) {
      return Promise.resolve(key === 's/0' ? shard : pages);
    });
    made.meta = meta;
    made.fileStart = new Uint32Array(n);
    made.readyPromise = Promise.resolve(meta);
    return made.search(query, {}).then(function (result) {
      return made.page(result, 0, pageSize);
    });
  };

  /* ---- In the browser ---- */

  /* Loads index files with <script> tags, which also works from file://. A file calls
   * __placardSearch.load(key, data) as it runs; the script that runs it
   * (document.currentScript) says which index it belongs to, so that a page can load
   * two (its own and, for a pointer, the other language's). */
  var loading = {};

  function scriptLoader(base) {
    var registry = global.__placardSearch = global.__placardSearch || {};
    registry.load = function (key, data) {
      var script = global.document.currentScript, p = script && loading[script.src];
      if (p && p.key === key && !p.done) { p.done = true; p.resolve(data); }
    };
    var pending = {};
    return function (key) {
      if (pending[key]) return pending[key].promise;
      var entry = pending[key] = { key: key, done: false };
      entry.promise = new Promise(function (resolve, reject) {
        entry.resolve = resolve;
        var s = document.createElement('script');
        s.src = base + key + '.js';
        var src = s.src;
        loading[src] = entry;
        s.async = true;
        s.onload = function () {
          s.remove();
          delete loading[src];
          if (!entry.done) { delete pending[key]; reject(new Error('bad index file ' + key)); }
        };
        s.onerror = function () {
          s.remove();
          delete loading[src];
          delete pending[key];
          reject(new Error('cannot load index file ' + key));
        };
        document.head.appendChild(s);
      });
      return entry.promise;
    };
  }

  /* A root-relative URL as a link from this page; from disk, to the index.html file. */
  function linkTo(url, root) {
    var href = root + url.replace(/^\//, '');
    if (global.location && global.location.protocol === 'file:' && /\/$/.test(href)) href += 'index.html';
    return href;
  }

  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];

  function showDate(iso, lang) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
    if (!m) return iso || '';
    var y = +m[1], mo = +m[2], d = +m[3];
    if (lang === 'zh') return y + '年' + mo + '月' + d + '日';
    if (lang === 'en') return d + ' ' + MONTHS[mo - 1] + ' ' + y;
    return m[0];
  }

  function setUp(app) {
    var doc = global.document;
    var form = app.querySelector('form');
    var input = form.elements.q;
    var selects = ['kind', 'section', 'year', 'tag'].map(function (f) { return form.elements[f]; })
      .filter(Boolean);
    var status = app.querySelector('.search-status');
    var list = app.querySelector('.search-results');
    var more = app.querySelector('.search-more');
    var data = app.dataset;
    var root = data.root || '';
    var lang = data.lang || '';
    var note = app.querySelector('.search-note');
    var engine = new Engine(scriptLoader(data.index || 'index/'));
    if (data.otherIndex) engine.other = new Engine(scriptLoader(data.otherIndex));
    var sectionTitles = {};
    app.querySelectorAll('[data-section-url]').forEach(function (el) {
      var name = el.getAttribute('data-section-url').replace(/\/+$/, '').split('/').pop();
      sectionTitles[name] = el.textContent;
    });
    var kindLabel = function (k) { return data['kind' + k.charAt(0).toUpperCase() + k.slice(1)] || k; };
    var label = {
      kind: kindLabel,
      section: function (s) { return sectionTitles[s] || s; },
      year: String,
      tag: String
    };

    var params = new URLSearchParams(global.location.search);
    input.value = params.get('q') || '';
    // A link "search for what I typed" asks for the query uncorrected, once.
    var verbatim = params.get('verbatim') === '1';
    var wanted = {};
    selects.forEach(function (s) { wanted[s.name] = params.get(s.name) || ''; });

    function fillFilters(meta) {
      selects.forEach(function (s) {
        var values = meta.facets[s.name] || [];
        values.forEach(function (v) {
          var o = doc.createElement('option');
          o.value = v[0];
          o.textContent = label[s.name](v[0]) + ' (' + v[1] + ')';
          s.appendChild(o);
        });
        if (wanted[s.name] && !values.some(function (v) { return v[0] === wanted[s.name]; })) {
          // A filter from a shared link that this index does not know: kept, finds nothing.
          var unknown = doc.createElement('option');
          unknown.value = unknown.textContent = wanted[s.name];
          s.appendChild(unknown);
        }
        s.value = wanted[s.name];
        var box = s.closest('.search-filter');
        if (box) box.hidden = values.length < 2 && !wanted[s.name];
      });
    }

    function filters() {
      var f = {};
      selects.forEach(function (s) { if (s.value) f[s.name] = s.value; });
      return f;
    }

    function remember() {
      var p = new URLSearchParams();
      if (input.value.trim()) p.set('q', input.value.trim());
      var f = filters();
      Object.keys(f).forEach(function (k) { p.set(k, f[k]); });
      var qs = p.toString();
      try {
        global.history.replaceState(null, '', (qs ? '?' + qs : global.location.pathname) + global.location.hash);
      } catch (e) { /* some browsers refuse this for file:// pages; the search still works */ }
    }

    function append(parent, tag, cls, textContent) {
      var el = doc.createElement(tag);
      if (cls) el.className = cls;
      if (textContent !== undefined) el.textContent = textContent;
      parent.appendChild(el);
      return el;
    }

    function appendParts(parent, parts) {
      parts.forEach(function (p) {
        if (p.mark) append(parent, 'mark', '', p.text);
        else parent.appendChild(doc.createTextNode(p.text));
      });
    }

    /* Results look like the theme's page lists (base.html: page_list). */
    function render(pages) {
      list.hidden = false;
      pages.forEach(function (p) {
        var li = append(list, 'li', 'page-item search-result kind-' + p.kind);
        var a = append(li, 'a', 'page-item-title');
        a.href = linkTo(p.url, root);
        appendParts(a, p.titleParts);
        var meta = append(li, 'p', 'page-item-meta');
        append(meta, 'span', 'page-item-kind', kindLabel(p.kind));
        var section = p.section ? label.section(p.section) : '';
        if (section && section !== kindLabel(p.kind)) append(meta, 'span', 'page-item-section', section);
        if (p.partial) append(meta, 'span', 'search-partial', data.partial || 'partial');
        if (p.date) {
          var t = append(meta, 'time', '', showDate(p.date, lang));
          t.setAttribute('datetime', p.date);
        }
        var ex = append(li, 'p', 'page-item-summary search-excerpt');
        appendParts(ex, p.excerpt);
      });
    }

    var current = null, shown = 0, run = 0;

    /* A link to the search page `page` (this one when empty) for `q`. */
    function searchLink(page, q, extra) {
      var a = doc.createElement('a');
      var p = new URLSearchParams();
      p.set('q', q);
      Object.keys(extra || {}).forEach(function (k) { p.set(k, extra[k]); });
      var href = page + '?' + p.toString();
      if (page && global.location.protocol === 'file:') href = page + 'index.html?' + p.toString();
      a.href = href;
      a.textContent = q;
      return a;
    }

    /* `template` with {name} filled: strings, or elements put in as they are. */
    function fillIn(parent, template, values) {
      template.split(/(\{[a-z]+\})/).forEach(function (piece) {
        var m = /^\{([a-z]+)\}$/.exec(piece), v = m && values[m[1]];
        if (v === undefined || v === null) { if (piece && !m) parent.appendChild(doc.createTextNode(piece)); return; }
        parent.appendChild(typeof v === 'string' || typeof v === 'number' ? doc.createTextNode(String(v)) : v);
      });
    }

    /* What the results are for: the query corrected ("showing results for …", with a
     * link to search what was typed), or the other language's pages that have it. */
    function showNote(result) {
      note.textContent = '';
      note.hidden = true;
      if (result.correctedFrom) {
        fillIn(note, data.corrected || '{corrected} {original}', {
          corrected: result.query,
          original: searchLink('', result.correctedFrom, { verbatim: '1' })
        });
        note.hidden = false;
      } else if (result.other) {
        var link = searchLink(data.otherPage, result.query);
        link.setAttribute('hreflang', data.otherLang);
        link.textContent = '';
        fillIn(link, data.otherLink || '{query}', { query: result.query, language: data.otherName });
        fillIn(note, data.otherResults || '{count} {link}', {
          count: result.other.total, language: data.otherName, link: link
        });
        note.hidden = false;
      }
    }

    function countText(result) {
      return result.total
        ? (data.resultsCount || '{count}').replace('{count}', result.total)
        : (data.noResults || '');
    }

    /* The next page of results; with `fresh`, the first, in place of what was shown.
     * The page changes once, when the results are ready: a change while their files
     * are loading would make the browser lay the page out and paint it in between. */
    function showMore(fresh) {
      var mine = run, result = current;
      more.disabled = true;
      return engine.page(result, shown, engine.meta.pageSize).then(function (pages) {
        if (mine !== run) return;
        if (fresh) {
          list.textContent = '';
          status.textContent = countText(result);
          showNote(result);
        }
        shown += pages.length;
        render(pages);
        more.hidden = shown >= result.total;
        more.disabled = false;
      });
    }

    function search() {
      var mine = ++run;
      var q = input.value;
      if (!q.trim()) {
        remember();
        list.textContent = '';
        list.hidden = true;
        status.textContent = '';
        note.hidden = true;
        more.hidden = true;
        return Promise.resolve();
      }
      app.setAttribute('aria-busy', 'true');
      // What is shown stays until the new results replace it, but is no longer paged.
      more.disabled = true;
      var searching = engine.query(q, filters(), verbatim);
      verbatim = false;
      // The address follows once the query's first files are asked for.
      Promise.resolve().then(remember);
      return searching.then(function (result) {
        if (mine !== run) return;
        current = result;
        shown = 0;
        if (result.total) return showMore(true);
        list.textContent = '';
        list.hidden = true;
        status.textContent = countText(result);
        showNote(result);
        more.hidden = true;
      }).catch(function (e) {
        if (mine !== run) return;
        status.textContent = String(e && e.message || e);
        more.hidden = true;
      }).then(function () {
        if (mine === run) app.removeAttribute('aria-busy');
      });
    }

    var timer = null;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearTimeout(timer);
      search();
    });
    selects.forEach(function (s) { s.addEventListener('change', search); });
    more.addEventListener('click', function () { showMore(false); });

    engine.ready().then(function (meta) {
      fillFilters(meta);
      if (input.value.trim()) return search();
      // Only for speed: a resident's query reports its own errors.
      return engine.warmUp().catch(function () {});
    }).catch(function (e) {
      status.textContent = String(e && e.message || e);
    });
  }

  var api = {
    Engine: Engine,
    decodePostings: decodePostings,
    decodeRuns: decodeRuns,
    queryUnits: queryUnits,
    exactKey: exactKey,
    editDistance: editDistance,
    linkTo: linkTo,
    showDate: showDate
  };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    global.placardSearch = api;
    var start = function () {
      var app = global.document.querySelector('[data-search-app]');
      if (app) setUp(app);
    };
    if (global.document.readyState === 'loading') global.document.addEventListener('DOMContentLoaded', start);
    else start();
  }
})(typeof self !== 'undefined' ? self : this);
