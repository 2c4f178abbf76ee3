// The header row of a group (or of Unsorted / Excluded): checkbox for Merge, the name edited in place, the size,
// how many members are only suggested, and excluding the whole group.
import type { Section } from '../logic/sections';
import { plural } from '../logic/format';
import { GroupName } from './GroupName';

interface Props {
  section: Section;
  checked: boolean;
  onCheck: () => void;
  onRename: (name: string) => void;
  onExcludeGroup: () => void;
}

export function SectionHeader({ section, checked, onCheck, onRename, onExcludeGroup }: Props) {
  const isGroup = section.kind === 'group';
  return (
    <div
      className={`section-header ${section.kind}`}
      data-testid="group-header"
      data-group={section.id ?? section.key}
      data-kind={section.kind}
      data-user-made={section.userMade || undefined}
    >
      {isGroup ? (
        <input type="checkbox" checked={checked} onChange={onCheck} aria-label={`Select group ${section.name}`} data-testid="group-check" />
      ) : (
        <span className="check-space" />
      )}
      <h2>
        <GroupName name={section.name} editable={isGroup} onRename={onRename} />
      </h2>
      <span className="group-size" data-testid="group-size">
        {plural(section.photos.length, 'photo')}
      </span>
      {section.suggested > 0 && <span className="group-suggested">{section.suggested} suggested</span>}
      {section.userMade && <span className="tag">yours</span>}
      {section.kind === 'unsorted' && <span className="hint">left where they are</span>}
      {section.kind === 'excluded' && <span className="hint">never moved</span>}
      {isGroup && (
        <button type="button" className="quiet" onClick={onExcludeGroup} aria-label={`Exclude group ${section.name}`}>
          Exclude
        </button>
      )}
    </div>
  );
}
