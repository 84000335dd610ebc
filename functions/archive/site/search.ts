// Search with no server: a compact JSON index of every story (title, outlet, figures) and a small script on the
// index page that fetches it once and filters in the browser. The script writes results with textContent only.

import { keys } from '../../core/keys.js';
import type { Digest } from '../../core/model.js';
import { formatDay } from './html.js';
import { storyAnchor } from './pages.js';

export interface SearchIndex {
  v: 1;
  /** [name, title] */
  digests: Array<[string, string]>;
  /** Outlet (feed) names, referred to by position. */
  outlets: string[];
  /** [digest index, edition id, day]; the page is editions/<name>/<edition id>/index.html */
  editions: Array<[number, string, string]>;
  /** [edition index, story title, outlet index, figures ("raw counted; …" then sources), story anchor] */
  stories: Array<[number, string, number, string, string]>;
}

/** Edition page keys the index covers (for verifyArchive). */
export function indexedEditionKeys(index: SearchIndex): string[] {
  return index.editions.map(([d, editionId]) => keys.editionPage(index.digests[d]?.[0] ?? '', editionId));
}

export function buildSearchIndex(editions: Digest[]): SearchIndex {
  const index: SearchIndex = { v: 1, digests: [], outlets: [], editions: [], stories: [] };
  const digestAt = new Map<string, number>();
  const outletAt = new Map<string, number>();
  editions.forEach((edition, e) => {
    let d = digestAt.get(edition.digest);
    if (d === undefined) {
      d = index.digests.push([edition.digest, edition.title]) - 1;
      digestAt.set(edition.digest, d);
    }
    index.editions.push([d, edition.editionId, formatDay(edition.generatedAt)]);
    for (const story of edition.stories) {
      let o = outletAt.get(story.feedName);
      if (o === undefined) {
        o = index.outlets.push(story.feedName) - 1;
        outletAt.set(story.feedName, o);
      }
      const figures = story.figures
        .map((f) => (f.counted !== undefined ? `${f.raw} ${f.counted}` : f.raw))
        .join('; ');
      const sources = [
        ...new Set(story.figures.map((f) => f.source).filter((x): x is string => x !== undefined)),
      ];
      const text = sources.length === 0 ? figures : `${figures} — ${sources.join('; ')}`;
      index.stories.push([e, story.item.title, o, text, storyAnchor(story)]);
    }
  });
  return index;
}

/** The browser side: plain ES2017, no dependencies, runs from assets/search.js. */
export const SEARCH_SCRIPT = `// Tally archive search: fetches search/index.json once, then matches every word typed.
(function () {
  'use strict';
  var form = document.getElementById('search');
  var input = document.getElementById('search-input');
  var list = document.getElementById('search-results');
  var status = document.getElementById('search-status');
  if (!form || !input || !list || !status) return;
  var base = new URL(form.getAttribute('data-index') || 'search/index.json', document.baseURI);
  var loading = null;
  function load() {
    if (!loading) {
      loading = fetch(base.href).then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.json();
      });
    }
    return loading;
  }
  function fold(text) {
    return String(text).toLowerCase().normalize('NFKD').replace(/[\\u0300-\\u036f]/g, '');
  }
  function run() {
    var words = fold(input.value).split(/\\s+/).filter(Boolean);
    while (list.firstChild) list.removeChild(list.firstChild);
    if (words.length === 0) { status.textContent = ''; return; }
    status.textContent = 'Searching…';
    load().then(function (index) {
      while (list.firstChild) list.removeChild(list.firstChild);
      var found = 0;
      for (var i = 0; i < index.stories.length && found < 50; i++) {
        var s = index.stories[i];
        var e = index.editions[s[0]];
        var d = e && index.digests[e[0]];
        if (!d) continue;
        var outlet = index.outlets[s[2]] || '';
        var hay = fold(s[1] + ' ' + outlet + ' ' + s[3] + ' ' + d[1] + ' ' + e[2]);
        var all = true;
        for (var w = 0; w < words.length; w++) if (hay.indexOf(words[w]) < 0) { all = false; break; }
        if (!all) continue;
        found++;
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = new URL('editions/' + d[0] + '/' + e[1] + '/index.html#' + s[4], base.href.replace(/search\\/index\\.json$/, '')).href;
        a.textContent = s[1];
        var meta = document.createElement('span');
        meta.className = 'meta';
        meta.textContent = ' ' + d[1] + ', ' + e[2] + ' · ' + outlet + (s[3] ? ' · ' + s[3] : '');
        li.appendChild(a);
        li.appendChild(meta);
        list.appendChild(li);
      }
      status.textContent = found === 0 ? 'No stories match.' : found + (found === 50 ? '+' : '') + ' matching ' + (found === 1 ? 'story' : 'stories');
    }, function (err) {
      status.textContent = 'Search is unavailable (' + err.message + ').';
    });
  }
  form.addEventListener('submit', function (event) { event.preventDefault(); run(); });
  input.addEventListener('input', function () { if (input.value.length === 0 || input.value.length > 2) run(); });
})();
`;
