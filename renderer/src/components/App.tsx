// The app's screens and the flow between them: welcome → working (indexing, grouping) → groups → applying →
// applied (→ undoing → undone). Owns what every screen shares: the opened folder, its groups view, the problems of
// each folder (only the open folder's are shown), the theme, and the engine's event stream for the open and apply
// jobs (Cancel while applying stops and puts back what was done).
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { ApplyResult, AppInfo, GroupsView, LikenessApi, LikenessEvent, PlanPreview, RecoveryNote, Settings, UndoResult } from '../../../electron/ipc/contract';
import { announceError, announceScreen, announceView, type Screen } from '../app-events';
import { plural } from '../logic/format';
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

/** A problem and the folder it is about (null: not about a folder). */
type FolderProblem = Problem & { folder: string | null };

export function App({ api }: { api: LikenessApi }) {
  const [screen, setScreenState] = useState<Screen>('loading');
  const screenRef = useRef<Screen>('loading');
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [folder, setFolder] = useState<string | null>(null);
  const folderRef = useRef<string | null>(null);
  const [view, setViewState] = useState<GroupsView | null>(null);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [openJob, setOpenJob] = useState<string | null>(null);
  /** A folder that could not be opened: the welcome screen shows it again, to be corrected rather than retyped. */
  const [unopened, setUnopened] = useState<string | null>(null);
  const [applyJob, setApplyJob] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState<string | null>(null);
  const [applyResult, setApplyResult] = useState<ApplyResult | null>(null);
  const [appliedPlan, setAppliedPlan] = useState<PlanPreview | null>(null);
  const [undoResult, setUndoResult] = useState<UndoResult | null>(null);
  const [problems, setProblems] = useState<FolderProblem[]>([]);
  const [banner, setBanner] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [theme, setThemeState] = useState<Settings['theme']>('system');
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

  const showFolder = useCallback((f: string | null) => {
    folderRef.current = f;
    setFolder(f);
  }, []);
  const setView = useCallback(
    (v: GroupsView) => {
      setViewState(v);
      showFolder(v.folder);
    },
    [showFolder],
  );
  useEffect(() => {
    if (view) announceView(view.groups.length);
  }, [view]);

  /** Reports a failure about the folder on screen (or being opened), or about `about`. */
  const report = useCallback((source: string, err: unknown, about: string | null = folderRef.current) => {
    const message = errorMessage(err);
    setBanner(`${source}: ${message}`);
    setProblems((p) => [...p, { source, reason: message, folder: about }]);
    announceError(message);
  }, []);

  const changeTheme = useCallback(
    (t: Settings['theme']) => {
      setThemeState(t);
      applyTheme(t);
      api.call('settings.set', { theme: t }).catch((err) => report('Saving the theme', err));
    },
    [api, report],
  );

  useEffect(() => {
    api.call('settings.get', {}).then(
      (s) => {
        setThemeState(s.theme);
        applyTheme(s.theme);
      },
      (err) => report('Settings', err),
    );
    api.call('app.info', {}).then(setInfo, (err) => report('Starting', err)).finally(() => setScreen('welcome'));
  }, [api, report, setScreen]);

  const backToGroups = useCallback(async () => {
    const f = folderRef.current;
    if (!f) return;
    try {
      // Files may have moved: ask for the folder's view again rather than showing the old one.
      const v = await api.call('groups.get', { folder: f });
      if (v) setView(v);
      setScreen('groups');
    } catch (err) {
      report('Loading groups', err);
      setScreen('groups');
    }
  }, [api, report, setScreen, setView]);

  useEvents(api, (e: LikenessEvent) => {
    if (e.type === 'groups') {
      // A view of the folder on screen (or being opened) replaces the old one.
      if (screenRef.current === 'working' || e.view.folder === folderRef.current) {
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
        setScreen(view && view.folder === folderRef.current ? 'groups' : 'welcome');
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
        setCancelling(null);
        setApplyJob(null);
        setProblems((p) => [...p, ...(result.cancelled?.failed ?? result.failed).map((f) => ({ source: 'organizing', path: f.path, reason: f.reason, folder: folderRef.current }))]);
        if (result.cancelled) {
          const back = result.cancelled.restored;
          setNotice(
            `Organizing was cancelled. ${back ? `${plural(back, 'file')} already ${result.mode === 'copy' ? 'copied were removed again' : 'moved went back'}` : 'Nothing had changed yet'}${result.cancelled.failed.length ? `; ${plural(result.cancelled.failed.length, 'file')} could not (see Problems)` : ''}.`,
          );
          void backToGroups();
          return;
        }
        setApplyResult(result);
        setUndoResult(null);
        setScreen('applied');
      } else if (e.type === 'done') {
        const result = e.result as UndoResult;
        noteRecovered(result.recovered);
        setUndoResult(result);
        setProblems((p) => [...p, ...result.failed.map((f) => ({ source: 'undo', path: f.path, reason: f.reason, folder: folderRef.current }))]);
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
      showFolder(path);
      setScreen('working'); // progress shows at once, before the engine answers
      try {
        const r = await api.call('folders.open', { folder: path });
        setUnopened(null);
        setOpenJob(r.jobId);
        showFolder(r.folder);
        // The problems panel is the open folder's: those of other folders go.
        setProblems((p) => p.filter((x) => x.folder === r.folder));
        noteRecovered(r.recovered);
      } catch (err) {
        report('Opening the folder', err, path);
        setUnopened(path);
        showFolder(view?.folder ?? null);
        setScreen('welcome');
      }
    },
    [api, report, setScreen, noteRecovered, showFolder, view],
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
    async (plan: PlanPreview) => {
      const f = folderRef.current;
      if (!f) return;
      setProgress(null);
      setApplyJob(null);
      setCancelling(null);
      setAppliedPlan(plan);
      setScreen('applying');
      try {
        const r = await api.call('organize.apply', { folder: f, planId: plan.planId });
        setApplyJob(r.jobId);
      } catch (err) {
        report('Organizing', err);
        setScreen('groups');
      }
    },
    [api, report, setScreen],
  );

  const cancelApply = useCallback(() => {
    if (!applyJob) return;
    setCancelling(appliedPlan?.mode === 'copy' ? 'Stopping, then removing the copies already made…' : 'Stopping, then putting back the files already moved…');
    api.call('jobs.cancel', { jobId: applyJob }).catch((err) => report('Cancelling', err));
  }, [api, applyJob, appliedPlan, report]);

  /** Undoes the last apply; `leaveRest`: the files that could not go back stay where they are, and that apply is closed. */
  const undoApply = useCallback(async (leaveRest?: boolean) => {
    const f = folderRef.current;
    if (!f) return;
    setProgress(null);
    setScreen('undoing');
    try {
      await api.call('organize.undo', leaveRest ? { folder: f, leaveRest: true } : { folder: f });
    } catch (err) {
      report('Undoing', err);
      setScreen('applied');
    }
  }, [api, report, setScreen]);

  const closeFolder = useCallback(() => {
    setNotice(null);
    setRecovered([]);
    const f = folderRef.current;
    // The engine releases the folder's features and stops serving its photos; the view and its problems go with it.
    if (f) api.call('folders.close', { folder: f }).catch((err) => report('Closing the folder', err, null));
    setProblems((p) => p.filter((x) => x.folder !== f));
    setViewState(null);
    showFolder(null);
    setScreen('welcome');
  }, [api, report, setScreen, showFolder]);

  const copying = (applyResult ?? appliedPlan)?.mode === 'copy';
  const folderProblems = problems.filter((p) => p.folder === folder);

  return (
    <div className="app" data-screen={screen} {...dropFolder}>
      <Banner message={banner} onDismiss={() => setBanner(null)} />
      <RecoveryBanner notes={recovered} onDismiss={() => setRecovered([])} />
      {notice && (
        <p className="notice" role="status" data-testid="notice">
          {notice}
        </p>
      )}
      {screen === 'loading' && <p className="loading">Starting…</p>}
      {screen === 'welcome' && <WelcomeScreen api={api} info={info} onOpen={openFolder} report={report} theme={theme} onTheme={changeTheme} typed={unopened} />}
      {screen === 'working' && <ProgressScreen title={`Opening ${folder ?? ''}`} progress={progress} onCancel={cancelOpen} cancelReady={openJob !== null} />}
      {screen === 'groups' && view && folder && (
        <GroupsScreen
          api={api}
          view={view}
          onView={setView}
          problems={folderProblems}
          report={report}
          onApply={startApply}
          onRecovered={noteRecovered}
          onClose={closeFolder}
          theme={theme}
          onTheme={changeTheme}
        />
      )}
      {screen === 'applying' && (
        <ProgressScreen
          title={copying ? 'Copying files' : 'Moving files'}
          progress={progress}
          ownStages={['apply']}
          stageLabel={copying ? 'Copying files into their group folders' : 'Moving files into their group folders'}
          onCancel={cancelApply}
          cancelReady={applyJob !== null}
          cancelHint="Stop, then put back what was already done"
          cancelling={cancelling}
        />
      )}
      {screen === 'undoing' && (
        <ProgressScreen
          title={copying ? 'Removing the copies' : 'Putting the files back'}
          progress={progress}
          ownStages={['apply']}
          stageLabel={copying ? 'Removing the copies (the originals stay)' : 'Putting files back where they were'}
        />
      )}
      {(screen === 'applied' || screen === 'undone') && applyResult && (
        <ApplyResultScreen
          api={api}
          info={info}
          result={applyResult}
          plan={appliedPlan}
          undo={undoResult}
          onUndo={() => void undoApply()}
          onLeaveRest={() => void undoApply(true)}
          onBack={backToGroups}
          report={report}
        />
      )}
    </div>
  );
}
