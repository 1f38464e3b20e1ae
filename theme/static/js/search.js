/* Samizdat search: runs from file:// and any mirror path, no fetch, no modules.
   Index shards are classic scripts (see plugins/site_search/export.py). The
   text rules and scoring weights come from search/rules.js, which the build
   generates from plugins/site_search/rules.py and this script loads first:
   this file holds no table of its own. Results are built with textContent
   only: nothing from the query or the index is ever parsed as HTML. Only
   files that the signed copy names in search/meta.js (and rules.js, and
   the chunk files the head files it counts name) are ever loaded (see
   load()), and index data
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
  /* Head file name -> how many chunk files its bucket has (1: none). */
  var chunkFiles = Object.create(null);
  /* What meta.js lists: languages (null until loaded), and the loads
     waiting for it. */
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
  /* As chunks.bucket_key() and export.shard_name(): the head file of a key
     in the main segment ("12", "q7"), or with `segment` "r" in the recent
     one ("r12", "rq7"). */
  function bucketKey(key) {
    if (key.indexOf(PAIR) >= 0) return key;
    if (UNSPACED.test(key)) return Array.from(key)[0];
    return Array.from(translate(key, MARKS)).slice(0, RULES.prefix_chars).join("");
  }
  function shardName(key, segment) {
    var buckets = meta.buckets || {}, pair = key.indexOf(PAIR) >= 0, prefix = segment || "";
    var count = buckets[prefix + (pair ? "q" : "t")] || 1;
    return prefix + (pair ? "q" : "") + (crc32(bucketKey(key)) % count);
  }
  /* The head files of a key: one in each segment. */
  function heads(key) { return [shardName(key), shardName(key, "r")]; }
  /* The file holding a word's alias, if it has one ("a3"). */
  function aliasName(term) { return "a" + (crc32(bucketKey(term)) % ((meta.buckets || {}).a || 1)); }
  /* A shard's file: the recent segment's in r/, the others in t/. */
  function pathOf(name) {
    return (name.charAt(0) === "r" ? "r/" + name.slice(1) : "t/" + name) + ".js";
  }

  window.SamizdatSearch = {
    rules: setup,
    shard: function (name, data) {
      var bare = withoutPrototypes(data), most = 1;
      shards[name] = bare;
      if (/-/.test(name)) return;
      /* A head: how many chunk files of this bucket its keys name. */
      ["p", "e"].forEach(function (part) {
        var entries = bare[part] || {};
        Object.keys(entries).forEach(function (key) { most = Math.max(most, entries[key][1]); });
      });
      chunkFiles[name] = most;
    },
    doc: function (id, data) { docs[id] = data; },
    meta: function (key, value) { meta[key] = value; },
    lang: function (code, gaps) {
      var set = {};
      for (var i = 0, doc = 0; i < gaps.length; i++) { doc += gaps[i]; set[doc] = true; }
      languages[code] = set;
    },
    /* for tests: the same rules as analysis.py and export.py, and the
       ranking with every chunk of every list loaded */
    terms: terms,
    analyse: analyse,
    shardName: shardName,
    aliasName: aliasName,
    buckets: function () { return meta.buckets; },
    search: function (text, count, whole, done) { search(text, count, whole, null, done); }
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
  /* Can `path` be named from the signed files? meta.js gives the number
     of articles, of head and alias files of each kind and segment and the
     languages; a loaded head gives its bucket's number of chunk files. A
     file added to a copy (an attacker's search/t/xx.js) is never loaded. */
  function isListed(path) {
    var doc = /^d\/(0|[1-9][0-9]*)\.js$/.exec(path);
    if (doc) return Number(doc[1]) < meta.n;
    var lang = /^l\/([^\/]+)\.js$/.exec(path);
    if (lang) return listed.languages[lang[1]] === true;
    var shard = /^(t|r)\/(q?|a)(0|[1-9][0-9]*)(?:-([1-9][0-9]*))?\.js$/.exec(path);
    if (!shard || !meta.buckets) return false;
    var segment = shard[1] === "r" ? "r" : "", kind = shard[2] || "t";
    if (segment && kind === "a") return false;
    if (!(Number(shard[3]) < meta.buckets[segment + kind])) return false;
    var head = segment + shard[2] + shard[3];
    return shard[4] === undefined || Number(shard[4]) < (chunkFiles[head] || 0);
  }
  /* meta.js first, then only the listed files among `paths`. */
  function load(paths, done) {
    if (!listed) {
      if (!afterMeta) {
        afterMeta = [];
        loadScripts(["meta.js"], function () {
          listed = {languages: nameSet(meta.languages)};
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
  function stemOf(term) { return own(own(shards[aliasName(term)], "a"), term) || term; }

  /* The posting lists of a key, one a segment that holds it, each read
     chunk by chunk (export.py, chunks.py): {key, part ("p" terms and
     pairs, "e" exact forms), head (its file), idf x factor, chunks, loaded
     (chunks read), docs, weights, bound (no unread posting weighs more; 0
     once all are read)}. The idf counts the documents of both segments. */
  function postingLists(key, part, factor) {
    /* Pairs are stored by the hex CRC-32 of their text (export.py). */
    var stored = key.indexOf(PAIR) >= 0 ? crc32(key).toString(16) : key, length = 0;
    var found = heads(key).map(function (name) {
      var entry = own(own(shards[name], part), stored);
      if (entry) length += entry[0];
      return entry && [name, entry];
    }).filter(Boolean);
    return found.map(function (pair) {
      var list = {key: stored, part: part, head: pair[0], scale: idf(length) * factor,
        chunks: pair[1][1], loaded: 0, docs: [], weights: [], bound: 0};
      read(list, pair[1], 2);
      return list;
    });
  }
  function read(list, entry, from) {
    var least = Infinity;
    for (var i = from, doc = 0; i < entry.length; i += 2) {
      doc += entry[i];
      list.docs.push(doc);
      list.weights.push(entry[i + 1]);
      least = Math.min(least, entry[i + 1]);
    }
    list.loaded++;
    list.bound = list.loaded < list.chunks ? least : 0;
  }
  function nextChunk(list) { return pathOf(list.head + "-" + list.loaded); }
  function readNext(list) {
    var entry = own(own(shards[list.head + "-" + list.loaded], list.part), list.key);
    if (entry) read(list, entry, 0);
    else { list.loaded = list.chunks; list.bound = 0; }  /* missing: no more */
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
  /* What a document's score is made of: one slot per query word (its
     term's and its stem's lists; for a last word found in no list, the
     words it starts), then one per adjacent pair and per exact form. A
     document gets from each slot a constant (SCORING.word for a word,
     SCORING.matched for a pair or exact form) plus the best weight x idf x
     factor of its lists: articles with every word first, then those with
     more of the phrase, then BM25. Slots: [{lists, constant}]. */
  function slotsFor(query, lastIsPrefix) {
    var slots = [];
    function slot(lists, constant) {
      if (lists.length) slots.push({lists: lists, constant: constant});
      return lists.length;
    }
    query.terms.forEach(function (term, i) {
      var stem = stemOf(term), lists = postingLists(term, "p", 1);
      if (stem !== term) lists = lists.concat(postingLists(stem, "p", 1));
      if (slot(lists, SCORING.word) || !lastIsPrefix || i !== query.terms.length - 1) return;
      if (UNSPACED.test(term) || Array.from(term).length < RULES.prefix_chars) return;
      /* The words it starts, in either segment's head, in order. */
      var keys = Object.create(null), found = [];
      heads(term).forEach(function (name) {
        Object.keys(own(shards[name], "p") || {}).forEach(function (key) {
          if (key.indexOf(term) === 0) keys[key] = true;
        });
      });
      Object.keys(keys).sort().slice(0, PREFIX_TERMS).forEach(function (key) {
        found = found.concat(postingLists(key, "p", SCORING.prefix));
      });
      slot(found, SCORING.word);
    });
    pairKeys(query).forEach(function (key) {
      slot(postingLists(key, "p", SCORING.pair), SCORING.matched);
    });
    query.exact.forEach(function (form) {
      if (form) slot(postingLists(form, "e", SCORING.exact), SCORING.matched);
    });
    return slots;
  }
  /* The best `count` documents from what is loaded, by the threshold rule:
     each document's score lies between what its read postings give and
     that plus, for every list not read to its end, the most an unread
     posting could add (its bound). {hits: [[doc, score]], sure: the hits
     are the top `count` of the whole lists, in order, open: lists with
     chunks still unread, more: documents beyond `count` may match}. */
  function ranked(slots, count, keep) {
    var best = Object.create(null), unseen = 0, open = [];
    var ceiling = slots.map(function (slot, s) {
      var most = -1;
      slot.lists.forEach(function (list) {
        for (var i = 0; i < list.docs.length; i++) {
          var doc = list.docs[i], value = list.weights[i] * list.scale;
          if (keep && !keep[doc]) continue;
          if (!best[doc]) best[doc] = [];
          if (!(best[doc][s] >= value)) best[doc][s] = value;
        }
        if (list.bound) { open.push(list); most = Math.max(most, list.bound * list.scale); }
      });
      if (most >= 0) unseen += slot.constant + most;
      return most;
    });
    var hits = Object.keys(best).map(function (d) {
      var low = 0, high = 0, parts = best[d];
      slots.forEach(function (slot, s) {
        var value = parts[s];
        if (value !== undefined) {
          low += slot.constant + value;
          high += slot.constant + Math.max(value, ceiling[s]);
        } else if (ceiling[s] >= 0) high += slot.constant + ceiling[s];
      });
      return [Number(d), low, high];
    });
    /* Equal scores: the older article first, as chunks.py orders a list
       (a newer one would otherwise have to be in the head to be ranked). */
    hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    var top = hits.slice(0, count), last = top[top.length - 1];
    var single = slots.length === 1 && slots[0].lists.length === 1;
    var sure = open.length === 0 || (top.length === count &&
      top.every(function (h) { return h[1] === h[2]; }) &&
      (single ? unseen <= last[1] : unseen < last[1]) &&
      hits.slice(count).every(function (h) {
        return h[2] < last[1] || (h[2] === last[1] && h[0] > last[0]);
      }));
    return {hits: top, sure: sure, open: open, more: hits.length > count || open.length > 0};
  }
  /* Ranks `text`, loading chunks until the top `count` are sure or each
     list has had RULES.first_page_chunks chunks read, one more for each
     page beyond the first (chunks.FIRST_PAGE_CHUNKS says why); with
     `whole`, every chunk. Then calls done(result, analysed query). */
  function search(text, count, whole, keep, done) {
    load(["rules.js", "meta.js"], function () {
      var depth = whole ? Infinity : RULES.first_page_chunks + Math.ceil(count / PAGE_SIZE) - 1;
      var analysed = analyse(text), words = analysed.terms;
      if (!words.length) { done({hits: [], sure: true, open: [], more: false}, analysed); return; }
      var lastIsPrefix = !/\s$/.test(text);
      /* The words' heads in both segments, and their aliases. */
      var first = [];
      words.forEach(function (w) { first = first.concat(heads(w), [aliasName(w)]); });
      load(first.map(pathOf), function () {
        /* Now that the stems are known: their heads, and the pairs'. */
        var more = [];
        words.map(stemOf).concat(pairKeys(analysed)).forEach(function (key) {
          more = more.concat(heads(key));
        });
        load(more.map(pathOf), function () {
          var slots = slotsFor(analysed, lastIsPrefix);
          (function step() {
            var result = ranked(slots, count, keep);
            var next = result.open.filter(function (list) { return list.loaded < depth; });
            if ((result.sure && !whole) || !next.length) { done(result, analysed); return; }
            load(next.map(nextChunk), function () {
              next.forEach(readNext);
              step();
            });
          })();
        });
      });
    });
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
    var button = document.getElementById("search-more");
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
    var shown = PAGE_SIZE;
    /* The first page, then a page more each time "more results" is used:
       later chunks are loaded only then. */
    function show(focusFrom) {
      search(query, shown, false, lang ? languages[lang] || {} : null, function (result, analysed) {
        var hits = result.hits;
        load(hits.map(function (h) { return "d/" + h[0] + ".js"; }), function () {
          render(results, hits, analysed.terms, status);
          /* "10+" while later chunks or results are not shown. */
          status.textContent = hits.length ? results.getAttribute("data-found")
            .replace("%(count)s", hits.length + (result.more ? "+" : "")) : results.getAttribute("data-none");
          if (button) button.hidden = !result.more;
          var links = results.querySelectorAll("a");
          if (focusFrom !== undefined && links[focusFrom]) links[focusFrom].focus();
        });
      });
    }
    if (button) {
      button.addEventListener("click", function () {
        var from = shown;
        shown += PAGE_SIZE;
        show(from);
      });
    }
    if (lang && query.trim()) load(["rules.js", "meta.js"], function () {
      load(["l/" + lang + ".js"], function () { show(); });
    });
    else if (query.trim()) show();
    else load(["rules.js"], function () {});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
