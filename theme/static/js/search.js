/* Samizdat search: runs from file:// and any mirror path, no fetch, no modules.
   Index shards are classic scripts (see plugins/site_search/export.py). The
   text rules and scoring weights come from search/rules.js, which the build
   generates from plugins/site_search/rules.py and this script loads first:
   this file holds no table of its own. Results are built with textContent
   only: nothing from the query or the index is ever parsed as HTML. Only
   files that the signed copy lists in search/meta.js (and rules.js, and
   the pair shards it counts) are ever loaded (see load()), and index data
   is held in objects without a prototype, so that a word such as
   "constructor" is a word, not Object.prototype's. */
(function () {
  "use strict";
  var PAGE_SIZE = 10, PREFIX_TERMS = 50, PAIR = " ";
  /* Set by setup() from rules.js. */
  var RULES, SCORING, TOKEN, UNSPACED, CLUSTER_MARK, CHARACTER, PREPARE, VARIANTS, MARKS;

  /* [gap, length - 1, ...] code point ranges -> a character class body. */
  function characterClass(flat) {
    var body = "", at = 0;
    function escaped(code) { return "\\u" + ("000" + code.toString(16)).slice(-4); }
    for (var i = 0; i < flat.length; i += 2) {
      var first = at + flat[i], last = first + flat[i + 1];
      body += escaped(first) + (last > first ? "-" + escaped(last) : "");
      at = last;
    }
    return body;
  }
  /* {from: code point ranges, to: a character for each} -> a translate
     table; NUL deletes. */
  function table(data) {
    var map = Object.create(null), n = 0, at = 0;
    for (var i = 0; i < data.from.length; i += 2) {
      var first = at + data.from[i], last = first + data.from[i + 1];
      for (var code = first; code <= last; code++) {
        var to = data.to.charAt(n++);
        map[String.fromCharCode(code)] = to === "\0" ? "" : to;
      }
      at = last;
    }
    return map;
  }
  function setup(rules) {
    var word = characterClass(rules.word), bigram = characterClass(rules.bigram);
    var syllable = characterClass(rules.syllable), marks = characterClass(rules.cluster_marks);
    RULES = rules;
    SCORING = rules.scoring;
    TOKEN = "([" + word + "]+)|([" + bigram + "]+)|([" + syllable + "]+)";
    UNSPACED = new RegExp("^[" + bigram + syllable + "]");
    CLUSTER_MARK = new RegExp("[" + marks + "]");
    CHARACTER = "[\\s\\S](?:[" + rules.cluster_joiners + "][^" + marks + "]|[" + marks + "])*";
    PREPARE = table(rules.prepare);
    VARIANTS = table(rules.variants);
    MARKS = table(rules.marks);
    window.SamizdatSearch.loadedRules = rules;  /* for tests */
  }

  var script = document.currentScript;
  var root = new URL("../../", script.src).href;
  var shards = {}, docs = {}, languages = {}, meta = {n: 1}, waiting = {};
  /* What meta.js lists: shard names and languages (null until loaded), and
     the loads waiting for it. */
  var listed = null, afterMeta = null;

  function translate(text, map) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i), to = map[c];
      out += to === undefined ? c : to;
    }
    return out;
  }
  function prepare(text) { return translate(text.normalize("NFKC").toLowerCase(), PREPARE); }
  function unhamza(word) {
    return word.length > 1 && word.charAt(0) === RULES.hamza ? word.slice(1) : word;
  }
  /* As analysis.tokens(): {terms: [...], exact: [exact form or "" per term],
     starts: [index of the first term of each word or run]}; an exact form
     only where it differs from the term (diacritics typed). */
  function analyse(text) {
    var exactText = translate(prepare(text), VARIANTS), folded = translate(exactText, MARKS);
    var tokens = new RegExp(TOKEN, "g"), exactTokens = new RegExp(TOKEN, "g");
    var found = [], exact = [], starts = [], match, exactMatch, run, i;
    while ((match = tokens.exec(folded))) {
      exactMatch = exactTokens.exec(exactText);
      starts.push(found.length);
      if (match[1]) {
        found.push(unhamza(match[1]));
        exact.push(match[1] === exactMatch[1] ? "" : unhamza(exactMatch[1]));
      } else if (match[3]) {
        found.push(match[3]);
        exact.push("");
      } else {
        run = characters(match[2]);
        if (run.length === 1) { found.push(match[2]); exact.push(""); }
        for (i = 0; i + 1 < run.length; i++) { found.push(run[i] + run[i + 1]); exact.push(""); }
      }
    }
    return {terms: found, exact: exact, starts: starts};
  }
  function terms(text) { return analyse(text).terms; }
  /* A run of a bigram script as its characters: letters with their marks. */
  function characters(run) {
    return CLUSTER_MARK.test(run) ? run.match(new RegExp(CHARACTER, "g")) : run.split("");
  }

  var CRC_TABLE = [];
  for (var n = 0; n < 256; n++) {
    var c = n;
    for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    CRC_TABLE[n] = c >>> 0;
  }
  /* CRC-32 of the UTF-8 bytes, as Python's zlib.crc32. */
  function crc32(text) {
    var bytes = new TextEncoder().encode(text), crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  }
  /* As export.shard_name(). */
  function shardName(term) {
    if (term.indexOf(PAIR) >= 0) return "q" + (crc32(term) % RULES.pair_buckets);
    if (UNSPACED.test(term)) return "u" + (term.charCodeAt(0) % RULES.unspaced_buckets);
    var folded = translate(term, MARKS), parts = [];
    for (var i = 0; i < folded.length && i < 2; i++) parts.push(folded.charCodeAt(i).toString(16));
    return parts.join("_");
  }

  window.SamizdatSearch = {
    rules: setup,
    shard: function (name, data) { shards[name] = withoutPrototypes(data); },
    doc: function (id, data) { docs[id] = data; },
    meta: function (key, value) { meta[key] = value; },
    lang: function (code, gaps) {
      var set = {};
      for (var i = 0, doc = 0; i < gaps.length; i++) { doc += gaps[i]; set[doc] = true; }
      languages[code] = set;
    },
    /* for tests: the same rules as analysis.py and export.py */
    terms: terms,
    analyse: analyse,
    shardName: shardName
  };
  /* A copy of `data` whose object values ("p", "a", ...) have no prototype:
     a lookup of any word finds that word's entry or nothing. */
  function withoutPrototypes(data) {
    var copy = Object.create(null);
    Object.keys(data).forEach(function (key) {
      var value = data[key], bare = Object.create(null);
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        copy[key] = value;
        return;
      }
      Object.keys(value).forEach(function (k) { bare[k] = value[k]; });
      copy[key] = bare;
    });
    return copy;
  }
  function nameSet(names) {
    var found = Object.create(null);
    (Array.isArray(names) ? names : []).forEach(function (n) { found[n] = true; });
    return found;
  }
  /* Is `path` a file meta.js lists? A file added to a copy (an attacker's
     search/t/xx.js) is never loaded: its name is not in the signed list. */
  function isListed(path) {
    var match = /^(t|l)\/([^\/]+)\.js$/.exec(path) || /^(d)\/(0|[1-9][0-9]*)\.js$/.exec(path);
    if (!match) return false;
    if (match[1] === "d") return Number(match[2]) < meta.n;
    var pair = /^q(0|[1-9][0-9]*)$/.exec(match[2]);
    if (match[1] === "t" && pair) {
      return !!RULES && Number(pair[1]) < RULES.pair_buckets && listed.noPairs[pair[1]] !== true;
    }
    return (match[1] === "t" ? listed.shards : listed.languages)[match[2]] === true;
  }
  /* meta.js first, then only the listed files among `paths`. */
  function load(paths, done) {
    if (!listed) {
      if (!afterMeta) {
        afterMeta = [];
        loadScripts(["meta.js"], function () {
          listed = {shards: nameSet(meta.shards), languages: nameSet(meta.languages),
            noPairs: nameSet(meta.no_pairs)};
          afterMeta.forEach(function (next) { next(); });
        });
      }
      afterMeta.push(function () { load(paths, done); });
      return;
    }
    loadScripts(paths.filter(function (path) {
      return path === "meta.js" || path === "rules.js" || isListed(path);
    }), done);
  }
  function loadScripts(paths, done) {
    var left = 0;
    paths.forEach(function (path) {
      if (waiting[path]) return;
      left++;
      waiting[path] = true;
      var tag = document.createElement("script");
      tag.src = root + "search/" + path;
      tag.onload = tag.onerror = function () { if (--left === 0) done(); };
      document.head.appendChild(tag);
    });
    if (left === 0) done();
  }

  /* BM25: stored weights are the term-frequency part; idf as in index.py. */
  function idf(df) { return Math.log(1 + (meta.n - df + 0.5) / (df + 0.5)); }
  function own(object, key) {
    return object && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  }
  /* The postings list of `key` in the part ("p" terms and pairs, "e" exact
     forms) of its shard, if loaded. */
  function listOf(key, part) { return own(own(shards[shardName(key)], part), key); }
  function stemOf(term) { return own(own(shards[shardName(term)], "a"), term) || term; }
  /* Adds doc -> weight x idf x factor of one postings list to `into`. */
  function scored(list, factor, into) {
    if (!list) return into;
    var weight = idf(list.length / 2) * factor;
    for (var i = 0, doc = 0; i < list.length; i += 2) {
      doc += list[i];
      into[doc] = Math.max(into[doc] || 0, list[i + 1] * weight);
    }
    return into;
  }
  function postings(term) {
    var found = scored(listOf(term, "p"), 1, Object.create(null)), stem = stemOf(term);
    return stem === term ? found : scored(listOf(stem, "p"), 1, found);
  }
  function prefixed(term, into) {
    var shard = shards[shardName(term)], n = 0;
    if (!shard || term.length < 2 || UNSPACED.test(term)) return into;
    Object.keys(shard.p).forEach(function (t) {
      if (t !== term && t.indexOf(term) === 0 && n++ < PREFIX_TERMS) {
        scored(own(shard.p, t), SCORING.prefix, into);
      }
    });
    return into;
  }
  /* The keys of adjacent query terms, as index.py makes them: at most
     RULES.max_pairs, first those joining two words (or runs), then pairs
     inside a run, spread over it. */
  function pairKeys(query) {
    var words = query.terms, order = [], inside = [], keys = [];
    for (var i = 0; i + 1 < words.length; i++) {
      (query.starts.indexOf(i + 1) >= 0 ? order : inside).push(i);
    }
    for (var step = inside.length; step >= 1; step = Math.floor(step / 2)) {
      for (var j = 0; j < inside.length; j += step) {
        if (order.indexOf(inside[j]) < 0) order.push(inside[j]);
      }
    }
    order.slice(0, RULES.max_pairs).forEach(function (k) {
      keys.push(stemOf(words[k]) + PAIR + stemOf(words[k + 1]));
    });
    return keys;
  }
  /* Adds doc -> idf x factor for each document of a list of id gaps. */
  function present(list, factor, into) {
    if (!list) return into;
    var weight = idf(list.length) * factor;
    for (var i = 0, doc = 0; i < list.length; i++) {
      doc += list[i];
      into[doc] = weight;
    }
    return into;
  }
  /* Documents matching all words, else any; only those in `keep` if given.
     Each word scores its BM25 (or its prefix's). Documents holding more of
     the query's adjacent pairs (a phrase, not scattered words) and of its
     exact forms (diacritics as typed) come first; the pair's and the exact
     form's scores are also added (weights: SCORING). */
  function rank(query, lastIsPrefix, keep) {
    var words = query.terms;
    var maps = words.map(function (w, i) {
      var map = postings(w);
      return lastIsPrefix && i === words.length - 1 ? prefixed(w, map) : map;
    });
    var bonuses = pairKeys(query).map(function (key) {
      return present(listOf(key, "p"), SCORING.pair, Object.create(null));
    });
    query.exact.forEach(function (form) {
      if (form) bonuses.push(scored(listOf(form, "e"), SCORING.exact, Object.create(null)));
    });
    function combine(all) {
      var scores = Object.create(null);
      maps.forEach(function (map) {
        Object.keys(map).forEach(function (d) { scores[d] = (scores[d] || 0) + map[d]; });
      });
      return Object.keys(scores).filter(function (d) {
        if (keep && !keep[d]) return false;
        return !all || maps.every(function (map) { return d in map; });
      }).map(function (d) {
        var score = scores[d], matched = 0;
        bonuses.forEach(function (map) {
          if (map[d]) { score += map[d]; matched++; }
        });
        return [Number(d), score, matched];
      });
    }
    var hits = combine(true);
    if (!hits.length) hits = combine(false);
    return hits.sort(function (a, b) { return b[2] - a[2] || b[1] - a[1] || b[0] - a[0]; });
  }

  /* A window of the text around the first match, every match in it marked.
     The text is folded one character for one character (no NFKC, no
     deletions), so positions in the folded text are positions in the text. */
  function snippet(text, words) {
    var folded = translate(translate(text.toLowerCase(), VARIANTS), MARKS), first = -1, SPAN = 240;
    words.forEach(function (w) {
      var at = folded.indexOf(w);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    var start = Math.max(0, first - 60), end = Math.min(text.length, start + SPAN);
    var space = text.slice(start, start + 20).search(/\s/);
    if (start > 0 && space >= 0) start += space + 1;
    var marks = [];
    words.forEach(function (w) {
      for (var at = folded.indexOf(w, start); at >= 0 && at < end; at = folded.indexOf(w, at + 1)) {
        marks.push([at, Math.min(end, at + w.length)]);
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var p = document.createElement("p"), at = start;
    if (start > 0) p.appendChild(document.createTextNode("\u2026"));
    marks.forEach(function (m) {
      if (m[0] < at) m[0] = at;
      if (m[1] <= m[0]) return;
      p.appendChild(document.createTextNode(text.slice(at, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m[0], m[1]);
      p.appendChild(mark);
      at = m[1];
    });
    p.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? "\u2026" : "")));
    return p;
  }
  function render(results, hits, words, status) {
    var list = document.createElement("ol");
    hits.forEach(function (hit) {
      var doc = docs[hit[0]];
      if (!doc) return;
      var item = document.createElement("li"), link = document.createElement("a");
      item.lang = doc.l;
      item.dir = doc.r;
      link.href = root + doc.u;
      link.textContent = doc.t;
      var meta = document.createElement("small"), date = new Date(doc.i + "T00:00:00Z");
      var when;
      try { when = new Intl.DateTimeFormat(doc.l, {dateStyle: "long", timeZone: "UTC"}).format(date); }
      catch (e) { when = doc.i; }
      meta.textContent = " " + when + (doc.s ? " \u00b7 " + doc.s : "");
      item.appendChild(link);
      item.appendChild(meta);
      item.appendChild(snippet(doc.x, words));
      list.appendChild(item);
    });
    results.textContent = "";
    results.appendChild(list);
  }

  function run() {
    var results = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var params = new URLSearchParams(location.search);
    var query = params.get("q") || "", lang = params.get("lang") || "";
    var input = document.getElementById("q"), select = document.getElementById("search-lang");
    /* Only a language the page offers: the value becomes part of a path. */
    var offered = select && Array.prototype.some.call(select.options, function (o) {
      return o.value === lang;
    });
    if (!offered) lang = "";
    if (select) select.value = lang;
    var note = document.getElementById("search-nojs");
    if (!results || !status) return;
    if (note) note.hidden = true;
    if (input) input.value = query;
    /* The rules first (and meta.js with them when there is a query). */
    load(query.trim() ? ["rules.js", "meta.js"] : ["rules.js"], function () {
      var analysed = analyse(query), words = analysed.terms;
      if (!words.length) return;
      var lastIsPrefix = !/\s$/.test(query);
      var paths = words.map(function (w) { return "t/" + shardName(w) + ".js"; });
      if (lang) paths.push("l/" + lang + ".js");
      load(paths, function () {
        /* Now that the stems are known: their shards, and the pairs'. */
        var more = words.map(stemOf).concat(pairKeys(analysed));
        load(more.map(function (key) { return "t/" + shardName(key) + ".js"; }), function () {
          var hits = rank(analysed, lastIsPrefix, lang ? languages[lang] || {} : null);
          var count = hits.length;
          hits = hits.slice(0, PAGE_SIZE);
          load(hits.map(function (h) { return "d/" + h[0] + ".js"; }), function () {
            render(results, hits, words, status);
            status.textContent = count ? results.getAttribute("data-found").replace("%(count)s", count)
              : results.getAttribute("data-none");
          });
        });
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
