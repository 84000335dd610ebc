// Picks the Mailer named by config: outbox (default), SMTP or SES. Secrets come from the environment.
import type { MailerConfig } from '../config.js';
import type { Mailer } from '../ports.js';
import { OutboxMailer } from './outbox-mailer.js';
import { SesMailer } from './ses-mailer.js';
import { SmtpMailer } from './smtp-mailer.js';

export function openMailer(config: MailerConfig, env: NodeJS.ProcessEnv): Mailer {
  switch (config.type) {
    case 'outbox':
      return new OutboxMailer(config.dir);
    case 'smtp': {
      const pass = env.TALLY_SMTP_PASS ?? config.pass;
      const user = env.TALLY_SMTP_USER ?? config.user;
      return new SmtpMailer({
        host: config.host,
        port: config.port,
        secure: config.secure,
        ...(user !== undefined ? { user } : {}),
        ...(pass !== undefined ? { pass } : {}),
      });
    }
    case 'ses':
      return new SesMailer({
        region: config.region,
        ...(config.endpoint !== undefined ? { endpoint: config.endpoint } : {}),
        ...(config.configurationSet !== undefined ? { configurationSet: config.configurationSet } : {}),
      });
  }
}
