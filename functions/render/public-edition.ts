// The edition as the archive publishes it on the web: the same HTML and text with no greeting and a subscribe
// link where a subscriber's copy has its account links.

import { compiledTemplate } from './compiled.js';
import { join, linkOrThrow, type RenderedEdition, splitEdition } from './edition.js';
import { fill } from './template.js';

/** The edition as a public web page (the archive): no greeting, a subscribe link instead of account links. */
export function publicEdition(
  edition: RenderedEdition,
  options: { subscribeUrl: string },
): { html: string; text: string } {
  const { slots } = compiledTemplate('digest');
  const split = splitEdition(edition);
  const subscribeUrl = linkOrThrow(options.subscribeUrl, 'subscribeUrl');
  return {
    html: join(split.htmlParts, {
      public: slots.public === undefined ? '' : fill(slots.public, { subscribeUrl }),
    }),
    text: join(split.textParts, { public: `Subscribe: ${subscribeUrl}\n` }),
  };
}
