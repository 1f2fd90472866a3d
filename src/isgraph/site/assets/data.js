/* isgraph site: window.isgraphLoad(url) -> Promise of the JSON file at url (loaded before app.js and question.js). */
'use strict';
// Over file:// (the site opened from its folder, no server) browsers refuse fetch(): every JSON file the pages
// read has a .js twin that files the same value under its own URL in window.isgraphData (site/build.py).
window.isgraphLoad = function (url) {
  if (window.location.protocol !== 'file:') {
    return fetch(url).then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); });
  }
  return new Promise(function (resolve, reject) {
    var s = document.createElement('script');
    s.src = url.replace(/\.json$/, '.js');
    s.onload = function () {
      var store = window.isgraphData || {};
      if (s.src in store) { resolve(store[s.src]); delete store[s.src]; } else reject(new Error(s.src + ' : données absentes'));
    };
    s.onerror = function () { reject(new Error(s.src + ' introuvable')); };
    document.head.appendChild(s);
  });
};
