/**
 * The `_posts/` file name of each article. The export names a post
 * `YYYY-MM-DD-<infoCode or title slug>.md`, so two articles can want the
 * same name (two "Market update" pages of one day; names differing only in
 * case, which macOS and Windows take for one file). In the folder neither
 * may overwrite the other, and every browser must pick the same names, so
 * the rule depends on the library alone, never on the order of writes:
 *
 *   among the articles whose export names are equal (compared in lower
 *   case), the one whose id sorts first keeps the name; each other one gets
 *   `<name>-<8 hex digits of its id's FNV-1a hash>.md`.
 *
 * An article without a clash keeps exactly the export's name. A browser that
 * sees a clash appear, change or go (a sync brought in or took away one of
 * its articles) rewrites the posts of that group (`settleClashes`), so the
 * folder converges whatever order the browsers wrote in.
 */
import { shortHash } from '../export/post/file-name';
import { postFileName } from '../export/post/post';
import type { ArticleRecord } from '../library/records';

/** The export's own name for the article's post, or undefined for an undated article (no post). */
export function plainName(record: ArticleRecord): string | undefined {
  try {
    return postFileName(record);
  } catch {
    return undefined;
  }
}

/** The name of a post that lost its export name to an article whose id sorts first. */
export function clashName(plain: string, id: string): string {
  return `${plain.replace(/\.md$/, '')}-${shortHash(id)}.md`;
}

/**
 * The names of the library's posts, kept while a sync changes the library.
 * With `loadDays` it holds only the days a sync has asked for (`ensure`):
 * a clash is between posts of one day, so the days of the articles a sync
 * touches are all it needs (lib/sync/local-changes.ts); without, it holds
 * what was `set`, taken for the whole library.
 */
export class PostNames {
  private readonly plainOf = new Map<string, string>();
  private readonly byName = new Map<string, Set<string>>();
  /** Ids set or deleted from the library itself: a day loaded later does not overwrite them. */
  private readonly pinned = new Set<string>();
  private readonly days = new Set<string>();

  constructor(private readonly loadDays?: (days: string[] | undefined) => Promise<Record<string, string>[]>) {}

  /** Loads the days of these post names (or every day) when not loaded yet. */
  async ensure(names?: Iterable<string | undefined>): Promise<void> {
    if (!this.loadDays || this.days.has('*')) return;
    const wanted = names ? [...new Set([...names].flatMap((n) => (n ? [n.slice(0, 10)] : [])))].filter((d) => !this.days.has(d)) : undefined;
    if (wanted?.length === 0) return;
    for (const day of await this.loadDays(wanted)) for (const [id, plain] of Object.entries(day)) if (!this.pinned.has(id)) this.put(id, plain);
    for (const day of wanted ?? ['*']) this.days.add(day);
  }

  /** Holds what was `set` as the whole library: a sync that read the whole library loads no day. */
  ensureNone(): void {
    this.days.add('*');
  }

  /** Whether every day is known (the whole library's names). */
  get whole(): boolean {
    return !this.loadDays || this.days.has('*');
  }

  /** Whether the clash group of `key` (a lower-case name) is known whole. */
  covers(key: string): boolean {
    return !this.loadDays || this.days.has('*') || this.days.has(key.slice(0, 10));
  }

  set(record: ArticleRecord): void {
    this.pinned.add(record.id);
    this.put(record.id, plainName(record));
  }

  private put(id: string, plain: string | undefined): void {
    this.drop(id);
    if (!plain) return;
    this.plainOf.set(id, plain);
    const key = plain.toLowerCase();
    let ids = this.byName.get(key);
    if (!ids) this.byName.set(key, (ids = new Set()));
    ids.add(id);
  }

  delete(id: string): void {
    this.pinned.add(id);
    this.drop(id);
  }

  private drop(id: string): void {
    const plain = this.plainOf.get(id);
    if (plain === undefined) return;
    this.plainOf.delete(id);
    const key = plain.toLowerCase();
    const ids = this.byName.get(key);
    ids?.delete(id);
    if (ids?.size === 0) this.byName.delete(key);
  }

  /** The name of the record's post under the rule (as though it were in the library), or undefined when it has none. */
  nameOf(record: ArticleRecord): string | undefined {
    const plain = plainName(record);
    if (!plain) return undefined;
    return firstOf(record.id, this.byName.get(plain.toLowerCase())) === record.id ? plain : clashName(plain, record.id);
  }

  /** Whether some article of the library has its post under `name` (or wants it: a clash name counts too). */
  has(name: string): boolean {
    const key = name.toLowerCase();
    if (this.byName.has(key)) return true;
    const clash = /^(.*)-([0-9a-f]{8})\.md$/.exec(key);
    return clash !== null && this.byName.has(`${clash[1]}.md`);
  }

  /** Whether `name` is the post of an article other than `id` (a name is never deleted from under it). */
  ownedByOther(name: string, id: string): boolean {
    const ids = this.byName.get(name.toLowerCase());
    return ids !== undefined && firstOf(id, ids) !== id;
  }

  /** Each name two or more articles want: lower-case name → [id, file name] of each, ids in order. */
  clashes(): Record<string, [string, string][]> {
    const groups: Record<string, [string, string][]> = {};
    for (const [key, ids] of this.byName) if (ids.size > 1) groups[key] = this.group(key);
    return groups;
  }

  /** The articles that want `key` (lower case), with the name each gets. */
  group(key: string): [string, string][] {
    const ids = [...(this.byName.get(key) ?? [])].sort();
    return ids.map((id, i) => [id, i === 0 ? this.plainOf.get(id)! : clashName(this.plainOf.get(id)!, id)]);
  }
}

function firstOf(id: string, ids: Iterable<string> | undefined): string {
  let first = id;
  for (const other of ids ?? []) if (other < first) first = other;
  return first;
}
