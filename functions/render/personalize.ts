// Each subscriber's copy of an edition: the greeting, unsubscribe and preference links filled into the slots
// renderDigest left. String work only, run once per subscriber, so nothing here parses or lays out again.

import { TallyError } from '../core/errors.js';
import { compiledTemplate } from './compiled.js';
import { join, linkOrThrow, type RenderedEdition, splitEdition } from './edition.js';
import { SLOT_RESERVE_BYTES, wireBytes } from './html.js';
import { fill } from './template.js';
import { oneLine, truncate, wrap } from './text.js';
import { TEXT_WIDTH } from './text-part.js';

const MAX_GREETING = 120;

/** Fills the per-subscriber slots: greeting, unsubscribe and preference links. String work only. */
export function personalize(
  edition: RenderedEdition,
  recipient: {
    unsubscribeUrl: string;
    preferencesUrl: string;
    greeting?: string;
    /** Titles of the digests this subscriber chose, named in the footer. */
    digests?: string[];
  },
): { subject: string; html: string; text: string } {
  const { slots } = compiledTemplate('digest');
  const split = splitEdition(edition);
  // A digest must never go out without its unsubscribe link: refuse HTML or text that lost the slot.
  if (!split.htmlParts.slots.includes('account') || !split.textParts.slots.includes('account')) {
    throw new TallyError(
      'TEMPLATE_INVALID',
      'render: this edition has no unsubscribe slot; personalize the output of renderDigest, not a filled copy',
    );
  }
  const unsubscribeUrl = linkOrThrow(recipient.unsubscribeUrl, 'unsubscribeUrl');
  const preferencesUrl = linkOrThrow(recipient.preferencesUrl, 'preferencesUrl');
  const greeting =
    recipient.greeting === undefined ? '' : truncate(oneLine(recipient.greeting), MAX_GREETING);
  const chosen = (recipient.digests ?? [])
    .map((title) => oneLine(title, 100))
    .filter((title) => title !== '')
    .slice(0, 10)
    .join(', ');
  const values = {
    greeting: greeting === '' || slots.greeting === undefined ? '' : fill(slots.greeting, { greeting }),
    account:
      slots.account === undefined
        ? ''
        : fill(slots.account, {
            unsubscribeUrl,
            preferencesUrl,
            chosen: chosen === '' ? [] : [{ list: chosen }],
          }),
  };
  // The layout kept this much room for the filled slots, measured as it travels.
  if (wireBytes(values.greeting) + wireBytes(values.account) > SLOT_RESERVE_BYTES) {
    throw new TallyError(
      'INPUT_INVALID',
      `render: greeting and links take more than ${SLOT_RESERVE_BYTES} bytes; the mail would pass 100 KB`,
    );
  }
  const html = join(split.htmlParts, values);
  const text = join(split.textParts, {
    greeting: greeting === '' ? '' : `${greeting}\n\n`,
    account: `${chosen === '' ? '' : `${wrap(`Your digests: ${chosen}`, TEXT_WIDTH)}\n`}Unsubscribe: ${unsubscribeUrl}\nPreferences: ${preferencesUrl}\n`,
  });
  return { subject: edition.subject, html, text };
}
