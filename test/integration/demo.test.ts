import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** `npm run demo -- --script demo/tour.txt` with no Redis: the tour must keep working, so the demo never rots. */
function runTour(
  env: Record<string, string> = {},
  script = 'demo/tour.txt',
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/main.ts', '--script', script], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env }, // without REDIS_URL: the in-process store
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.stderr.on('data', (d) => {
      err += String(d);
    });
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('npm run demo -- --script demo/tour.txt', () => {
  it('plays the tour end to end with no accounts and no Redis', async () => {
    const { code, out, err } = await runTour();
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('storage            in-process (REDIS_URL is not set');
    // Several matches, then the card opened with a click, then shared for the channel.
    expect(out).toContain('2 contacts match “jordan”.');
    expect(out).toMatch(
      /smbcrm \(only visible to you, updated\):\n {2}Jordan Lee\n {2}Email: jordan\.lee@example\.com/,
    );
    expect(out).toContain('Lee Landscaping staff plan · $12,000.00');
    expect(out).toContain('Corporate Plans › Qualified');
    expect(out).toContain('shared by @maya');
    // Email and phone lookups, typed loosely.
    expect(out).toContain('Company: Patel Architects');
    expect(out).toContain('That does not look like an email address.');
    // A two-turn agent thread: the follow-up is answered from the same execution's context.
    expect(out).toMatch(/@smbcrm tell me about Jordan Lee\nsmbcrm \(in thread 1\):/);
    expect(out).toContain('Open opportunities: 2 worth $16,800.00');
    expect(out).toMatch(
      /and what about his deals\?\nsmbcrm \(in thread 1\):\n {2}Hi Maya!\n {2}\n {2}Jordan Lee has 2 opportunities:/,
    );
    expect(out).toContain('*[2] how many deals do we have per stage?');
    expect(out).toMatch(
      /You asked me:\n {2}1\. tell me about Jordan Lee\n {2}2\. and what about his deals\?/,
    );
    // Approved moves: the card, an approval by someone else, the card updated; the modal path from a lookup card.
    expect(out).toContain('Stage: Treatment Plan Sent  →  Accepted');
    expect(out).toContain('1 pending approval in this channel');
    expect(out).toMatch(
      /leo@#front-desk> click Approve\nsmbcrm \(updated\):\n {2}✅ Moved Invisalign treatment from Treatment Plan Sent to Accepted — requested by @maya \(Maya Chen in SMBcrm\), approved by @leo/,
    );
    expect(out).toContain('(3) Accepted');
    // The agent proposes a stage move in the thread; Leo approves it there.
    expect(out).toMatch(
      /maya@#front-desk> @smbcrm move Veneers \(6\) to Accepted\n[\s\S]*?Approval needed: move an opportunity[\s\S]*?proposed by the agent for @maya \(Maya Chen in SMBcrm\)/,
    );
    expect(out).toMatch(
      /✅ Moved Veneers \(6\) from Treatment Plan Sent to Accepted — proposed by the agent for @maya \(Maya Chen in SMBcrm\), approved by @leo/,
    );
    // A lead captured from a message: the modal prefilled from it, checked for duplicates, approved by Leo.
    expect(out).toMatch(
      /shortcut Create SMBcrm contact\n {2}┌ New SMBcrm contact\n {2}│ ✨ New contact: no contact in SMBcrm has this email or phone\.\n {2}│ First name: Grace\n {2}│ Last name: Hopper/,
    );
    expect(out).toMatch(
      /✅ Saved Grace Hopper in SMBcrm — requested by @maya \(Maya Chen in SMBcrm\), approved by @leo\./,
    );
    expect(out).toContain('SMBcrm created a new contact, as previewed.');
    // The day's writes: credited to Maya in SMBcrm, confirmed by her, and a deal won with Leo's approval.
    expect(out).toContain('👤 In SMBcrm you are Maya Chen (admin), matched by your Slack email.');
    expect(out).toMatch(
      /✅ Added a note to Jordan Lee in SMBcrm — requested by @maya \(Maya Chen in SMBcrm\), confirmed by you\./,
    );
    expect(out).toMatch(
      /✅ Added a task for Jordan Lee in SMBcrm[^\n]*\n[^\n]*Assigned to: Maya Chen\n {2}Task: Send the Invisalign quote\n {2}Due: Friday \d{1,2} \w+ \d{4}, 17:00 \(Europe\/London\)/,
    );
    expect(out).toContain('✅ Changed the tags of Jordan Lee in SMBcrm');
    expect(out).toMatch(
      /leo@#front-desk> click Approve\nsmbcrm \(updated\):\n {2}✅ Marked Invisalign treatment won in SMBcrm — requested by @maya \(Maya Chen in SMBcrm\), approved by @leo\./,
    );
    expect(out).toMatch(
      /Moved Crown and bridge from Treatment Plan Sent to Accepted — requested by @maya \(Maya Chen in SMBcrm\), approved by @aisha/,
    );
    expect(out).toMatch(/Crown and bridge · \$3,200\.00\n {2}New Patients › Accepted/);
    // The story: narration, a workflow's card, a name typed without its accent, the agent failing and Try again,
    // the self-approval refusal, a Reject, and the stage-changed guard with Request again.
    expect(out).toContain('── Lookups. A name with several matches');
    expect(out).toMatch(
      /webhook new_lead grace\n {2}\(SMBcrm's workflow: new_lead for Grace Okoye, answered 202\)\nsmbcrm:\n {2}🔔 New lead — from an SMBcrm workflow/,
    );
    expect(out).toMatch(/lookup chloe\nsmbcrm \(only visible to you\):\n {2}Chloé Dubois/);
    expect(out).toMatch(
      /SMBcrm had a problem answering \(HTTP 500\)\. Try again in a minute\.\n {2}\[\d+\] Try again/,
    );
    expect(out).toMatch(/click Try again\nsmbcrm \(in thread 3, updated\):[\s\S]{0,200}Priya Patel/);
    expect(out).toMatch(
      /maya@#front-desk> click Approve\nsmbcrm \(only visible to you\):\n {2}🔒 You asked for this change, so someone else must approve it/,
    );
    expect(out).toMatch(
      /⛔ Rejected by @leo at .*: move Veneers \(6\) to Accepted \(requested by @maya \(Maya Chen in SMBcrm\)\)\. Nothing was written\./,
    );
    expect(out).toContain(
      'Not moved: Implant consultation is now in Enquiry, not Treatment Plan Sent as when it was asked.',
    );
    expect(out).toContain('Stage: Enquiry  →  Accepted');
    expect(out).toMatch(
      /Moved Implant consultation from Enquiry to Accepted — requested by @aisha \(Aisha Bello in SMBcrm\), approved by @leo/,
    );
    // The Home tab, rendered in the terminal: Maya's own request and task, then Leo approving from his tab.
    expect(out).toMatch(/maya@#front-desk> home\nsmbcrm — your Home tab:\n {2}In SMBcrm you are Maya Chen\./);
    expect(out).toMatch(/You asked to mark Veneers \(6\) lost\. {3}\[\d+\] Withdraw/);
    expect(out).toMatch(/Send the Invisalign quote\n {2}due \w{3} \d+ \w{3}, 17:00 {3}\[\d+\] Done/);
    expect(out).toContain('✅ Marked the task Send the Invisalign quote done.');
    expect(out).toMatch(
      /@maya \(Maya Chen in SMBcrm\) asks to mark Veneers \(6\) lost\. In #front-desk\.\n {2}\[\d+\] Approve/,
    );
    expect(out).toContain('✅ Marked Veneers (6) lost. (the card in #front-desk says so too)');
    expect(out).not.toMatch(/no answer from the bot|could not|not accepted|That did not work/);
  });

  it('survives what a person may type: stale buttons, a closed modal, a replaced message; only quit ends it', async () => {
    const script = join(mkdtempSync(join(tmpdir(), 'demo-')), 'edges.txt');
    writeFileSync(
      script,
      [
        '/smbcrm lookup jordan lee',
        'click Share in channel',
        '3', // the Share button of the card that was just removed
        'click Share in channel',
        '/smbcrm move Invisalign treatment to Accepted',
        'as @leo',
        'click Approve',
        'click Approve',
        '/smbcrm lookup priya.patel@example.org',
        'click Move stage',
        'hello there',
        'choose 1',
        'click 999',
        '/smbcrm lookup',
        'quit',
        '/smbcrm help',
      ].join('\n'),
    );
    const { code, out, err } = await runTour({}, script);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).not.toMatch(/\n\s+at .*\.ts:\d+/); // no stack trace
    expect(out.match(/shared by @maya/g)).toHaveLength(1); // shared once, whatever was clicked after
    expect(out).toContain('Button [3] is gone: its message changed or was removed.');
    expect(out).toContain('No button labelled "Share in channel" is on screen.');
    expect(out).toContain('No button labelled "Approve" is on screen.');
    expect(out).toContain('(the modal was closed)');
    expect(out).toContain('There is no open modal with that option.');
    expect(out).toContain('There is no button [999].');
    expect(out).toContain('Tell me what to look up: /smbcrm lookup <email | phone | name>');
    expect(out).not.toContain('SMBcrm in Slack'); // quit ended it before the last line
  });

  // The demo takes REDIS_URL only, so this runs against the plain test server even in the cluster pass.
  it('uses the Redis at REDIS_URL when it is set and answers', async () => {
    const { code, out } = await runTour({ REDIS_URL: inject('redisUrl') });
    expect(code).toBe(0);
    expect(out).toMatch(/storage {12}Redis at 127\.0\.0\.1:\d+/);
    expect(out).toContain('shared by @maya');
  });
});
