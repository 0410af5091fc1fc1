/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core against `attune serve`
 * (real engine, real SQLite, the example conversations plus one full of script and markup).
 * Signs in per role, walks every page, checks figures against the API, runs axe-core, drives it
 * by keyboard, and saves screenshots at 1366 and 390 px. In CI a missing Chromium fails the suite.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { configFrom, startServer, type RunningServer } from '../server/main.ts';
import type { KeyRole, MetricsRow } from '../api/index.ts';
import { buildWebInto, chromiumMissing, launchChromium, settled } from './harness.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const SHOTS = process.env.ATTUNE_SCREENSHOTS ?? path.join(tmpdir(), 'attune-screenshots');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// Script and markup in every field a person can type or an integration can send.
const HOSTILE = {
  id: 'xss-<b>bold</b>-"><svg onload=window.__xss=1>',
  agent: 'agent-<i>x</i><img src=y onerror=window.__xss=2>',
  team: '<script>window.__xss=3</script>team',
  queue: '<u>queue</u><iframe src="javascript:window.__xss=4">',
  customer: '<a href="javascript:window.__xss=5">cust</a>',
};
const HOSTILE_TEXT =
  'I am furious!!! <script>window.__xss=6</script> my deadline is tonight <img src=q onerror=window.__xss=7>';
const hostileConversation = {
  id: HOSTILE.id,
  channel: 'chat',
  startedAt: '2026-10-20T10:00:00Z',
  customer: { id: HOSTILE.customer },
  agent: { id: HOSTILE.agent, team: HOSTILE.team },
  queue: HOSTILE.queue,
  metadata: { '<b>key</b>': '<img src=z onerror=window.__xss=8>', note: '<style>body{display:none}</style>' },
  turns: [
    { role: 'customer', text: HOSTILE_TEXT },
    { role: 'agent', text: '<b>Sorry</b> you feel that way <a href="javascript:window.__xss=9">click</a>' },
    { role: 'customer', text: 'This is the third time I have called. I want a human <svg onload=window.__xss=10>' },
    { role: 'agent', text: 'I understand how stressful a deadline tonight is; I will fix it now.' },
  ],
};

const missing = chromiumMissing();
if (missing) {
  if (process.env.CI) test('Chromium is installed for the browser tests (CI)', () => assert.fail(missing));
  else console.log(`note: browser tests skipped: ${missing}`);
}

