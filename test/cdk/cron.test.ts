import { describe, expect, it } from 'vitest';
import { toSchedulerCron } from '../../cdk/cron.js';

describe('toSchedulerCron', () => {
  const cases: Array<[string, string]> = [
    ['0 7 * * *', 'cron(0 7 * * ? *)'],
    ['30 6 * * 1-5', 'cron(30 6 ? * 2-6 *)'],
    ['0 18 * * 0', 'cron(0 18 ? * 1 *)'],
    ['0 18 * * 7', 'cron(0 18 ? * 1 *)'],
    ['0 9 * * 6,0', 'cron(0 9 ? * 7,1 *)'],
    ['0 9 * * MON-FRI', 'cron(0 9 ? * MON-FRI *)'],
    ['15 8 1 * *', 'cron(15 8 1 * ? *)'],
    ['*/30 * * * *', 'cron(*/30 * * * ? *)'],
    ['0 12 * * 5#2', 'cron(0 12 ? * 6#2 *)'],
  ];
  it.each(cases)('turns "%s" into %s', (input, expected) => {
    expect(toSchedulerCron(input)).toBe(expected);
  });

  const bad: Array<[string, RegExp]> = [
    ['0 7 1 * 1', /both a day of month and a day of week/],
    ['0 7 * *', /five fields/],
    ['0 7 * * 8', /out of range/],
  ];
  it.each(bad)('refuses "%s"', (input, message) => {
    expect(() => toSchedulerCron(input)).toThrow(message);
  });
});
