/* Samizdat search: runs from file:// and any mirror path, no fetch, no modules.
   Index shards are classic scripts (see plugins/site_search/export.py); the
   text rules below repeat plugins/site_search/analysis.py and must change
   with it. Results are built with textContent only: nothing from the query
   or the index is ever parsed as HTML. Only files that the signed copy
   lists in search/meta.js are ever loaded (see load()), and index data is
   held in objects without a prototype, so that a word such as
   "constructor" is a word, not Object.prototype's. */
(function () {
  "use strict";
  var WORD = "0-9a-z\u00df\u0400-\u04ff\u0600-\u06ff\u0750-\u077f";
  var BIGRAM = "\u0e01-\u0e4e\u0e81-\u0ede\u1000-\u1049\u1050-\u109f\u1780-\u17d3" +
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff" +
    "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af";
  var SYLLABLE = "\u0f40-\u0fbc";
  var TOKEN = new RegExp("([" + WORD + "]+)|([" + BIGRAM + "]+)|([" + SYLLABLE + "]+)", "g");
  var UNSPACED = new RegExp("^[" + BIGRAM + SYLLABLE + "]");
  var LATIN_MARKED = /[\u00c0-\u024f\u1e00-\u1eff]/;
  var ARABIC_MARKS = /[\u064b-\u065f\u0670\u0640]/g;
  var PAGE_SIZE = 10, PREFIX_TERMS = 50, PREFIX_FACTOR = 0.7;

  var script = document.currentScript;
  var root = new URL("../../", script.src).href;
  var shards = {}, docs = {}, languages = {}, meta = {n: 1}, waiting = {};
  /* What meta.js lists: shard names and languages (null until loaded), and
     the loads waiting for it. */
  var listed = null, afterMeta = null;

  function foldChar(c) {
    if (c === "\u0111") return "d";
    return LATIN_MARKED.test(c) ? c.normalize("NFD").charAt(0) : c;
  }
  function fold(text) {
    var lower = text.normalize("NFKC").toLowerCase(), out = "";
    for (var i = 0; i < lower.length; i++) out += foldChar(lower.charAt(i));
    return out.replace(ARABIC_MARKS, "").replace(/\u064a|\u06cc/g, "\u0649").replace(/\u0647/g, "\u06d5");
  }
  function terms(text) {
    var found = [], match, run, i;
    TOKEN.lastIndex = 0;
    var folded = fold(text);
    while ((match = TOKEN.exec(folded))) {
      if (match[1]) found.push(match[1].replace(/^\u0626(?=.)/, ""));
      else if (match[3]) found.push(match[3]);
      else {
        run = match[2];
        if (run.length === 1) found.push(run);
        for (i = 0; i + 1 < run.length; i++) found.push(run.substr(i, 2));
      }
    }
    return found;
  }
  var UNSPACED_BUCKETS = 509; /* as in export.py */
  function shardName(term) {
    if (UNSPACED.test(term)) return "u" + (term.charCodeAt(0) % UNSPACED_BUCKETS);
    var parts = [];
    for (var i = 0; i < term.length && i < 2; i++) parts.push(term.charCodeAt(i).toString(16));
    return parts.join("_");
  }

  window.SamizdatSearch = {
    shard: function (name, data) { shards[name] = withoutPrototypes(data); },
    doc: function (id, data) { docs[id] = data; },
    meta: function (key, value) { meta[key] = value; },
    lang: function (code, gaps) {
      var set = {};
      for (var i = 0, doc = 0; i < gaps.length; i++) { doc += gaps[i]; set[doc] = true; }
      languages[code] = set;
    },
    terms: terms  /* for tests: the same rules as analysis.py */
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
    return (match[1] === "t" ? listed.shards : listed.languages)[match[2]] === true;
  }
  /* meta.js first, then only the listed files among `paths`. */
  function load(paths, done) {
    if (!listed) {
      if (!afterMeta) {
        afterMeta = [];
        loadScripts(["meta.js"], function () {
          listed = {shards: nameSet(meta.shards), languages: nameSet(meta.languages)};
          afterMeta.forEach(function (next) { next(); });
        });
      }
      afterMeta.push(function () { load(paths, done); });
      return;
    }
    loadScripts(paths.filter(function (path) { return path === "meta.js" || isListed(path); }), done);
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
  function postings(term) {
    var found = {};
    [term, (shards[shardName(term)] || {a: {}}).a[term]].forEach(function (t) {
      var shard = t && shards[shardName(t)], list = shard && shard.p[t];
      if (!list) return;
      var weight = idf(list.length / 2);
      for (var i = 0, doc = 0; i < list.length; i += 2) {
        doc += list[i];
        found[doc] = Math.max(found[doc] || 0, list[i + 1] * weight);
      }
    });
    return found;
  }
  function prefixed(term) {
    var shard = shards[shardName(term)], found = {}, n = 0;
    if (!shard || term.length < 2 || UNSPACED.test(term)) return found;
    Object.keys(shard.p).forEach(function (t) {
      if (t !== term && t.indexOf(term) === 0 && n++ < PREFIX_TERMS) {
        var extra = postings(t);
        Object.keys(extra).forEach(function (d) {
          found[d] = Math.max(found[d] || 0, extra[d] * PREFIX_FACTOR);
        });
      }
    });
    return found;
  }
  /* Documents matching all words, else any; only those in `keep` if given. */
  function rank(words, lastIsPrefix, keep) {
    var maps = words.map(function (w, i) {
      var map = postings(w);
      if (lastIsPrefix && i === words.length - 1) {
        var more = prefixed(w);
        Object.keys(more).forEach(function (d) { map[d] = Math.max(map[d] || 0, more[d]); });
      }
      return map;
    });
    function combine(all) {
      var scores = {};
      maps.forEach(function (map) {
        Object.keys(map).forEach(function (d) { scores[d] = (scores[d] || 0) + map[d]; });
      });
      return Object.keys(scores).filter(function (d) {
        if (keep && !keep[d]) return false;
        return !all || maps.every(function (map) { return d in map; });
      }).map(function (d) { return [Number(d), scores[d]]; });
    }
    var hits = combine(true);
    if (!hits.length) hits = combine(false);
    return hits.sort(function (a, b) { return b[1] - a[1] || b[0] - a[0]; });
  }

  /* A window of the text around the first match, every match in it marked.
     fold() keeps one character per character for Latin, CJK and the other
     scripts here, so positions in the folded text are positions in the text. */
  function snippet(text, words) {
    var folded = fold(text), first = -1, SPAN = 240;
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
    var words = terms(query);
    if (!words.length) return;
    var lastIsPrefix = !/\s$/.test(query);
    var paths = ["meta.js"].concat(words.map(function (w) { return "t/" + shardName(w) + ".js"; }));
    if (lang) paths.push("l/" + lang + ".js");
    load(paths, function () {
      var aliasPaths = [];
      words.forEach(function (w) {
        var shard = shards[shardName(w)], stem = shard && shard.a[w];
        if (stem) aliasPaths.push("t/" + shardName(stem) + ".js");
      });
      load(aliasPaths, function () {
        var hits = rank(words, lastIsPrefix, lang ? languages[lang] || {} : null);
        var count = hits.length;
        hits = hits.slice(0, PAGE_SIZE);
        load(hits.map(function (h) { return "d/" + h[0] + ".js"; }), function () {
          render(results, hits, words, status);
          status.textContent = count ? results.getAttribute("data-found").replace("%(count)s", count)
            : results.getAttribute("data-none");
        });
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
