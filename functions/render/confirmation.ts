// The double opt-in mail a new subscriber gets: which digests they asked for, one confirm button, and the link
// spelled out in the text part. Rendered from its own compiled template.

import { compiledTemplate } from './compiled.js';
import { linkOrThrow } from './edition.js';
import { fill } from './template.js';
import { hang, oneLine, truncate } from './text.js';
import { TEXT_WIDTH } from './text-part.js';
import { baseUrl } from './view.js';

/** The double opt-in mail: which digests, one button, the link spelled out. */
export function renderConfirmation(input: {
  digestTitles: string[];
  confirmUrl: string;
  publicBaseUrl: string;
}): {
  subject: string;
  html: string;
  text: string;
} {
  const { root } = compiledTemplate('confirm');
  const base = baseUrl(input.publicBaseUrl);
  const confirmUrl = linkOrThrow(input.confirmUrl, 'confirmUrl');
  const titles = input.digestTitles.map((title) => oneLine(title, 200)).filter((title) => title !== '');
  const named = titles.length === 0 ? 'Tally' : titles.join(', ');
  const subject = truncate(`Confirm your subscription to ${named}`, 150);
  const html = fill(root, {
    title: subject,
    preheader: `One click confirms it; nothing is sent until you do.`,
    digests: titles.length === 0 ? [] : [{ digest: titles.map((name) => ({ name })) }],
    confirmUrl,
    publicBaseUrl: base.href,
  });
  const text = [
    'Please confirm your subscription',
    '',
    'Someone, hopefully you, asked to receive:',
    ...titles.map((title) => hang('  - ', title, TEXT_WIDTH)),
    '',
    'Confirm by opening this link:',
    confirmUrl,
    '',
    'If you did not ask for this, ignore this message: nothing is sent until you confirm.',
    '',
    '-- ',
    base.href,
    '',
  ].join('\n');
  return { subject, html, text };
}
