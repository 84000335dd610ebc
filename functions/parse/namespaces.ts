// Element names made independent of the prefixes a feed happens to choose: whatever prefix a document binds to
// the Dublin Core namespace is read as "dc:", Atom elements inside an Atom feed lose their prefix, and so on.

const KNOWN: Record<string, string> = {
  'http://www.w3.org/2005/atom': 'atom',
  'http://purl.org/atom/ns': 'atom',
  'http://purl.org/rss/1.0': '',
  'http://my.netscape.com/rdf/simple/0.9': '',
  'http://backend.userland.com/rss2': '',
  'http://backend.userland.com/rss': '',
  'http://blogs.law.harvard.edu/tech/rss': '',
  'http://purl.org/dc/elements/1.1': 'dc',
  'http://purl.org/dc/terms': 'dcterms',
  'http://purl.org/rss/1.0/modules/content': 'content',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns': 'rdf',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://rssnamespace.org/feedburner/ext/1.0': 'feedburner',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://search.yahoo.com/mrss': 'media',
};

/** Spellings rss-parser and the normalizer expect, restored after loose-mode parsing lower-cased them. */
const CAMEL: Record<string, string> = {
  pubdate: 'pubDate',
  lastbuilddate: 'lastBuildDate',
  managingeditor: 'managingEditor',
  webmaster: 'webMaster',
  textinput: 'textInput',
  skiphours: 'skipHours',
  skipdays: 'skipDays',
  'rdf:rdf': 'rdf:RDF',
  'feedburner:origlink': 'feedburner:origLink',
};

/** Core RSS and Atom element names: matched case-insensitively, as iTunes and many readers do. */
const CORE_NAMES = [
  'rss',
  'channel',
  'item',
  'title',
  'link',
  'description',
  'guid',
  'pubDate',
  'author',
  'category',
  'language',
  'lastBuildDate',
  'managingEditor',
  'webMaster',
  'enclosure',
  'comments',
  'source',
  'image',
  'url',
  'feed',
  'entry',
  'id',
  'updated',
  'published',
  'summary',
  'content',
  'subtitle',
  'name',
  'email',
];
for (const name of CORE_NAMES) CAMEL[name.toLowerCase()] ??= name;

function namespaceKey(uri: string): string {
  return uri
    .trim()
    .toLowerCase()
    .replace(/[/#]+$/, '');
}

/** The canonical element name for `name`, given the document's prefix bindings. */
export function canonicalTagName(
  name: string,
  prefixes: ReadonlyMap<string, string>,
  atomRoot: boolean,
  loose: boolean,
): string {
  let tag = name;
  const lower = tag.toLowerCase();
  if (loose) tag = CAMEL[lower] ?? lower;
  else if (!tag.includes(':')) tag = CAMEL[lower] ?? tag;
  const colon = tag.indexOf(':');
  if (colon < 0) return tag;
  const prefix = tag.slice(0, colon);
  const local = tag.slice(colon + 1);
  let uri = prefixes.get(prefix);
  if (uri === undefined && loose) {
    for (const [p, u] of prefixes) if (p.toLowerCase() === prefix) uri = u;
  }
  if (uri === undefined) return tag;
  const canonical = KNOWN[namespaceKey(uri)];
  if (canonical === undefined) return tag;
  if (canonical === 'atom') return atomRoot ? local : `atom:${local}`;
  const full = canonical === '' ? local : `${canonical}:${local}`;
  return CAMEL[full.toLowerCase()] ?? full;
}
