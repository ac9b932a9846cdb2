/** The zip's name: what it holds and when, e.g. `finews-posts-20260126.zip`. */
export function zipFileName(now: Date): string {
  return `finews-posts-${now.toISOString().slice(0, 10).replaceAll('-', '')}.zip`;
}
