// A plain confirmation mail, used when no template renderer is wired in (the lead wires the digest
// engineer's renderConfirmation in `tally serve` and on AWS).
import { escapeHtml } from './pages.js';

export function plainConfirmationMail(input: { digestTitles: string[]; confirmUrl: string }): {
  subject: string;
  html: string;
  text: string;
} {
  const list = input.digestTitles.join(', ');
  return {
    subject: `Confirm your subscription to ${list}`.slice(0, 200),
    text: `Someone (we hope you) asked to receive ${list}.\n\nConfirm with this link (valid for three days):\n${input.confirmUrl}\n\nIf it was not you, ignore this message: nothing will be sent.\n`,
    html: `<p>Someone (we hope you) asked to receive <strong>${escapeHtml(list)}</strong>.</p>
<p><a href="${escapeHtml(input.confirmUrl)}">Confirm your subscription</a> (the link is valid for three days).</p>
<p>If it was not you, ignore this message: nothing will be sent.</p>`,
  };
}
