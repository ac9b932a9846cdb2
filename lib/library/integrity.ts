/**
 * A check of the library's integrity, for tests and repairs: every row
 * belongs to an article, every article has its body, and the derived
 * tables (groups, members, search documents) agree with the articles.
 * Reads everything: never call it on the reader's path.
 */
import { categoryOf } from './groups';
import type { LibraryDb } from './db';
import type { MemberKey } from './tables';

/** What is wrong, one sentence per problem (empty when the library is whole). */
export async function checkIntegrity(db: LibraryDb): Promise<string[]> {
  return db.transaction('r', [db.articles, db.bodies, db.images, db.groups, db.members, db.searchDocs], async () => {
    const [articles, bodyIds, imageKeys, groups, members, docs] = await Promise.all([
      db.articles.toArray(),
      db.bodies.toCollection().primaryKeys(),
      db.images.toCollection().primaryKeys(),
      db.groups.toArray(),
      db.members.toCollection().primaryKeys(),
      db.searchDocs.toArray(),
    ]);
    const problems: string[] = [];
    const byId = new Map(articles.map((article) => [article.id, article]));
    const bodies = new Set(bodyIds);
    for (const id of bodies) if (!byId.has(id)) problems.push(`body "${id}" belongs to no article`);
    for (const id of byId.keys()) if (!bodies.has(id)) problems.push(`article "${id}" has no body`);
    for (const [articleId, url] of imageKeys) {
      const article = byId.get(articleId);
      if (!article) problems.push(`image "${url}" belongs to no article ("${articleId}")`);
      else if (!article.images.includes(url)) problems.push(`image "${url}" is not in article "${articleId}"`);
    }

    // The derived tables, recounted from the articles.
    const expected = new Map<string, number>();
    const count = (kind: string, key: string) => expected.set(`${kind}\u0000${key}`, (expected.get(`${kind}\u0000${key}`) ?? 0) + 1);
    for (const article of articles) {
      count('category', categoryOf(article));
      for (const tag of new Set(article.tags)) count('tag', tag);
      if (!article.read) count('unread', '');
      // Every article is in the recently saved list (groups.ts savedKey).
      count('saved', '');
    }
    const stored = new Map(groups.filter((g) => g.count > 0).map((g) => [`${g.kind}\u0000${g.key}`, g.count]));
    for (const [key, n] of expected) if (stored.get(key) !== n) problems.push(`group ${key.replace('\u0000', ' ')} counts ${stored.get(key) ?? 0}, not ${n}`);
    for (const key of stored.keys()) if (!expected.has(key)) problems.push(`group ${key.replace('\u0000', ' ')} has no article`);
    if (members.length !== [...expected.values()].reduce((a, b) => a + b, 0)) problems.push(`members hold ${members.length} keys, not one per group of each article`);
    for (const [, , , id] of members as MemberKey[]) if (!byId.has(id)) problems.push(`member key of article "${id}", which is gone`);
    const indexed = new Set(docs.map((doc) => doc.id));
    for (const id of byId.keys()) if (!indexed.has(id)) problems.push(`article "${id}" is not in the search index`);
    for (const id of indexed) if (!byId.has(id)) problems.push(`the search index holds "${id}", which is gone`);
    return problems;
  });
}
