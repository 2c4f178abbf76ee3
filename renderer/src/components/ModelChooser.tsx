// Which network looks at the photos: each catalog model with its size and where its file goes; a missing one can
// be downloaded (with progress) or the default is used, which the engine fetches on first use.
import { useCallback, useEffect, useState } from 'react';
import type { AppInfo, LikenessApi, ModelInfo } from '../../../electron/ipc/contract';
import { formatBytes } from '../logic/format';
import { useEvents, type ProgressEvent } from '../state/use-events';
import { ProgressBar } from './ProgressBar';

interface Props {
  api: LikenessApi;
  info: AppInfo | null;
  report: (source: string, err: unknown) => void;
}

export function ModelChooser({ api, info, report }: Props) {
  const [models, setModels] = useState<ModelInfo[]>([]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [download, setDownload] = useState<{ jobId: string | null; modelId: string; progress: ProgressEvent | null } | null>(null);

  const refresh = useCallback(() => {
    api.call('models.list', {}).then(setModels, (err) => report('Models', err));
  }, [api, report]);

  useEffect(() => {
    refresh();
    api.call('settings.get', {}).then((s) => setChosen(s.modelId), (err) => report('Settings', err));
  }, [api, refresh, report]);

  useEvents(api, (e) => {
    if (!download || e.type === 'groups' || e.job !== 'download') return;
    if (download.jobId !== null && e.jobId !== download.jobId) return;
    if (e.type === 'progress') setDownload({ ...download, progress: e });
    else if (e.type === 'done') {
      setDownload(null);
      refresh();
    } else if (e.type === 'error') {
      setDownload(null);
      if (!e.cancelled) report('Downloading the model', new Error(e.message));
    }
  });

  async function choose(modelId: string) {
    setChosen(modelId);
    try {
      const s = await api.call('settings.set', { modelId });
      setChosen(s.modelId);
    } catch (err) {
      report('Choosing the model', err);
    }
  }

  async function startDownload(modelId: string) {
    setDownload({ jobId: null, modelId, progress: null });
    try {
      const { jobId } = await api.call('models.download', { modelId });
      setDownload((d) => (d ? { ...d, jobId } : d));
    } catch (err) {
      setDownload(null);
      report('Downloading the model', err);
    }
  }

  return (
    <section aria-labelledby="model-heading" className="models">
      <h2 id="model-heading">Model</h2>
      <p className="hint">
        The network that looks at each photo. The default is small and fast; larger ones can separate subtler kinds of photos.
        {info ? ` Models are kept in ${info.modelsDir}.` : ''}
      </p>
      <fieldset>
        <legend className="visually-hidden">Model</legend>
        {models.map((m) => (
          <div className="model" key={m.id} data-testid="model">
            <label>
              <input type="radio" name="model" value={m.id} checked={chosen === m.id} onChange={() => choose(m.id)} />
              <span className="model-name">{m.name}</span>
              {m.isDefault && <span className="tag">default</span>}
              <span className="model-size">{formatBytes(m.bytes)}</span>
              <span className="model-state">{m.present ? 'ready' : m.isDefault ? 'downloaded on first use' : 'not downloaded'}</span>
            </label>
            {!m.present && download?.modelId !== m.id && (
              <button type="button" onClick={() => startDownload(m.id)} disabled={download !== null} aria-label={`Download ${m.name} (${formatBytes(m.bytes)})`}>
                Download
              </button>
            )}
            <span className="model-path" title={m.path}>
              {m.path}
            </span>
            {download?.modelId === m.id && <ProgressBar progress={download.progress} label={`Downloading ${m.name}`} />}
          </div>
        ))}
      </fieldset>
    </section>
  );
}
