// The archive's one stylesheet: readable from 320 px up, light and dark.
export const ARCHIVE_CSS = `:root { color-scheme: light dark; --fg: #1b1d21; --muted: #5a6270; --bg: #ffffff; --line: #dde1e7; --accent: #0b5cad; --tag: #eef3fa; --warn: #9a3412; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8eaee; --muted: #a4acb9; --bg: #15171b; --line: #2e333b; --accent: #7cb7ff; --tag: #1f2a38; --warn: #fdba74; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 52rem; margin: 0 auto; padding: 1rem; }
header.site, footer.site { max-width: 52rem; margin: 0 auto; padding: .75rem 1rem; color: var(--muted); }
header.site { border-bottom: 1px solid var(--line); }
footer.site { border-top: 1px solid var(--line); font-size: .875rem; margin-top: 2rem; }
.brand { font-weight: 700; font-size: 1.25rem; color: var(--fg); text-decoration: none; margin-right: .5rem; }
a { color: var(--accent); }
h1 { font-size: 1.75rem; line-height: 1.2; margin: .5rem 0; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .25rem; }
.meta { color: var(--muted); font-size: .9rem; }
.crumbs { font-size: .9rem; margin-bottom: .5rem; }
ol.editions, ul.digests, ol.results { list-style: none; padding: 0; }
li.edition, ol.results li { padding: .5rem 0; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: .25rem .75rem; }
li.edition .lead { flex-basis: 100%; color: var(--muted); overflow-wrap: anywhere; }
.digest-name { font-weight: 600; }
.months ul { display: flex; flex-wrap: wrap; gap: .5rem 1rem; padding: 0; list-style: none; }
.search form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.search label { flex-basis: 100%; font-size: .9rem; color: var(--muted); }
.search input { flex: 1 1 12rem; min-width: 0; padding: .5rem; font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 4px; }
.search button { padding: .5rem 1rem; font: inherit; border: 1px solid var(--accent); background: var(--accent); color: var(--bg); border-radius: 4px; cursor: pointer; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid var(--line); overflow-wrap: break-word; }
/* Narrow screens: each row becomes a small card, each cell labelled, instead of four squeezed columns. */
@media (max-width: 560px) {
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: 100%; }
  table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.cards tr { border-bottom: 1px solid var(--line); padding: .4rem 0; }
  table.cards td { border: 0; padding: .1rem 0; }
  table.cards td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-weight: 400; }
  table.cards td.num { font-size: 1.1rem; }
}
td.num { font-variant-numeric: tabular-nums; font-weight: 700; white-space: nowrap; }
td.date { white-space: nowrap; }
.story { border-top: 1px solid var(--line); padding-top: .5rem; }
.story h3 { overflow-wrap: anywhere; }
ul.figures { padding-left: 1.25rem; }
.figure { font-variant-numeric: tabular-nums; }
.source { color: var(--muted); }
.tag { display: inline-block; font-size: .8rem; padding: 0 .4rem; border-radius: 3px; background: var(--tag); }
.tag.conflict { color: var(--warn); font-weight: 600; }
.edition-nav { margin: .5rem 0 1rem; }
details.health { margin-top: 1.5rem; }
q.quote { display: block; margin-top: .25rem; color: var(--muted); font-size: .9rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
