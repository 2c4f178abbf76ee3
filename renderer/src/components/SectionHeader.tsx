// The header of a group (or of Unsorted / Excluded), one cell of the photo grid: the Merge checkbox, the name
// (renamed in place), the size, how many members are only suggested, and buttons to select the group's photos and
// to exclude the whole group. Its controls are out of the Tab order (the grid has one tab stop); from the keyboard
// the header cell answers Space (check for Merge), Enter (select the photos), F2 (rename) and Shift+F10 (all of it).
import type { Section } from '../logic/sections';
import { plural } from '../logic/format';
import { GroupName } from './GroupName';

interface Props {
  section: Section;
  checked: boolean;
  renaming: boolean;
  onCheck: () => void;
  onRenameStart: () => void;
  onRenameEnd: (name: string | null) => void;
  onSelectPhotos: () => void;
  onExcludeGroup: () => void;
}

/** What Unsorted and Excluded mean, as a person reads them apart. */
export const SECTION_HINTS = {
  unsorted: 'not in any group yet — stay where they are unless you move them into a group',
  excluded: 'set aside by you — never moved or copied, whatever group they resemble',
} as const;

export function SectionHeader({ section, checked, renaming, onCheck, onRenameStart, onRenameEnd, onSelectPhotos, onExcludeGroup }: Props) {
  const isGroup = section.kind === 'group';
  return (
    <div
      className={`section-header ${section.kind}`}
      data-testid="group-header"
      data-group={section.id ?? section.key}
      data-kind={section.kind}
      data-user-made={section.userMade || undefined}
      data-kept={section.kept || undefined}
    >
      {isGroup ? (
        <input type="checkbox" tabIndex={-1} checked={checked} onChange={onCheck} aria-label={`Check ${section.name} for Merge`} data-testid="group-check" />
      ) : (
        <span className="check-space" />
      )}
      <h2>
        <GroupName name={section.name} editable={isGroup} editing={renaming} onStart={onRenameStart} onEnd={onRenameEnd} />
      </h2>
      <span className="group-size" data-testid="group-size">
        {plural(section.photos.length, 'photo')}
      </span>
      {section.suggested > 0 && <span className="group-suggested">{section.suggested} suggested</span>}
      {section.userMade ? <span className="tag">made by you</span> : section.kept ? <span className="tag" title="Edited by you: it keeps its photos when the slider moves">yours</span> : null}
      {section.kind !== 'group' && (
        <span className="hint section-hint" data-testid="section-hint">
          {SECTION_HINTS[section.kind]}
        </span>
      )}
      <span className="header-actions">
        {section.photos.length > 0 && (
          <button type="button" tabIndex={-1} className="quiet" onClick={onSelectPhotos} aria-label={`Select all photos of ${section.name}`}>
            Select all
          </button>
        )}
        {isGroup && (
          <button type="button" tabIndex={-1} className="quiet" onClick={onExcludeGroup} aria-label={`Exclude group ${section.name}`}>
            Exclude group
          </button>
        )}
      </span>
    </div>
  );
}
