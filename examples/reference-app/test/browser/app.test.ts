import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServe } from '../../../../packages/cli/src/commands/serve';
import { liveEnv } from '../../../../packages/delivery-transports/test/helpers/live';
import { DIST, ensureBuilt, ROOT } from './built-app';
import { flacTone, png } from './media';

const SHOTS = join(ROOT, 'test-results/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IN_CI = Boolean(process.env.CI) && process.env.CI !== 'false';
const ADMIN_KEY = 'ddx_e2e_admin_key_0123456789abcdefghijklmnop';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const sftp = liveEnv('sftp');

let data: string;
let media: string;
let url: string;
let close: () => Promise<void>;
let browser: BrowserContext;
let page: Page;
let releaseId: string;
let sftpDir: string;
/** the server's log lines (JSON): the outbox mail sender names each mail's file there */
const serverLog: string[] = [];

/** All files under a folder, relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

const AXE = readFile(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
async function axe(p: Page, name: string) {
  await p.addScriptTag({ content: await AXE });
  const violations = await p.evaluate(async () => {
    const run = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: unknown[] }> } }).axe.run;
    const result = await run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map((v) => {
      const x = v as { id: string; nodes: { target: string[] }[] };
      return `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`;
    });
  });
  expect(violations, `axe (WCAG 2.2 AA) on ${name}`).toEqual([]);
}
async function shoot(p: Page, name: string) {
  for (const width of [375, 768, 1280]) {
    await p.setViewportSize({ width, height: 900 });
    await p.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await p.setViewportSize({ width: 1280, height: 900 });
}
async function api(path: string, init: RequestInit = {}, key = ADMIN_KEY) {
  const res = await fetch(url + path, {
    ...init,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> };
}
const next = () => page.click('[data-testid=wizard-next]');

// Locally a missing browser or SFTP server skips the suite with the reason; under CI either is a failure.
const missing = [
  existsSync(CHROMIUM) ? '' : `no chromium at ${CHROMIUM} (apt-get install chromium)`,
  sftp ? '' : 'no SFTP test server (source /tmp/ddex-ci/env after .ci/servers/start.sh)',
].filter(Boolean);
if (missing.length && !IN_CI) {
  describe('reference app in chromium', () => {
    it.skip(`skipped: ${missing.join('; ')}; under CI=true this fails instead`);
  });
} else {
  describe('reference app in chromium', () => {
    beforeAll(async () => {
      if (!existsSync(CHROMIUM)) throw new Error(`CI needs chromium at ${CHROMIUM}: apt-get install chromium`);
      if (!sftp) throw new Error('the SFTP test server is not configured: source /tmp/ddex-ci/env (DDEX_TEST_SFTP_*)');
      await ensureBuilt();
      await mkdir(SHOTS, { recursive: true });
      data = await mkdtemp(join(tmpdir(), 'ddex-app-e2e-'));
      media = await mkdtemp(join(tmpdir(), 'ddex-app-media-'));
      sftpDir = join(sftp.DDEX_TEST_SFTP_DIR, `app-e2e-${process.pid}-${Date.now().toString(36)}`);
      await writeFile(join(media, '01 - Aurora.flac'), flacTone(22, 440));
      await writeFile(join(media, '02 - Borealis.flac'), flacTone(22, 660));
      await writeFile(join(media, 'cover.png'), png(3000, 3000));
      await writeFile(join(media, 'notes.flac'), 'These are liner notes, not audio.\n'.repeat(20));
      const io = { stdout: () => undefined, stderr: () => undefined } as never;
      const handle = await startServe(
        {
          data,
          port: 0,
          host: '127.0.0.1',
          workers: 1,
          tenant: 'default',
          seedDemo: true,
          web: DIST,
          allowSignup: true,
        },
        io,
        {
          ...process.env,
          DDEX_DISTRO_ADMIN_KEY: ADMIN_KEY,
          DDEX_DISTRO_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
        },
        { write: (line: string) => void serverLog.push(line) } as never,
      );
      url = handle.server.url;
      close = () => handle.server.close();
      browser = await chromium.launchPersistentContext(await mkdtemp(join(tmpdir(), 'ddex-chromium-')), {
        executablePath: CHROMIUM,
        headless: true,
        args: FLAGS,
        viewport: { width: 1280, height: 900 },
        bypassCSP: true,
      });
      browser.setDefaultTimeout(20_000);
      page = await browser.newPage();
    }, 400_000);
    afterAll(async () => {
      await browser?.close();
      await close?.();
      for (const dir of [data, media, sftpDir, sftpDir && `${sftpDir}-b`])
        if (dir) await rm(dir, { recursive: true, force: true });
    });

    // a failed step leaves the page as it was: a screenshot and its text, for CI artifacts
    afterEach(async (ctx) => {
      if (ctx.task.result?.state !== 'fail' || !page) return;
      const name = `failure-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`;
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true }).catch(() => undefined);
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader of the artifact wants
      const text = await page.innerText('body').catch(() => '');
      await writeFile(join(SHOTS, `${name}.txt`), `${page.url()}\n\n${text}`);
    });

    it('sign-in names a wrong password and returns to the page asked for', async () => {
      await page.goto(`${url}/catalog`);
      await page.waitForURL(/\/login\?next=/);
      await axe(page, 'sign-in');
      await shoot(page, 'sign-in');
      await page.fill('#email', 'demo@example.com');
      await page.fill('#password', 'wrong-password-1');
      await page.click('button[type=submit]');
      await expect.poll(() => page.textContent('[role=alert]')).toContain('do not match');
      await page.fill('#password', 'ddex-distro-demo');
      await page.click('button[type=submit]');
      await page.waitForURL(/\/catalog$/);
      await page.getByRole('link', { name: 'Northern Lights' }).waitFor();
    }, 60_000);

    it('a manager creates a release in the wizard: probe results, a refused file, a valid ERN at review', async () => {
      await page.getByRole('link', { name: 'New release' }).first().click();
      await page.waitForURL(/\/releases\/new$/);
      await page.fill('#w-title', 'Aurora Tapes');
      await page.fill('#w-artist', 'The Test Lights');
      await page.fill('#w-label', 'E2E Records');
      await page.fill('#w-barcode', '036000291452');
      await page.fill('#w-catno', 'E2E-001');
      await next();
      await page.click('[data-testid=add-track]');
      await page.click('[data-testid=add-track]');
      for (const [i, title] of ['Aurora', 'Borealis'].entries()) {
        await page.fill(`#t${i}-title`, title);
        await page.fill(`#t${i}-isrc`, `NO-XYZ-26-0000${i + 1}`);
        await page.fill(`#t${i}-duration`, '0:02');
      }
      await next();
      // the genre comes from the tree: typed to search (sub-genres too), picked with the keyboard
      await page.click('#w-genre');
      await page.keyboard.type('techno');
      await page.locator('#w-genre-tree [data-genre="Dance/Electronic > Techno"]').waitFor();
      await axe(page, 'wizard-genre-tree');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      expect(await page.inputValue('#w-genre')).toBe('Dance/Electronic');
      expect(await page.inputValue('#w-subgenre')).toBe('Techno');
      expect(await page.getAttribute('#w-genre', 'aria-expanded')).toBe('false');
      await next();
      await page.locator('#step-assets').waitFor();

      // the server probes each upload: a text file named .flac (matched to track 2) is refused with its reason
      await page.setInputFiles(
        '#w-files',
        ['01 - Aurora.flac', 'notes.flac', 'cover.png'].map((f) => join(media, f)),
      );
      const probe = (name: string) => page.locator(`[data-testid="file-${name}"] [data-testid=probe]`);
      const broken = page.locator('[data-testid="file-notes.flac"] [data-testid=file-problem]');
      await expect.poll(() => broken.textContent(), { timeout: 60_000 }).toContain('is not a supported audio file');
      await expect.poll(() => probe('cover.png').textContent(), { timeout: 60_000 }).toContain('3000×3000 px');
      expect((await probe('01 - Aurora.flac').textContent())?.trim()).toMatch(
        /^FLAC · 44,100 Hz · 16 bit · 2 ch · 2 s/,
      );
      await axe(page, 'wizard-assets-refused');
      await page.locator('[data-testid="file-notes.flac"]').getByRole('button', { name: 'Remove' }).click();
      await page.setInputFiles('#w-files', [join(media, '02 - Borealis.flac')]);
      await expect.poll(() => probe('02 - Borealis.flac').textContent(), { timeout: 60_000 }).toContain('44,100 Hz');
      expect(await page.locator('[data-testid="file-02 - Borealis.flac"]').textContent()).toContain('track: Borealis');
      // each stored audio file plays inline, streamed from the API (the element seeks with Range requests)
      const players = page.locator('audio[data-testid=audio-player]');
      await expect.poll(() => players.count(), { timeout: 20_000 }).toBe(2);
      await expect
        .poll(() => players.first().evaluate((a) => (a as HTMLAudioElement).duration), { timeout: 20_000 })
        .toBeCloseTo(2.043, 1);
      const ranged = await page.evaluate(
        async (src) => {
          const r = await fetch(src!, { headers: { range: 'bytes=0-3' } });
          return [r.status, new TextDecoder().decode(await r.arrayBuffer())];
        },
        await players.first().getAttribute('src'),
      );
      expect(ranged).toEqual([206, 'fLaC']);
      await shoot(page, 'wizard-assets');
      await next();
      await page.locator('[data-testid=tp-worldwide]').waitFor();
      await next();
      await page.click('[data-testid=validate-ern]');
      await expect
        .poll(() => page.textContent('[data-testid=ern-result]'), { timeout: 60_000 })
        .toContain('The ERN 4.3 message is valid');
      await axe(page, 'wizard-review');
      await shoot(page, 'wizard-review');
      await page.click('[data-testid=wizard-finish]');
      await page.waitForURL(/\/releases\/rel-/);
      releaseId = decodeURIComponent(page.url().split('/releases/')[1]!);
      const stored = await api(`/api/releases/${releaseId}`);
      const release = stored.body.release as { assets: { audio: { duration: number }[]; images: { width: number }[] } };
      expect(release.assets.audio.map((a) => a.duration)).toEqual([2.043, 2.043]);
      expect(release.assets.images[0]?.width).toBe(3000);
      expect((stored.body.release as { metadata: { genre: string[] } }).metadata.genre).toEqual([
        'Dance/Electronic',
        'Techno',
      ]);
    }, 240_000);

    it('adds an SFTP target, tests it and delivers: complete in the history, files on the server', async () => {
      await page.getByRole('navigation').getByRole('link', { name: 'Targets' }).click();
      await page.click('[data-testid=add-target]');
      await page.fill('#tf-name', 'E2E SFTP');
      await page.selectOption('#tf-protocol', 'SFTP');
      await page.fill('#tf-host', sftp!.DDEX_TEST_SFTP_HOST);
      await page.fill('#tf-port', sftp!.DDEX_TEST_SFTP_PORT);
      await page.fill('#tf-username', sftp!.DDEX_TEST_SFTP_USER);
      await page.fill('#tf-privateKey', await readFile(sftp!.DDEX_TEST_SFTP_KEY, 'utf8'));
      if (process.env.DDEX_TEST_SFTP_HOST_FINGERPRINT)
        await page.fill('#tf-hostFingerprint', process.env.DDEX_TEST_SFTP_HOST_FINGERPRINT);
      await page.fill('#tf-directory', sftpDir);
      await page.fill('#tf-dpid', 'PADPIDA20270101099');
      await page.fill('#tf-rname', 'E2E Store');
      await page.fill('#tf-genremap', 'Dance/Electronic > Techno = Electronic > Techno\n* = Other');
      await axe(page, 'target-form');
      await page.click('.dialog button[type=submit]');
      await page.getByText('E2E SFTP saved').waitFor();
      const row = page.locator('tr', { hasText: 'E2E SFTP' });
      await row.getByRole('button', { name: 'Test connection' }).click();
      await expect
        .poll(() => row.locator('[data-testid=test-result]').textContent(), { timeout: 30_000 })
        .toMatch(/ok/i);
      // every step of the test, each ok with its time: the host looked up, its port reached, a probe file
      // written, read back and deleted on the real sshd
      await row.getByText('Test steps').click();
      const steps = row.locator('[data-testid=test-steps] li');
      expect(await steps.evaluateAll((els) => els.map((e) => `${e.dataset.step}:${e.dataset.outcome}`))).toEqual(
        ['prepare', 'resolve', 'reach', 'connect', 'mkdir', 'write', 'stat', 'read', 'list', 'remove'].map(
          (x) => `${x}:ok`,
        ),
      );
      expect(await steps.first().textContent()).toMatch(/Prepare the connection\s*\d+ ms/);
      expect(filesUnder(join(sftpDir, '.ddex-probe'))).toEqual([]);

      await page.goto(`${url}/deliveries/new?releases=${encodeURIComponent(releaseId)}`);
      await page.getByLabel(/E2E SFTP/).check();
      // the target's genre map: our genre → the DSP's, previewed before anything is queued
      const genreLine = page.locator('[data-testid=readiness] li', { hasText: 'E2E SFTP' }).locator('.genre-preview');
      await expect.poll(() => genreLine.textContent()).toBe('genre: Dance/Electronic > Techno → Electronic > Techno');
      await page.click('[data-testid=queue-delivery]');
      await page.waitForURL(/\/deliveries$/);
      await page.getByRole('tab', { name: 'History' }).click();
      const done = page.locator('tr', { hasText: releaseId }).locator('.badge.completed');
      await done.waitFor({ timeout: 90_000 });
      const files = filesUnder(sftpDir);
      expect(
        files.some((f) => f.endsWith('.xml')),
        files.join(', '),
      ).toBe(true);
      expect(files.filter((f) => f.endsWith('.flac'))).toHaveLength(2);
      const ernFile = files.find((f) => f.endsWith('.xml') && !f.includes('BatchComplete'))!;
      const sentErn = await readFile(join(sftpDir, ernFile), 'utf8');
      expect(sentErn).toContain('<GenreText>Electronic</GenreText>');
      expect(sentErn).toContain('<SubGenre>Techno</SubGenre>');
      expect(sentErn).not.toContain('<GenreText>Dance/Electronic</GenreText>');
      expect(
        files.some((f) => f.endsWith('.png')),
        files.join(', '),
      ).toBe(true);

      await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
      await expect.poll(() => page.textContent('[data-testid=kpi-completed]'), { timeout: 20_000 }).toMatch(/[1-9]/);
    }, 180_000);

    it('a validation report is stored: exported as JSON and CSV, its permalink shows it; errors show the request id', async () => {
      await page.goto(`${url}/releases/${encodeURIComponent(releaseId)}`);
      await page.getByRole('tab', { name: 'ERN' }).click();
      await page.click('[data-testid=validate-ern]');
      await expect.poll(() => page.textContent('[data-testid=ern-result]'), { timeout: 60_000 }).toContain('is valid');
      const permalink = await page.inputValue('[data-testid=validation-permalink]');
      expect(permalink).toMatch(new RegExp(`^${url}/validations/[0-9a-f-]{36}$`));
      const id = permalink.split('/').at(-1)!;
      const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
      expect(csv.suggestedFilename()).toBe(`validation-${releaseId.replace(/[^A-Za-z0-9._-]/g, '_')}-${id}.csv`);
      // valid against the XSD: no error rows, only what the writer reported as warnings
      const rows = (await readFile((await csv.path())!, 'utf8')).split('\r\n');
      expect(rows[0]).toBe('severity,rule,line,column,path,message');
      expect(rows.slice(1, -1).every((r) => r.startsWith('warning,'))).toBe(true);
      const [json] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-json]')]);
      const stored = JSON.parse(await readFile((await json.path())!, 'utf8'));
      expect(stored).toMatchObject({ id, releaseId, ernVersion: '4.3', engine: 'offline', valid: true });
      expect(stored.errors).toHaveLength(rows.length - 2);
      expect(stored.targetId).toEqual(expect.any(String));

      // the permalink, opened fresh: the stored report, not a new validation
      await page.goto(permalink);
      await page.locator('[data-testid=validation-verdict]').waitFor();
      expect(await page.textContent('[data-testid=validation-verdict]')).toContain('Valid against the XSD');
      expect(await page.textContent('[data-testid=validation-report]')).toContain(releaseId);
      await axe(page, 'validation-report');
      await shoot(page, 'validation-report');

      // a failure toast quotes the request id the server logged and sent (X-Request-Id)
      const copy = (await api(`/api/releases/${encodeURIComponent(releaseId)}`)).body.release as Record<string, any>;
      const tmpId = `rel-e2e-gone-${Date.now().toString(36)}`;
      const { tenantId: _tenant, ...doc } = copy;
      const made = await api('/api/releases', {
        method: 'POST',
        body: JSON.stringify({ ...doc, id: tmpId, status: 'draft' }),
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      await page.goto(`${url}/releases/${tmpId}`);
      await page.getByRole('tab', { name: 'ERN' }).click();
      expect((await api(`/api/releases/${tmpId}`, { method: 'DELETE' })).status).toBe(204);
      await page.click('[data-testid=validate-ern]');
      const toastId = page.locator('[data-testid=toast-request-id] code');
      await toastId.waitFor();
      expect(await toastId.textContent()).toMatch(/^[0-9a-f-]{36}$/);
      await page.locator('[data-testid=toast]', { has: toastId }).getByRole('button', { name: 'Dismiss' }).click();

      // requests per API key, counted by the server, in the key list
      const key = await api('/api/api-keys', {
        method: 'POST',
        body: JSON.stringify({ name: 'Counted', role: 'viewer' }),
      });
      const secret = key.body.secret as string;
      for (let i = 0; i < 3; i++) expect((await api('/api/releases?limit=1', {}, secret)).status).toBe(200);
      await page.goto(`${url}/settings`);
      await expect
        .poll(() => page.locator('li', { hasText: 'Counted' }).locator('[data-testid=key-requests]').textContent())
        .toBe('3 requests');
    }, 180_000);

    it('a failed delivery shows its reason, attempts and log; the target is fixed and a confirmed retry completes', async () => {
      // a target whose password is wrong: the SFTP server refuses it and the delivery fails without retries
      await page.goto(`${url}/targets`);
      await page.click('[data-testid=add-target]');
      await page.fill('#tf-name', 'Broken SFTP');
      await page.selectOption('#tf-protocol', 'SFTP');
      await page.fill('#tf-host', sftp!.DDEX_TEST_SFTP_HOST);
      await page.fill('#tf-port', sftp!.DDEX_TEST_SFTP_PORT);
      await page.fill('#tf-username', sftp!.DDEX_TEST_SFTP_USER);
      await page.fill('#tf-password', 'not-the-password');
      await page.fill('#tf-directory', `${sftpDir}-b`);
      await page.fill('#tf-dpid', 'PADPIDA20270101098');
      await page.fill('#tf-rname', 'Broken Store');
      await page.fill('#tf-genremap', 'Rock = Rock');
      await page.click('.dialog button[type=submit]');
      await page.getByText('Broken SFTP saved').waitFor();

      // before queuing, the API checks the pair against the target's rules; the ERN can be previewed
      await page.goto(`${url}/deliveries/new?releases=${encodeURIComponent(releaseId)}`);
      await page.getByLabel(/Broken SFTP/).check();
      const readiness = page.locator('[data-testid=readiness]');
      await expect.poll(() => readiness.textContent()).toMatch(/ready\s*Aurora Tapes → Broken SFTP/);
      expect(await readiness.textContent()).toContain('suggested: New release');
      // its genre map does not name the release's genre: a warning, not a refusal
      await expect
        .poll(() => readiness.locator('.genre-preview').textContent())
        .toBe('genre: Dance/Electronic > Techno → not in the target’s genre map, sent as it is');
      expect(await readiness.textContent()).toContain(
        'Broken SFTP has no mapping for the genre "Dance/Electronic > Techno"; it is sent as it is.',
      );
      await readiness.getByRole('button', { name: 'Preview ERN' }).click();
      const previewDialog = page.getByRole('dialog', { name: /ERN of Aurora Tapes for Broken SFTP/ });
      await expect.poll(() => previewDialog.locator('.xml-view').textContent()).toContain('NewReleaseMessage');
      await page.keyboard.press('Escape');
      await previewDialog.waitFor({ state: 'detached' });
      await page.click('[data-testid=queue-delivery]');
      await page.waitForURL(/\/deliveries$/);
      // history, filtered by status and target: both kept in the URL
      await page.getByRole('tab', { name: 'History' }).click();
      await page.selectOption('#deliveries-status', 'failed');
      const brokenId = await page.$eval(
        '#deliveries-target',
        (el) => [...(el as HTMLSelectElement).options].find((o) => o.text === 'Broken SFTP')!.value,
      );
      await page.selectOption('#deliveries-target', brokenId);
      await page.waitForURL(/tab=history/);
      expect(page.url()).toContain('status=failed');
      expect(page.url()).toContain(`target=${encodeURIComponent(brokenId)}`);
      const row = page.locator('tr', { hasText: releaseId });
      await expect
        .poll(() => row.locator('[data-testid=delivery-error]').textContent(), { timeout: 60_000 })
        .toMatch(/AUTH/);
      expect(await page.locator('tbody tr').count()).toBe(1);
      expect(await row.textContent()).toContain('Broken SFTP');

      await row.getByRole('button', { name: /Details and log/ }).click();
      const dialog = page.getByRole('dialog');
      await expect.poll(() => dialog.locator('[data-testid=attempts]').textContent()).toMatch(/#1 · failed/);
      await expect.poll(() => dialog.locator('[data-testid=log-lines]').textContent()).toContain('failed: AUTH');
      await page.selectOption('#log-level', 'info');
      expect(await dialog.locator('[data-testid=log-lines] li[data-level=error]').count()).toBe(0);
      await page.selectOption('#log-level', 'error');
      expect(await dialog.locator('[data-testid=log-lines] li[data-level=error]').count()).toBeGreaterThan(0);
      await axe(page, 'delivery-detail');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      // fix the target: the stored password is write-only ("set"), the key replaces it
      await page.goto(`${url}/targets`);
      await page.locator('tr', { hasText: 'Broken SFTP' }).getByRole('button', { name: 'Edit' }).click();
      expect(await page.getAttribute('#tf-password', 'placeholder')).toMatch(/set/i);
      expect(await page.inputValue('#tf-password')).toBe('');
      await page.fill('#tf-name', 'Fixed SFTP');
      await page.fill('#tf-privateKey', await readFile(sftp!.DDEX_TEST_SFTP_KEY, 'utf8'));
      await page.click('.dialog button[type=submit]');
      await page.getByText('Fixed SFTP saved').waitFor();
      const stored = await api(`/api/targets/${brokenId}`);
      expect((stored.body.target as { config: Record<string, unknown> }).config.password).toBe('[redacted]');
      expect((stored.body.target as { genreMap?: unknown }).genreMap).toEqual({ genres: { Rock: 'Rock' } });

      // retry asks first, in a dialog; then the delivery completes
      await page.goto(`${url}/deliveries?tab=history&target=${encodeURIComponent(brokenId)}`);
      await page.locator('tr', { hasText: releaseId }).getByRole('button', { name: 'Retry' }).click();
      await page
        .getByRole('dialog')
        .getByText(/Fixed SFTP/)
        .waitFor();
      await page.click('[data-testid=confirm-retry]');
      await page.getByText('1 deliveries queued again').waitFor();
      await page.locator('tr', { hasText: releaseId }).locator('.badge.completed').waitFor({ timeout: 60_000 });
      expect(filesUnder(`${sftpDir}-b`).filter((f) => f.endsWith('.flac'))).toHaveLength(2);

      // the next message to a target that has the release is an update; the demo release's files were never
      // uploaded: a warning each, with a link to the wizard step that fixes it
      await page.goto(`${url}/deliveries/new?releases=${encodeURIComponent(releaseId)},rel-polar-042`);
      await page.getByLabel(/Fixed SFTP/).check();
      await expect
        .poll(() => readiness.textContent())
        .toMatch(/Aurora Tapes → Fixed SFTP.*last sent: New release\s*Completed/);
      expect(await page.isChecked('input[name=kind][value=Update]')).toBe(false); // the two releases disagree
      await page.getByLabel(/Northern Lights/).uncheck();
      await expect.poll(() => page.isChecked('input[name=kind][value=Update]')).toBe(true);
      await page.getByLabel(/Northern Lights/).check();
      const demo = page.locator('[data-testid=readiness] > ul > li', { hasText: 'Northern Lights' });
      await expect.poll(() => demo.textContent()).toContain('has no uploaded file');
      await axe(page, 'new-delivery-readiness');
      await demo.getByRole('link', { name: 'Fix in the wizard' }).first().click();
      await page.waitForURL(/\/releases\/rel-polar-042\/edit#step-assets$/);
      await page.locator('#step-assets').waitFor();
    }, 150_000);

    it('a manager edits a release: autosave, the server refusal at its field, a conflict compared, no silent loss', async () => {
      // the release's deliveries tab: the state per target, the last message, its ERN for that target
      await page.goto(`${url}/releases/${encodeURIComponent(releaseId)}`);
      await page.getByRole('tab', { name: 'Deliveries' }).click();
      const perTarget = page.locator('[data-testid=release-deliveries] tbody tr');
      await expect
        .poll(() => perTarget.allTextContents())
        .toEqual([
          // two attempts at the fixed target: the failed one and the retry
          expect.stringMatching(/^Fixed SFTP\s*New release\s*Completed\s*2(?!\d).*History \(1\)/),
          expect.stringMatching(/^E2E SFTP\s*New release\s*Completed\s*1(?!\d).*History \(1\)/),
        ]);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download XML for E2E SFTP' }).click(),
      ]);
      const ern = await readFile((await download.path())!, 'utf8');
      expect(ern).toContain('PADPIDA20270101099'); // the target's recipient
      await axe(page, 'release-deliveries');
      await page.click('[data-testid=edit-release]');
      await page.waitForURL(/\/edit$/);
      await page.getByRole('heading', { name: 'Edit Aurora Tapes' }).waitFor();
      expect(await page.textContent('[data-testid=save-status]')).toContain('All changes saved');
      await page.fill('#w-title', 'Aurora Tapes (Deluxe)');
      await expect.poll(() => page.textContent('[data-testid=save-status]'), { timeout: 10_000 }).toMatch(/^Saved /);
      const saved = await api(`/api/releases/${encodeURIComponent(releaseId)}`);
      const release = saved.body.release as {
        metadata: { title: string };
        status: string;
        assets: { audio: unknown[] };
      };
      expect(release.metadata.title).toBe('Aurora Tapes (Deluxe)');
      expect(release.assets.audio).toHaveLength(2); // the stored files are kept

      // two tracks with one ISRC: only the server's rules catch it, and its message lands at the field
      await page.getByRole('button', { name: /2\. Tracks/ }).click();
      await page.fill('#t1-isrc', 'NOXYZ2600001');
      await page.locator('#t1-isrc').blur();
      await expect.poll(() => page.getAttribute('#t1-isrc', 'aria-invalid'), { timeout: 10_000 }).toBe('true');
      const describedBy = (await page.getAttribute('#t1-isrc', 'aria-describedby'))!.split(' ');
      const messages = await Promise.all(
        describedBy.map((id) =>
          page
            .locator(`#${id}`)
            .textContent()
            .catch(() => ''),
        ),
      );
      expect(messages.join(' ')).toMatch(/ISRC/);
      expect(await page.textContent('[data-testid=step-summary]')).toContain('tracks.1.isrc');
      // Next says why it will not go on, and is described by that reason
      await page.click('[data-testid=wizard-next]');
      expect(await page.textContent('#next-why')).toBe('Fix 1 problems on this step to go on.');
      expect(await page.getAttribute('[data-testid=wizard-next]', 'aria-describedby')).toBe('next-why');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('t1-isrc'); // focus goes to the field
      await axe(page, 'wizard-edit-server-error');
      await page.fill('#t1-isrc', 'NOXYZ2600003');
      await page.locator('#t1-isrc').blur();
      await expect.poll(() => page.getAttribute('#t1-isrc', 'aria-invalid'), { timeout: 10_000 }).not.toBe('true');
      await expect.poll(() => page.textContent('[data-testid=save-status]'), { timeout: 10_000 }).toMatch(/^Saved /);

      // someone else saves meanwhile: the next autosave gets 409 and the dialog compares both
      const current = await api(`/api/releases/${encodeURIComponent(releaseId)}`);
      const theirs = current.body.release as { metadata: Record<string, unknown> };
      const put = await api(`/api/releases/${encodeURIComponent(releaseId)}`, {
        method: 'PUT',
        headers: { 'If-Match': `"${current.body.version}"` },
        body: JSON.stringify({ ...theirs, metadata: { ...theirs.metadata, label: 'Their Label' } }),
      });
      expect(put.status).toBe(200);
      await page.getByRole('button', { name: /1\. Basics/ }).click();
      await page.fill('#w-label', 'My Label');
      const diff = page.locator('[data-testid=conflict-diff]');
      await diff.waitFor({ timeout: 10_000 });
      expect(await diff.textContent()).toMatch(/label\s*My Label\s*Their Label/);
      await axe(page, 'wizard-conflict');
      await page.click('[data-testid=keep-mine]');
      await expect.poll(() => page.textContent('[data-testid=save-status]'), { timeout: 10_000 }).toMatch(/^Saved /);
      const after = await api(`/api/releases/${encodeURIComponent(releaseId)}`);
      expect((after.body.release as { metadata: { label: string } }).metadata.label).toBe('My Label');

      // Ctrl+S saves at once
      await page.fill('#w-catno', 'E2E-00X');
      await page.keyboard.press('Control+s');
      await expect.poll(() => page.textContent('[data-testid=save-status]')).toMatch(/^(Saving|Saved )/);
      await expect
        .poll(async () => (await api(`/api/releases/${encodeURIComponent(releaseId)}`)).body.release, { timeout: 5000 })
        .toMatchObject({ metadata: { catalogNumber: 'E2E-00X' } });

      // leaving before the autosave asks in a dialog (no confirm()); staying keeps the edit
      await page.fill('#w-catno', 'E2E-002');
      await page.getByRole('navigation').getByRole('link', { name: 'Catalog' }).click();
      await page.getByRole('dialog', { name: 'Leave with unsaved changes?' }).waitFor();
      expect(page.url()).toMatch(/\/edit$/);
      await page.getByRole('button', { name: 'Save and leave' }).click();
      await page.waitForURL(/\/catalog/);
      const left = await api(`/api/releases/${encodeURIComponent(releaseId)}`);
      expect((left.body.release as { metadata: { catalogNumber: string } }).metadata.catalogNumber).toBe('E2E-002');
    }, 90_000);

    it('catalog: search (non-ASCII too), filters, sort and paging live in the URL; bulk status reports each release', async () => {
      const seed = JSON.parse(await readFile(join(ROOT, '../shared/examples/release-album.json'), 'utf8'));
      const titles = ['Ágætis Byrjun', '東京 Nights', ...Array.from({ length: 10 }, (_, i) => `Filler ${i + 1}`)];
      for (const [i, title] of titles.entries()) {
        const created = await api('/api/releases', {
          method: 'POST',
          body: JSON.stringify({
            ...seed,
            id: `rel-cat-${i}`,
            tenantId: undefined,
            status: i % 2 ? 'ready' : 'draft',
            metadata: { ...seed.metadata, title, label: i < 2 ? 'Ísland Records' : 'Polar Records' },
          }),
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
      }
      // at 375 px the navigation folds behind a menu button and the table turns into labelled cards
      await page.goto(`${url}/catalog`);
      await page.locator('tbody tr').first().waitFor();
      await page.setViewportSize({ width: 375, height: 800 });
      expect(await page.isVisible('#main-nav')).toBe(false);
      await page.getByRole('button', { name: 'Menu' }).click();
      expect(await page.isVisible('#main-nav')).toBe(true);
      expect(await page.getAttribute('.menu-toggle', 'aria-expanded')).toBe('true');
      const card = await page.$eval('tbody tr', (tr) => ({
        display: getComputedStyle(tr).display,
        label: getComputedStyle(tr.querySelector('td:nth-child(2)')!, '::before').content,
        head: tr.closest('table')!.querySelector('thead')!.getBoundingClientRect().height,
      }));
      expect(card).toEqual({ display: 'block', label: '"Title"', head: 1 });
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(await page.isVisible('#main-nav')).toBe(true);
      await page.selectOption('#catalog-limit', '10');
      await page.waitForURL(/limit=10/);
      await expect.poll(() => page.locator('tbody tr').count()).toBe(10);
      const firstPage = await page.locator('tbody tr td:nth-child(2) a').allTextContents();
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.waitForURL(/cursor=/);
      await expect.poll(() => page.locator('tbody tr td:nth-child(2) a').first().textContent()).not.toBe(firstPage[0]);
      const secondPage = await page.locator('tbody tr td:nth-child(2) a').allTextContents();
      expect(secondPage.filter((x) => firstPage.includes(x))).toEqual([]);
      await page.getByRole('button', { name: 'Previous page' }).click();
      await expect.poll(() => page.locator('tbody tr td:nth-child(2) a').allTextContents()).toEqual(firstPage);
      await page.selectOption('#catalog-order', 'asc');
      await expect.poll(() => page.locator('tbody tr td:nth-child(2) a').first().textContent()).toBe('Northern Lights');

      // upper-case, accented search finds the release; the URL keeps it through a reload
      await page.fill('#catalog-q', 'ÁGÆTIS');
      await page.waitForURL(/q=%C3%81G%C3%86TIS/);
      await expect.poll(() => page.locator('tbody tr td:nth-child(2) a').allTextContents()).toEqual(['Ágætis Byrjun']);
      await page.reload();
      expect(await page.inputValue('#catalog-q')).toBe('ÁGÆTIS');
      await expect.poll(() => page.locator('tbody tr td:nth-child(2) a').allTextContents()).toEqual(['Ágætis Byrjun']);
      await page.fill('#catalog-q', '東京');
      await expect.poll(() => page.locator('tbody tr td:nth-child(2) a').allTextContents()).toEqual(['東京 Nights']);
      await page.getByRole('button', { name: 'Clear filters' }).first().click();
      await page.fill('#catalog-label', 'Ísland Records');
      await page.selectOption('#catalog-status', 'draft');
      await expect.poll(() => page.locator('tbody tr td:nth-child(2) a').allTextContents()).toEqual(['Ágætis Byrjun']);
      await page.selectOption('#catalog-status', '');
      await page.fill('#catalog-from', '2099-01-01');
      await page.locator('#catalog-from').dispatchEvent('change');
      await page.getByText('Nothing matches these filters.').waitFor();
      await axe(page, 'catalog-no-matches');
      await page.getByRole('button', { name: 'Clear filters' }).first().click();

      // "select all matching" walks every page; bulk status: one release changed meanwhile is refused on its own
      await page.goto(`${url}/catalog?q=Filler&limit=5`);
      await expect.poll(() => page.locator('tbody tr').count()).toBe(5);
      await page.getByLabel('Select all on this page').check();
      await expect.poll(() => page.textContent('[data-testid=selected-count]')).toBe('5 selected');
      await page.click('[data-testid=select-all-matching]');
      await expect.poll(() => page.textContent('[data-testid=selected-count]')).toBe('10 selected');
      await page.goto(`${url}/catalog`);
      await expect.poll(() => page.locator('tbody tr').count()).toBe(14);
      await page.getByLabel('Select 東京 Nights').check();
      await page.getByLabel('Select Northern Lights').check();
      const stale = await api('/api/releases/rel-cat-1');
      await api('/api/releases/rel-cat-1', {
        method: 'PUT',
        headers: { 'If-Match': `"${stale.body.version}"` },
        body: JSON.stringify({ ...(stale.body.release as object), status: 'archived' }),
      });
      await page.selectOption('#bulk-status', 'delivered');
      await page.click('[data-testid=bulk-status-apply]');
      const report = page.locator('[data-testid=bulk-results]');
      await report.waitFor();
      await expect.poll(() => report.locator('li').count()).toBe(2);
      expect(await report.locator('li', { hasText: 'rel-cat-1' }).textContent()).toMatch(/failed/);
      expect(await report.locator('li', { hasText: seed.id }).textContent()).toMatch(/ok.*status set to Delivered/);
    }, 90_000);

    it('dashboard figures come from /api/metrics; shortcuts, locale and dark theme work; an API key shows its secret once', async () => {
      await page.goto(`${url}/`);
      await expect.poll(() => page.textContent('[data-testid=kpi-releases]')).toMatch(/^\s*14(?!\d)/);
      const perTarget = page.locator('[data-testid=chart-per-target] table');
      await expect.poll(() => perTarget.textContent()).toMatch(/E2E SFTP \(100\s?%\)\s*1\s*0/);
      expect(await perTarget.textContent()).toMatch(/Fixed SFTP \(100\s?%\)\s*1\s*0/);
      expect(await page.textContent('[data-testid=kpi-p50]')).toMatch(/\d/);
      const perDay = await page.locator('[data-testid=chart-per-day] tbody tr').allTextContents();
      expect(perDay).toHaveLength(14);
      await page.locator('[data-testid=chart-per-day]').getByRole('button', { name: 'Show table' }).click();
      await page.locator('[data-testid=chart-per-day] table:not(.visually-hidden)').waitFor();

      // keyboard: "/" focuses the search, "?" lists the shortcuts, Esc closes, "n" starts a release
      await page.goto(`${url}/catalog`);
      await page.locator('tbody tr').first().waitFor();
      await page.locator('h1').click();
      await page.keyboard.press('/');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('catalog-q');
      await page.locator('h1').click();
      await page.keyboard.press('?');
      await page.getByRole('dialog').waitFor();
      await axe(page, 'shortcuts');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await page.keyboard.press('n');
      await page.waitForURL(/\/releases\/new$/);

      // German: navigation, dates and numbers follow the locale, and <html lang> too
      await page.goto(`${url}/catalog?q=Northern`);
      await page.selectOption('#locale-select', 'de');
      await page.getByRole('navigation').getByRole('link', { name: 'Katalog' }).waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      expect(await page.locator('tbody tr', { hasText: 'Northern Lights' }).textContent()).toContain('05.03.2027');
      await axe(page, 'catalog-de');
      await page.selectOption('#locale-select', 'en');
      await page.getByRole('navigation').getByRole('link', { name: 'Catalog' }).waitFor();

      // dark theme, chosen once and kept, passes axe too
      await page.selectOption('#theme-select', 'dark');
      expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
      await page.goto(`${url}/`);
      expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
      await page.locator('[data-testid=kpi-releases]').waitFor();
      await axe(page, 'dashboard-dark');
      await shoot(page, 'dashboard-dark');
      await page.selectOption('#theme-select', 'light');

      // team: invite by e-mail with a role, change the role, remove after a confirmation; not oneself
      await page.goto(`${url}/settings`);
      await page.fill('#invite-email', 'newcomer@example.com');
      await page.selectOption('#invite-role', 'manager');
      await page.getByRole('button', { name: 'Add member' }).click();
      const member = page.locator('tr', { hasText: 'newcomer@example.com' });
      await member.waitFor();
      await member.getByLabel('Role').selectOption('viewer');
      await page.getByText('Role changed').waitFor();
      const users = (await api('/api/users?limit=500')).body.items as { email: string; role: string }[];
      expect(users.find((u) => u.email === 'newcomer@example.com')?.role).toBe('viewer');
      expect(
        await page.locator('tr', { hasText: 'demo@example.com' }).getByRole('button', { name: 'Remove' }).isDisabled(),
      ).toBe(true);
      await member.getByRole('button', { name: 'Remove' }).click();
      await page
        .getByRole('dialog', { name: 'Remove newcomer@example.com from the team?' })
        .getByRole('button', { name: 'Remove' })
        .click();
      await member.waitFor({ state: 'detached' });

      // API keys: the secret is shown once; revoking asks first
      await page.fill('#key-name', 'CI uploader');
      await page.selectOption('#key-role', 'manager');
      await page.getByRole('button', { name: 'Create key' }).click();
      const secret = (await page.locator('[data-testid=api-secret]').textContent())!.trim();
      expect((await api('/api/releases?limit=1', {}, secret)).status).toBe(200);
      await page
        .getByRole('status')
        .filter({ has: page.locator('[data-testid=api-secret]') })
        .getByRole('button', { name: 'Dismiss' })
        .click();
      expect(await page.locator('[data-testid=api-secret]').count()).toBe(0);
      expect(await page.content()).not.toContain(secret);
      await page.click('[data-testid="revoke-CI uploader"]');
      await page.getByRole('dialog', { name: /Revoke the key/ }).waitFor();
      await page.click('[data-testid=confirm-revoke]');
      await page.locator('li', { hasText: 'CI uploader' }).getByText('revoked').waitFor();
      expect((await api('/api/releases?limit=1', {}, secret)).status).toBe(401);

      // branding: colour and logo preview live, are stored on the tenant and paint every page after a reload
      await page.fill('#brand-color', '#aa3300');
      await expect
        .poll(() => page.evaluate(() => document.documentElement.style.getPropertyValue('--brand')))
        .toBe('#aa3300');
      await page.setInputFiles('#brand-logo', { name: 'logo.png', mimeType: 'image/png', buffer: png(64, 64) });
      await expect
        .poll(() => page.locator('[data-testid=brand-preview] img').getAttribute('src'))
        .toMatch(/^data:image\/png;base64,/);
      await page.getByRole('button', { name: 'Save' }).first().click();
      await page.getByText('Branding saved').waitFor();
      await page.reload();
      await page.locator('[data-testid=brand-logo][src^="data:image/png"]').waitFor();
      const tokens = await page.evaluate(() => [
        document.documentElement.style.getPropertyValue('--brand'),
        document.documentElement.style.getPropertyValue('--on-brand'),
      ]);
      expect(tokens).toEqual(['#aa3300', '#ffffff']);
      await axe(page, 'settings-branded');
    }, 90_000);

    it('every route is reachable from the navigation, passes axe and is photographed at 375, 768 and 1280 px', async () => {
      const expected = [
        '/',
        '/catalog',
        '/releases/new',
        '/releases/:id',
        '/releases/:id/edit',
        '/deliveries',
        '/deliveries/new',
        '/targets',
        '/settings',
      ];
      const pattern = (path: string) => path.replace(/^\/releases\/(?!new$)[^/]+(\/edit)?$/, '/releases/:id$1');
      const seen = new Set<string>();
      const queue = ['/'];
      while (queue.length) {
        const path = queue.shift()!;
        if (seen.has(pattern(path))) continue;
        seen.add(pattern(path));
        await page.goto(url + path);
        await page.locator('main h1').first().waitFor();
        expect(await page.locator('[data-testid=not-found]').count(), `${path} is a dead link`).toBe(0);
        const name = pattern(path).replace(/^\/$/, 'dashboard').replace(/^\//, '').replace(/[/:]/g, '-');
        await axe(page, path);
        await shoot(page, name);
        const links = await page.$$eval('a[href^="/"]', (as) =>
          as.map((a) => new URL((a as HTMLAnchorElement).href).pathname),
        );
        for (const link of links) if (!link.startsWith('/api') && !seen.has(pattern(link))) queue.push(link);
      }
      expect([...seen].sort()).toEqual(expect.arrayContaining(expected));
      await page.goto(`${url}/no/such/page`);
      await page.locator('[data-testid=not-found]').waitFor();
      await axe(page, 'not-found');
      await shoot(page, 'not-found');
    }, 240_000);

    it("a viewer sees no write actions and the API refuses them; another tenant's release is not found", async () => {
      const created = await api('/api/users', {
        method: 'POST',
        body: JSON.stringify({ email: 'viewer@example.com', role: 'viewer', password: 'viewer-password-1' }),
      });
      expect(created.status).toBe(201);
      const other = await api('/api/tenants', {
        method: 'POST',
        body: JSON.stringify({ id: 'other-label', name: 'Other', type: 'label' }),
      });
      expect(other.status).toBe(201);
      const otherKey = String(other.body.secret);
      const seed = JSON.parse(await readFile(join(ROOT, '../shared/examples/release-album.json'), 'utf8'));
      const put = await api(
        '/api/releases',
        { method: 'POST', body: JSON.stringify({ ...seed, id: 'rel-other-1', tenantId: undefined }) },
        otherKey,
      );
      expect(put.status).toBe(201);

      await browser.clearCookies();
      await page.goto(`${url}/login`);
      await page.fill('#email', 'viewer@example.com');
      await page.fill('#password', 'viewer-password-1');
      await page.click('button[type=submit]');
      await page.waitForURL(`${url}/`);
      await page.goto(`${url}/targets`);
      await page.getByText('E2E SFTP').first().waitFor();
      expect(await page.isDisabled('[data-testid=add-target]')).toBe(true);
      expect(await page.getByText('Your role can view but not change this.').count()).toBeGreaterThan(0);
      await page.goto(`${url}/catalog`);
      await page.getByRole('link', { name: 'Aurora Tapes' }).waitFor();
      expect(await page.getByRole('link', { name: 'New release' }).count()).toBe(0);
      await page.getByLabel('Select Aurora Tapes').check();
      expect(await page.isDisabled('[data-testid=bulk-status-apply]')).toBe(true);
      expect(await page.isDisabled('.actions button.danger')).toBe(true);
      await page.getByRole('link', { name: 'Aurora Tapes' }).click();
      await page.waitForURL(/\/releases\/rel-/);
      await page.getByText('Your role can view but not change this.').first().waitFor();
      expect(await page.locator('[data-testid=edit-release]').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Edit' }).isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Deliver' }).isDisabled()).toBe(true);
      await page.goto(`${url}/releases/${encodeURIComponent(releaseId)}/edit`);
      await page.getByText('Your role can view but not change this.').first().waitFor();
      expect(await page.locator('#w-title').count()).toBe(0);
      await page.goto(`${url}/settings`);
      await page.getByText(/only admins/i).waitFor();
      const refused = await page.evaluate(async (id) => {
        const csrf = await (await fetch('/api/auth/session')).json();
        const headers = { 'content-type': 'application/json', 'x-csrf-token': String(csrf.csrfToken ?? '') };
        const post = await fetch('/api/targets', { method: 'POST', headers, body: '{}' });
        const del = await fetch(`/api/releases/${id}`, { method: 'DELETE', headers });
        return [post.status, del.status];
      }, releaseId);
      expect(refused).toEqual([403, 403]);
      await page.goto(`${url}/releases/rel-other-1`);
      await page.locator('[data-testid=not-found]').waitFor();
    }, 90_000);

    // --- B12–B14: each signs in as the demo admin and makes its own releases, targets and deliveries ---
    async function signInAsDemo() {
      await browser.clearCookies();
      await page.goto(`${url}/login`);
      await page.fill('#email', 'demo@example.com');
      await page.fill('#password', 'ddex-distro-demo');
      await page.click('button[type=submit]');
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    }
    /** A copy of the canonical album under another id and title, made through the API. */
    async function makeRelease(id: string, title: string) {
      const seed = JSON.parse(await readFile(join(ROOT, '../shared/examples/release-album.json'), 'utf8'));
      const made = await api('/api/releases', {
        method: 'POST',
        body: JSON.stringify({ ...seed, id, tenantId: undefined, metadata: { ...seed.metadata, title } }),
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
    }
    type DeliveryJson = { id: string; releaseId: string; targetId: string; status: string; attemptCount: number };
    const deliveriesOf = async (releaseId: string) =>
      (await api(`/api/deliveries?releaseId=${encodeURIComponent(releaseId)}`)).body.items as DeliveryJson[];

    it('B12 catalog bulk: deliver queues one delivery per selected release, CSV and JSON exports hold them, delete reports each', async () => {
      await signInAsDemo();
      const tag = `Bulk${Date.now().toString(36)}`;
      const ids = [1, 2, 3].map((i) => `rel-b12-${tag.toLowerCase()}-${i}`);
      for (const [i, id] of ids.entries()) await makeRelease(id, `${tag} ${i + 1}`);
      await page.goto(`${url}/catalog?q=${tag}`);
      await page.locator('tbody tr').first().waitFor();
      await expect.poll(() => page.locator('tbody tr').count()).toBe(3);
      await page.getByLabel('Select all on this page').check();
      await expect.poll(() => page.textContent('[data-testid=selected-count]')).toBe('3 selected');

      // exports: the selected releases, as CSV rows (summaries) and as the stored JSON documents
      const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=bulk-export-csv]')]);
      expect(csv.suggestedFilename()).toBe('releases.csv');
      const lines = (await readFile((await csv.path())!, 'utf8')).split('\n');
      expect(lines[0]).toBe('id,title,artist,type,status,barcode,releaseDate');
      expect(
        lines
          .slice(1)
          .map((l) => l.split(',')[0])
          .sort(),
      ).toEqual(ids.map((id) => `"${id}"`));
      expect(
        lines
          .slice(1)
          .map((l) => l.split(',')[1])
          .sort(),
      ).toEqual([1, 2, 3].map((i) => `"${tag} ${i}"`));
      const [json] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=bulk-export-json]')]);
      expect(json.suggestedFilename()).toBe('releases.json');
      const docs = JSON.parse(await readFile((await json.path())!, 'utf8')) as {
        id: string;
        metadata: { title: string };
      }[];
      expect(docs.map((d) => d.id).sort()).toEqual(ids);
      expect(docs.map((d) => d.metadata.title).sort()).toEqual([1, 2, 3].map((i) => `${tag} ${i}`));

      // bulk deliver: the new-delivery form with the three releases chosen; each is queued on its own
      await page.click('[data-testid=bulk-deliver]');
      await page.waitForURL(/\/deliveries\/new\?releases=/);
      for (const id of ids) expect(await page.isChecked(`input[type=checkbox][value="${id}"]`)).toBe(true);
      await page.getByLabel(/Demo DSP \(folder\)/).check();
      await expect.poll(() => page.locator('[data-testid=readiness] > ul > li').count()).toBe(3);
      await page.locator('[data-testid=queue-delivery]:not([disabled])').click();
      await page.waitForURL(/\/deliveries$/);
      for (const id of ids) {
        const list = await deliveriesOf(id);
        expect(list.map((d) => d.targetId)).toEqual(['demo-dsp']);
        // sent with an Idempotency-Key of its own
        expect((list[0] as unknown as { idempotencyKey: string }).idempotencyKey).toMatch(/^nd-[0-9a-f]{32}$/);
        await expect
          .poll(async () => (await deliveriesOf(id))[0]?.status, { timeout: 60_000 })
          .toMatch(/completed|acknowledged/);
      }

      // bulk delete after a confirmation: a release changed since it was listed is refused on its own
      await page.goto(`${url}/catalog?q=${tag}`);
      await page.locator('tbody tr').first().waitFor();
      await expect.poll(() => page.locator('tbody tr').count()).toBe(3);
      await page.getByLabel('Select all on this page').check();
      const stale = await api(`/api/releases/${ids[1]}`);
      const changed = await api(`/api/releases/${ids[1]}`, {
        method: 'PUT',
        headers: { 'If-Match': `"${stale.body.version}"` },
        body: JSON.stringify({ ...(stale.body.release as object), status: 'archived' }),
      });
      expect(changed.status).toBe(200);
      await page.click('[data-testid=bulk-delete]');
      await page.getByRole('dialog', { name: 'Delete 3 releases?' }).waitFor();
      await page.click('[data-testid=confirm-bulk-delete]');
      const report = page.locator('[data-testid=bulk-results]');
      await expect.poll(() => report.locator('li').count()).toBe(3);
      for (const id of [ids[0]!, ids[2]!]) {
        expect(await report.locator('li', { hasText: id }).textContent()).toMatch(/ok\s*deleted/);
        expect((await api(`/api/releases/${id}`)).status).toBe(404);
      }
      expect(await report.locator('li', { hasText: ids[1]! }).textContent()).toMatch(/failed/);
      expect((await api(`/api/releases/${ids[1]}`)).status).toBe(200);
      await expect.poll(() => page.locator('tbody tr td:nth-child(2) a').allTextContents()).toEqual([`${tag} 2`]);
    }, 150_000);

    it('B13 a delivery scheduled for later shows as scheduled, does not run before its time, and is cancelled after a confirmation', async () => {
      await signInAsDemo();
      const id = `rel-b13-${Date.now().toString(36)}`;
      await makeRelease(id, `Later ${id}`);
      // the worker is running: a delivery queued for now goes out
      const now = await api('/api/deliveries', {
        method: 'POST',
        body: JSON.stringify({ releaseId: id, targetId: 'demo-dsp' }),
      });
      expect(now.status).toBe(201);
      await expect
        .poll(async () => (await api(`/api/deliveries/${now.body.id}`)).body.status, { timeout: 60_000 })
        .toMatch(/completed|acknowledged/);

      await page.goto(`${url}/deliveries/new?releases=${encodeURIComponent(id)}`);
      await page.getByLabel(/Demo DSP \(folder\)/).check();
      await page.check('input[name=when][value=later]');
      // two hours from now in the browser's local time, as the datetime-local field takes it
      const [local, iso] = await page.evaluate(() => {
        const d = new Date(Date.now() + 2 * 3_600_000);
        d.setSeconds(0, 0);
        const p = (n: number) => String(n).padStart(2, '0');
        const text = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
        return [text, d.toISOString()];
      });
      await page.fill('#delivery-at', local);
      await page.locator('[data-testid=queue-delivery]:not([disabled])').click();
      await page.waitForURL(/\/deliveries$/);
      const later = (await deliveriesOf(id)).find((d) => d.id !== now.body.id)!;
      expect(later).toMatchObject({ status: 'queued', scheduled: iso, attemptCount: 0 });
      const row = page.locator('tr', { hasText: id });
      await expect.poll(() => row.textContent()).toContain('scheduled for');
      await axe(page, 'deliveries-scheduled');
      // not run before its time: still queued with no attempt while the worker keeps polling
      await new Promise((r) => setTimeout(r, 4000));
      const detail = (await api(`/api/deliveries/${later.id}`)).body;
      expect(detail).toMatchObject({ status: 'queued', started: null, attemptCount: 0, attempts: [] });

      // cancel asks first; keeping it changes nothing, confirming cancels it
      await row.getByRole('button', { name: 'Cancel' }).click();
      const dialog = page.getByRole('dialog', { name: 'Cancel this delivery?' });
      await dialog.getByRole('button', { name: 'Keep it' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect((await api(`/api/deliveries/${later.id}`)).body.status).toBe('queued');
      await row.getByRole('button', { name: 'Cancel' }).click();
      await dialog.getByRole('button', { name: 'Cancel delivery' }).click();
      await page.getByText('The delivery is cancelled').waitFor();
      expect((await api(`/api/deliveries/${later.id}`)).body.status).toBe('cancelled');
      await row.waitFor({ state: 'detached' });
      await page.getByRole('tab', { name: 'History' }).click();
      await page.locator('tr', { hasText: id }).locator('.badge.cancelled').waitFor();
    }, 120_000);

    it('B14 "retry all failed" lists each delivery with its idempotency key, asks first and sends every one again', async () => {
      await signInAsDemo();
      const stamp = Date.now().toString(36);
      const targetId = `b14-broken-${stamp}`;
      const target = await api('/api/targets', {
        method: 'POST',
        body: JSON.stringify({
          id: targetId,
          name: `B14 Broken ${stamp}`,
          type: 'Test',
          protocol: 'SFTP',
          config: {
            host: sftp!.DDEX_TEST_SFTP_HOST,
            port: Number(sftp!.DDEX_TEST_SFTP_PORT),
            username: sftp!.DDEX_TEST_SFTP_USER,
            password: 'not-the-password',
            directory: `${sftpDir}-b14`,
          },
          recipient: { dpid: 'PADPIDA20270101097', name: 'B14 Store' },
        }),
      });
      expect(target.status, JSON.stringify(target.body)).toBe(201);
      const sent: { id: string; key: string }[] = [];
      for (const i of [1, 2]) {
        const releaseId = `rel-b14-${stamp}-${i}`;
        await makeRelease(releaseId, `Retry ${stamp} ${i}`);
        const key = `b14-${stamp}-${i}`;
        const post = () =>
          api('/api/deliveries', {
            method: 'POST',
            headers: { 'Idempotency-Key': key },
            body: JSON.stringify({ releaseId, targetId }),
          });
        const first = await post();
        expect(first.status).toBe(201);
        // the same key again: the first delivery, nothing queued twice
        const again = await post();
        expect(again.status).toBe(200);
        expect(again.body.id).toBe(first.body.id);
        expect(await deliveriesOf(releaseId)).toHaveLength(1);
        sent.push({ id: String(first.body.id), key });
      }
      for (const d of sent) {
        await expect
          .poll(async () => (await api(`/api/deliveries/${d.id}`)).body.status, { timeout: 60_000 })
          .toBe('failed');
      }

      await page.goto(`${url}/deliveries?tab=history&target=${encodeURIComponent(targetId)}`);
      await page.locator('[data-testid=retry-all]', { hasText: 'Retry all 2 failed' }).click();
      const dialog = page.getByRole('dialog', { name: /Retry 2/ });
      await dialog.waitFor();
      expect((await dialog.locator('[data-testid=retry-key]').allTextContents()).sort()).toEqual(
        sent.map((d) => d.key).sort(),
      );
      await axe(page, 'retry-all-failed');
      await page.click('[data-testid=confirm-retry]');
      await page.getByText('2 deliveries queued again').waitFor();
      // each went out again: a second attempt, refused by the server again
      for (const d of sent) {
        await expect
          .poll(async () => (await api(`/api/deliveries/${d.id}`)).body.attempts as unknown[], { timeout: 60_000 })
          .toHaveLength(2);
      }
      // the delivery's detail shows the key it was queued with
      const row = page.locator('tr', { hasText: `rel-b14-${stamp}-1` });
      await row.getByRole('button', { name: /Details and log/ }).click();
      await expect.poll(() => page.textContent('[data-testid=idempotency-key]')).toBe(sent[0]!.key);
    }, 150_000);

    // --- B18–B20: the first-run checklist, the wizard stepper's gating, the DSP profile and choreography of a target
    /** Signs in with e-mail and password through the sign-in page. */
    async function signInWith(email: string, password: string) {
      await browser.clearCookies();
      await page.goto(`${url}/login`);
      await page.fill('#email', email);
      await page.fill('#password', password);
      await page.click('button[type=submit]');
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    }

    it("B18 a fresh tenant's first-run checklist turns done as a target is tested and an ERN validated; deep links, dismiss", async () => {
      const tag = Date.now().toString(36);
      const tenant = await api('/api/tenants', {
        method: 'POST',
        body: JSON.stringify({ id: `onboard-${tag}`, name: `Onboard ${tag}`, type: 'label' }),
      });
      expect(tenant.status).toBe(201);
      const key = String(tenant.body.secret);
      const email = `onboard-${tag}@example.com`;
      const user = await api(
        '/api/users',
        { method: 'POST', body: JSON.stringify({ email, role: 'admin', password: 'onboard-password-1' }) },
        key,
      );
      expect(user.status).toBe(201);
      await signInWith(email, 'onboard-password-1');
      const checklist = page.locator('[data-testid=checklist]');
      const state = () =>
        checklist.locator('li').evaluateAll((els) => els.map((e) => `${e.dataset.step}:${e.dataset.done}`));
      const expected = (done: number) =>
        ['targetAdded', 'targetTested', 'releaseCreated', 'ernValidated', 'delivered', 'acknowledged'].map(
          (s, i) => `${s}:${i < done}`,
        );
      await page.goto(`${url}/`);
      await expect.poll(state).toEqual(expected(0));
      await axe(page, 'first-run-checklist');

      // a target added through the API is added, not tested
      const target = await api(
        '/api/targets',
        {
          method: 'POST',
          body: JSON.stringify({
            id: 'onboard-folder',
            name: 'Onboard Folder',
            type: 'Test',
            protocol: 'FILESYSTEM',
            config: { directory: `onboard-${tag}` },
            recipient: { dpid: 'PADPIDA20270101099', name: 'Onboard Store' },
          }),
        },
        key,
      );
      expect(target.status).toBe(201);
      await page.reload();
      await expect.poll(state).toEqual(expected(1));
      // the step's deep link opens the targets page, where the user tests it
      await checklist.locator('li[data-step=targetTested] a').click();
      await page.waitForURL(/\/targets$/);
      const row = page.locator('tr', { hasText: 'Onboard Folder' });
      await row.getByRole('button', { name: 'Test connection' }).click();
      await expect
        .poll(() => row.locator('[data-testid=test-result]').textContent(), { timeout: 30_000 })
        .toMatch(/ok/i);
      await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
      await expect.poll(state).toEqual(expected(2));

      const seed = JSON.parse(await readFile(join(ROOT, '../shared/examples/release-album.json'), 'utf8'));
      const releaseId = `rel-onboard-${tag}`;
      const made = await api(
        '/api/releases',
        { method: 'POST', body: JSON.stringify({ ...seed, id: releaseId, tenantId: undefined }) },
        key,
      );
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      await page.reload();
      await expect.poll(state).toEqual(expected(3));
      // a done step links to what shows it: the release, where the user validates its ERN
      await checklist.locator('li[data-step=releaseCreated] a').click();
      await page.waitForURL(new RegExp(`/releases/${releaseId}$`));
      await page.getByRole('tab', { name: 'ERN' }).click();
      await page.click('[data-testid=validate-ern]');
      await expect.poll(() => page.textContent('[data-testid=ern-result]'), { timeout: 60_000 }).toContain('is valid');
      const validationId = (await page.inputValue('[data-testid=validation-permalink]')).split('/').at(-1)!;
      await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
      await expect.poll(state).toEqual(expected(4));
      const report = checklist.locator('li[data-step=ernValidated] a');
      expect(await report.getAttribute('href')).toBe(`/validations/${validationId}`);
      expect(await checklist.textContent()).toContain('4 of 6 done');

      // the stored report it links to shows each stage of the run with its time (workbench-style timings)
      await report.click();
      const stages = page.locator('[data-testid=validation-stages] li');
      await stages.first().waitFor();
      expect(await stages.evaluateAll((els) => els.map((e) => e.dataset.stage))).toEqual(['build', 'rules', 'schema']);
      expect(await stages.last().textContent()).toMatch(/^\s*XSD schema: [\d.,]+ ms, 0 issues\s*$/);
      const stored = await api(`/api/validations/${validationId}`, {}, key);
      expect((stored.body.stages as { stage: string }[]).map((s) => s.stage)).toEqual(['build', 'rules', 'schema']);
      await axe(page, 'validation-report-stages');

      // dismissed, it stays away after a reload
      await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
      await page.click('[data-testid=dismiss-checklist]');
      expect(await checklist.count()).toBe(0);
      await page.reload();
      await page.locator('[data-testid=release-kpis]').waitFor();
      expect(await checklist.count()).toBe(0);
    }, 150_000);

    it('B19 the wizard stepper opens only steps already passed or valid, and says why the others are locked', async () => {
      await signInWith('demo@example.com', 'ddex-distro-demo');
      await page.evaluate(() => localStorage.removeItem('ddex.wizard.draft'));
      await page.goto(`${url}/releases/new`);
      const heading = () => page.textContent('section[id^=step-] h2');
      const stepper = () =>
        page
          .locator('.stepper button')
          .evaluateAll((els) =>
            els.map(
              (e) => `${(e as HTMLElement).dataset.step}:${(e as HTMLButtonElement).disabled ? 'locked' : 'open'}`,
            ),
          );
      const open = (n: number) =>
        ['basic', 'tracks', 'metadata', 'assets', 'territories', 'review'].map(
          (s, i) => `${s}:${i < n ? 'open' : 'locked'}`,
        );
      await expect.poll(stepper).toEqual(open(1));
      const why = 'Steps after “Basics” open once it has no problems.';
      expect(await page.textContent('[data-testid=stepper-why]')).toBe(why);
      const review = page.locator('.stepper button[data-step=review]');
      expect(await review.getAttribute('title')).toBe(why);
      expect(await review.getAttribute('aria-describedby')).toBe('stepper-why');
      // clicking a locked step, or linking to it, does not skip ahead
      await page.locator('.stepper button[data-step=metadata]').click({ force: true });
      await page.evaluate(() => {
        location.hash = '#step-review';
      });
      await page.waitForTimeout(200);
      expect(await heading()).toBe('Basics');
      await axe(page, 'wizard-stepper-locked');

      await page.fill('#w-title', 'Stepper Gate');
      await page.fill('#w-artist', 'The Gatekeepers');
      await page.fill('#w-label', 'E2E Records');
      await page.fill('#w-barcode', '036000291452');
      await page.fill('#w-catno', 'E2E-GATE');
      // a valid step opens the next one (the first with problems), nothing beyond it
      await expect.poll(stepper).toEqual(open(2));
      expect(await page.textContent('[data-testid=stepper-why]')).toBe(
        'Steps after “Tracks” open once it has no problems.',
      );
      await page.click('.stepper button[data-step=tracks]');
      expect(await heading()).toBe('Tracks');
      await page.click('[data-testid=add-track]');
      await page.fill('#t0-title', 'Gate');
      await page.fill('#t0-isrc', 'NO-XYZ-26-00077');
      await page.fill('#t0-duration', '0:02');
      await page.press('#t0-duration', 'Tab'); // the duration is read when the field is left
      // the metadata step has problems until a genre is picked: it opens, the ones after it stay locked
      await expect.poll(stepper).toEqual(open(3));
      expect(await page.textContent('[data-testid=stepper-why]')).toBe(
        'Steps after “Metadata” open once it has no problems.',
      );
      await page.locator('.stepper button[data-step=assets]').click({ force: true });
      expect(await heading()).toBe('Tracks');
      // steps already passed stay reachable
      await page.click('.stepper button[data-step=basic]');
      expect(await heading()).toBe('Basics');
      await page.click('.stepper button[data-step=metadata]');
      expect(await heading()).toBe('Metadata');
      await page.click('.stepper button[data-step=tracks]');
      expect(await heading()).toBe('Tracks');
      await page.getByRole('button', { name: 'Discard draft' }).click();
      await expect.poll(stepper).toEqual(open(1));
    }, 90_000);

    it('B20 the target form sets the DSP profile and the choreography; both are stored and shown again after a reload', async () => {
      await signInWith('demo@example.com', 'ddex-distro-demo');
      const name = `Profiled ${Date.now().toString(36)}`;
      await page.goto(`${url}/targets`);
      await page.click('[data-testid=add-target]');
      await page.fill('#tf-name', name);
      await page.selectOption('#tf-protocol', 'FILESYSTEM');
      await page.fill('#tf-directory', name.toLowerCase().replace(' ', '-'));
      // the profiles come from the server, each with its own choreography
      await expect.poll(() => page.locator('#tf-profile option').count()).toBeGreaterThan(3);
      await page.selectOption('#tf-profile', 'ddex-dsp-test');
      expect(await page.textContent('#tf-profile-hint')).toContain('DDEX DSP instance');
      expect(await page.textContent('#tf-choreography option[value=""]')).toContain('Release by release');
      await page.selectOption('#tf-choreography', 'batch');
      await axe(page, 'target-form-profile');
      await page.click('.dialog button[type=submit]');
      await page.getByText(`${name} saved`).waitFor();
      const storedTarget = async () =>
        (
          (await api('/api/targets?limit=500')).body.items as { id: string; target: { name: string; config: object } }[]
        ).find((x) => x.target.name === name)!;
      const created = await storedTarget();
      expect(created.target.config).toMatchObject({ deliveryProfile: 'ddex-dsp-test', choreography: 'batch' });

      await page.reload();
      const row = page.locator('tr', { hasText: name });
      await row.getByRole('button', { name: 'Edit' }).click();
      expect(await page.inputValue('#tf-profile')).toBe('ddex-dsp-test');
      expect(await page.inputValue('#tf-choreography')).toBe('batch');
      // back to the profile's own choreography: the override is removed, the profile kept
      await page.selectOption('#tf-choreography', '');
      await page.click('.dialog button[type=submit]');
      await expect.poll(async () => (await storedTarget()).target.config).not.toHaveProperty('choreography');
      expect((await storedTarget()).target.config).toMatchObject({ deliveryProfile: 'ddex-dsp-test' });
      expect((await api(`/api/targets/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    }, 60_000);
    /** A browser context of its own (signed out, empty storage), closed with the returned function. */
    async function freshContext(options: { colorScheme?: 'light' | 'dark' } = {}) {
      const own = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
      const context = await own.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, ...options });
      context.setDefaultTimeout(20_000);
      return { page: await context.newPage(), close: () => own.close() };
    }
    /** Signs in on the sign-in page and waits for the dashboard. */
    async function signIn(p: Page, email: string, password: string) {
      await p.goto(`${url}/login`);
      await p.fill('#email', email);
      await p.fill('#password', password);
      await p.click('button[type=submit]');
      await p.waitForURL(`${url}/`);
    }

    it('B15 sign-up creates an organisation; a mailed reset link sets a new password once; friendly errors; guest-only pages', async () => {
      const { page: p, close: done } = await freshContext();
      try {
        await p.goto(`${url}/login`);
        await p.click('[data-testid=signup-link]');
        await p.waitForURL(`${url}/signup`);
        await p.fill('#su-org', 'Aurora Collective');
        await p.fill('#su-email', 'founder@aurora.test');
        await p.fill('#su-password', 'short');
        await p.click('[data-testid=signup-form] button[type=submit]');
        expect(await p.getAttribute('#su-password', 'aria-invalid')).toBe('true');
        expect(await p.textContent('#su-password-err')).toBe('Choose a password of at least 10 characters.');
        await axe(p, 'sign-up');
        // the service's own check names the same field when the browser's is passed by (9 characters + a space)
        const weak = await p.evaluate(async () => {
          const res = await fetch('/api/auth/signup', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ organization: 'X Org', email: 'x@aurora.test', password: 'nine char' }),
          });
          return [res.status, (await res.json()).error.issues.map((i: { path: string }) => i.path)];
        });
        expect(weak).toEqual([400, ['password']]);
        await p.fill('#su-password', 'aurora-founder-1');
        await p.click('[data-testid=signup-form] button[type=submit]');
        await p.waitForURL(`${url}/`);
        await p.locator('.brand', { hasText: 'Aurora Collective' }).waitFor();
        // signed in, the guest-only pages send you home
        for (const path of ['/signup', '/login', '/forgot-password']) {
          await p.goto(`${url}${path}`);
          await p.waitForURL(`${url}/`);
        }
        await p.getByRole('button', { name: 'Sign out' }).click();
        await p.waitForURL(/\/login/);
        // the same e-mail cannot sign up twice
        await p.goto(`${url}/signup`);
        await p.fill('#su-org', 'Aurora Again');
        await p.fill('#su-email', 'founder@aurora.test');
        await p.fill('#su-password', 'aurora-founder-2');
        await p.click('[data-testid=signup-form] button[type=submit]');
        await expect.poll(() => p.textContent('#su-email-err')).toContain('An account with this e-mail exists');

        // forgotten password: the same answer for a known and an unknown address; the link is mailed (to the outbox)
        const logged = serverLog.length;
        await p.goto(`${url}/login`);
        await p.click('[data-testid=forgot-password]');
        await p.waitForURL(`${url}/forgot-password`);
        await axe(p, 'forgot-password');
        await p.fill('#fp-email', 'nobody@aurora.test');
        await p.getByRole('button', { name: 'Send reset link' }).click();
        await p.locator('[data-testid=reset-sent]').waitFor();
        await p.fill('#fp-email', 'founder@aurora.test');
        await p.getByRole('button', { name: 'Send reset link' }).click();
        await p.locator('[data-testid=reset-sent]').waitFor();
        // serve writes mails to the outbox folder of its data dir and logs where (never the link)
        const mailed = () =>
          serverLog
            .slice(logged)
            .map((line) => JSON.parse(line) as { mail?: string; to?: string; file?: string })
            .filter((l) => l.mail === 'password-reset' && l.file);
        await expect.poll(() => mailed().map((l) => l.to)).toEqual(['founder@aurora.test']);
        const eml = await readFile(mailed()[0]!.file!, 'utf8');
        const link = /(http\S+\/reset-password\?token=\S+)/.exec(eml)?.[1] ?? '';
        expect(link).toMatch(new RegExp(`^${url}/reset-password\\?token=`));
        expect(serverLog.slice(logged).join('\n')).not.toContain(link.split('token=')[1]);
        expect(serverLog.slice(logged).join('\n')).not.toContain('aurora-founder-1');

        await p.goto(link);
        await axe(p, 'reset-password');
        await p.fill('#rp-password', 'aurora-renewed-1');
        await p.fill('#rp-repeat', 'aurora-renewed-2');
        await p.getByRole('button', { name: 'Set new password' }).click();
        expect(await p.textContent('#rp-repeat-err')).toBe('The two passwords differ.');
        await p.fill('#rp-repeat', 'aurora-renewed-1');
        await p.getByRole('button', { name: 'Set new password' }).click();
        await p.waitForURL(/\/login\?reset=done/);
        await p.locator('[data-testid=reset-done]').waitFor();
        // the link works once
        await p.goto(link);
        await p.fill('#rp-password', 'aurora-renewed-3');
        await p.fill('#rp-repeat', 'aurora-renewed-3');
        await p.getByRole('button', { name: 'Set new password' }).click();
        await expect.poll(() => p.textContent('[role=alert]')).toContain('unknown, used or expired');
        // the old password is gone, the new one signs in
        await p.goto(`${url}/login`);
        await p.fill('#email', 'founder@aurora.test');
        await p.fill('#password', 'aurora-founder-1');
        await p.click('button[type=submit]');
        await expect.poll(() => p.textContent('[role=alert]')).toContain('do not match');
        await signIn(p, 'founder@aurora.test', 'aurora-renewed-1');
        await p.locator('.brand', { hasText: 'Aurora Collective' }).waitFor();
      } finally {
        await done();
      }
    }, 120_000);

    it('B16 the theme is stored per user: dark set in one browser is dark at sign-in in a fresh one; system follows the device', async () => {
      const created = await api('/api/users', {
        method: 'POST',
        body: JSON.stringify({ email: 'theme@example.com', role: 'viewer', password: 'theme-password-1' }),
      });
      expect(created.status).toBe(201);
      const first = await freshContext({ colorScheme: 'light' });
      try {
        await signIn(first.page, 'theme@example.com', 'theme-password-1');
        await first.page.selectOption('#theme-select', 'dark');
        await expect
          .poll(() => first.page.evaluate(async () => (await (await fetch('/api/me/preferences')).json()).theme))
          .toBe('dark');
      } finally {
        await first.close();
      }
      const second = await freshContext({ colorScheme: 'light' });
      const p = second.page;
      const theme = () => p.evaluate(() => document.documentElement.dataset.theme);
      try {
        // before sign-in the browser's own (empty) choice holds: system, and the device is light
        await p.goto(`${url}/login`);
        await expect.poll(theme).toBe('light'); // set once the app has mounted
        await signIn(p, 'theme@example.com', 'theme-password-1');
        await expect.poll(theme).toBe('dark');
        expect(await p.inputValue('#theme-select')).toBe('dark');
        // "system" follows prefers-color-scheme, live
        await p.selectOption('#theme-select', 'system');
        await expect.poll(theme).toBe('light');
        await p.emulateMedia({ colorScheme: 'dark' });
        await expect.poll(theme).toBe('dark');
        // high contrast is a stored preference too: borders take the text colour
        await p.selectOption('#contrast-select', 'more');
        await expect
          .poll(() =>
            p.evaluate(() => {
              const css = getComputedStyle(document.documentElement);
              return css.getPropertyValue('--border') === css.getPropertyValue('--text');
            }),
          )
          .toBe(true);
        await expect
          .poll(() => p.evaluate(async () => await (await fetch('/api/me/preferences')).json()))
          .toMatchObject({ theme: 'system', contrast: 'more' });
        await axe(p, 'dashboard-high-contrast');
      } finally {
        await second.close();
      }
    }, 90_000);

    it('B17 autosave while the API is unreachable shows "Offline — retrying" and saves when it is back', async () => {
      const seed = JSON.parse(await readFile(join(ROOT, '../shared/examples/release-album.json'), 'utf8'));
      const created = await api('/api/releases', {
        method: 'POST',
        body: JSON.stringify({
          ...seed,
          id: 'rel-offline-1',
          tenantId: undefined,
          metadata: { ...seed.metadata, title: 'Offline Sessions' },
        }),
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const { page: p, close: done } = await freshContext();
      try {
        await signIn(p, 'demo@example.com', 'ddex-distro-demo');
        await p.goto(`${url}/releases/rel-offline-1/edit`);
        await p.getByRole('heading', { name: 'Edit Offline Sessions' }).waitFor();
        const status = () => p.textContent('[data-testid=save-status]');
        expect(await status()).toContain('All changes saved');
        // the network drops every save of this release
        let refused = 0;
        const cut = (route: import('playwright-core').Route) => {
          if (route.request().method() !== 'PUT') return route.continue();
          refused++;
          return route.abort('internetdisconnected');
        };
        await p.route('**/api/releases/rel-offline-1', cut);
        await p.fill('#w-title', 'Offline Sessions (Live)');
        await expect.poll(status, { timeout: 10_000 }).toBe('Offline — retrying');
        expect(refused).toBeGreaterThan(0);
        expect(((await api('/api/releases/rel-offline-1')).body.release as any).metadata.title).toBe(
          'Offline Sessions',
        );
        // back online: the retry saves the edit without another keystroke
        await p.unroute('**/api/releases/rel-offline-1', cut);
        await expect.poll(status, { timeout: 15_000 }).toMatch(/^Saved /);
        expect(((await api('/api/releases/rel-offline-1')).body.release as any).metadata.title).toBe(
          'Offline Sessions (Live)',
        );
      } finally {
        await done();
      }
    }, 90_000);

    // --- B10–B11: the deliveries page follows the API's event stream; each test signs in and makes its own data ---
    /** Signs the shared page in as the demo admin and copies the canonical album under `id` through the API. */
    async function liveDeliveriesSetup(id: string) {
      await browser.clearCookies();
      await page.goto(`${url}/login`);
      await page.fill('#email', 'demo@example.com');
      await page.fill('#password', 'ddex-distro-demo');
      await page.click('button[type=submit]');
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      const seed = JSON.parse(await readFile(join(ROOT, '../shared/examples/release-album.json'), 'utf8'));
      const made = await api('/api/releases', {
        method: 'POST',
        body: JSON.stringify({ ...seed, id, tenantId: undefined, metadata: { ...seed.metadata, title: id } }),
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
    }
    /** Uploads `bytes` as an audio asset of the release through the resumable upload API, in one chunk. */
    const uploadAudio = async (releaseId: string, fileName: string, assetId: string, bytes: Buffer) => {
      const md5 = createHash('md5').update(bytes).digest('hex');
      const upload = await api(`/api/releases/${releaseId}/assets/uploads`, {
        method: 'POST',
        body: JSON.stringify({ kind: 'audio', fileName, size: bytes.length, md5, assetId }),
      });
      expect(upload.status, JSON.stringify(upload.body)).toBe(201);
      const uploadPath = `/api/releases/${releaseId}/assets/uploads/${upload.body.id}`;
      const put = await api(uploadPath, {
        method: 'PUT',
        body: new Uint8Array(bytes),
        headers: {
          'content-type': 'application/octet-stream',
          'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}`,
        },
      });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      const complete = await api(`${uploadPath}/complete`, { method: 'POST' });
      expect(complete.status, JSON.stringify(complete.body)).toBe(201);
      return md5;
    };
    const queueTo = async (releaseId: string, targetId: string, extra: Record<string, unknown> = {}) => {
      const res = await api('/api/deliveries', {
        method: 'POST',
        body: JSON.stringify({ releaseId, targetId, ...extra }),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return String(res.body.id);
    };

    it('B10 a delivery changes state live over the event stream (no polling, no reload); polling takes over when the stream drops', async () => {
      const id = `rel-b10-${Date.now().toString(36)}`;
      await liveDeliveriesSetup(id);
      await page.goto(`${url}/deliveries`);
      const indicator = page.locator('[data-testid=live-indicator]');
      await expect.poll(() => indicator.getAttribute('data-mode')).toBe('live');
      expect(await indicator.textContent()).toBe('Live');
      await page.waitForTimeout(500); // the list read that follows the stream's `ready`
      const lists: string[] = [];
      const onRequest = (r: { url(): string }) => {
        if (new URL(r.url()).pathname === '/api/deliveries') lists.push(r.url());
      };
      page.on('request', onRequest);
      try {
        // queued a few seconds ahead: the row arrives through the stream, then goes out while its dialog is open
        const deliveryId = await queueTo(id, 'demo-dsp', { scheduled: new Date(Date.now() + 4000).toISOString() });
        const row = page.locator('tr', { hasText: id });
        await row.locator('.badge.queued').waitFor();
        await row.getByRole('button', { name: /Details and log/ }).click();
        const dialog = page.getByRole('dialog');
        await dialog.locator('p .badge.queued').waitFor();
        await dialog.locator('p .badge.completed').waitFor({ timeout: 60_000 });
        await expect.poll(() => dialog.locator('[data-testid=log-lines]').textContent()).toContain('delivered batch');
        expect(await dialog.textContent()).toContain(deliveryId);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
        // finished: it left the queue, still without a list request
        await row.waitFor({ state: 'detached' });
        expect(lists, 'the list was polled while the stream was up').toEqual([]);
      } finally {
        page.off('request', onRequest);
      }
      // on the reconciliation tab it waits for the DSP's acknowledgement
      await page.getByRole('tab', { name: 'Reconciliation' }).click();
      await page.waitForURL(/tab=reconcile/);
      const sent = page.locator('tr', { hasText: id });
      expect(await sent.locator('[data-testid=reconcile-reason]').textContent()).toBe(
        'sent, no acknowledgement from the DSP yet',
      );
      await axe(page, 'deliveries-reconcile');
      // the search box narrows the tab to what names the text
      await page.fill('#deliveries-q', id);
      await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
      await page.fill('#deliveries-q', `${id}-nothing`);
      await page.getByText('Nothing matches these filters.').waitFor();
      expect(await page.locator('tr', { hasText: id }).count()).toBe(0);
      await page.fill('#deliveries-q', '');

      // the stream is cut: the badge says so and polling every 2 s brings the next change
      const cut = (r: { abort(): Promise<void> }) => r.abort();
      await page.route('**/api/deliveries/events', cut);
      try {
        await page.goto(`${url}/deliveries?tab=history`);
        await expect.poll(() => indicator.getAttribute('data-mode')).toBe('polling');
        expect(await indicator.textContent()).toBe('Polling every 2 s');
        const second = await queueTo(id, 'demo-dsp');
        await expect
          .poll(async () => (await api(`/api/deliveries/${second}`)).body.status, { timeout: 60_000 })
          .toBe('completed');
        await expect.poll(() => page.locator('tr', { hasText: id }).count(), { timeout: 10_000 }).toBe(2);
      } finally {
        await page.unroute('**/api/deliveries/events', cut);
      }
    }, 120_000);

    it('B11 a delivery waiting to retry counts down to its next attempt; sent files show size and MD5; the log exports as JSON and text', async () => {
      const id = `rel-b11-${Date.now().toString(36)}`;
      await liveDeliveriesSetup(id);
      // nothing listens on port 1: every attempt fails to connect, and the queue retries after 1, 2, 4, 8 s
      const target = await api('/api/targets', {
        method: 'POST',
        body: JSON.stringify({
          name: `Unreachable ${id}`,
          type: 'Test',
          protocol: 'SFTP',
          config: { host: '127.0.0.1', port: 1, username: 'nobody', password: 'nothing-here-1', directory: '/in' },
          recipient: { dpid: 'PADPIDA20270101097', name: 'Unreachable Store' },
        }),
      });
      expect(target.status, JSON.stringify(target.body)).toBe(201);
      const targetId = String(target.body.id);
      const waiting = await queueTo(id, targetId);
      await page.goto(`${url}/deliveries?target=${encodeURIComponent(targetId)}`);
      await expect.poll(() => page.locator('[data-testid=live-indicator]').getAttribute('data-mode')).toBe('live');
      const row = page.locator('tr', { hasText: id });
      const countdown = row.locator('[data-testid=retry-countdown]');
      const seconds = async () =>
        Number(/in (\d+) s$/.exec((await countdown.textContent().catch(() => '')) ?? '')?.[1] ?? 0);
      // a wait of 3 s or more, then the same wait a second later is shorter
      await expect.poll(seconds, { timeout: 60_000, interval: 200 }).toBeGreaterThanOrEqual(3);
      const before = await seconds();
      const attempts = Number(await row.locator('td').nth(3).textContent());
      expect(attempts).toBeGreaterThanOrEqual(2);
      await page.waitForTimeout(1100);
      const after = await seconds();
      expect(after).toBeGreaterThan(0);
      expect(after).toBeLessThan(before);
      expect(await row.locator('[data-testid=delivery-error]').textContent()).toMatch(/^CONNECT: /);
      await api(`/api/deliveries/${waiting}/cancel`, { method: 'POST' }); // tidy up: no more attempts

      // a release with one uploaded track: the detail lists each file sent with its size and MD5
      const flac = flacTone(11, 523);
      const md5 = await uploadAudio(id, '01 - Aurora.flac', 'aud-01', flac);
      const sent = await queueTo(id, 'demo-dsp');
      await page.goto(`${url}/deliveries?tab=history&target=demo-dsp`);
      const done = page.locator('tr', { hasText: id });
      await done.locator('.badge.completed').waitFor({ timeout: 60_000 });
      await done.getByRole('button', { name: /Details and log/ }).click();
      const dialog = page.getByRole('dialog');
      const files = dialog.locator('[data-testid=package-files] tbody tr');
      await files.first().waitFor();
      expect(await files.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.role))).toEqual([
        'audio',
        'ern',
        'manifest',
      ]);
      const audio = dialog.locator('[data-testid=package-files] tr[data-role=audio]');
      expect(await audio.locator('[data-testid=file-md5]').textContent()).toBe(md5);
      expect(await audio.textContent()).toContain(`${flac.length} bytes`);
      // the ERN link downloads the message sent: its MD5 is the one listed
      const [ern] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-ern]')]);
      const ernXml = await readFile((await ern.path())!);
      expect(ernXml.toString('utf8')).toContain('NewReleaseMessage');
      expect(await dialog.locator('tr[data-role=ern] [data-testid=file-md5]').textContent()).toBe(
        createHash('md5').update(ernXml).digest('hex'),
      );
      const [manifest] = await Promise.all([
        page.waitForEvent('download'),
        page.click('[data-testid=download-manifest]'),
      ]);
      // the manifest names the ERN by the same MD5, and is listed with its own
      const manifestXml = await readFile((await manifest.path())!);
      expect(manifestXml.toString('utf8')).toContain(
        `<HashSum>${createHash('md5').update(ernXml).digest('hex')}</HashSum>`,
      );
      expect(await dialog.locator('tr[data-role=manifest] [data-testid=file-md5]').textContent()).toBe(
        createHash('md5').update(manifestXml).digest('hex'),
      );
      await axe(page, 'delivery-files');

      // the log, every level, as JSON and as text lines
      const [json] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-log-json]')]);
      expect(json.suggestedFilename()).toBe(`${sent}-log.json`);
      const lines = JSON.parse(await readFile((await json.path())!, 'utf8')) as { level: string; message: string }[];
      expect(lines.map((l) => l.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^delivered batch /)]));
      const [text] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-log-text]')]);
      expect(text.suggestedFilename()).toBe(`${sent}-log.txt`);
      const textLines = (await readFile((await text.path())!, 'utf8')).trimEnd().split('\n');
      expect(textLines).toHaveLength(lines.length);
      expect(textLines.at(-1)).toMatch(/^\d{4}-\d\d-\d\dT\S+ INFO delivered batch /);
    }, 150_000);

    it('B22 a new release is a server draft from step 1: autosaved, resumed in another browser, a 409 compared, discarded', async () => {
      const one = await freshContext();
      const two = await freshContext();
      const title = `Server Draft ${Date.now().toString(36)}`;
      try {
        await signIn(one.page, 'demo@example.com', 'ddex-distro-demo');
        await one.page.goto(`${url}/releases/new`);
        const status = (p: Page) => p.textContent('[data-testid=save-status]');
        expect(await status(one.page)).toBe('Draft kept in this browser');
        await one.page.fill('#w-title', title);
        await one.page.fill('#w-artist', 'The Resumers');
        await one.page.fill('#w-label', 'Draft Records');
        await one.page.fill('#w-catno', 'DR-022');
        await expect.poll(() => status(one.page), { timeout: 10_000 }).toMatch(/^Saved /);
        // the draft is on the server, newest first, with the form as typed
        const listed = await api('/api/drafts');
        expect(listed.status).toBe(200);
        const mine = (listed.body.items as any[]).find((d) => d.title === title);
        expect(mine, JSON.stringify(listed.body)).toBeTruthy();
        expect((listed.body.items as any[])[0].id).toBe(mine.id);
        const stored = await api(`/api/drafts/${mine.id}`);
        expect((stored.body.data as any).catalogNumber).toBe('DR-022');

        // another browser lists it in the catalog and resumes it with the values from the server
        await signIn(two.page, 'demo@example.com', 'ddex-distro-demo');
        await two.page.goto(`${url}/catalog`);
        await two.page.locator(`[data-testid=open-drafts] a[data-draft="${mine.id}"]`).click();
        await two.page.waitForURL((u) => u.pathname === '/releases/new' && u.search === `?draft=${mine.id}`);
        await expect.poll(() => two.page.inputValue('#w-title')).toBe(title);
        expect(await two.page.inputValue('#w-artist')).toBe('The Resumers');
        expect(await two.page.inputValue('#w-label')).toBe('Draft Records');
        expect(await two.page.inputValue('#w-catno')).toBe('DR-022');
        expect(await status(two.page)).toMatch(/^Saved /);
        await axe(two.page, 'wizard-draft-resumed');

        // the second browser saves first; the first one's next save is stale: 409, compared, theirs taken
        await two.page.fill('#w-label', 'Second Browser Records');
        await expect
          .poll(async () => ((await api(`/api/drafts/${mine.id}`)).body.data as any).label, { timeout: 10_000 })
          .toBe('Second Browser Records');
        await one.page.fill('#w-catno', 'DR-022-B');
        await one.page.locator('[data-testid=conflict-diff]').waitFor({ timeout: 10_000 });
        expect(await one.page.locator('[data-testid=conflict-diff]').textContent()).toContain('Second Browser Records');
        expect(await status(one.page)).toBe('Changed elsewhere');
        await one.page.click('[data-testid=take-theirs]');
        expect(await one.page.inputValue('#w-label')).toBe('Second Browser Records');
        expect(await one.page.inputValue('#w-catno')).toBe('DR-022');

        // discarding deletes the server draft
        await one.page.getByRole('button', { name: 'Discard draft' }).click();
        await expect
          .poll(async () => ((await api('/api/drafts')).body.items as any[]).some((d) => d.id === mine.id))
          .toBe(false);
      } finally {
        await one.close();
        await two.close();
      }
    }, 120_000);

    it('B21 a delivery queued with high priority keeps it: the API and the delivery details show high', async () => {
      await signInAsDemo();
      const id = `rel-b21-${Date.now().toString(36)}`;
      await makeRelease(id, `Urgent ${id}`);
      await page.goto(`${url}/deliveries/new?releases=${encodeURIComponent(id)}`);
      await page.getByLabel(/Demo DSP \(folder\)/).check();
      const priority = page.getByLabel('Priority');
      expect(await priority.inputValue()).toBe('normal');
      await priority.selectOption({ label: 'High' });
      await axe(page, 'new-delivery-priority');
      await page.locator('[data-testid=queue-delivery]:not([disabled])').click();
      await page.waitForURL(/\/deliveries$/);
      const [queued] = await deliveriesOf(id);
      expect(queued).toMatchObject({ releaseId: id, targetId: 'demo-dsp', priority: 'high' });
      expect((await api(`/api/deliveries/${queued!.id}`)).body.priority).toBe('high');
      await expect
        .poll(async () => (await api(`/api/deliveries/${queued!.id}`)).body.status, { timeout: 60_000 })
        .toMatch(/completed|acknowledged/);
      await page.goto(`${url}/deliveries?tab=history&target=demo-dsp`);
      const row = page.locator('tr', { hasText: id });
      await row.locator('.badge.completed, .badge.acknowledged').waitFor({ timeout: 60_000 });
      await row.getByRole('button', { name: /Details and log/ }).click();
      expect(await page.getByRole('dialog').locator('[data-testid=delivery-priority]').textContent()).toBe('High');
      // a delivery queued without one is normal
      const plain = await api('/api/deliveries', {
        method: 'POST',
        body: JSON.stringify({ releaseId: id, targetId: 'demo-dsp', kind: 'Update' }),
      });
      expect(plain.status, JSON.stringify(plain.body)).toBe(201);
      expect(plain.body.priority).toBe('normal');
    }, 120_000);

    it('B23 a running delivery shows its transfer progress (files and bytes) and logs each file sent', async () => {
      const id = `rel-b23-${Date.now().toString(36)}`;
      await liveDeliveriesSetup(id);
      const dir = `${sftpDir}-b23`;
      const target = await api('/api/targets', {
        method: 'POST',
        body: JSON.stringify({
          name: `Progress ${id}`,
          type: 'Test',
          protocol: 'SFTP',
          config: {
            host: sftp!.DDEX_TEST_SFTP_HOST,
            port: Number(sftp!.DDEX_TEST_SFTP_PORT),
            username: sftp!.DDEX_TEST_SFTP_USER,
            privateKey: await readFile(sftp!.DDEX_TEST_SFTP_KEY, 'utf8'),
            directory: dir,
          },
          recipient: { dpid: 'PADPIDA20270101097', name: 'Progress Store' },
        }),
      });
      expect(target.status, JSON.stringify(target.body)).toBe(201);
      const targetId = String(target.body.id);
      // four tracks of about 8 MB: long enough over SFTP for the bar to be seen while they go out
      for (const n of [1, 2, 3, 4]) await uploadAudio(id, `0${n} - Track.flac`, `aud-0${n}`, flacTone(500, 220 * n));
      try {
        await page.goto(`${url}/deliveries?target=${encodeURIComponent(targetId)}`);
        await expect.poll(() => page.locator('[data-testid=live-indicator]').getAttribute('data-mode')).toBe('live');
        await page.waitForTimeout(500); // the list read that follows the stream's `ready`
        // a few seconds ahead, so the dialog is open and watched before the first byte goes out (on a fast machine
        // the whole transfer can take less time than opening a dialog)
        const deliveryId = await queueTo(id, targetId, { scheduled: new Date(Date.now() + 4000).toISOString() });
        const row = page.locator('tr', { hasText: id });
        await row.getByRole('button', { name: /Details and log/ }).click();
        const dialog = page.getByRole('dialog');
        // every state the bars are rendered in, however briefly: a MutationObserver sees each DOM update
        await page.evaluate(() => {
          const seen = { files: [] as string[], bytes: [] as string[], filesMax: [] as string[] };
          (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
          const record = () => {
            const filesBar = document.querySelector('[data-testid=progress-files]');
            const bytesBar = document.querySelector('[data-testid=progress-bytes]');
            const push = (list: string[], value: string | null | undefined) => {
              if (value != null && list.at(-1) !== value) list.push(value);
            };
            push(seen.files, filesBar?.getAttribute('aria-valuenow'));
            push(seen.filesMax, filesBar?.getAttribute('aria-valuemax'));
            push(seen.bytes, bytesBar?.getAttribute('aria-valuenow'));
          };
          new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
        });
        await dialog.locator('.badge.completed').waitFor({ timeout: 60_000 });
        // while it sent: two progress bars fed by the event stream, files of 5 (4 tracks and the ERN), bytes in %
        const seen = await page.evaluate(
          () =>
            (window as unknown as { progressSeen: { files: string[]; bytes: string[]; filesMax: string[] } })
              .progressSeen,
        );
        expect(seen.filesMax).toEqual(['5']);
        expect(seen.files.length, JSON.stringify(seen)).toBeGreaterThan(0);
        const bytesSeen = seen.bytes.map(Number);
        expect(bytesSeen.length, JSON.stringify(seen)).toBeGreaterThan(0);
        expect(
          bytesSeen.every((v, i) => v >= 0 && v <= 100 && v >= (bytesSeen[i - 1] ?? 0)),
          JSON.stringify(seen),
        ).toBe(true);
        const files = dialog.locator('[role=progressbar][data-testid=progress-files]');
        await expect.poll(() => files.count()).toBe(0);
        // the log names each file as it finished, with its place in the batch and its size
        const sent = dialog.locator('[data-testid=log-lines] li', { hasText: /\bsent \d{17}\// });
        await expect.poll(() => sent.count()).toBe(5);
        const texts = await sent.allTextContents();
        for (const [i, text] of texts.entries()) expect(text).toMatch(new RegExp(`\\(${i + 1}/5, [\\d.]+ [kM]B\\)$`));
        expect(texts[0]).toMatch(/_01_001\.flac \(1\/5, [78]\.\d MB\)$/);
        const detail = (await api(`/api/deliveries/${deliveryId}`)).body as {
          package: { progress: Record<string, number> };
        };
        expect(detail.package.progress).toMatchObject({ files: 5, totalFiles: 5 });
        expect(detail.package.progress.bytes).toBe(detail.package.progress.totalBytes);
        expect(detail.package.progress.totalBytes).toBeGreaterThan(4 * 7_000_000);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }, 180_000);
  });
}
