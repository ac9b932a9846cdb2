/** The selection mode's choices: sets of article ids, never changed in place (the popup redraws on a new one). */

/** `id` chosen if it was not, and no longer if it was. */
export function toggled(selected: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(selected);
  if (!next.delete(id)) next.add(id);
  return next;
}

/** Every row shown chosen; none when all of them already are ("select all shown" pressed again). */
export function withShown(selected: ReadonlySet<string>, shown: readonly string[]): Set<string> {
  const all = shown.length > 0 && shown.every((id) => selected.has(id));
  return all ? new Set() : new Set([...selected, ...shown]);
}

export function without(selected: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(selected);
  next.delete(id);
  return next;
}
