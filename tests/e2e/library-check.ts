/**
 * Everything the extension's IndexedDB holds, read directly from one of its
 * pages (not through the extension's code), and the checks that it is whole:
 * no body without its article or article without its body, no image of a
 * missing article, and the derived tables (groups, members, search docs)
 * exactly what the articles imply. Call only once an extension page has
 * opened the library.
 */
import type { Page } from 'playwright-core';
import { DB_NAME } from '../../lib/library/db';
import { categoryOf } from '../../lib/library/groups';
import type { ArticleRecord, GroupRecord } from '../../lib/library/records';

export interface StoredImage {
  articleId: string;
  url: string;
  type: string;
  size: number;
  sha256: string;
}

export interface LibraryDump {
  articles: ArticleRecord[];
  bodies: { id: string; html: string }[];
  images: StoredImage[];
  groups: GroupRecord[];
  /** Member keys: [kind, key, sortTime, id]. */
  members: [string, string, number, string][];
  searchDocs: { doc: number; id: string; sortTime: number; article: ArticleRecord }[];
}

/** One read transaction over every store: a consistent snapshot. Image bytes are hashed in the page. */
export async function dumpLibrary(extensionPage: Page): Promise<LibraryDump> {
  // Handed over as one JSON string: Playwright's own serializing of a large object takes seconds.
  const json = await extensionPage.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onerror = () => reject(request.error);
      request.onsuccess = () => resolve(request.result);
    });
    const stores = ['articles', 'bodies', 'images', 'groups', 'members', 'searchDocs'];
    const tx = db.transaction(stores, 'readonly');
    // No named helpers in here: a bundler's name-keeping shim does not exist in the page.
    const requests = {
      articles: tx.objectStore('articles').getAll(),
      bodies: tx.objectStore('bodies').getAll(),
      images: tx.objectStore('images').getAll(),
      groups: tx.objectStore('groups').getAll(),
      members: tx.objectStore('members').getAllKeys(),
      searchDocs: tx.objectStore('searchDocs').getAll(),
    };
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    const images = await Promise.all(
      (requests.images.result as { articleId: string; url: string; type: string; blob: Blob }[]).map(async (image) => {
        const bytes = await image.blob.arrayBuffer();
        return { articleId: image.articleId, url: image.url, type: image.type, size: bytes.byteLength, sha256: [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('') };
      }),
    );
    return JSON.stringify({
      articles: requests.articles.result,
      bodies: requests.bodies.result,
      images,
      groups: requests.groups.result,
      members: requests.members.result,
      searchDocs: requests.searchDocs.result,
    });
  }, DB_NAME);
  return JSON.parse(json) as LibraryDump;
}

/** What is wrong with the stored library; empty when it is whole and its derived tables agree. */
export function libraryProblems(dump: LibraryDump): string[] {
  const problems: string[] = [];
  const articles = new Map(dump.articles.map((a) => [a.id, a]));
  const bodies = new Set(dump.bodies.map((b) => b.id));
  for (const id of articles.keys()) if (!bodies.has(id)) problems.push(`article ${id} has no body`);
  for (const id of bodies) if (!articles.has(id)) problems.push(`body ${id} has no article`);
  for (const image of dump.images) {
    const article = articles.get(image.articleId);
    if (!article) problems.push(`image ${image.url} of missing article ${image.articleId}`);
    else if (!article.images.includes(image.url)) problems.push(`image ${image.url} is not in article ${image.articleId}`);
  }

  // Members: exactly the keys the articles imply (category, each tag, unread).
  const expected = new Set<string>();
  for (const a of dump.articles) {
    expected.add(JSON.stringify(['category', categoryOf(a), a.sortTime, a.id]));
    for (const tag of new Set(a.tags)) expected.add(JSON.stringify(['tag', tag, a.sortTime, a.id]));
    if (!a.read) expected.add(JSON.stringify(['unread', '', a.sortTime, a.id]));
  }
  const stored = new Set(dump.members.map((k) => JSON.stringify(k)));
  for (const key of expected) if (!stored.has(key)) problems.push(`member ${key} missing`);
  for (const key of stored) if (!expected.has(key)) problems.push(`member ${key} has no article`);

  // Groups: each count and newest time as its members say; groups without members count 0.
  const tally = new Map<string, { count: number; newest: number }>();
  for (const [kind, key, sortTime] of dump.members) {
    const id = JSON.stringify([kind, key]);
    const t = tally.get(id) ?? { count: 0, newest: -Infinity };
    tally.set(id, { count: t.count + 1, newest: Math.max(t.newest, sortTime) });
  }
  const groups = new Map(dump.groups.map((g) => [JSON.stringify([g.kind, g.key]), g]));
  for (const [id, t] of tally) {
    const group = groups.get(id);
    if (!group) problems.push(`group ${id} missing`);
    else if (group.count !== t.count || group.newest !== t.newest) {
      problems.push(`group ${id} says ${group.count} (newest ${group.newest}), members say ${t.count} (newest ${t.newest})`);
    }
  }
  for (const [id, group] of groups) if (!tally.has(id) && group.count !== 0) problems.push(`group ${id} counts ${group.count} with no member`);

  // Search: one doc per article, carrying the article's current row.
  const docs = new Map<string, number>();
  for (const doc of dump.searchDocs) {
    docs.set(doc.id, (docs.get(doc.id) ?? 0) + 1);
    const article = articles.get(doc.id);
    if (!article) problems.push(`search doc ${doc.doc} of missing article ${doc.id}`);
    else if (doc.sortTime !== article.sortTime || JSON.stringify(doc.article) !== JSON.stringify(article)) {
      problems.push(`search doc of ${doc.id} is stale`);
    }
  }
  for (const [id, count] of docs) if (count > 1) problems.push(`article ${id} has ${count} search docs`);
  for (const id of articles.keys()) if (!docs.has(id)) problems.push(`article ${id} has no search doc`);
  return problems;
}
