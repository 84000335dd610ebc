import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type DeployContext,
  deployPropsFromJson,
  loadDeployProps,
  readDeployContext,
} from '../../cdk/props.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = resolve(here, '..', 'fixtures', 'cdk', 'aws.config.json');
const json = (): Record<string, unknown> =>
  JSON.parse(readFileSync(fixture, 'utf8')) as Record<string, unknown>;

describe('deployPropsFromJson', () => {
  it('deploys only what the functions need: no local files, secrets, subscribers or local URLs', () => {
    const props = deployPropsFromJson(json(), dirname(fixture), {});
    const deployed = JSON.parse(props.configText) as Record<string, unknown>;
    expect(props.config.feeds.map((f) => f.id)).toEqual(['wire-one', 'markets-two']);
    expect(deployed).not.toHaveProperty('tokenSecret');
    expect(deployed).not.toHaveProperty('subscribers');
    expect(deployed).not.toHaveProperty('publicBaseUrl');
    expect(deployed).not.toHaveProperty('archive');
    expect(deployed.mailer).toEqual({ type: 'ses', maxSendRate: 10 });
    expect(props.warnings.join('\n')).toMatch(/feeds\[2\] \("Local Sample"\) reads a local file/);
    expect(props.warnings.join('\n')).toMatch(/tokenSecret/);
    expect(props.warnings.join('\n')).toMatch(/1 subscriber\(s\)/);
  });

  it('hashes exactly the bytes it deploys', () => {
    const props = deployPropsFromJson(json(), dirname(fixture), {});
    expect(props.configSha256).toBe(createHash('sha256').update(props.configText).digest('hex'));
  });

  it('sends from the context address, keeping the display name', () => {
    const props = deployPropsFromJson(json(), dirname(fixture), { senderAddress: 'news@news.example.org' });
    expect(props.senderAddress).toBe('news@news.example.org');
    expect(props.config.sender.from).toBe('Tally Digest <news@news.example.org>');
    expect(props.senderIdentity).toEqual({ kind: 'email', address: 'news@news.example.org' });
  });

  const identities: Array<[string, DeployContext, unknown]> = [
    ['an address alone', {}, { kind: 'email', address: 'digest@news.example.org' }],
    ['a domain', { domainName: 'news.example.org' }, { kind: 'domain', domainName: 'news.example.org' }],
    ['a parent domain', { domainName: 'example.org' }, { kind: 'domain', domainName: 'example.org' }],
    [
      'a domain and its hosted zone',
      { domainName: 'news.example.org', hostedZone: 'Z0123456789ABC' },
      { kind: 'domain', domainName: 'news.example.org', hostedZoneId: 'Z0123456789ABC' },
    ],
  ];
  it.each(identities)('verifies %s with SES', (_label, context, expected) => {
    expect(deployPropsFromJson(json(), dirname(fixture), context).senderIdentity).toEqual(expected);
  });

  const refused: Array<[string, DeployContext, RegExp]> = [
    [
      'a sender outside the domain',
      { domainName: 'other.example.com' },
      /not in domainName other\.example\.com/,
    ],
    ['a hosted zone without a domain', { hostedZone: 'Z0123456789ABC' }, /hostedZone needs domainName/],
    ['a malformed hosted zone id', { domainName: 'news.example.org', hostedZone: 'zone' }, /not a Route 53/],
    ['a malformed sender', { senderAddress: 'not-an-address' }, /not an email address/],
    ['a malformed alarm address', { alarmEmail: 'ops' }, /alarmEmail "ops"/],
    ['a plain-http public URL', { publicUrl: 'http://d111.cloudfront.net' }, /must be an https URL/],
    ['a public URL with a query', { publicUrl: 'https://d111.cloudfront.net/?a=1' }, /without query/],
    ['an archive domain without certificate', { archiveDomain: 'figures.example.org' }, /go together/],
    [
      'a certificate outside us-east-1',
      {
        archiveDomain: 'figures.example.org',
        certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-0000-1111-2222-333344445555',
      },
      /us-east-1/,
    ],
  ];
  it.each(refused)('refuses %s', (_label, context, message) => {
    expect(() => deployPropsFromJson(json(), dirname(fixture), context)).toThrow(message);
  });

  it('takes the public URL from context or the archive domain, and warns when it has none', () => {
    const given = deployPropsFromJson(json(), dirname(fixture), {
      publicUrl: 'https://d111.cloudfront.net/',
    });
    expect(given.publicUrl).toBe('https://d111.cloudfront.net');
    expect(given.warnings.join('\n')).not.toMatch(/publicUrl/);
    const none = deployPropsFromJson(json(), dirname(fixture), {});
    expect(none.publicUrl).toBeUndefined();
    expect(none.warnings.join('\n')).toMatch(/deploy again with -c publicUrl=/);
  });

  it('refuses a config the functions would refuse, naming the field', () => {
    const broken = { ...json(), digests: [{ name: 'Bad Name', title: 'x' }] };
    expect(() => deployPropsFromJson(broken, dirname(fixture), {})).toThrow(/digests\[0\]\.name/);
  });
});

describe('loadDeployProps', () => {
  it('names the missing file and the context to pass', () => {
    expect(() => loadDeployProps({ config: 'nope.json' }, dirname(fixture))).toThrow(/-c config=/);
  });

  it('reads the context keys it knows and ignores the rest', () => {
    const context: Record<string, unknown> = { config: 'a.json', domainName: ' example.org ', other: 1 };
    expect(readDeployContext((key) => context[key])).toEqual({ config: 'a.json', domainName: 'example.org' });
    expect(() => readDeployContext((key) => (key === 'senderAddress' ? 42 : undefined))).toThrow(
      /must be a string/,
    );
  });
});
