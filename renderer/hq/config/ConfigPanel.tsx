import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueueError } from '../../../shared/api/errors.js';
import type { BranchConfig } from '../../../shared/config/schema.js';
import type { ConfigIssue } from '../../../shared/config/validation.js';
import type { BranchConfigAnswer, ConfigBranchRow, ConfigVersionList } from '../../../shared/config/versions.js';
import { useLocalized } from '../../i18n/index.js';
import { errorText } from '../../i18n/errorText.js';
import { BranchSection } from './BranchSection.js';
import { ComplaintsSection } from './ComplaintsSection.js';
import { HoursSection } from './HoursSection.js';
import { PausesSection } from './PausesSection.js';
import { PhrasesSection } from './PhrasesSection.js';
import { ServicesSection } from './ServicesSection.js';
import { StaffSection } from './StaffSection.js';
import { ThresholdsSection } from './ThresholdsSection.js';
import { VersionList } from './VersionList.js';
import { HQ_TIME_ZONE } from '../../../shared/hq/api.js';
import { WindowsSection } from './WindowsSection.js';
import { fetchBranchConfig, fetchConfigBranches, fetchConfigVersions, saveBranchConfig } from './configApi.js';
import { issueText, issuesByPath, setAt } from './draft.js';
import type { Path } from './draft.js';
import { EditorContext } from './editorContext.js';
import type { Editor } from './editorContext.js';
import './hqConfig.css';

const SECTIONS = {
  branch: BranchSection,
  services: ServicesSection,
  windows: WindowsSection,
  staff: StaffSection,
  hours: HoursSection,
  phrases: PhrasesSection,
  thresholds: ThresholdsSection,
  pauses: PausesSection,
  complaints: ComplaintsSection,
} as const;
type SectionId = keyof typeof SECTIONS;
const SECTION_IDS = Object.keys(SECTIONS) as SectionId[];

/** Which section a path belongs to, so the tab of a refused field is marked. */
function sectionOf(path: readonly (string | number)[]): SectionId | null {
  const [a, b] = path;
  if (a === 'name' || a === 'region') return 'branch';
  if (a === 'services') return 'services';
  if (a === 'counters') return 'windows';
  if (a === 'staff' || a === 'pins') return 'staff';
  if (a === 'hours') return 'hours';
  if (a === 'policy' || a === 'announcement') return 'thresholds';
  if (a === 'complaints') return 'complaints';
  if (a === 'standards') {
    if (b === 'phraseCatalogue') return 'phrases';
    if (b === 'pausePolicies') return 'pauses';
    return 'thresholds';
  }
  return null;
}

type Note = { kind: 'ok' | 'bad'; text: string } | null;

/**
 * Head office's configuration editor (docs/hq-config.md): pick a branch, edit its sections, save
 * as a new version (refused fields marked where they are), and see every version with who, when
 * and what the branch made of it.
 */
