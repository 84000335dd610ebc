// Search with no server: a compact JSON index of every story (title, outlet, figures) and a small script on the
// index page that fetches it once and filters in the browser. The script writes results with textContent only.
import type { Digest } from '../core/model.js';
import { formatDay } from './html.js';
import { keys } from './pages.js';

export interface SearchIndex {
  v: 1;
  /** [digest title, day, edition page key] */
  editions: Array<[string, string, string]>;
  /** [edition index, story title, outlet, figure text, story anchor] */
  stories: Array<[number, string, string, string, string]>;
}

export function buildSearchIndex(editions: Digest[]): SearchIndex {
  const index: SearchIndex = { v: 1, editions: [], stories: [] };
  editions.forEach((edition, e) => {
    index.editions.push([
      edition.title,
      formatDay(edition.generatedAt),
      keys.edition(edition.digest, edition.editionId),
    ]);
    for (const story of edition.stories) {
      const figures = story.figures
        .map((f) => [f.raw, f.counted, f.source].filter((p): p is string => p !== undefined).join(' '))
        .join('; ');
      index.stories.push([
        e,
        story.item.title,
        story.feedName,
        figures,
        `story-${story.id.replace(/[^\w-]/g, '-')}`,
      ]);
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
        if (!e) continue;
        var hay = fold(s[1] + ' ' + s[2] + ' ' + s[3] + ' ' + e[0] + ' ' + e[1]);
        var all = true;
        for (var w = 0; w < words.length; w++) if (hay.indexOf(words[w]) < 0) { all = false; break; }
        if (!all) continue;
        found++;
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = new URL(e[2] + '#' + s[4], base.href.replace(/search\\/index\\.json$/, '')).href;
        a.textContent = s[1];
        var meta = document.createElement('span');
        meta.className = 'meta';
        meta.textContent = ' ' + e[0] + ', ' + e[1] + ' · ' + s[2] + (s[3] ? ' · ' + s[3] : '');
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
