import { describe, expect, it } from 'vitest';
import { childCpuMs } from '../../bench/lib/rss2email.js';
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

describe('childCpuMs', () => {
  it.each([
    ['0m0.004s 0m0.002s\n0m1.250s 0m0.250s\n', 1500],
    ['0m0.004s 0m0.002s\n2m3.000s 1m0.500s', 183_500],
    ['garbage', undefined],
    ['', undefined],
  ])('reads the children line of %j', (output, ms) => {
    const value = childCpuMs(output);
    if (ms === undefined) expect(value).toBeUndefined();
    else expect(value).toBeCloseTo(ms, 6);
  });
});
