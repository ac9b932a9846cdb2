/**
 * The in-page button's save flow (lib/protocol/page-save.ts), with the page
 * and the background stood in for: every way a save can end.
 */
import { describe, expect, it } from 'vitest';
import type { Article } from '../../lib/article';
import type { StoreOutcome } from '../../lib/protocol/messages';
import { saveFromPage, type PageSaveSeams } from '../../lib/protocol/page-save';

const article = { id: 'NW1', title: '标题' } as Article;
const stored = (photosWithoutAccess = 0) =>
  ({ ok: true, created: true, record: {} as never, photosWithoutAccess }) as StoreOutcome;

function seams(overrides: Partial<PageSaveSeams>): PageSaveSeams {
  return {
    extract: async () => ({ ok: true, article }),
    send: async () => stored(),
    isSaved: async () => false,
    answerMs: 200,
    ...overrides,
  };
}

describe('saving from the page', () => {
  it('is saved when the background stores it, and says how many photos need access', async () => {
    let sent: Article | undefined;
    expect(await saveFromPage(seams({ send: async (a) => ((sent = a), stored(2)) }))).toEqual({ state: 'saved', photosWithoutAccess: 2 });
    expect(sent).toBe(article);
  });

  it('fails with the extraction reason and sends nothing when the page is not an article', async () => {
    let sends = 0;
    const end = await saveFromPage(
      seams({ extract: async () => ({ ok: false, reason: 'no-body', message: '' }), send: async () => (sends++, stored()) }),
    );
    expect(end).toEqual({ state: 'failed', reason: 'no-body' });
    expect(sends).toBe(0);
  });

  it('keeps the storage reason the background gives (storage full stays storage full)', async () => {
    const end = await saveFromPage(seams({ send: async () => ({ ok: false, reason: 'quota', message: 'full' }) }));
    expect(end).toEqual({ state: 'failed', reason: 'quota' });
  });

  it('asks the library when the background stops without answering, and is saved if the save landed', async () => {
    const end = await saveFromPage(seams({ send: async () => undefined, isSaved: async () => true }));
    expect(end).toEqual({ state: 'saved', photosWithoutAccess: 0 });
  });

  it('fails as interrupted when the save did not land, and still hears a late answer from a stalled background', async () => {
    let answer!: (outcome: StoreOutcome) => void;
    const end = await saveFromPage(seams({ send: () => new Promise((resolve) => (answer = resolve)), answerMs: 20 }));
    expect(end.state).toBe('failed');
    if (end.state !== 'failed') return;
    expect(end.reason).toBe('interrupted');
    answer(stored());
    expect(await end.lateSave).toBe(true);
  });
});
