// Lambda subscribed to the SNS topic of the SES configuration set: permanent bounces and complaints
// suppress the address. Logs (core/log.ts) carry the SES message id, the kind and hash prefixes, never addresses.
import type { SNSEvent } from 'aws-lambda';
import { BlobSubscriberStore } from './adapters/blob-subscriber-store.js';
import { errorFields, type Logger, lineLogger } from './core/log.js';
import { once } from './core/once.js';
import type { Clock, SubscriberStore } from './ports.js';
import { systemClock } from './ports.js';
import { readHandlerEnvironment } from './subscriptions/environment.js';
import { readSesNotification, suppressAddresses } from './subscriptions/suppress.js';

export interface SesEventsDeps {
  store: SubscriberStore;
  secret: string;
  clock: Clock;
}

const jsonLog: Logger = lineLogger((line) => console.log(line), { handler: 'ses-events' });

export interface SesEventsSummary {
  suppressed: number;
  ignored: number;
}

/**
 * Malformed messages are logged and dropped (a retry cannot fix them); a store failure throws so Lambda's
 * async retry (and the DLQ after it) keeps the event.
 */
export function createHandler(
  deps: SesEventsDeps | (() => Promise<SesEventsDeps>),
  log: Logger = jsonLog,
): (event: SNSEvent) => Promise<SesEventsSummary> {
  const ready = once(() => (typeof deps === 'function' ? deps() : Promise.resolve(deps)));
  return async (event) => {
    const { store, secret, clock } = await ready();
    const summary: SesEventsSummary = { suppressed: 0, ignored: 0 };
    for (const record of event.Records ?? []) {
      const snsId = record.Sns?.MessageId;
      let message: unknown;
      try {
        message = JSON.parse(record.Sns?.Message ?? '');
      } catch {
        summary.ignored++;
        log({ event: 'ses.notification', snsId, action: 'ignore', reason: 'message is not JSON' });
        continue;
      }
      const result = readSesNotification(message);
      if (result.action === 'ignore') {
        summary.ignored++;
        log({ event: 'ses.notification', snsId, action: 'ignore', type: result.type, reason: result.reason });
        continue;
      }
      try {
        const hashes = await suppressAddresses(store, result.suppression, secret, clock.now());
        summary.suppressed += hashes.length;
        log({
          event: 'ses.notification',
          snsId,
          sesMessageId: result.suppression.messageId,
          action: 'suppress',
          kind: result.suppression.kind,
          reason: result.suppression.reason,
          subscribers: hashes.map((h) => h.slice(0, 12)),
        });
      } catch (error) {
        log({ event: 'ses.notification', snsId, action: 'failed', ...errorFields(error) });
        throw error;
      }
    }
    return summary;
  };
}

export async function environmentDeps(env: NodeJS.ProcessEnv): Promise<SesEventsDeps> {
  const environment = readHandlerEnvironment(env);
  return {
    store: new BlobSubscriberStore(environment.store),
    secret: await environment.secret(),
    clock: systemClock,
  };
}

export const handler = createHandler(() => environmentDeps(process.env));
