import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Post } from '../../lib/export/post';
import { zipPosts } from '../../lib/export/zip';

async function* generate(posts: Post[], onRead?: (i: number) => void): AsyncGenerator<Post> {
  for (const [i, post] of posts.entries()) {
    onRead?.(i);
    yield post;
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

describe('zipPosts', () => {
  it('writes every post under _posts/, unzipping to the same text', async () => {
    const posts: Post[] = [
      { fileName: '2022-02-10-NW202202102271830933.md', content: '---\ntitle: "定西"\n---\n<p>正文</p>' },
      { fileName: '2022-04-01-fed.md', content: 'x'.repeat(100_000) },
    ];
    const chunks: Uint8Array[] = [];
    const { count } = await zipPosts(generate(posts), (c) => {
      chunks.push(c);
    });
    expect(count).toBe(2);
    const files = unzipSync(concat(chunks));
    expect(Object.keys(files).sort()).toEqual(['_posts/2022-02-10-NW202202102271830933.md', '_posts/2022-04-01-fed.md']);
    expect(strFromU8(files['_posts/2022-02-10-NW202202102271830933.md']!)).toBe(posts[0]!.content);
    expect(strFromU8(files['_posts/2022-04-01-fed.md']!)).toBe(posts[1]!.content);
  });

  it('never lets two posts overwrite each other', async () => {
    const same = (content: string): Post => ({ fileName: '2022-02-10-a.md', content });
    const chunks: Uint8Array[] = [];
    await zipPosts(generate([same('1'), same('2'), { fileName: '2022-02-10-A.md', content: '3' }, same('4')]), (c) => {
      chunks.push(c);
    });
    const files = unzipSync(concat(chunks));
    expect(Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]))).toEqual({
      '_posts/2022-02-10-a.md': '1',
      '_posts/2022-02-10-a-2.md': '2',
      '_posts/2022-02-10-A-3.md': '3',
      '_posts/2022-02-10-a-4.md': '4',
    });
  });

  it('streams: each post is handed on before the next is read, and async sinks are awaited', async () => {
    const events: string[] = [];
    const posts = Array.from({ length: 5 }, (_, i) => ({ fileName: `p${i}.md`, content: `post ${i} `.repeat(2000) }));
    let busy = false;
    await zipPosts(
      generate(posts, (i) => events.push(`read ${i}`)),
      async () => {
        expect(busy).toBe(false);
        busy = true;
        await new Promise((resolve) => setTimeout(resolve, 1));
        busy = false;
        events.push('chunk');
      },
    );
    // Output for post i appears before post i+1 is even read.
    for (let i = 0; i < 4; i++) {
      const between = events.slice(events.indexOf(`read ${i}`) + 1, events.indexOf(`read ${i + 1}`));
      expect(between).toContain('chunk');
    }
  });

  it('gives an empty but valid zip for no posts, and passes on a failing sink', async () => {
    const chunks: Uint8Array[] = [];
    expect(await zipPosts([], (c) => void chunks.push(c))).toEqual({ count: 0 });
    expect(unzipSync(concat(chunks))).toEqual({});
    await expect(
      zipPosts([{ fileName: 'a.md', content: 'a' }], () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
  });
});
