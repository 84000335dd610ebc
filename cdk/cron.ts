// Five-field cron (as tally.config.json writes it) → the six-field form EventBridge Scheduler takes.
// Scheduler differs from classic cron: a year field, '?' in one of day-of-month/day-of-week, and SUN=1…SAT=7.
import { ConfigError } from '../functions/core/errors.js';

/** Classic day-of-week numbers (0 or 7 = Sunday) → Scheduler's (1 = Sunday … 7 = Saturday). */
function mapWeekdayNumbers(part: string): string {
  return part.replace(/\d+/g, (digits) => {
    const n = Number(digits);
    if (n > 7) throw new ConfigError(`cdk: day of week ${digits} is out of range 0–7`);
    return String((n % 7) + 1);
  });
}

function convertWeekday(field: string): string {
  return field
    .split(',')
    .map((token) => {
      // "a/step": only the base names days; "a#n": only a is a day; "aL": a is a day.
      const [base = '', step] = token.split('/');
      const [day = '', nth] = base.split('#');
      const mapped = day === '*' ? '*' : mapWeekdayNumbers(day);
      return `${mapped}${nth !== undefined ? `#${nth}` : ''}${step !== undefined ? `/${step}` : ''}`;
    })
    .join(',');
}

/**
 * "0 7 * * *" → "cron(0 7 * * ? *)". Throws ConfigError when the expression names both a day of month and a
 * day of week, which Scheduler cannot express.
 */
export function toSchedulerCron(expression: string): string {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new ConfigError(`cdk: cron "${expression}" must have five fields (minute hour day month weekday)`);
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  const domAny = dayOfMonth === '*' || dayOfMonth === '?';
  const dowAny = dayOfWeek === '*' || dayOfWeek === '?';
  let dom: string;
  let dow: string;
  if (dowAny) {
    dom = domAny ? '*' : dayOfMonth;
    dow = '?';
  } else if (domAny) {
    dom = '?';
    dow = convertWeekday(dayOfWeek);
  } else {
    throw new ConfigError(
      `cdk: cron "${expression}" sets both a day of month and a day of week; EventBridge Scheduler needs one of them to be "*"`,
    );
  }
  return `cron(${minute} ${hour} ${dom} ${month} ${dow} *)`;
}
