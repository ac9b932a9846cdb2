import type { Post } from '../../lib/export/post';
import type { ZipWorkerRequest, ZipWorkerResponse } from '../../lib/messages';

/** Posts per message: enough to make a message's cost negligible, few enough to keep memory small. */
const BATCH_POSTS = 64;
/** Batches sent and not yet answered: one being compressed, one waiting, so the worker never idles. */
const IN_FLIGHT = 2;

/**
 * The export's zip, compressed in a worker (zip-worker.ts) while this page
 * reads and converts the next posts. Same archive as lib/export/zip.ts
 * `zipPosts` (the worker runs it); chunks arrive in order.
 */
export async function zipInWorker(
  posts: AsyncIterable<Post>,
  onChunk: (chunk: Uint8Array) => void,
): Promise<{ count: number }> {
  const worker = new Worker(new URL('./zip-worker.ts', import.meta.url), { type: 'module' });
  // Answers come in the order the batches went; each waiting sender gets the next one.
  const waiting: { resolve: (count: number) => void; reject: (error: Error) => void }[] = [];
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    for (const waiter of waiting.splice(0)) waiter.reject(failure);
  };
  worker.onmessage = ({ data }: MessageEvent<ZipWorkerResponse>) => {
    if (data.type === 'zip-failed') return fail(new Error(data.message));
    for (const chunk of data.chunks) onChunk(chunk);
    waiting.shift()?.resolve(data.count);
  };
  worker.onerror = (event) => fail(new Error(event.message || 'the zip worker stopped'));

  const answers: Promise<number>[] = [];
  const send = (request: ZipWorkerRequest) => {
    if (failure) throw failure;
    const answer = new Promise<number>((resolve, reject) => waiting.push({ resolve, reject }));
    answer.catch(() => undefined); // a failure is thrown once, by whichever await meets it first
    answers.push(answer);
    worker.postMessage(request);
  };
  try {
    let batch: Post[] = [];
    for await (const post of posts) {
      batch.push(post);
      if (batch.length < BATCH_POSTS) continue;
      send({ type: 'zip-posts', posts: batch });
      batch = [];
      // Bounded: wait for the oldest answer before sending more.
      if (answers.length >= IN_FLIGHT) await answers.shift();
    }
    if (batch.length) send({ type: 'zip-posts', posts: batch });
    send({ type: 'zip-end' });
    let count = 0;
    for (const answer of answers) count = await answer;
    return { count };
  } finally {
    worker.terminate();
  }
}