export function ConfigPanel({ token }: { token: string }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const [branches, setBranches] = useState<ConfigBranchRow[]>([]);
  const [branchId, setBranchId] = useState<string | null>(null);
  const [answer, setAnswer] = useState<BranchConfigAnswer | null>(null);
  const [draft, setDraft] = useState<BranchConfig | null>(null);
  const [pins, setPins] = useState<Record<string, string>>({});
  const [issues, setIssues] = useState<ConfigIssue[]>([]);
  const [versions, setVersions] = useState<ConfigVersionList | null>(null);
  const [section, setSection] = useState<SectionId>('services');
  const [note, setNote] = useState<Note>(null);
  const [saving, setSaving] = useState(false);
  // Sections with local text state (the holiday list) start again on a reload or a discard.
  const [resets, setResets] = useState(0);

  const fail = useCallback((err: unknown) => setNote({ kind: 'bad', text: t('hqConfig.loadFailed', { message: errorText(t, err) }) }), [t]);

  const loadBranches = useCallback(async () => {
    try {
      const list = await fetchConfigBranches(token);
      setBranches(list.branches);
      setBranchId((cur) => cur ?? list.branches[0]?.branchId ?? null);
    } catch (err) {
      fail(err);
    }
  }, [token, fail]);

  const loadBranch = useCallback(
    async (id: string) => {
      try {
        const [a, v] = await Promise.all([fetchBranchConfig(token, id), fetchConfigVersions(token, id)]);
        setAnswer(a);
        setDraft(a.config);
        setVersions(v);
        setPins({});
        setIssues([]);
        setResets((n) => n + 1);
      } catch (err) {
        fail(err);
      }
    },
    [token, fail],
  );

  useEffect(() => void loadBranches(), [loadBranches]);
  useEffect(() => {
    if (branchId) void loadBranch(branchId);
  }, [branchId, loadBranch]);
  // The branches' reports arrive on their own: the list and the versions follow them.
  useEffect(() => {
    const timer = setInterval(() => {
      void loadBranches();
      if (branchId) void fetchConfigVersions(token, branchId).then(setVersions, () => undefined);
    }, 10_000);
    return () => clearInterval(timer);
  }, [token, branchId, loadBranches]);

  const byPath = useMemo(() => issuesByPath(issues), [issues]);
  const dirty = draft !== null && answer !== null && (draft !== answer.config || Object.values(pins).some(Boolean));

  const editor: Editor | null = useMemo(
    () =>
      draft && answer
        ? {
            draft,
            update: (path: Path, value: unknown) => setDraft((d) => (d ? setAt(d, path, value) : d)),
            issues: byPath,
            pins,
            setPin: (id, pin) => setPins((p) => ({ ...p, [id]: pin })),
            hasPin: new Set(answer.pins),
          }
        : null,
    [draft, answer, byPath, pins],
  );

  const save = async () => {
    if (!draft || !answer || !branchId) return;
    setSaving(true);
    setNote(null);
    try {
      const given = Object.fromEntries(Object.entries(pins).filter(([, v]) => v !== ''));
      const outcome = await saveBranchConfig(token, branchId, { baseVersion: answer.version, config: draft, pins: given });
      if (outcome.kind === 'invalid') {
        setIssues(outcome.issues);
        setNote({ kind: 'bad', text: t('hqConfig.invalid', { n: outcome.issues.length }) });
        const first = outcome.issues.map((i) => sectionOf(i.path)).find((s) => s !== null);
        if (first && !outcome.issues.some((i) => sectionOf(i.path) === section)) setSection(first);
      } else {
        await loadBranch(branchId);
        await loadBranches();
        setNote({ kind: 'ok', text: t('hqConfig.saved', { v: outcome.saved.version }) });
      }
    } catch (err) {
      setNote({ kind: 'bad', text: err instanceof QueueError && err.code === 'conflict' ? t('hqConfig.conflict') : t('hqConfig.saveFailed', { message: errorText(t, err) }) });
    } finally {
      setSaving(false);
    }
  };

  const Section = SECTIONS[section];
  const flagged = new Set(issues.map((i) => sectionOf(i.path)));

  return (
    <div className="cfg" data-testid="hq-config">
      <aside className="cfg-branches">
        <h2>{t('hqConfig.branches')}</h2>
        <ul>
          {branches.map((b) => (
            <li key={b.branchId}>
              <button
                type="button"
                className={b.branchId === branchId ? 'cfg-branch cfg-branch--on' : 'cfg-branch'}
                onClick={() => setBranchId(b.branchId)}
                data-testid={`cfg-branch-${b.branchId}`}
              >
                <strong>{b.name ? local({ 'zh-CN': b.name['zh-CN'] ?? b.branchId, 'zh-TW': b.name['zh-TW'] ?? b.branchId, en: b.name.en ?? b.branchId }) : b.branchId}</strong>
                <span className="muted">
                  {b.branchId} · {t('hqConfig.version', { v: b.current })}
                </span>
                <span className={b.refused ? 'cfg-bad-text' : b.applied?.version === b.current ? 'cfg-ok-text' : 'muted'}>
                  {b.refused
                    ? t('hqConfig.refusedAt', { v: b.refused.version })
                    : b.applied
                      ? b.applied.version === b.current
                        ? t('hqConfig.appliedAt', { v: b.applied.version })
                        : `${t('hqConfig.appliedAt', { v: b.applied.version })} · ${t('hqConfig.pending')}`
                      : t('hqConfig.notReported')}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </aside>

      <div className="cfg-main">
        <div className="cfg-bar">
          <nav className="cfg-tabs" role="tablist">
            {SECTION_IDS.map((id) => (
              <button
                key={id}
                type="button"
                role="tab"
                aria-selected={id === section}
                className={`cfg-tab${id === section ? ' cfg-tab--on' : ''}${flagged.has(id) ? ' cfg-tab--bad' : ''}`}
                onClick={() => setSection(id)}
                data-testid={`cfg-tab-${id}`}
              >
                {t(`hqConfig.sections.${id}`)}
              </button>
            ))}
          </nav>
          <div className="cfg-actions">
            {dirty && <span className="muted">{t('hqConfig.unsaved')}</span>}
            <button
              type="button"
              className="button"
              disabled={!dirty || saving}
              onClick={() => {
                if (answer) setDraft(answer.config);
                setPins({});
                setIssues([]);
                setResets((n) => n + 1);
              }}
            >
              {t('hqConfig.actions.discard')}
            </button>
            <button type="button" className="button button--primary" disabled={!dirty || saving} onClick={() => void save()} data-testid="cfg-save">
              {saving ? t('hqConfig.actions.saving') : t('hqConfig.actions.save')}
            </button>
          </div>
        </div>
        {note && (
          <p className={note.kind === 'ok' ? 'cfg-note cfg-note--ok' : 'cfg-note cfg-note--bad'} role="status" data-testid="cfg-note">
            {note.text}
          </p>
        )}
        {issues.length > 0 && (
          <ul className="cfg-allissues" data-testid="cfg-issues">
            {issues.map((i, k) => (
              <li key={k}>
                {sectionOf(i.path) && (
                  <>
                    <button type="button" className="cfg-link" onClick={() => setSection(sectionOf(i.path) ?? section)}>
                      {t(`hqConfig.sections.${sectionOf(i.path) ?? section}`)}
                    </button>{' '}
                  </>
                )}
                <code>{i.path.join('.')}</code> {issueText(t, i)}
              </li>
            ))}
          </ul>
        )}
        {editor && (
          <EditorContext.Provider value={editor}>
            <Section key={`${branchId}:${resets}`} />
          </EditorContext.Provider>
        )}
      </div>

      {versions && <VersionList list={versions} timeZone={answer?.config.hours.timezone ?? HQ_TIME_ZONE} />}
    </div>
  );
}
