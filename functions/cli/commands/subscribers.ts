// `tally subscribers`: list, add, remove, suppress, show links for, and sync the subscribers in the archive.
// Addresses are masked in listings unless asked for; the operator adding an address is its opt-in.
import { parseArgs } from 'node:util';
import {
  BlobSubscriberStore,
  normalizeEmail,
  subscriberHash,
  syncConfiguredSubscribers,
  updateSubscriber,
} from '../../adapters/blob-subscriber-store.js';
import type { Config } from '../../config.js';
import { UsageError } from '../../core/errors.js';
import { keys } from '../../core/keys.js';
import type { Subscriber } from '../../core/model.js';
import type { BlobStore } from '../../ports.js';
import { resolveLocalSecret } from '../../secret.js';
import { subscriberLinks } from '../../subscriptions/tokens.js';
import { isTimeZone, validateEmail } from '../../subscriptions/validate.js';
import type { Command, CommandIO } from '../command.js';
import { loadRuntimeConfig, STORE_HELP, STORE_OPTIONS, storeFor } from '../runtime.js';

const HELP = `Usage: tally subscribers <action> [options]

Actions:
  list                  every subscriber: hash, status, digests, time zone, send hour (addresses masked)
  add EMAIL             add (or re-activate) EMAIL as an active subscriber; you are its opt-in
  remove EMAIL          unsubscribe EMAIL (kept as "unsubscribed", so a sync never re-adds it)
  suppress EMAIL        stop all mail to EMAIL (as a bounce or complaint would)
  links EMAIL           print EMAIL's unsubscribe and preferences links
  sync                  make the config's "subscribers" list active subscribers

Options:
${STORE_HELP}
      --digest NAME    with add: a digest to receive (repeatable; default: all)
      --timezone ZONE  with add: IANA time zone (default UTC)
      --hour H         with add: local send hour 0-23 (default 7)
      --reason TEXT    with suppress: why (default "manual")
      --show-addresses with list: print addresses in full
      --json           with list: print JSON
  -h, --help           show this help

The token secret comes from TALLY_TOKEN_SECRET, the config's "tokenSecret", or .tally/token-secret beside
the config (made on first use), the same one \`tally run\` and \`tally serve\` use.

Example:
  tally subscribers add reader@example.org --digest daily --timezone Europe/Paris --hour 6`;

export interface SubscribersCommandDeps {
  openStore?: (config: Config) => BlobStore | Promise<BlobStore>;
  resolveSecret?: (config: Config, env: NodeJS.ProcessEnv) => string | Promise<string>;
  now?: () => Date;
}

