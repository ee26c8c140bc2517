/* placard search: the text rules the index was built with, for the browser.
 * Each function mirrors one in src/outputs/search/ (normalize.rs, tokenize.rs,
 * encode.rs); `cargo test` runs both on shared tables and checks they agree.
 * Loaded before search.js; in node, `require` returns the same object. */
(function (global) {
  'use strict';

  /* Traditional -> Simplified, one character to one; filled from index/t2s.js. Each
   * index's table adds to it (all are cut from the same OpenCC table), so that a page
   * that queries two indexes (the other language's, for a pointer) keeps both. */
  var t2s = new Map();

  function setT2s(from, to) {
    var f = Array.from(from), t = Array.from(to);
    for (var i = 0; i < f.length && i < t.length; i++) t2s.set(f[i], t[i]);
  }

  function fold(ch) {
    var s = t2s.get(ch);
    return s === undefined ? ch : s;
  }

  /* NFKC, then lower case and Traditional -> Simplified one character at a time
   * (normalize.rs: normalize). */
  function normalize(text) {
    var s = String(text).normalize('NFKC');
    var out = '';
    for (var ch of s) {
      var cp = ch.codePointAt(0);
      if (cp < 0x80) {
        out += (cp >= 65 && cp <= 90) ? String.fromCharCode(cp + 32) : ch;
      } else {
        for (var l of ch.toLowerCase()) out += fold(l);
      }
    }
    return out;
  }

  /* The characters indexed one by one and in pairs, as [first, last] code points:
   * set from the index's meta.js (`cjk`, text.rs: CJK_RANGES) before any text is
   * read, so that the browser splits text exactly as the index was built. */
  var CJK_RANGES = [];

  function isCjk(cp) {
    for (var i = 0; i < CJK_RANGES.length; i++) {
      if (cp >= CJK_RANGES[i][0] && cp <= CJK_RANGES[i][1]) return true;
    }
    return false;
  }

  /* A CJK run, or a word: alphanumeric characters that are not CJK, an apostrophe
   * between two of them included. It is Rust's char::is_alphanumeric outside
   * the CJK ranges (the tests run both on every character); it scans in native code, which a page's
   * text needs: a loop over its characters was most of the time of showing results. */
  var SEGMENT;

  function setCjk(ranges) {
    CJK_RANGES = ranges;
    var cjkClass = '[' + CJK_RANGES.map(function (r) {
      function u(cp) { return '\\u{' + cp.toString(16) + '}'; }
      return r[0] === r[1] ? u(r[0]) : u(r[0]) + '-' + u(r[1]);
    }).join('') + ']';
    var wordChar = '(?:(?!' + cjkClass + ')[\\p{Alphabetic}\\p{Nd}\\p{Nl}\\p{No}])';
    SEGMENT = new RegExp('(' + cjkClass + '+)|' + wordChar + '+(?:[\'\\u2019]' + wordChar + '+)*', 'gu');
  }
  setCjk([]);

  /* Calls fn(start, end, cjk) for each word and CJK run of normalised text
   * (tokenize.rs: segments), with UTF-16 offsets; everything else separates. An
   * apostrophe between two letters belongs to the word. Makes nothing on the way but
   * the matches, so that a page's text is cheap to go through. */
  function forEachSegment(text, fn) {
    var re = new RegExp(SEGMENT), m;
    while ((m = re.exec(text)) !== null) {
      fn(m.index, m.index + m[0].length, m[1] !== undefined);
    }
  }

  /* The runs of forEachSegment as [{start, end, cjk, text}]. */
  function segments(text) {
    var out = [];
    forEachSegment(text, function (start, end, cjk) {
      out.push({ start: start, end: end, cjk: cjk, text: text.slice(start, end) });
    });
    return out;
  }

  /* ---- English stemmer: Snowball "english" (Porter2), as rust-stemmers runs it. ---- */

  var EXCEPTIONS = {
    skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie',
    idly: 'idl', gently: 'gentl', ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl',
    sky: 'sky', news: 'news', howe: 'howe', atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes'
  };
  var INVARIANT_AFTER_1A = ['inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed'];

  function isV(c) { return c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y'; }
  function isVWXY(c) { return isV(c) || c === 'w' || c === 'x' || c === 'Y'; }

  /* Does `s` end in a short syllable? */
  function shortV(s) {
    var n = s.length;
    if (n >= 3 && !isVWXY(s[n - 1]) && isV(s[n - 2]) && !isV(s[n - 3])) return true;
    return n === 2 && !isV(s[1]) && isV(s[0]);
  }

  /* The longest of `suffixes` that `s` ends with, or null. */
  function longest(s, suffixes) {
    var best = null;
    for (var i = 0; i < suffixes.length; i++) {
      var x = suffixes[i];
      if (x.length <= s.length && s.endsWith(x) && (best === null || x.length > best.length)) best = x;
    }
    return best;
  }

  var STEP2 = {
    tional: 'tion', enci: 'ence', anci: 'ance', abli: 'able', entli: 'ent', izer: 'ize', ization: 'ize',
    ational: 'ate', ation: 'ate', ator: 'ate', alism: 'al', aliti: 'al', alli: 'al', fulness: 'ful',
    ousli: 'ous', ousness: 'ous', iveness: 'ive', iviti: 'ive', biliti: 'ble', bli: 'ble',
    ogi: 'og', fulli: 'ful', lessli: 'less', li: ''
  };
  var STEP3 = { tional: 'tion', ational: 'ate', alize: 'al', icate: 'ic', iciti: 'ic', ical: 'ic', ful: '', ness: '', ative: '' };
  var STEP4 = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ism',
    'ate', 'iti', 'ous', 'ive', 'ize', 'ion'];

  function stem(word) {
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, word)) return EXCEPTIONS[word];
    if (word.length < 3) return word;

    /* prelude: y as a consonant becomes Y */
    var a = word.split(''), yFound = false, i;
    if (a[0] === 'y') { a[0] = 'Y'; yFound = true; }
    for (i = 1; i < a.length; i++) {
      if (a[i] === 'y' && isV(a[i - 1])) { a[i] = 'Y'; yFound = true; }
    }
    var s = a.join('');

    /* mark_regions */
    var n = s.length, p1 = n, p2 = n;
    var pre = /^(gener|commun|arsen)/.exec(s);
    var afterVC = function (from) {
      var j = from;
      while (j < n && !isV(s[j])) j++;
      while (j < n && isV(s[j])) j++;
      return j < n ? j + 1 : -1;
    };
    var r1 = pre ? pre[0].length : afterVC(0);
    if (r1 >= 0) {
      p1 = r1;
      var r2 = afterVC(p1);
      if (r2 >= 0) p2 = r2;
    }

    /* Step 1a (only an inner apostrophe reaches here: words do not start or end with one) */
    if (s.endsWith("'s")) s = s.slice(0, -2);
    var x = longest(s, ['sses', 'ied', 'ies', 's', 'us', 'ss']);
    if (x === 'sses') s = s.slice(0, -4) + 'ss';
    else if (x === 'ied' || x === 'ies') s = s.slice(0, -3) + (s.length - 3 >= 2 ? 'i' : 'ie');
    else if (x === 's') {
      if (s.length >= 2 && /[aeiouy]/.test(s.slice(0, s.length - 2))) s = s.slice(0, -1);
    }

    if (INVARIANT_AFTER_1A.indexOf(s) < 0) {
      /* Step 1b */
      x = longest(s, ['eed', 'eedly', 'ed', 'edly', 'ing', 'ingly']);
      if (x === 'eed' || x === 'eedly') {
        if (s.length - x.length >= p1) s = s.slice(0, -x.length) + 'ee';
      } else if (x !== null) {
        var stemPart = s.slice(0, -x.length);
        if (/[aeiouy]/.test(stemPart)) {
          s = stemPart;
          var y = longest(s, ['at', 'bl', 'iz', 'bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);
          if (y === 'at' || y === 'bl' || y === 'iz') s += 'e';
          else if (y !== null) s = s.slice(0, -1);
          else if (s.length === p1 && shortV(s)) s += 'e';
        }
      }

      /* Step 1c */
      n = s.length;
      if (n >= 3 && (s[n - 1] === 'y' || s[n - 1] === 'Y') && !isV(s[n - 2])) s = s.slice(0, -1) + 'i';

      /* Step 2 */
      x = longest(s, Object.keys(STEP2));
      if (x !== null && s.length - x.length >= p1) {
        var before = s[s.length - x.length - 1];
        if (x === 'ogi') { if (before === 'l') s = s.slice(0, -3) + 'og'; }
        else if (x === 'li') { if (before !== undefined && 'cdeghkmnrt'.indexOf(before) >= 0) s = s.slice(0, -2); }
        else s = s.slice(0, -x.length) + STEP2[x];
      }

      /* Step 3 */
      x = longest(s, Object.keys(STEP3));
      if (x !== null && s.length - x.length >= p1) {
        if (x !== 'ative' || s.length - x.length >= p2) s = s.slice(0, -x.length) + STEP3[x];
      }

      /* Step 4 */
      x = longest(s, STEP4);
      if (x !== null && s.length - x.length >= p2) {
        if (x !== 'ion') s = s.slice(0, -x.length);
        else if (/[st]ion$/.test(s)) s = s.slice(0, -3);
      }

      /* Step 5 */
      n = s.length;
      if (s[n - 1] === 'e') {
        if (n - 1 >= p2 || (n - 1 >= p1 && !shortV(s.slice(0, -1)))) s = s.slice(0, -1);
      } else if (s[n - 1] === 'l') {
        if (n - 1 >= p2 && s[n - 2] === 'l') s = s.slice(0, -1);
      }
    }

    return yFound ? s.replace(/Y/g, 'y') : s;
  }

  /* ---- Terms (tokenize.rs: WordStemmer::term, query_terms) ---- */

  var MAX_WORD_CHARS = 40;

  /* The index term for a word, or null for a word too long to be indexed. */
  function wordTerm(word) {
    if (word.length > MAX_WORD_CHARS && Array.from(word).length > MAX_WORD_CHARS) return null;
    if (/^[a-z]+$/.test(word)) return stem(word);
    /* The stemmer knows the straight apostrophe only (and drops a final 's). */
    if (/^[a-z'\u2019]+$/.test(word)) return stem(word.replace(/\u2019/g, "'"));
    return word;
  }

  /* What a query looks up: words as terms, a one-character CJK run as itself,
   * longer runs as their bigrams; a number right before a CJK run as the number and
   * the run's first character together (3月, 2024年: the index holds them so), in
   * place of the number and of a one-character run; in order, without repeats. */
  function queryTerms(normalized) {
    var terms = [], segs = segments(normalized);
    function add(t) { if (terms.indexOf(t) < 0) terms.push(t); }
    function joined(i) {
      var a = segs[i], b = segs[i + 1];
      return !a.cjk && b !== undefined && b.cjk && b.start === a.end && /^[0-9]+$/.test(a.text);
    }
    segs.forEach(function (seg, i) {
      if (!seg.cjk) {
        if (joined(i)) {
          add(seg.text + String.fromCodePoint(segs[i + 1].text.codePointAt(0)));
          return;
        }
        var t = wordTerm(seg.text);
        if (t !== null) add(t);
        return;
      }
      var chars = Array.from(seg.text);
      if (chars.length === 1 && !(i > 0 && joined(i - 1))) add(chars[0]);
      for (var k = 0; k + 1 < chars.length; k++) add(chars[k] + chars[k + 1]);
    });
    return terms;
  }

  /* encode.rs: term_hash */
  function termHash(term) {
    var h = 0x811c9dc5;
    for (var ch of term) {
      h ^= ch.codePointAt(0);
      h = Math.imul(h, 0x01000193);
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x045d9f3b);
    h ^= h >>> 16;
    return h >>> 0;
  }

  var api = {
    setT2s: setT2s,
    setCjk: setCjk,
    normalize: normalize,
    isCjk: isCjk,
    segments: segments,
    forEachSegment: forEachSegment,
    stem: stem,
    wordTerm: wordTerm,
    queryTerms: queryTerms,
    termHash: termHash
  };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else global.placardText = api;
})(typeof self !== 'undefined' ? self : this);