describe('dashboard in Chromium', { skip: missing && !process.env.CI ? missing : false }, () => {
  let server: RunningServer;
  let browser: Browser;
  let dir: string;
  let webRoot: string;
  const keys = {} as Record<KeyRole, string>;

  const api = async <T>(role: KeyRole, url: string): Promise<T> => {
    const response = await fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${keys[role]}` } });
    assert.equal(response.status, 200, url);
    return response.json() as Promise<T>;
  };

  before(async () => {
    webRoot = await buildWebInto();
    dir = mkdtempSync(path.join(tmpdir(), 'attune-dash-'));
    const config = configFrom(['--port', '0', '--db', path.join(dir, 'web.sqlite')], {
      ATTUNE_ANALYSIS_WORKERS: '1',
      ATTUNE_RATE_LIMIT: '1000000',
    });
    if (Array.isArray(config)) throw new Error(config.join('; '));
    server = await startServer(config, { webRoot, logger: false });
    keys.admin = (await server.store.createKey({ name: 'Ada <b>admin</b>', role: 'admin' })).secret;
    keys.analyst = (await server.store.createKey({ name: 'analyst', role: 'analyst' })).secret;
    keys.supervisor = (
      await server.store.createKey({ name: 'sup', role: 'supervisor', teams: ['tech', HOSTILE.team] })
    ).secret;
    keys.agent = (await server.store.createKey({ name: 'chen', role: 'agent', agentId: 'agent-chen' })).secret;
    const examples = path.join(ROOT, 'examples', 'conversations');
    const bodies = readdirSync(examples)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => readFileSync(path.join(examples, f), 'utf8'));
    for (const body of [...bodies, JSON.stringify(hostileConversation)]) {
      const response = await fetch(`${server.url}/v1/conversations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.admin}`, 'content-type': 'application/x-ndjson' },
        body,
      });
      const result = (await response.json()) as { rejected: unknown[] };
      assert.deepEqual(result.rejected, []);
    }
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(webRoot, { recursive: true, force: true });
    console.log(`screenshots: ${SHOTS}`);
  });

  /** A signed-in page that records every script error, console error and CSP violation. */
  async function open(role: KeyRole, width = 1366): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 404/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      ),
    );
    await page.goto(`${server.url}/#key=${keys[role]}`);
    await settled(page);
    return { page, problems };
  }

  async function visit(page: Page, hash: string): Promise<void> {
    await page.evaluate((h) => {
      window.location.hash = h;
    }, hash);
    await settled(page);
  }

  /** No injected script ran and no injected markup became an element. */
  async function assertInert(page: Page, where: string): Promise<void> {
    const found = await page.evaluate(() => ({
      ran: (window as unknown as { __xss?: number }).__xss ?? null,
      elements: document.querySelectorAll(
        '#root img, #root iframe, #root script, #root style, #root b, #root i, #root u, #root svg, #root a[href^="javascript"]',
      ).length,
    }));
    assert.deepEqual(found, { ran: null, elements: 0 }, where);
  }

  async function axe(page: Page, where: string): Promise<void> {
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const result = await (
        window as unknown as {
          axe: {
            run: (
              d: Document,
              o: object,
            ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
          };
        }
      ).axe.run(document, { resultTypes: ['violations'] });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${v.id} (${v.impact}): ${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(' '))
              .join(', ')}`,
        );
    });
    assert.deepEqual(violations, [], where);
  }

  const PAGES: Record<KeyRole, string[]> = {
    admin: [
      '#/live?conversation=voice-001',
      '#/',
      '#/conversations',
      '#/conversations/chat-005',
      `#/conversations/${encodeURIComponent(HOSTILE.id)}`,
      '#/agents',
      '#/agents/agent-chen',
      `#/agents/${encodeURIComponent(HOSTILE.agent)}`,
      '#/coaching',
      '#/coaching?outcome=met-specific',
      '#/calibration',
      '#/live',
      '#/settings',
    ],
    analyst: [
      '#/',
      '#/conversations',
      '#/conversations/voice-005',
      '#/agents',
      '#/agents/agent-ana',
      '#/coaching',
      '#/calibration',
      '#/live',
      '#/settings',
    ],
    supervisor: [
      '#/',
      '#/conversations',
      '#/conversations/chat-001',
      `#/conversations/${encodeURIComponent(HOSTILE.id)}`,
      '#/agents',
      '#/agents/agent-dara',
      '#/coaching',
      '#/calibration',
      '#/live',
      '#/settings',
    ],
    agent: [
      '#/',
      '#/conversations',
      '#/conversations/chat-001',
      '#/scorecard',
      '#/coaching',
      '#/live',
      '#/live?conversation=chat-001',
      '#/settings',
    ],
  };

  for (const role of Object.keys(PAGES) as KeyRole[]) {
    test(`${role}: every page renders at 1366 and 390 px, inert, accessible, without errors`, async () => {
      for (const width of [1366, 390]) {
        const { page, problems } = await open(role, width);
        for (const hash of PAGES[role]) {
          await visit(page, hash);
          const where = `${role} ${hash} at ${width}px`;
          await assertInert(page, where);
          if (width === 1366) await axe(page, where);
          else
            assert.ok(
              await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
              `${where}: the page scrolls sideways`,
            );
          const name =
            `${role}-${hash.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'overview'}-${width}.png`.slice(
              0,
              120,
            );
          await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
        }
        assert.deepEqual(problems, [], `${role} at ${width}px`);
        await page.context().close();
      }
    });
  }

  test("the overview shows the API's figures, each with its n, within each role's scope", async () => {
    const teams = await api<{ rows: MetricsRow[] }>('admin', '/v1/metrics?groupBy=team');
    const agents = await api<{ rows: MetricsRow[] }>('admin', '/v1/metrics?groupBy=agent');
    const sum = (rows: MetricsRow[], f: (r: MetricsRow) => number) => rows.reduce((s, r) => s + f(r), 0);
    const visible: Record<KeyRole, number> = {
      admin: sum(teams.rows, (r) => r.count),
      analyst: sum(teams.rows, (r) => r.count),
      supervisor: sum(
        teams.rows.filter((r) => r.group === 'tech' || r.group === HOSTILE.team),
        (r) => r.count,
      ),
      agent: agents.rows.find((r) => r.group === 'agent-chen')!.count,
    };
    for (const role of Object.keys(visible) as KeyRole[]) {
      const { total: t } = await api<{ total: MetricsRow }>(role, '/v1/metrics?groupBy=channel');
      const n = t.count;
      assert.equal(n, visible[role], `${role} sees its own scope`);
      const expected = {
        empathy: [t.empathy!.toFixed(1), String(t.empathyCount)],
        compassion: [t.compassion!.toFixed(1), String(n)],
        overall: [t.overall!.toFixed(1), String(n)],
        humanRequiredRate: [`${(t.humanRequiredRate! * 100).toFixed(1)}%`, String(n)],
        missedMoments: [String(Math.round(t.missedMomentShare! * t.momentCount)), String(t.momentCount)],
      };
      const { page, problems } = await open(role);
      const shown = await page.evaluate(
        (names) =>
          Object.fromEntries(
            names.map((k) => {
              const card = document.querySelector(`[data-kpi="${k}"]`)!;
              return [k, [card.querySelector('.kpi-value')!.textContent, card.querySelector('[data-n]')!.textContent]];
            }),
          ),
        Object.keys(expected),
      );
      assert.deepEqual(shown, expected, role);
      if (role !== 'agent') {
        const byTeam = await api<{ rows: MetricsRow[] }>(role, '/v1/metrics?groupBy=team');
        const table = await page.evaluate(() =>
          [...document.querySelectorAll('section[aria-labelledby=breakdown-h] table.metrics tbody tr')].map((tr) => [
            tr.querySelector('th')!.textContent,
            tr.querySelector('[data-col=count]')!.textContent,
            tr.querySelector('[data-col=empathy]')!.textContent,
          ]),
        );
        assert.deepEqual(
          table,
          byTeam.rows.map((r) => [
            r.group ?? '(none)',
            String(r.count),
            `${r.empathy === null ? '–' : r.empathy.toFixed(1)} (${r.empathyCount})`,
          ]),
          `${role} team table`,
        );
      }
      assert.deepEqual(problems, []);
      await page.context().close();
    }
  });

  test('an agent sees only their own conversations and no calibration', async () => {
    const { page } = await open('agent');
    const nav = await page.locator('nav a').allTextContents();
    assert.deepEqual(nav, ['Overview', 'Conversations', 'Scorecard', 'Coaching', 'Live', 'Settings']);
    await visit(page, '#/conversations');
    const ids = await page.locator('table tbody th a').allTextContents();
    const own = await api<{ items: { id: string }[] }>('agent', '/v1/conversations?limit=1000');
    assert.deepEqual(
      ids,
      own.items.map((c) => c.id),
    );
    assert.ok(ids.length > 0 && own.items.length > 0);
    await visit(page, '#/conversations/chat-003');
    assert.match((await page.locator('[role=alert]').textContent()) ?? '', /Not found, or not visible to this key/);
    await visit(page, '#/calibration');
    assert.match((await page.locator('main').textContent()) ?? '', /Calibration is for reviewers/);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForSelector('#key');
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    await page.context().close();
  });

  test("the conversation view marks the evidence, and a factor's words lead to them", async () => {
    const detail = await api<{
      analysis: { explanation: { empathy: { evidence: { turn: number; text: string }[] }[] } };
    }>('admin', '/v1/conversations/chat-005');
    const { page, problems } = await open('admin');
    await visit(page, '#/conversations/chat-005');
    assert.ok((await page.locator('.timeline mark').count()) > 0);
    const first = detail.analysis.explanation.empathy.flatMap((f) => f.evidence)[0]!;
    await page.locator('#why-h ~ .why button.quote').first().click();
    const focused = await page.evaluate(() => ({
      tag: document.activeElement?.tagName,
      text: document.activeElement?.textContent ?? '',
      turn: document.activeElement?.closest('li.turn')?.id,
    }));
    assert.equal(focused.turn, `turn-${first.turn}`);
    assert.ok(focused.tag === 'MARK' && first.text.includes(focused.text), `${focused.text} in ${first.text}`);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  test('untrusted text is shown as text everywhere it appears', async () => {
    const { page, problems } = await open('admin');
    for (const hash of [
      '#/',
      '#/conversations',
      `#/conversations/${encodeURIComponent(HOSTILE.id)}`,
      `#/agents/${encodeURIComponent(HOSTILE.agent)}`,
      '#/coaching',
      '#/agents',
    ]) {
      await visit(page, hash);
      await assertInert(page, hash);
    }
    await visit(page, `#/conversations/${encodeURIComponent(HOSTILE.id)}`);
    const text = await page.locator('main').innerText();
    for (const literal of [
      HOSTILE.id,
      HOSTILE.agent,
      HOSTILE.team,
      HOSTILE.customer,
      '<b>Sorry</b>',
      '<script>window.__xss=6</script>',
      '<b>key</b>',
      '<style>body{display:none}</style>',
    ]) {
      assert.ok(text.includes(literal), `shown literally: ${literal}`);
    }
    await visit(page, `#/calibration?conversation=${encodeURIComponent(HOSTILE.id)}`);
    await page.fill('input[name=customerFeeling]', '<img src=r onerror=window.__xss=11>');
    await page.fill('textarea[name=note]', '<script>window.__xss=12</script>');
    await page.check('input[name=empathy][value="1"]');
    await page.check('input[name=responded][value="no"]');
    await page.click('button[type=submit]');
    await page.waitForSelector('p.ok');
    await settled(page);
    await assertInert(page, 'calibration after a hostile review');
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  test('a review saved in the form shows in the agreement the API reports', async () => {
    const { page } = await open('analyst');
    await visit(page, '#/calibration?conversation=chat-001');
    await page.check('input[name=empathy][value="5"]');
    await page.check('input[name=responded][value="yes"]');
    await page.click('button[type=submit]');
    await page.waitForSelector('p.ok');
    await settled(page);
    const report = await api<{ reviews: number }>('analyst', '/v1/calibration');
    assert.match(
      (await page.locator('#agreement-h').textContent()) ?? '',
      new RegExp(`\\(${report.reviews} reviews\\)`),
    );
    await page.context().close();
  });

  test('keyboard only: sign in, skip to content, move through the menu, follow a factor to its words', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('#key');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'key');
    await page.keyboard.type('atn_not_a_key');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('[role=alert]').textContent(), 'That key is unknown or revoked.');
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'key');
    await page.keyboard.type(keys.supervisor);
    await page.keyboard.press('Enter');
    await settled(page);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    const tabTo = async (check: () => boolean, what: string, key = 'Tab'): Promise<void> => {
      for (let i = 0; i < 300; i++) {
        await page.keyboard.press(key);
        if (await page.evaluate(check)) return;
      }
      assert.fail(`no focusable element is ${what}`);
    };
    await tabTo(
      () => document.activeElement?.tagName === 'BUTTON' && document.activeElement.textContent === 'Channel',
      'the Channel button',
    );
    await page.keyboard.press('Space');
    await settled(page);
    assert.equal(await page.locator('button', { hasText: /^Channel$/ }).getAttribute('aria-pressed'), 'true');
    await tabTo(
      () => document.activeElement?.tagName === 'A' && document.activeElement.textContent === 'Conversations',
      'the Conversations link',
      'Shift+Tab',
    );
    await page.keyboard.press('Enter');
    await settled(page);
    assert.equal(await page.evaluate(() => window.location.hash), '#/conversations');
    await tabTo(
      () => document.activeElement?.tagName === 'A' && document.activeElement.textContent === 'chat-001',
      'the chat-001 link',
    );
    await page.keyboard.press('Enter');
    await settled(page);
    await tabTo(
      () =>
        document.activeElement?.classList.contains('quote') === true && document.activeElement.closest('.why') !== null,
      "a factor's words",
    );
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'MARK');
    await context.close();
  });

  /** Replays a conversation on the Live page at the fast pace, ends the session once every turn is sent, and returns the stored id. */
  async function replay(page: Page, conversation: string): Promise<string> {
    await visit(page, `#/live?conversation=${encodeURIComponent(conversation)}`);
    await page.selectOption('select[name=pace]', 'fast');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-phase=replayed]', { timeout: 30_000 });
    await page.click('button:text("End session")');
    await page.waitForSelector('[data-closed]', { timeout: 30_000 });
    await settled(page);
    return (await page.getAttribute('[data-closed]', 'data-closed'))!;
  }

  test("live: a replay through /v1/live (key in the subprotocol) shows the server's cues, emotion, routing and moments, and what became of each cue", async () => {
    const { page, problems } = await open('admin');
    await visit(page, '#/live?conversation=voice-001');
    await page.selectOption('select[name=pace]', 'fast');
    await page.click('button[type=submit]');
    // the first cue, as it arrives: kind, severity, message, a suggestion, and evidence quoting the customer's words
    await page.waitForSelector('li.cue', { timeout: 30_000 });
    const cue = await page.evaluate(() => {
      const li = document.querySelector('li.cue')!;
      return {
        kind: li.getAttribute('data-cue'),
        text: li.textContent ?? '',
        quotes: [...li.querySelectorAll('.cue-evidence q')].map((q) => q.textContent ?? ''),
      };
    });
    assert.ok(cue.kind && cue.quotes.length > 0, JSON.stringify(cue));
    const customerTurns = await page.locator('li.turn-customer .turn-text').allTextContents();
    for (const quote of cue.quotes)
      assert.ok(
        customerTurns.some((t) => t.includes(quote)),
        `evidence "${quote}" is the customer's words`,
      );
    await page.waitForSelector('[data-phase=replayed]', { timeout: 30_000 });
    await settled(page);
    assert.ok(
      (await page.locator('[data-trend]').count()) === 1 &&
        (await page.locator('#emotion-h ~ [data-chart][data-drawn]').count()) === 1,
      'the emotion trajectory is drawn',
    );
    assert.ok((await page.locator('[data-routing]').count()) === 1, 'the routing state is shown');
    await page.screenshot({ path: path.join(SHOTS, 'live-replaying-1366.png'), fullPage: true });
    await page.click('button:text("End session")');
    await page.waitForSelector('[data-closed]', { timeout: 30_000 });
    await settled(page);
    await page.screenshot({ path: path.join(SHOTS, 'live-closed-1366.png'), fullPage: true });
    // what the page showed is what the server stored with the conversation
    const id = (await page.getAttribute('[data-closed]', 'data-closed'))!;
    const stored = await api<{
      row: { agentId: string | null; customerId: string | null };
      analysis: {
        live: {
          cues: { kind: string; outcome: string | null }[];
          adoption: { accepted: number; ignored: number; dismissed: number };
        };
      };
    }>('admin', `/v1/conversations/${encodeURIComponent(id)}`);
    const shown = await page.evaluate(() => ({
      adoption: Object.fromEntries(
        [...document.querySelectorAll('[data-adoption]')].map((e) => [
          e.getAttribute('data-adoption'),
          Number(e.textContent),
        ]),
      ),
      cues: [...document.querySelectorAll('li.cue')]
        .map((li) => [li.getAttribute('data-cue'), li.getAttribute('data-outcome') || null])
        .sort(),
    }));
    const { accepted, ignored, dismissed } = stored.analysis.live.adoption;
    assert.deepEqual(shown, {
      adoption: { accepted, ignored, dismissed },
      cues: stored.analysis.live.cues.map((c) => [c.kind, c.outcome]).sort(),
    });
    assert.deepEqual(
      [stored.row.agentId, stored.row.customerId],
      ['agent-dara', null],
      "the replay is voice-001's agent, with no customer (it is not a repeat contact)",
    );
    assert.ok(
      stored.analysis.live.cues.some((c) => c.outcome !== null),
      'a cue was withdrawn once decided',
    );
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  test("live: an agent replays only as itself; a supervisor's key is refused by /v1/live and the page says so", async () => {
    const agent = await open('agent', 390);
    const id = await replay(agent.page, 'chat-001');
    await assertInert(agent.page, 'agent replay');
    assert.ok(
      await agent.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
      'the live panel fits 390 px',
    );
    await agent.page.screenshot({ path: path.join(SHOTS, 'live-agent-closed-390.png'), fullPage: true });
    const stored = await api<{ row: { agentId: string } }>('agent', `/v1/conversations/${encodeURIComponent(id)}`);
    assert.equal(stored.row.agentId, 'agent-chen');
    assert.deepEqual(agent.problems, []);
    await agent.page.context().close();

    const { page, problems } = await open('supervisor');
    await visit(page, '#/live');
    assert.match(await page.locator('main').innerText(), /the live API refuses a supervisor key/);
    assert.equal(await page.locator('select[name=conversation]').count(), 0);
    const refused = await page.evaluate(
      (key) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(`ws://${location.host}/v1/live`, ['attune.v1', `attune.key.${key}`]);
          socket.onopen = () => resolve('opened');
          socket.onclose = (e) => resolve(`closed ${e.code}`);
        }),
      keys.supervisor,
    );
    assert.equal(refused, 'closed 1006');
    assert.deepEqual(
      problems.filter((p) => !/WebSocket connection .* failed|403/.test(p)),
      [],
    );
    await page.context().close();
  });

  test('settings: an admin edits retention, disclosure and phrase overlays through the API; a bad phrase is refused by name; untrusted text stays text', async () => {
    const { page, problems } = await open('admin');
    await visit(page, '#/settings');
    const disclosure = 'We analyse chats <img src=d onerror=window.__xss=20> to coach <b>our</b> team.';
    await page.fill('input[name=retentionDays]', '90');
    await page.fill('textarea[name=disclosureText]', disclosure);
    await page.selectOption('select[name=overlaySection]', 'cues');
    await page.selectOption('select[name=overlayList]', 'deadline');
    await page.fill('input[name=overlayPhrase]', 'by <b>close</b> of play');
    await page.click('button:text("Add phrase")');
    await page.selectOption('select[name=overlaySection]', 'emotions');
    await page.selectOption('select[name=overlayList]', 'anger');
    await page.fill('input[name=overlayPhrase]', 'fuming <script>window.__xss=21</script>');
    await page.fill('input[name=overlayIntensity]', '0.7');
    await page.click('button:text("Add phrase")');
    await page.click('button:text("Save settings")');
    await page.waitForSelector('[data-outcome=saved]');
    const saved = await api<{
      retentionDays: number;
      disclosureText: string;
      phraseOverlay: unknown;
      phraseOverlayInEffect: boolean;
    }>('analyst', '/v1/settings');
    assert.deepEqual(
      [saved.retentionDays, saved.disclosureText, saved.phraseOverlay, saved.phraseOverlayInEffect],
      [
        90,
        disclosure,
        {
          cues: { deadline: ['by <b>close</b> of play'] },
          emotions: { anger: { 'fuming <script>window.__xss=21</script>': 0.7 } },
        },
        false,
      ],
    );
    await assertInert(page, 'settings after saving hostile text');
    const text = await page.locator('main').innerText();
    for (const literal of [disclosure, 'by <b>close</b> of play', 'fuming <script>window.__xss=21</script>'])
      assert.ok(text.includes(literal), `shown literally: ${literal}`);
    assert.match(text, /applies when the server next starts/);
    await page.screenshot({ path: path.join(SHOTS, 'settings-admin-saved-1366.png'), fullPage: true });

    await page.selectOption('select[name=overlaySection]', 'cues');
    await page.selectOption('select[name=overlayList]', 'hurry');
    await page.fill('input[name=overlayPhrase]', '(in a rush');
    await page.click('button:text("Add phrase")');
    await page.click('button:text("Save settings")');
    await page.waitForSelector('[data-outcome=refused]');
    assert.equal(
      await page.locator('[data-outcome=refused]').textContent(),
      'body.phraseOverlay.cues.hurry: "(in a rush": unclosed "("',
    );
    await page.screenshot({ path: path.join(SHOTS, 'settings-admin-refused-1366.png'), fullPage: true });
    assert.deepEqual(
      (await api<{ phraseOverlay: unknown }>('admin', '/v1/settings')).phraseOverlay,
      saved.phraseOverlay,
      'nothing of the refused document was stored',
    );
    await page.click('button[aria-label^="Remove “(in a rush”"]');
    await page.click('button:text("Save settings")');
    await page.waitForSelector('[data-outcome=saved]');
    // the same document again changes nothing: one audited change
    const audit = await api<{ items: { action: string; target: string }[] }>(
      'admin',
      '/v1/audit?action=settings-update',
    );
    assert.deepEqual(
      audit.items.map((e) => e.target),
      ['retentionDays (server default) → 90; disclosureText; phraseOverlay'],
    );
    assert.deepEqual(
      problems.filter((p) => !/status of 400/.test(p)),
      [],
    );
    await page.context().close();
  });

  test("settings: every other role reads the API's settings as text and gets no way to edit them", async () => {
    const settings = await api<{ retentionDays: number; disclosureText: string }>('agent', '/v1/settings');
    for (const role of ['analyst', 'supervisor', 'agent'] as const) {
      for (const width of [1366, 390]) {
        const { page, problems } = await open(role, width);
        await visit(page, '#/settings');
        assert.equal(await page.locator('[data-readonly]').count(), 1, role);
        assert.deepEqual(
          await page.locator('main input, main textarea, main select, main button[type=submit]').count(),
          0,
          `${role}: nothing to edit`,
        );
        assert.equal(await page.locator('[data-disclosure]').textContent(), settings.disclosureText);
        assert.equal(await page.getAttribute('[data-retention]', 'data-retention'), String(settings.retentionDays));
        await assertInert(page, `${role} settings`);
        if (width === 1366) await axe(page, `${role} settings`);
        await page.screenshot({ path: path.join(SHOTS, `settings-${role}-${width}.png`), fullPage: true });
        assert.deepEqual(problems, []);
        await page.context().close();
      }
    }
  });

  test('the scorecard trend is every conversation of the agent, summed by the API per week', async () => {
    const weeks = await api<{ total: MetricsRow; rows: MetricsRow[] }>(
      'agent',
      '/v1/metrics?groupBy=week&agent=agent-chen',
    );
    const { page, problems } = await open('agent');
    await visit(page, '#/scorecard');
    assert.match(
      (await page.locator('[data-trend-total]').textContent()) ?? '',
      new RegExp(`Over all ${weeks.total.count} analysed conversations`),
    );
    const table = await page.evaluate(() =>
      [...document.querySelectorAll('section[aria-labelledby=trend-h] details table.metrics tbody tr')].map((tr) => [
        tr.querySelector('th')!.textContent,
        tr.querySelector('[data-col=count]')!.textContent,
      ]),
    );
    assert.deepEqual(
      table,
      weeks.rows.filter((r) => r.group !== null).map((r) => [r.group, String(r.count)]),
    );
    assert.ok(table.length > 0);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
