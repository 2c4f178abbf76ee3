// The app's screens and the flow between them: welcome → working (indexing, grouping) → groups → applying →
// applied (→ undoing → undone). Owns what every screen shares: the opened folder, its groups view, the problems
// list, and the engine's event stream for the open and apply jobs.
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { ApplyResult, AppInfo, GroupsView, LikenessApi, LikenessEvent, RecoveryNote, UndoResult } from '../../../electron/ipc/contract';
import { announceError, announceScreen, announceView, type Screen } from '../app-events';
import { errorMessage, type Problem } from '../state/problems';
import { applyTheme } from '../theme';
import { desktopExtras } from '../transport/desktop-extras';
import { useEvents, type ProgressEvent } from '../state/use-events';
import { Banner } from './Banner';
import { RecoveryBanner } from './RecoveryBanner';
import { WelcomeScreen } from './WelcomeScreen';
import { ProgressScreen } from './ProgressScreen';
import { GroupsScreen } from './GroupsScreen';
import { ApplyResultScreen } from './ApplyResultScreen';

const extras = desktopExtras();

export function App({ api }: { api: LikenessApi }) {
  const [screen, setScreenState] = useState<Screen>('loading');
  const screenRef = useRef<Screen>('loading');
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [folder, setFolder] = useState<string | null>(null);
  const [view, setViewState] = useState<GroupsView | null>(null);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [openJob, setOpenJob] = useState<string | null>(null);
  const [applyResult, setApplyResult] = useState<ApplyResult | null>(null);
  const [undoResult, setUndoResult] = useState<UndoResult | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [banner, setBanner] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** Interrupted applies the engine repaired (on opening, previewing, applying or undoing): shown until dismissed. */
  const [recovered, setRecovered] = useState<RecoveryNote[]>([]);
  const noteRecovered = useCallback((notes: RecoveryNote[]) => {
    if (notes.length) setRecovered((old) => [...old, ...notes.filter((n) => !old.some((o) => o.applyId === n.applyId && o.action === n.action))]);
  }, []);

  const setScreen = useCallback((s: Screen) => {
    screenRef.current = s;
    setScreenState(s);
  }, []);
  useEffect(() => announceScreen(screen), [screen]);

  const setView = useCallback((v: GroupsView) => {
    setViewState(v);
    setFolder(v.folder);
  }, []);
  useEffect(() => {
    if (view) announceView(view.groups.length);
  }, [view]);

  const report = useCallback((source: string, err: unknown) => {
    const message = errorMessage(err);
    setBanner(`${source}: ${message}`);
    setProblems((p) => [...p, { source, reason: message }]);
    announceError(message);
  }, []);

  useEffect(() => {
    api.call('settings.get', {}).then((s) => applyTheme(s.theme), (err) => report('Settings', err));
    api.call('app.info', {}).then(setInfo, (err) => report('Starting', err)).finally(() => setScreen('welcome'));
  }, [api, report, setScreen]);

  useEvents(api, (e: LikenessEvent) => {
    if (e.type === 'groups') {
      // A view of the folder on screen (or being opened) replaces the old one.
      if (screenRef.current === 'working' || e.view.folder === folder) {
        setView(e.view);
        if (screenRef.current === 'working') setScreen('groups');
      }
      return;
    }
    if (e.job === 'open' && screenRef.current === 'working' && (openJob === null || e.jobId === openJob)) {
      if (e.type === 'progress') setProgress(e);
      if (e.type === 'error') {
        if (!e.cancelled) report('Opening the folder', new Error(e.message));
        else setNotice('Opening was cancelled. What was already looked at is kept for next time.');
        setScreen(view && view.folder === folder ? 'groups' : 'welcome');
      }
      return;
    }
    if ((e.job === 'apply' && screenRef.current === 'applying') || (e.job === 'undo-apply' && screenRef.current === 'undoing')) {
      if (e.type === 'progress') setProgress(e);
      else if (e.type === 'error') {
        report(e.job === 'apply' ? 'Organizing' : 'Undoing', new Error(e.message));
        setScreen(e.job === 'apply' ? 'groups' : 'applied');
      } else if (e.type === 'done' && e.job === 'apply') {
        const result = e.result as ApplyResult;
        noteRecovered(result.recovered);
        setApplyResult(result);
        setUndoResult(null);
        setProblems((p) => [...p, ...result.failed.map((f) => ({ source: 'organizing', path: f.path, reason: f.reason }))]);
        setScreen('applied');
      } else if (e.type === 'done') {
        const result = e.result as UndoResult;
        noteRecovered(result.recovered);
        setUndoResult(result);
        setProblems((p) => [...p, ...result.failed.map((f) => ({ source: 'undo', path: f.path, reason: f.reason }))]);
        setScreen('undone');
      }
    }
  });

  const openFolder = useCallback(
    async (path: string) => {
      setBanner(null);
      setNotice(null);
      setRecovered([]);
      setProgress(null);
      setOpenJob(null);
      setFolder(path);
      setScreen('working'); // progress shows at once, before the engine answers
      try {
        const r = await api.call('folders.open', { folder: path });
        setOpenJob(r.jobId);
        setFolder(r.folder);
        noteRecovered(r.recovered);
      } catch (err) {
        report('Opening the folder', err);
        setScreen('welcome');
      }
    },
    [api, report, setScreen, noteRecovered],
  );

  // Desktop only: File › Open from the application menu, and a folder dropped on the window.
  useEffect(
    () =>
      extras.onMenu?.((c) => {
        if (c.command === 'open-folder' && !['working', 'applying', 'undoing'].includes(screenRef.current)) void openFolder(c.folder);
      }),
    [openFolder],
  );
  const canDropFolder = extras.pathForFile !== undefined && (screen === 'welcome' || screen === 'groups');
  const dropFolder = {
    onDragOver: (e: DragEvent) => {
      if (canDropFolder && e.dataTransfer.types.includes('Files')) e.preventDefault();
    },
    onDrop: (e: DragEvent) => {
      const file = e.dataTransfer.files[0];
      if (!canDropFolder || !file || !extras.pathForFile) return;
      e.preventDefault();
      void openFolder(extras.pathForFile(file));
    },
  };

  const cancelOpen = useCallback(() => {
    if (openJob) api.call('jobs.cancel', { jobId: openJob }).catch((err) => report('Cancelling', err));
  }, [api, openJob, report]);

  const startApply = useCallback(
    async (planId: string) => {
      if (!folder) return;
      setProgress(null);
      setScreen('applying');
      try {
        await api.call('organize.apply', { folder, planId });
      } catch (err) {
        report('Organizing', err);
        setScreen('groups');
      }
    },
    [api, folder, report, setScreen],
  );

  const undoApply = useCallback(async () => {
    if (!folder) return;
    setProgress(null);
    setScreen('undoing');
    try {
      await api.call('organize.undo', { folder });
    } catch (err) {
      report('Undoing', err);
      setScreen('applied');
    }
  }, [api, folder, report, setScreen]);

  const backToGroups = useCallback(async () => {
    if (!folder) return;
    try {
      // Files may have moved: ask for the folder's view again rather than showing the old one.
      const v = await api.call('groups.get', { folder });
      if (v) setView(v);
      setScreen('groups');
    } catch (err) {
      report('Loading groups', err);
      setScreen('groups');
    }
  }, [api, folder, report, setScreen, setView]);

  const closeFolder = useCallback(() => {
    setNotice(null);
    setRecovered([]);
    // The engine releases the folder's features and stops serving its photos; the view goes with it.
    if (folder) api.call('folders.close', { folder }).catch((err) => report('Closing the folder', err));
    setViewState(null);
    setScreen('welcome');
  }, [api, folder, report, setScreen]);

  return (
    <div className="app" data-screen={screen} {...dropFolder}>
      <Banner message={banner} onDismiss={() => setBanner(null)} />
      <RecoveryBanner notes={recovered} onDismiss={() => setRecovered([])} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {screen === 'loading' && <p className="loading">Starting…</p>}
      {screen === 'welcome' && <WelcomeScreen api={api} info={info} onOpen={openFolder} report={report} />}
      {screen === 'working' && <ProgressScreen title={`Opening ${folder ?? ''}`} progress={progress} onCancel={cancelOpen} cancelReady={openJob !== null} />}
      {screen === 'groups' && view && folder && (
        <GroupsScreen
          api={api}
          view={view}
          onView={setView}
          problems={problems}
          report={report}
          onApply={startApply}
          onRecovered={noteRecovered}
          onClose={closeFolder}
        />
      )}
      {(screen === 'applying' || screen === 'undoing') && (
        <ProgressScreen title={screen === 'applying' ? 'Organizing files' : 'Undoing'} progress={progress} />
      )}
      {(screen === 'applied' || screen === 'undone') && applyResult && (
        <ApplyResultScreen
          api={api}
          info={info}
          result={applyResult}
          undo={undoResult}
          onUndo={undoApply}
          onBack={backToGroups}
          report={report}
        />
      )}
    </div>
  );
}
