import { describe, expect, it } from 'vitest';
import { failureLine } from '../../bench/sections/e2e.js';

describe('failureLine', () => {
  it.each([
    [
      'Feeds: 2 (2 ok)\nDigest daily: FAILED RangeError: Set maximum size exceeded\nArchive: /x\n',
      'Digest daily: FAILED RangeError: Set maximum size exceeded',
    ],
    [
      '  delivery     0 sent\n    failed 832cc6114a89: MAIL_FAILED: mail: SMTP ETIMEDOUT\nMail: smtp\n',
      'failed 832cc6114a89: MAIL_FAILED: mail: SMTP ETIMEDOUT',
    ],
    ['config: feeds[0].url is not http(s)\n\n', 'config: feeds[0].url is not http(s)'],
    ['', 'no output'],
  ])('finds what failed in %j', (output, line) => {
    expect(failureLine(output)).toBe(line);
  });
});
