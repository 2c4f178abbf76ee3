// Search and filter of the groups view (pure): a group whose name matches shows all its photos; any other section
// shows only its photos that match (the engine matches file names and what the photos show). Sections left empty
// are hidden. Tested in test/renderer-filter.test.ts.
import type { Section } from './sections';

export interface Filter {
  query: string;
  /** Keys of the photos the engine found for the query. */
  keys: ReadonlySet<string>;
}

export function nameMatches(name: string, query: string): boolean {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const n = name.toLocaleLowerCase();
  return words.length > 0 && words.every((w) => n.includes(w));
}

export function filterSections(sections: readonly Section[], filter: Filter | null): Section[] {
  if (!filter || !filter.query.trim()) return [...sections];
  const out: Section[] = [];
  for (const s of sections) {
    if (s.kind === 'group' && nameMatches(s.name, filter.query)) {
      out.push(s);
      continue;
    }
    const photos = s.photos.filter((p) => filter.keys.has(p.key));
    if (photos.length) out.push({ ...s, photos, suggested: photos.filter((p) => p.suggested !== undefined).length });
  }
  return out;
}
