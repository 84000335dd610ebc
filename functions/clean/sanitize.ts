// HTML made safe for an email body: an allow list, no scripts, frames, forms, event handlers, javascript:/data:
// URLs, positioning styles or tracking pixels; relative links resolved.
import sanitize from 'sanitize-html';

const ALLOWED_TAGS = (
  'a abbr b blockquote br caption cite code dd del div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hr ' +
  'i img ins kbd li mark ol p pre q s small span strike strong sub sup table tbody td tfoot th thead ' +
  'time tr u ul'
).split(' ');

/** Elements dropped together with everything inside them. */
const DROP_WITH_CONTENT = (
  'script style iframe frame frameset embed applet noscript template svg math textarea select option ' +
  'button title head audio video canvas noembed noframes xmp plaintext'
).split(' ');

/** Hosts of ad and analytics services whose images are beacons, never content. */
const TRACKER_HOST =
  /(?:^|\.)(?:doubleclick\.net|feedsportal\.com|google-analytics\.com|scorecardresearch\.com|quantserve\.com|pixel\.wp\.com|stats\.wordpress\.com|feeds\.feedburner\.com|feedproxy\.google\.com)$|^(?:pixel|pixels|tracking|tracker|beacon|analytics|stats)\./i;
/** Paths of feed-click and open beacons. */
const TRACKER_PATH =
  /\/~r\/|\/~ff\/|\/~4\/|\/pixel(?:\.gif|\.png)?$|\/beacon|\/open\.gif$|\/track(?:ing)?\//i;

function absolute(url: string, baseUrl: string | undefined): string | undefined {
  try {
    const resolved = baseUrl === undefined ? new URL(url) : new URL(url, baseUrl);
    return resolved.href;
  } catch {
    return undefined;
  }
}

function isTrackingPixel(attribs: Record<string, string>): boolean {
  const width = Number.parseInt(attribs.width ?? '', 10);
  const height = Number.parseInt(attribs.height ?? '', 10);
  if ((Number.isFinite(width) && width <= 2) || (Number.isFinite(height) && height <= 2)) return true;
  try {
    const src = new URL(attribs.src ?? '');
    return TRACKER_HOST.test(src.hostname) || TRACKER_PATH.test(src.pathname);
  } catch {
    return false;
  }
}

/** HTML safe for an email body. Relative links and images resolve against baseUrl (dropped without one). */
export function sanitizeHtml(html: string, baseUrl?: string): string {
  return sanitize(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan'],
      abbr: ['title'],
      time: ['datetime'],
      ol: ['start'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    allowedStyles: {},
    disallowedTagsMode: 'discard',
    nonTextTags: DROP_WITH_CONTENT,
    transformTags: {
      a: (tagName, attribs) => {
        const href = attribs.href === undefined ? undefined : absolute(attribs.href.trim(), baseUrl);
        const out: Record<string, string> = {};
        if (href !== undefined && /^(https?|mailto):/i.test(href)) out.href = href;
        if (attribs.title !== undefined) out.title = attribs.title;
        return { tagName, attribs: out };
      },
      img: (tagName, attribs) => {
        const src = attribs.src === undefined ? undefined : absolute(attribs.src.trim(), baseUrl);
        const out: Record<string, string> = { ...attribs };
        if (src !== undefined && /^https?:/i.test(src)) out.src = src;
        else delete out.src;
        return { tagName, attribs: out };
      },
    },
    exclusiveFilter: (frame) =>
      frame.tag === 'img' && (frame.attribs.src === undefined || isTrackingPixel(frame.attribs)),
  });
}