/** "r•••••@example.org": enough to recognise, not enough to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${email[0]}${'•'.repeat(Math.min(5, at - 1))}${email.slice(at)}`;
}

export function createSubscribersCommand(deps: SubscribersCommandDeps = {}): Command {
  return {
    name: 'subscribers',
    summary: 'list, add, remove and suppress subscribers; print their links',
    help: HELP,
    async run(argv: string[], io: CommandIO): Promise<number> {
      const { values, positionals } = parseArgs({
        args: argv,
        options: {
          ...STORE_OPTIONS,
          digest: { type: 'string', multiple: true },
          timezone: { type: 'string' },
          hour: { type: 'string' },
          reason: { type: 'string' },
          'show-addresses': { type: 'boolean' },
          json: { type: 'boolean' },
        },
        strict: true,
        allowPositionals: true,
      });
      const [action, target, ...extra] = positionals;
      if (action === undefined)
        throw new UsageError('subscribers: name an action: list, add, remove, suppress, links or sync');
      if (extra.length > 0) throw new UsageError(`subscribers: unexpected argument "${extra[0]}"`);
      const needsEmail = ['add', 'remove', 'suppress', 'links'].includes(action);
      if (!needsEmail && !['list', 'sync'].includes(action)) {
        throw new UsageError(
          `subscribers: unknown action "${action}" (list, add, remove, suppress, links, sync)`,
        );
      }
      if (needsEmail && target === undefined)
        throw new UsageError(`subscribers ${action}: give an email address`);
      if (!needsEmail && target !== undefined)
        throw new UsageError(`subscribers ${action}: takes no address`);

      const config = loadRuntimeConfig(values, io);
      const blobs = await (deps.openStore ?? storeFor)(config);
      const store = new BlobSubscriberStore(blobs);
      const secret = await (deps.resolveSecret ?? resolveLocalSecret)(config, io.env);
      const now = (deps.now ?? (() => new Date()))();
      const stamp = now.toISOString();

      if (action === 'list') {
        const all: Subscriber[] = [];
        for await (const s of store.list()) all.push(s);
        const shown = all.map((s) => ({
          ...s,
          email: values['show-addresses'] ? s.email : maskEmail(s.email),
        }));
        if (values.json) {
          io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
          return 0;
        }
        if (shown.length === 0) {
          io.stdout.write(`No subscribers in ${blobs.describe(keys.subscribers)}\n`);
          return 0;
        }
        for (const s of shown) {
          io.stdout.write(
            `${s.hash.slice(0, 12)}  ${s.status.padEnd(12)}  ${s.email.padEnd(28)}  ${s.digests.join(',') || '-'}  ${s.timezone} ${String(s.sendHour).padStart(2, '0')}:00\n`,
          );
        }
        const counts = new Map<string, number>();
        for (const s of all) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
        io.stdout.write(
          `${all.length} subscriber(s): ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')}\n`,
        );
        return 0;
      }

      if (action === 'sync') {
        await syncConfiguredSubscribers(store, config.subscribers, secret, now);
        io.stdout.write(
          `Synced ${config.subscribers.length} configured subscriber(s) into ${blobs.describe(keys.subscribers)}\n`,
        );
        return 0;
      }

      let email: string;
      try {
        email = normalizeEmail(validateEmail(target));
      } catch {
        throw new UsageError(`subscribers ${action}: "${target}" is not a valid email address`);
      }
      const hash = subscriberHash(email, secret);

      if (action === 'links') {
        const links = subscriberLinks(config.publicBaseUrl, hash, secret, now);
        io.stdout.write(`unsubscribe  ${links.unsubscribeUrl}\npreferences  ${links.preferencesUrl}\n`);
        return 0;
      }

      if (action === 'add') {
        const known = config.digests.map((d) => d.name);
        const digests = values.digest ?? known;
        for (const d of digests) {
          if (!known.includes(d))
            throw new UsageError(`--digest ${d} is not in the config (known: ${known.join(', ')})`);
        }
        const timezone = values.timezone ?? 'UTC';
        if (!isTimeZone(timezone)) throw new UsageError(`--timezone ${timezone} is not an IANA time zone`);
        const hour = values.hour === undefined ? 7 : Number(values.hour);
        if (!/^\d{1,2}$/.test(values.hour ?? '7') || hour > 23)
          throw new UsageError('--hour must be 0 to 23');
        const result = await updateSubscriber(store, hash, (current) => {
          if (current?.status === 'suppressed') return undefined;
          return {
            email,
            hash,
            status: 'active',
            digests,
            timezone,
            sendHour: hour,
            createdAt: current?.createdAt ?? stamp,
            updatedAt: stamp,
            confirmedAt: current?.confirmedAt ?? stamp,
          };
        });
        if (result?.status === 'suppressed') {
          io.stderr.write(
            `tally: ${maskEmail(email)} is suppressed (${result.suppressedReason ?? 'no reason'}); not re-added\n`,
          );
          return 1;
        }
        io.stdout.write(
          `Added ${maskEmail(email)} (${hash.slice(0, 12)}): ${digests.join(', ')} at ${String(hour).padStart(2, '0')}:00 ${timezone}\n`,
        );
        return 0;
      }

      const status = action === 'remove' ? 'unsubscribed' : 'suppressed';
      const reason = values.reason ?? 'manual';
      const result = await updateSubscriber(store, hash, (current): Subscriber | undefined => {
        if (current === undefined) {
          // Suppressing an unknown address still records it, so a later subscribe form mails it nothing.
          if (status !== 'suppressed') return undefined;
          return {
            email,
            hash,
            status,
            digests: [],
            timezone: 'UTC',
            sendHour: 7,
            createdAt: stamp,
            updatedAt: stamp,
            suppressedReason: reason,
          };
        }
        if (current.status === status || current.status === 'suppressed') return undefined;
        return {
          ...current,
          status,
          updatedAt: stamp,
          ...(status === 'suppressed' ? { suppressedReason: reason } : {}),
        };
      });
      if (result === undefined) {
        io.stderr.write(`tally: ${maskEmail(email)} is not a subscriber\n`);
        return 1;
      }
      io.stdout.write(`${maskEmail(email)} (${hash.slice(0, 12)}) is now ${result.status}\n`);
      return 0;
    },
  };
}

export const subscribersCommand: Command = createSubscribersCommand();
