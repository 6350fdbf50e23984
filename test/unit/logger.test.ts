import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

/** Every string of a log line is scrubbed, whatever its field: emails, phones and tokens never reach a log. */
describe('the logger', () => {
  function lineOf(log: (l: ReturnType<typeof createLogger>) => void): string {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _e, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    log(createLogger({ level: 'info', destination }));
    return lines.join('');
  }

  it('scrubs string fields at any of the first levels, and strings in arrays', () => {
    const line = lineOf((l) =>
      l.info(
        {
          contactName: 'jordan.lee@example.com',
          source: 'pit-0123456789abcdef',
          params: { body: 'call +1 (555) 123-4567 today', credit: { name: 'maya@brightside.test' } },
          reasons: ['xoxb-FAKE-TEST-TOKEN rejected'],
        },
        'approval audit',
      ),
    );
    for (const secret of [
      'jordan.lee@example.com',
      'pit-0123456789abcdef',
      '555) 123-4567',
      'maya@brightside.test',
      'xoxb-FAKE',
    ])
      expect(line).not.toContain(secret);
    expect(line).toContain('[email]');
    expect(line).toContain('[phone]');
    expect(line).toContain('[smbcrm-token]');
    expect(line).toContain('call [phone] today');
  });

  it('keeps ids whose digit runs look like phone numbers: they are words, not phones', () => {
    const ids = {
      executionId: '3f2c1a90-1234-5678-9abc-def012345678',
      contactId: '65a1f2345678901b',
      run: 'exec-2026120212345',
    };
    expect(JSON.parse(lineOf((l) => l.info(ids, 'turn')))).toMatchObject(ids);
  });

  it('leaves a line with nothing to scrub as it was (ids, dates, timings)', () => {
    const line = lineOf((l) => l.info({ approvalId: 'AbC123', at: '2026-12-02T10:00:00Z', ms: 4.2 }, 'ok'));
    expect(JSON.parse(line)).toMatchObject({ approvalId: 'AbC123', at: '2026-12-02T10:00:00Z', ms: 4.2 });
  });
});
