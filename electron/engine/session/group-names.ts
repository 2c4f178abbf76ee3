// Group names as folder names: two names that a file system would confuse (case, Unicode normalization,
// surrounding spaces) count as the same name, so no two groups of a view can share one (pure).

/** The comparison key of a group name. */
export function nameKey(name: string): string {
  return name.normalize('NFC').trim().toLocaleLowerCase('en-US');
}

/**
 * Makes a view's names distinct: user-given names are kept first (in group order), then a suggested name that
 * collides with one already taken gets " 2", " 3"... Returns the names in group order.
 */
export function distinctNames(groups: Array<{ name: string; renamed: boolean }>): string[] {
  const out = groups.map((g) => g.name);
  const taken = new Set<string>();
  const order = [...groups.keys()].sort((a, b) => Number(groups[b].renamed) - Number(groups[a].renamed) || a - b);
  for (const i of order) {
    let name = out[i];
    for (let n = 2; taken.has(nameKey(name)); n++) name = `${out[i]} ${n}`;
    out[i] = name;
    taken.add(nameKey(name));
  }
  return out;
}
