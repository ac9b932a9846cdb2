// Every message crossing into the background (or a content script) is
// checked by type, shape and sender before anything acts on it; what fails
// gets a named reason and nothing is done.
import { describe, expect, it, vi } from 'vitest';
import { dispatch, type Handlers } from '../../lib/protocol/dispatch';
import { message } from '../../lib/protocol/messages';
import { receive, senderProblem, type Sender } from '../../lib/protocol/senders';
import { ExportWorkerRequestSchema, ExportWorkerResponseSchema } from '../../lib/protocol/schemas';
import { check } from '../../lib/protocol/validate';
import { DEFAULT_EXPORT_SETTINGS } from '../../lib/export/settings';
import { InvalidInputError } from '../../lib/errors';
import { isFetchableImage, imageUrlsOf } from '../../lib/library/images';
import { testArticle } from './helpers';

const SELF = { id: 'finews-id', origin: 'chrome-extension://finews-id/' };
const SHARE = 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202202102271830933';
/** Senders as the browser describes them. */
const contentScript: Sender = { id: SELF.id, url: SHARE, tab: { id: 7 }, frameId: 0 };
const popupTab: Sender = { id: SELF.id, url: `${SELF.origin}popup.html?tab=7`, tab: { id: 9 } };
const popup: Sender = { id: SELF.id, url: `${SELF.origin}popup.html` };
const background: Sender = { id: SELF.id, url: `${SELF.origin}background.js` };

const save = (patch: Record<string, unknown> = {}) => message('save-article', { article: { ...testArticle('NW202202102271830933'), ...patch } });
const ALL = ['save-article', 'save-tab', 'page-state', 'extract', 'article-saved'] as const;

describe('who may send what', () => {
  it('takes save-article and page-state only from a share page\'s content script, in its top frame', () => {
    expect(receive(save(), contentScript, SELF, ALL).kind).toBe('accept');
    expect(receive(message('page-state', { id: 'a', canonicalUrl: SHARE }), contentScript, SELF, ALL).kind).toBe('accept');
    for (const sender of [
      popupTab,
      popup,
      background,
      { ...contentScript, url: 'https://evil.example/html_News/NewsShare.html?infoCode=NW1' },
      { ...contentScript, frameId: 3 },
      { ...contentScript, id: 'another-extension' },
      { ...contentScript, tab: undefined },
    ]) {
      expect(receive(save(), sender, SELF, ALL), JSON.stringify(sender)).toMatchObject({ kind: 'refuse', failure: { ok: false, reason: 'forbidden' } });
    }
  });

  it('takes save-tab only from the extension\'s own pages (the popup, as a popup or in a tab)', () => {
    const saveTab = message('save-tab', { tabId: 7 });
    expect(receive(saveTab, popup, SELF, ALL).kind).toBe('accept');
    expect(receive(saveTab, popupTab, SELF, ALL).kind).toBe('accept');
    expect(receive(saveTab, contentScript, SELF, ALL)).toMatchObject({ kind: 'refuse', failure: { reason: 'forbidden' } });
    expect(receive(saveTab, { ...popup, id: 'other' }, SELF, ALL)).toMatchObject({ kind: 'refuse', failure: { reason: 'forbidden' } });
    expect(receive(saveTab, { id: SELF.id, url: 'chrome-extension://other-id/popup.html' }, SELF, ALL)).toMatchObject({ kind: 'refuse' });
  });

  it('has content scripts take extract and article-saved only from the background', () => {
    expect(receive(message('extract', {}), background, SELF, ALL).kind).toBe('accept');
    expect(receive(message('article-saved', {}), { id: SELF.id }, SELF, ALL).kind).toBe('accept');
    expect(receive(message('extract', {}), contentScript, SELF, ALL)).toMatchObject({ kind: 'refuse', failure: { reason: 'forbidden' } });
    expect(senderProblem('extract', popupTab, SELF)).toMatch(/background/);
  });

  it('leaves alone what is not a message of the protocol, or not one this end handles', () => {
    for (const raw of [undefined, null, 'save-article', 42, {}, { type: 7 }, { type: 'something-else' }]) {
      expect(receive(raw, contentScript, SELF, ALL)).toEqual({ kind: 'ignore' });
    }
    expect(receive(save(), contentScript, SELF, ['save-tab'])).toEqual({ kind: 'ignore' });
  });
});

