import type { ExportSettings } from '../../lib/export/settings';
import { postBody } from '../../lib/export/post/post';
import type { ExportWorkerRequest, ExportWorkerResponse, RefusedPost } from '../../lib/protocol/messages';

/** The export's worker as worker-start.ts started it, with why it failed, if it has (the caller ends it). */
export interface StartedWorker {
  worker: Worker;
  failure(): string | undefined;
}

/**
 * Exports the articles `ids` names (all when undefined) as a zip of posts,
 * with export-worker.ts reading, writing and zipping them. This page
 * converts the bodies the worker hands it with its own DOM (the worker
 * converts the rest). Chunks of the zip arrive in order; `onProgress` hears
 * how many posts are zipped.
 */
export function exportInWorker(
  { worker, failure }: StartedWorker,
  ids: string[] | undefined,
  settings: ExportSettings,
  onChunk: (chunk: Uint8Array) => void,
  onProgress: (count: number) => void,
): Promise<{ count: number; refused: RefusedPost[] }> {
  const send = (request: ExportWorkerRequest) => worker.postMessage(request);
  return new Promise<{ count: number; refused: RefusedPost[] }>((resolve, reject) => {
    worker.onmessage = ({ data }: MessageEvent<ExportWorkerResponse>) => {
      try {
        if (data.type === 'convert') send({ type: 'converted', bodies: data.htmls.map((html) => postBody(html, 'markdown')) });
        else if (data.type === 'export-failed') reject(new Error(data.message));
        else {
          for (const chunk of data.chunks) onChunk(chunk);
          onProgress(data.count);
          if (data.done) resolve({ count: data.count, refused: data.refused ?? [] });
        }
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    worker.onerror = (event) => reject(new Error(event.message || 'the export worker stopped'));
    const failed = failure();
    if (failed) reject(new Error(failed));
    else send({ type: 'export-start', ids, settings });
  });
}
