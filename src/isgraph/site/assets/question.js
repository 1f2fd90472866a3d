/* isgraph question page: pick values by label, answer from the endpoint when served, else from resultats.json. */
'use strict';
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var config = JSON.parse($('question-config').textContent);
  var VOCAB = 'https://w3id.org/isgraph/';
  var data = null, choices = {}, served = false, base = config.base || VOCAB + 'id/';

  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    for (var k in attrs || {}) n.setAttribute(k, attrs[k]);
    if (text != null) n.textContent = text;
    return n;
  }

  function header(v) {  // financeurLabel -> Financeur, montantTotal -> Montant total
    var words = v.replace(/Label$/, '').replace(/([a-z])([A-Z0-9])/g, '$1 $2').toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  function pathOf(iri) {
    if (iri.indexOf(base) === 0) return 'id/' + iri.slice(base.length);
    if (iri.indexOf(VOCAB) === 0 && iri.indexOf('#') < 0) return iri.slice(VOCAB.length).replace(/\/$/, '');
    return null;
  }

  // rows: [[text, path|null, iri?], ...]; a column ?x with a companion ?xLabel shows the label linked to x's page
  function render(vars, rows) {
    var shown = [], labelOf = {};
    vars.forEach(function (v, i) {
      var j = vars.indexOf(v + 'Label');
      if (j >= 0) labelOf[i] = j;
    });
    vars.forEach(function (v, i) {
      var isLabel = /Label$/.test(v) && vars.indexOf(v.replace(/Label$/, '')) >= 0;
      if (!isLabel) shown.push(i);
    });
    var table = el('table'), thead = el('thead'), tr = el('tr');
    shown.forEach(function (i) { tr.appendChild(el('th', {scope: 'col'}, header(vars[i]))); });
    thead.appendChild(tr); table.appendChild(thead);
    var tbody = el('tbody');
    rows.forEach(function (row) {
      var r = el('tr');
      shown.forEach(function (i) {
        var cell = row[i] || ['', null], td = el('td');
        var text = labelOf[i] !== undefined && row[labelOf[i]] && row[labelOf[i]][0] ? row[labelOf[i]][0] : cell[0];
        if (cell[1]) { td.appendChild(el('a', {href: config.root + cell[1] + '/index.html'}, text)); }
        else td.textContent = text;
        r.appendChild(td);
      });
      tbody.appendChild(r);
    });
    table.appendChild(tbody);
    var box = $('reponses'); box.textContent = ''; box.appendChild(table);
    csvLink(vars, rows);
    document.body.setAttribute('data-rows', String(rows.length));
  }

  function csvLink(vars, rows) {
    var q = function (s) { s = String(s == null ? '' : s); return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };
    var lines = [vars.map(q).join(',')];
    rows.forEach(function (row) { lines.push(row.map(function (c) { return q(c && c.length > 2 ? c[2] : c ? c[0] : ''); }).join(',')); });
    var blob = new Blob([lines.join('\n') + '\n'], {type: 'text/csv'});
    var a = $('csv'); a.href = URL.createObjectURL(blob); a.setAttribute('download', config.name + '.csv');
  }

  function status(text) { $('etat').textContent = text; }

  function picked() {  // {param: IRI or literal text}; unknown labels reported
    var out = {}, bad = [];
    var inputs = document.querySelectorAll('#question input');
    for (var i = 0; i < inputs.length; i++) {
      var inp = inputs[i], v = inp.value.trim(), name = inp.name;
      if (!v) continue;
      if (inp.hasAttribute('data-picker')) {
        var hit = (choices[name] || []).filter(function (c) { return c[0] === v; })[0]
          || (choices[name] || []).filter(function (c) { return c[0].toLowerCase().indexOf(v.toLowerCase()) === 0; })[0];
        if (hit) { out[name] = {iri: hit[1]}; inp.value = hit[0]; } else bad.push(v);
      } else {
        out[name] = /^-?\d+(\.\d+)?$/.test(v) ? {num: v} : {text: v};
      }
    }
    return {values: out, bad: bad};
  }

  function sparqlTerm(x) {
    if (x.iri) return '<' + x.iri + '>';
    if (x.num) return x.num;
    return '"' + x.text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') + '"';
  }

  function withValues(text, values) {  // as isgraph.queries.with_values
    var names = Object.keys(values).sort();
    if (!names.length) return text;
    var block = 'VALUES (' + names.map(function (n) { return '?' + n; }).join(' ') + ') { (' +
      names.map(function (n) { return sparqlTerm(values[n]); }).join(' ') + ') }';
    var m = /\bWHERE\s*\{/i.exec(text);
    return text.slice(0, m.index + m[0].length) + '\n  ' + block + '\n' + text.slice(m.index + m[0].length);
  }

  function fromEndpoint(values) {
    status('recherche…');
    var body = 'query=' + encodeURIComponent(withValues(data.text, values));
    return fetch(config.root + 'query', {method: 'POST', body: body, headers: {
      'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/sparql-results+json'}})
      .then(function (r) { if (!r.ok) throw new Error('erreur ' + r.status); return r.json(); })
      .then(function (res) {
        var vars = res.head.vars;
        var labels = {};
        (choices.territoire || []).concat(choices.theme || [], choices.fonction || []).forEach(function (c) { labels[c[1]] = c[0]; });
        var rows = res.results.bindings.map(function (b) {
          return vars.map(function (v) {
            var t = b[v];
            if (!t) return ['', null];
            if (t.type === 'uri') return [labels[t.value] || t.value.replace(/\/$/, '').split('/').pop(), pathOf(t.value), t.value];
            return [t.value, null];
          });
        });
        return {vars: vars, rows: rows};
      });
  }

  function answer(push) {
    var p = picked();
    if (p.bad.length) { status('Aucun choix ne correspond à « ' + p.bad.join(' », « ') + ' » : choisissez dans la liste.'); return; }
    var names = Object.keys(p.values);
    var params = new URLSearchParams();
    names.forEach(function (n) { params.set(n, document.querySelector('#question input[name="' + n + '"]').value); });
    if (push) window.history.replaceState(null, '', window.location.pathname + (names.length ? '?' + params : ''));
    if (served) {
      fromEndpoint(p.values).then(function (r) { render(r.vars, r.rows); done(r.rows.length, names); })
        .catch(function (err) { status('La requête a échoué : ' + err.message); });
      return;
    }
    var key = '';
    if (names.length > 1 || (names.length === 1 && !p.values[names[0]].iri)) {
      status('Sur le site statique, un seul critère choisi dans la liste à la fois ; les autres combinaisons demandent le serveur (isgraph serve).');
      return;
    }
    if (names.length === 1) key = names[0] + '=' + p.values[names[0]].iri;
    var rows = data.groups && data.groups[key] ? data.groups[key].map(function (i) { return data.rows[''][i]; })
      : data.rows[key];
    if (rows === undefined && names.length === 1 && (data.split || []).indexOf(names[0]) < 0 &&
        (data.partial || []).indexOf(names[0]) >= 0) {
      status('Cette valeur n’a pas été calculée d’avance pour le site statique : elle demande le serveur (isgraph serve).');
      return;
    }
    render(data.vars, rows || []);
    done((rows || []).length, names);
  }

  function done(n, names) {
    status(n + (n === 1 ? ' réponse' : ' réponses') + (names.length ? '' : ' sans critère') + '.');
  }

  function fill() {
    var lists = document.querySelectorAll('#question input[data-picker]');
    for (var i = 0; i < lists.length; i++) {
      var name = lists[i].name, dl = $('l-' + name);
      (choices[name] || []).forEach(function (c) { dl.appendChild(el('option', {value: c[0]})); });
    }
    var params = new URLSearchParams(window.location.search);
    params.forEach(function (v, k) { var inp = document.querySelector('#question input[name="' + k + '"]'); if (inp) inp.value = v; });
  }

  $('question').addEventListener('submit', function (ev) { ev.preventDefault(); answer(true); });
  Promise.all([
    window.isgraphLoad('resultats.json'),
    window.isgraphLoad(config.root + 'questions/choix.json'),
    fetch(config.root + 'status', {headers: {'Accept': 'application/json'}})
      .then(function (r) { return r.ok && (r.headers.get('Content-Type') || '').indexOf('json') >= 0; })
      .catch(function () { return false; })
  ]).then(function (all) {
    data = all[0]; choices = all[1]; served = all[2];
    document.body.setAttribute('data-mode', served ? 'serveur' : 'statique');
    fill(); answer(false);
    document.body.setAttribute('data-ready', 'true');
  }).catch(function (err) { status('Impossible de charger les données de la question : ' + err); });
})();
