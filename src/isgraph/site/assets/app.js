/* isgraph home page: full-text search (MiniSearch), facets with counts, map colours; state in the URL. */
'use strict';
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var config = JSON.parse($('config').textContent);
  var FACETS = ['theme', 'region', 'departement', 'financeur', 'porteur', 'document', 'prix'];
  var data, mini, docs;

  // accent- and case-insensitive terms; a light French stemmer (plural and feminine endings) on top of prefix search
  function fold(text) {
    return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }
  var STOP = {de: 1, la: 1, le: 1, les: 1, des: 1, du: 1, et: 1, en: 1, a: 1, au: 1, aux: 1, un: 1, une: 1,
              l: 1, d: 1, pour: 1, par: 1, sur: 1, dans: 1};
  function stem(term) {
    if (term.length > 4 && /(aux)$/.test(term)) return term.slice(0, -3) + 'al';
    if (term.length > 3 && /[sx]$/.test(term)) term = term.slice(0, -1);
    if (term.length > 5 && /e$/.test(term)) term = term.slice(0, -1);
    return term;
  }
  function processTerm(term) {
    var t = fold(term);
    if (!t || STOP[t]) return null;
    return stem(t);
  }

  function params() { return new URLSearchParams(window.location.search); }

  function state() {
    var p = params(), s = {q: p.get('q') || '', f: {}};
    FACETS.forEach(function (k) { var v = p.getAll(k); if (v.length) s.f[k] = v; });
    return s;
  }

  function writeState(s, push) {
    var p = new URLSearchParams();
    if (s.q) p.set('q', s.q);
    FACETS.forEach(function (k) { (s.f[k] || []).forEach(function (v) { p.append(k, v); }); });
    var url = window.location.pathname + (p.toString() ? '?' + p.toString() : '');
    if (push) window.history.pushState(null, '', url); else window.history.replaceState(null, '', url);
  }

  function matches(doc, f, skip) {
    for (var k in f) {
      if (k === skip || !f[k].length) continue;
      var have = doc.f[k] || [], ok = false;
      for (var i = 0; i < f[k].length; i++) if (have.indexOf(f[k][i]) >= 0) { ok = true; break; }
      if (!ok) return false;
    }
    return true;
  }

  function textHits(q) {
    if (!q.trim()) return null;
    var hits = mini.search(q, {prefix: function (t) { return t.length >= 3; }, fuzzy: function (t) { return t.length > 6 ? 0.15 : 0; },
                               combineWith: 'AND', boost: {t: 3, k: 2, a: 1.5, p: 1.2}});
    return hits.map(function (h) { return h.id; });
  }

  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    for (var k in attrs || {}) n.setAttribute(k, attrs[k]);
    if (text != null) n.textContent = text;
    return n;
  }

  function renderFacets(s, base) {
    var box = $('filtres'); box.textContent = '';
    FACETS.forEach(function (k) {
      var meta = data.facets[k], counts = {};
      base.forEach(function (d) {
        if (!matches(d, s.f, k)) return;
        (d.f[k] || []).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
      var chosen = s.f[k] || [];
      var values = Object.keys(meta.values).filter(function (v) { return counts[v] || chosen.indexOf(v) >= 0; });
      if (!values.length) return;
      values.sort(function (x, y) { return (counts[y] || 0) - (counts[x] || 0) || meta.values[x].localeCompare(meta.values[y], 'fr'); });
      var fs = el('fieldset', {'data-facet': k}); fs.appendChild(el('legend', {}, meta.label));
      values.forEach(function (v) {
        var id = 'f-' + k + '-' + v.replace(/[^A-Za-z0-9_-]/g, '_');
        var lab = el('label', {'for': id});
        var box_ = el('input', {type: 'checkbox', id: id, name: k, value: v});
        box_.checked = chosen.indexOf(v) >= 0;
        box_.addEventListener('change', function () {
          var cur = state(), list = cur.f[k] || [];
          if (this.checked) list.push(v); else list = list.filter(function (x) { return x !== v; });
          cur.f[k] = list; cur.q = $('q').value; writeState(cur, true); update();
        });
        lab.appendChild(box_); lab.appendChild(el('span', {}, meta.values[v]));
        lab.appendChild(el('span', {'class': 'n', 'aria-label': (counts[v] || 0) + ' initiatives'}, String(counts[v] || 0)));
        fs.appendChild(lab);
      });
      box.appendChild(fs);
    });
  }

  // colour by département (its own count) or by région (the région's count on each of its départements);
  // in région mode each area links to the région's page
  var lastList = [];
  function colourMap(list) {
    lastList = list;
    var byRegion = document.querySelector('#niveau input[value=region]').checked;
    var key = byRegion ? 'region' : 'departement', attr = byRegion ? 'data-region' : 'data-code';
    var counts = {}, top = 0;
    list.forEach(function (d) { (d.f[key] || []).forEach(function (c) { counts[c] = (counts[c] || 0) + 1; }); });
    for (var c in counts) top = Math.max(top, counts[c]);
    var paths = document.querySelectorAll('#carte path[data-code]');
    for (var i = 0; i < paths.length; i++) {
      var p = paths[i], n = counts[p.getAttribute(attr)] || 0;
      var lvl = n <= 0 ? 0 : (top <= 1 ? 5 : 1 + Math.min(4, Math.floor((n - 1) * 5 / top)));
      p.setAttribute('class', 'c' + lvl);
      var name = byRegion ? (data.facets.region.values[p.getAttribute('data-region')] || 'région ' + p.getAttribute('data-region'))
        : p.getAttribute('data-name') + ' (' + p.getAttribute('data-code') + ')';
      var text = name + ' : ' + n + (n === 1 ? ' initiative' : ' initiatives');
      var t = p.querySelector('title');
      if (t) t.textContent = text;
      var a = p.parentNode;
      if (a && a.tagName.toLowerCase() === 'a') {
        var href = a.getAttribute(byRegion ? 'data-region-href' : 'data-dep-href');
        if (href) a.setAttribute('href', href); else a.removeAttribute('href');
        a.setAttribute('aria-label', text);
      }
    }
    $('carte-max').textContent = String(top);
    $('carte-titre').textContent = byRegion ? 'Initiatives par région' : 'Initiatives par département';
    $('carte-unite').textContent = byRegion ? '(nombre d’initiatives par région)' : '(nombre d’initiatives par département)';
  }

  // the current list as CSV (title, page, then each facet's values by label), built in the browser
  function exportLink(list) {
    var q = function (v) { v = String(v == null ? '' : v); return /[",\n;]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; };
    var head = ['titre', 'page'].concat(FACETS.map(function (k) { return data.facets[k].label; }));
    var base = window.location.href.replace(/[?#].*$/, '').replace(/index\.html$/, '');
    var lines = [head.map(q).join(',')];
    list.forEach(function (d) {
      var row = [d.t, base + config.root + d.u + '/'];
      FACETS.forEach(function (k) {
        row.push((d.f[k] || []).map(function (v) { return data.facets[k].values[v]; }).join(' ; '));
      });
      lines.push(row.map(q).join(','));
    });
    var a = $('export');
    if (a.href.indexOf('blob:') === 0) URL.revokeObjectURL(a.href);
    a.href = URL.createObjectURL(new Blob(['\ufeff' + lines.join('\n') + '\n'], {type: 'text/csv'}));
    a.hidden = false;
  }

  var PAGE = 50, shown = PAGE, lastState = null;
  function update() {
    var s = state();
    if (window.location.search !== lastState) { shown = PAGE; lastState = window.location.search; }
    $('q').value = s.q;
    var ids = textHits(s.q);
    var base = ids === null ? docs : ids.map(function (i) { return docs[i]; });
    var list = base.filter(function (d) { return matches(d, s.f, null); });
    renderFacets(s, base);
    var ol = $('resultats'); ol.textContent = '';
    list.slice(0, shown).forEach(function (d) {
      var li = el('li'), a = el('a', {href: config.root + d.u + '/index.html'}, d.t);
      li.appendChild(a);
      var meta = [];
      (d.f.theme || []).forEach(function (v) { meta.push(data.facets.theme.values[v]); });
      var place = (d.f.departement || []).map(function (v) { return data.facets.departement.values[v]; });
      if (place.length) meta.push(place.join(', '));
      if (meta.length) li.appendChild(el('span', {'class': 'meta'}, meta.join(' · ')));
      ol.appendChild(li);
    });
    var n = list.length;
    $('etat').textContent = n + (n === 1 ? ' initiative' : ' initiatives') + (n > shown ? ' (' + shown + ' premières affichées)' : '');
    $('plus').hidden = n <= shown;
    $('effacer').hidden = !(s.q || Object.keys(s.f).length);
    exportLink(list);
    document.body.setAttribute('data-results', String(n));
    document.body.setAttribute('data-state', window.location.search);
    colourMap(list);
  }

  config.root = document.body.getAttribute('data-root') === './' ? '' : document.body.getAttribute('data-root');
  window.isgraphLoad(config.index).then(function (json) {
    data = json; docs = json.docs;
    mini = new MiniSearch({fields: ['t', 'd', 'a', 'p', 'k'], storeFields: [], processTerm: processTerm,
                           tokenize: function (text) { return text.split(/[\s\-'’.,;:!?()«»"\/]+/u); }});
    mini.addAll(docs);
    var timer = null;
    $('recherche').addEventListener('submit', function (ev) {
      ev.preventDefault(); clearTimeout(timer);
      var s = state(); s.q = $('q').value.trim(); writeState(s, true); update();
    });
    $('q').addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { var s = state(); s.q = $('q').value.trim(); writeState(s, false); update(); }, 150);
    });
    window.addEventListener('popstate', update);
    $('plus').addEventListener('click', function () { shown += PAGE; update(); });
    $('niveau').hidden = false;
    var radios = document.querySelectorAll('#niveau input');
    for (var r = 0; r < radios.length; r++) radios[r].addEventListener('change', function () { colourMap(lastList); });
    update();
    document.body.setAttribute('data-ready', 'true');
  }).catch(function (err) {
    $('etat').textContent = 'La recherche n’a pas pu être chargée (' + err + '). Les listes restent disponibles.';
    document.body.setAttribute('data-ready', 'error');
  });
})();