describe('the shape of a message', () => {
  const refusal = (raw: unknown, sender: Sender = contentScript) => {
    const received = receive(raw, sender, SELF, ALL);
    expect(received.kind).toBe('refuse');
    return received.kind === 'refuse' ? received.failure : undefined;
  };

  it.each([
    ['an image that is not http(s)', save({ images: ['javascript:alert(1)'] }), 'article "images" must be a list of http(s) addresses'],
    ['a file: image', save({ images: ['file:///etc/passwd'] }), 'article "images" must be a list of http(s) addresses'],
    ['an endless image address', save({ images: [`https://img.example/${'a'.repeat(3_000)}`] }), 'article "images" must be a list of http(s) addresses'],
    ['too many images', save({ images: Array.from({ length: 501 }, (_, i) => `https://img.example/${i}.png`) }), 'article "images" lists more than 500 addresses'],
    ['no title', { type: 'save-article', article: (({ title: _title, ...rest }) => rest)(testArticle('NW1')) }, 'article lacks "title"'],
    ['a title that is not text', save({ title: null }), 'article "title" must be a string'],
    ['an empty id', save({ id: '' }), 'article "id" must not be empty'],
    ['a body that is not text', save({ html: 3 }), 'article "html" must be a string'],
    ['a field no article has', save({ script: 'x' }), 'article has unknown field "script"'],
    ['a time that is not one', save({ publishedAt: 'soon' }), 'article "publishedAt" must be an ISO date'],
    ['an article missing', { type: 'save-article' }, 'message "save-article" lacks "article"'],
  ])('refuses a save-article with %s, naming it', (_what, raw, detail) => {
    expect(refusal(raw)).toEqual({ ok: false, reason: 'invalid-input', message: `Refused "save-article": ${detail}; nothing was done.` });
  });

  it('takes what real pages carry: a 10,000-character title, a long source line, hundreds of images', () => {
    const images = Array.from({ length: 500 }, (_, i) => `https://np-newspic.dfcfw.com/${i}.png`);
    expect(receive(save({ title: '标'.repeat(10_000), source: '源'.repeat(2_000), images }), contentScript, SELF, ALL).kind).toBe('accept');
  });

  it('refuses a save-tab whose tab id is not one', () => {
    expect(refusal({ type: 'save-tab', tabId: '7' }, popup)?.message).toBe('Refused "save-tab": "tabId" must be a tab id; nothing was done.');
    expect(refusal({ type: 'save-tab', tabId: 1.5 }, popup)?.reason).toBe('invalid-input');
    expect(refusal({ type: 'save-tab', tabId: 7, url: 'x' }, popup)?.message).toMatch(/unknown field "url"/);
  });
});

describe('dispatch: the background\'s one entry', () => {
  const log = () => ({ warn: vi.fn(), error: vi.fn() });

  it('runs the handler for a valid message and answers with its outcome', async () => {
    const handlers: Handlers = { 'save-tab': async ({ tabId }) => ({ ok: false, reason: 'unreachable', message: `tab ${tabId}` }) };
    expect(await dispatch(message('save-tab', { tabId: 4 }), popup, SELF, handlers, log())).toEqual({ ok: false, reason: 'unreachable', message: 'tab 4' });
  });

  it('never runs the handler for a refused message, and logs the refusal', async () => {
    const handler = vi.fn();
    const logged = log();
    const answer = await dispatch(save(), popup, SELF, { 'save-article': handler }, logged);
    expect(answer).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(handler).not.toHaveBeenCalled();
    expect(logged.warn).toHaveBeenCalled();
  });

  it('answers undefined (not ours) for other messages, so other listeners may answer', () => {
    expect(dispatch({ type: 'save-tab', tabId: 1 }, popup, SELF, { 'page-state': vi.fn() }, log())).toBeUndefined();
  });

  it('keeps each error\'s reason: storage full stays quota, a bad input stays invalid-input, a bug is unexpected and logged', async () => {
    const failing = (error: unknown): Handlers => ({ 'save-tab': () => Promise.reject(error) });
    const run = (error: unknown, logged = log()) => dispatch(message('save-tab', { tabId: 1 }), popup, SELF, failing(error), logged);
    expect(await run(new DOMException('full', 'QuotaExceededError'))).toMatchObject({ reason: 'quota', message: expect.stringContaining('storage is full') });
    expect(await run(new InvalidInputError('A tag must not be empty.'))).toEqual({ ok: false, reason: 'invalid-input', message: 'A tag must not be empty.' });
    const logged = log();
    expect(await run(new TypeError('x is undefined'), logged)).toEqual({ ok: false, reason: 'unexpected', message: 'Something went wrong: x is undefined' });
    expect(logged.error).toHaveBeenCalled();
  });
});

