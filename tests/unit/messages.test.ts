import { describe, expect, it } from 'vitest';
import { answerWithin } from '../../lib/protocol/messages';

describe('answerWithin: a sender always learns how its request ended', () => {
  it('passes the answer through', async () => {
    expect(await answerWithin(Promise.resolve({ ok: true }), 1_000)).toEqual({ ok: true });
  });

  it('turns a closed channel (the service worker stopped) into "interrupted"', async () => {
    const closed = Promise.reject(new Error('A listener indicated an asynchronous response by returning true, but the message channel closed'));
    const outcome = await answerWithin(closed, 1_000);
    expect(outcome).toMatchObject({ ok: false, reason: 'interrupted' });
    expect((outcome as { message: string }).message).toContain('message channel closed');
  });

  it('turns an empty answer into "interrupted"', async () => {
    expect(await answerWithin(Promise.resolve(undefined), 1_000)).toMatchObject({ ok: false, reason: 'interrupted' });
  });

  it('stops waiting after the time given', async () => {
    const started = Date.now();
    const outcome = await answerWithin(new Promise<never>(() => undefined), 50);
    expect(outcome).toMatchObject({ ok: false, reason: 'interrupted' });
    expect((outcome as { message: string }).message).toContain('no answer within 0.05 s');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
