/* Samizdat: the search page of one part of an archive split into several
   sites (SITE_PAGES_PARTS, plugins/site_pages/parts.py). Each part is a site
   of its own, beside this one, with its own search index; its languages are
   offered in this page's language list with the address of its search page
   (data-search). A search in one of them goes to that page, query and
   language in the address, as a link would: it works from file://, with no
   fetch and no frame. The links to the other parts' search pages get the
   query too. Loaded before search.js, and shares nothing with it. */
(function () {
  "use strict";
  var select = document.getElementById("search-lang");
  var params = new URLSearchParams(location.search);
  var query = params.get("q") || "", lang = params.get("lang") || "";
  function target(option) { return option ? option.getAttribute("data-search") : null; }
  function withQuery(address, q, l) {
    var search = new URLSearchParams();
    search.set("q", q);
    if (l) search.set("lang", l);
    return address + "?" + search.toString();
  }
  if (!select || !select.form) return;
  var options = Array.prototype.slice.call(select.options);
  /* An address naming a language only another part holds (a bookmark, or
     a search typed into another page's form). */
  var own = options.some(function (o) { return o.value === lang && !target(o); });
  var elsewhere = options.filter(function (o) { return lang && o.value === lang && target(o); });
  if (!own && elsewhere.length) {
    location.replace(withQuery(target(elsewhere[0]), query, lang));
    return;
  }
  select.form.addEventListener("submit", function (event) {
    var chosen = select.options[select.selectedIndex];
    if (!target(chosen)) return;
    event.preventDefault();
    location.assign(withQuery(target(chosen), select.form.elements.q.value, chosen.value));
  });
  var list = document.getElementById("archive-parts");
  if (list && query.trim()) {
    Array.prototype.forEach.call(list.getElementsByTagName("a"), function (link) {
      link.href = withQuery(link.getAttribute("href"), query, "");
    });
  }
})();
