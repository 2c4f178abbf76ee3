// "Why is this photo here?": for the photo the keyboard (or a click) is on, what the network sees in it, what its
// group's photos mostly show (and the group's concept when the grouping names one), whether it is only suggested,
// how close it is to the group, and whether the person placed it. Asked of the engine whenever the photo changes.
import { useEffect, useState } from 'react';
import type { LikenessApi, Photo, PhotoExplanation } from '../../../electron/ipc/contract';
import { baseName, formatCount, plural } from '../logic/format';
import { errorMessage } from '../state/problems';

interface Props {
  api: LikenessApi;
  folder: string;
  photo: Photo | null;
  /** Changes with every new view, so the answer follows edits. */
  version: unknown;
  onClose: () => void;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function WhyPanel({ api, folder, photo, version, onClose }: Props) {
  const [why, setWhy] = useState<PhotoExplanation | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setWhy(null);
    setError(null);
    if (!photo) return;
    let live = true;
    api.call('photos.explain', { folder, key: photo.key }).then(
      (w) => live && setWhy(w),
      (err) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [api, folder, photo, version]);

  return (
    <aside className="side-panel why" aria-labelledby="why-title" data-testid="why-panel">
      <header>
        <h2 id="why-title">Why here?</h2>
        <button type="button" className="quiet" onClick={onClose} aria-label="Close the why panel">
          ×
        </button>
      </header>
      {!photo && <p className="hint">Pick a photo in the grid.</p>}
      {photo && (
        <>
          <p className="why-photo">
            <img src={photo.thumb} alt="" />
            <span>{baseName(photo.path)}</span>
          </p>
          {error && <p className="error">{error}</p>}
          {!why && !error && <p className="hint">Looking…</p>}
          {why && <Explanation why={why} />}
        </>
      )}
    </aside>
  );
}

function Explanation({ why }: { why: PhotoExplanation }) {
  return (
    <div data-testid="why">
      <h3>Where it is</h3>
      <p data-testid="why-place">
        {why.place === 'excluded' && 'Excluded: you set it aside, it is never moved.'}
        {why.place === 'unsorted' && (why.placedByUser ? 'In Unsorted, where you put it.' : 'In Unsorted: its neighbours do not agree on a group.')}
        {why.place === 'group' && why.group && (
          <>
            In <strong>{why.group.name}</strong> ({plural(why.group.size, 'photo')})
            {why.group.concept ? `, a group of ${why.group.concept}` : ''}
            {why.placedByUser ? ', where you put it (or a group you edited).' : ', as the grouping suggests.'}
          </>
        )}
      </p>
      {why.suggested !== undefined && (
        <p data-testid="why-suggested">Only suggested: {pct(why.suggested)} of the photos most like it are in this group. Accept (A) or reject (R) it.</p>
      )}
      {why.closeness && why.group && (
        <p data-testid="why-closeness">
          Closeness to the group: {why.closeness.similarity.toFixed(2)} (cosine similarity to the group’s average photo);{' '}
          {why.closeness.closerMembers === 0 ? 'no photo of the group is closer.' : `${formatCount(why.closeness.closerMembers)} of its ${plural(why.group.size, 'photo')} ${why.closeness.closerMembers === 1 ? 'is' : 'are'} closer.`}
        </p>
      )}
      <h3>What the network sees in it</h3>
      <ul className="classes" data-testid="why-top">
        {why.top.map((c) => (
          <li key={c.name}>
            <span>{c.name}</span> <span className="hint">{pct(c.probability)}</span>
          </li>
        ))}
      </ul>
      {why.group && why.group.classes.length > 0 && (
        <>
          <h3>What the group’s photos mostly show</h3>
          <ul className="classes" data-testid="why-group-classes">
            {why.group.classes.map((c) => (
              <li key={c.name}>
                <span>{c.name}</span> <span className="hint">{pct(c.share)} of its photos</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