describe('which images the background fetches', () => {
  it('only http(s) addresses of public hosts, without credentials, of bounded length', () => {
    for (const ok of ['https://np-newspic.dfcfw.com/download/D1.jpg', 'http://finews.zning.xyz/a.png', 'https://8.8.8.8/a.png', 'https://img.example:8443/a.png']) {
      expect(isFetchableImage(ok), ok).toBe(true);
    }
    for (const bad of [
      'javascript:alert(1)',
      'data:image/png;base64,AA',
      'file:///etc/passwd',
      'http://localhost:8080/admin',
      'http://router/',
      'http://printer.local/status',
      'http://127.0.0.1/a.png',
      'http://10.0.0.1/a.png',
      'http://192.168.1.1/a.png',
      'http://172.20.0.1/a.png',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/a.png',
      'https://user:secret@img.example/a.png',
      `https://img.example/${'a'.repeat(2_100)}`,
    ]) {
      expect(isFetchableImage(bad), bad).toBe(false);
    }
    expect(imageUrlsOf({ images: ['http://127.0.0.1/a.png', 'https://img.example/a.png'] })).toEqual(['https://img.example/a.png']);
  });
});

describe('the export worker\'s protocol, both ends', () => {
  const settings = { ...DEFAULT_EXPORT_SETTINGS, slugOverrides: {} };

  it('the worker takes a well-formed start and conversions, and refuses anything else by name', () => {
    expect(check(ExportWorkerRequestSchema, { type: 'export-start', ids: ['a'], settings }).ok).toBe(true);
    expect(check(ExportWorkerRequestSchema, { type: 'export-start', ids: undefined, settings }).ok).toBe(true);
    expect(check(ExportWorkerRequestSchema, { type: 'converted', bodies: ['# x'] }).ok).toBe(true);
    expect(check(ExportWorkerRequestSchema, { type: 'export-start', ids: [1], settings })).toEqual({ ok: false, message: '"ids" must be a list of strings' });
    expect(check(ExportWorkerRequestSchema, { type: 'export-start', settings: { ...settings, blogBase: 'javascript:x' } })).toMatchObject({
      ok: false,
      message: expect.stringContaining('Blog address must start like'),
    });
    expect(check(ExportWorkerRequestSchema, { type: 'export-start', settings: { bodyFormat: 'html' } })).toEqual({ ok: false, message: 'the export needs every setting' });
    expect(check(ExportWorkerRequestSchema, { type: 'converted', bodies: 'x' })).toEqual({ ok: false, message: '"bodies" must be a list of strings' });
    expect(check(ExportWorkerRequestSchema, { type: 'delete-all' })).toEqual({ ok: false, message: 'unknown export request "delete-all"' });
  });

  it('the page takes chunks, conversions and failures, refused posts included, and refuses anything else by name', () => {
    const chunks = { type: 'zip-chunks', chunks: [new Uint8Array([1])], count: 3, done: true, refused: [{ id: 'NW1', title: '无日期' }] };
    expect(check(ExportWorkerResponseSchema, chunks)).toEqual({ ok: true, value: chunks });
    expect(check(ExportWorkerResponseSchema, { type: 'convert', htmls: ['<p>x</p>'] }).ok).toBe(true);
    expect(check(ExportWorkerResponseSchema, { type: 'export-failed', message: 'x' }).ok).toBe(true);
    expect(check(ExportWorkerResponseSchema, { ...chunks, chunks: ['AA=='] })).toEqual({ ok: false, message: '"chunks" must be byte arrays' });
    expect(check(ExportWorkerResponseSchema, { ...chunks, count: -1 })).toEqual({ ok: false, message: '"count" must be a count' });
    expect(check(ExportWorkerResponseSchema, { ...chunks, refused: [{ id: 'NW1' }] })).toEqual({ ok: false, message: 'refused post lacks "title"' });
  });
});
