import { useRef, useState } from 'preact/hooks';
import * as v from 'valibot';
import {
  AnnotationCreateSchema, HORIZONS, PRIORITIES, SUMMARY_MAX, VISIBILITIES, issuesToFields,
  type AnnotationCreate, type Horizon, type Priority, type Taxonomy, type TicketRef, type Visibility,
} from '../../shared/schemas';

interface Choice {
  id: string;
  name: string;
  retiredAt: string | null;
}

const live = <T extends Choice>(list: T[]) => list.filter((x) => !x.retiredAt);

/** The id of the entry whose name was typed or picked (case-insensitive), if any. */
function idByName(list: Choice[], typed: string): string | undefined {
  const wanted = typed.trim().toLocaleLowerCase();
  return wanted ? live(list).find((x) => x.name.toLocaleLowerCase() === wanted)?.id : undefined;
}

const VISIBILITY_HELP: Record<Visibility, string> = {
  private: 'Only me (draft)',
  team: 'My team and reports',
  provider: 'Team, reports and the provider',
};

export interface TagFormProps {
  ticket: TicketRef | null;
  /** The page an annotation without a ticket is anchored to. */
  pageUrl?: string;
  /** The workspace's lists to pick from (cached from the Worker). */
  taxonomy: Taxonomy;
  onSave(body: AnnotationCreate): Promise<void>;
}

interface Draft {
  summary: string;
  horizon: Horizon;
  lineOfBusiness: string;
  stakeholder: string;
  impact: string;
  priority: Priority;
  kpi: string;
  visibility: Visibility;
  eventDate: string;
}

/** Fields with a place for their error message in the form. */
const SHOWN_FIELDS = ['summary', 'eventDate', 'lineOfBusiness', 'stakeholders.0', 'impact', 'priority', 'kpis.0', 'visibility'];

const EMPTY: Draft = {
  summary: '', horizon: 'now', lineOfBusiness: '', stakeholder: '', impact: '',
  priority: 'medium', kpi: '', visibility: 'team', eventDate: '',
};

/**
 * The tag form, built for the keyboard: the summary has focus, Tab walks the fields in
 * reading order, Ctrl/⌘+Enter saves from anywhere. Input is checked with the same schema
 * the Worker uses, so a mistake is shown beside its field before anything is queued.
 */
export function TagForm({ ticket, pageUrl, taxonomy, onSave }: TagFormProps) {
  const impacts = live(taxonomy.impactKinds);
  const [draft, setDraft] = useState<Draft>({ ...EMPTY, impact: impacts[0]?.id ?? '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string>('');
  const [saving, setSaving] = useState(false);
  const summaryRef = useRef<HTMLTextAreaElement>(null);

  const set = <K extends keyof Draft>(key: K) => (e: Event) => {
    const value = (e.currentTarget as HTMLInputElement).value as Draft[K];
    setDraft((d) => ({ ...d, [key]: value }));
  };

  const submit = async (e?: Event) => {
    e?.preventDefault();
    if (saving) return;
    // Names typed into the pick-lists become the workspace's ids; a name not on a list is
    // shown as a mistake beside its field rather than sent.
    const pickErrors: Record<string, string> = {};
    const pick = (field: string, list: Choice[], typed: string, required: boolean, what: string) => {
      const found = idByName(list, typed);
      if (!found && (required || typed.trim())) {
        pickErrors[field] = live(list).length
          ? `choose ${what} from the list`
          : `no ${what} is set up yet: an admin adds them in Settings`;
      }
      return found;
    };
    const lob = pick('lineOfBusiness', taxonomy.linesOfBusiness, draft.lineOfBusiness, true, 'a line of business');
    const stakeholder = pick('stakeholders.0', taxonomy.stakeholders, draft.stakeholder, false, 'a stakeholder');
    const kpi = pick('kpis.0', taxonomy.kpis, draft.kpi, false, 'a KPI');
    const candidate = {
      id: crypto.randomUUID(),
      ...(ticket ? { ticketRef: ticket } : pageUrl ? { pageUrl } : {}),
      horizon: draft.horizon,
      lineOfBusiness: lob ?? '',
      stakeholders: stakeholder ? [stakeholder] : [],
      impact: draft.impact,
      priority: draft.priority,
      kpis: kpi ? [kpi] : [],
      summary: draft.summary,
      visibility: draft.visibility,
      ...(draft.horizon === 'next' && draft.eventDate ? { eventDate: draft.eventDate } : {}),
    };
    const parsed = v.safeParse(AnnotationCreateSchema, candidate);
    if (!parsed.success || Object.keys(pickErrors).length) {
      const fields = { ...(parsed.success ? {} : issuesToFields(parsed.issues)), ...pickErrors };
      setErrors(fields);
      const elsewhere = Object.entries(fields).filter(([k]) => !SHOWN_FIELDS.includes(k));
      setStatus(['Check the highlighted fields.', ...elsewhere.map(([k, m]) => `${k} ${m}.`)].join(' '));
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      await onSave(parsed.output as AnnotationCreate);
      setDraft({ ...EMPTY, impact: draft.impact, lineOfBusiness: draft.lineOfBusiness, visibility: draft.visibility });
      setStatus('Saved. It is sent to Steward in the background.');
      summaryRef.current?.focus();
    } catch (err) {
      setStatus(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
  };

  const field = (name: string) => ({
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${name}-error` : undefined,
  });
  const error = (name: string) =>
    errors[name] ? <p class="field-error" id={`${name}-error`} role="alert">{errors[name]}</p> : null;

  return (
    <form class="tag-form" onSubmit={submit} onKeyDown={onKeyDown} aria-label="Tag this ticket" noValidate>
      <div class="field">
        <label for="summary">Summary <span class="hint">(plain language, for executives)</span></label>
        <textarea
          id="summary" ref={summaryRef} rows={3} maxLength={SUMMARY_MAX + 20} autoFocus
          value={draft.summary} onInput={set('summary')} placeholder="e.g. Sales cannot send quotes on Mondays because the CRM times out."
          {...field('summary')}
        />
        <div class={`counter${draft.summary.length > SUMMARY_MAX ? ' over' : ''}`} aria-live="polite">
          {draft.summary.length}/{SUMMARY_MAX}
        </div>
        {error('summary')}
      </div>

      <fieldset class="field">
        <legend>Horizon</legend>
        <div class="segmented">
          {HORIZONS.map((h) => (
            <label key={h}>
              <input type="radio" name="horizon" value={h} checked={draft.horizon === h} onChange={set('horizon')} />
              {h === 'now' ? 'Current challenge' : 'Future event'}
            </label>
          ))}
        </div>
      </fieldset>

      {draft.horizon === 'next' && (
        <div class="field">
          <label for="eventDate">Event date</label>
          <input id="eventDate" type="date" value={draft.eventDate} onInput={set('eventDate')} {...field('eventDate')} />
          {error('eventDate')}
        </div>
      )}

      <div class="row">
        <div class="field">
          <label for="lineOfBusiness">Line of business</label>
          <input id="lineOfBusiness" list="lob-list" value={draft.lineOfBusiness} onInput={set('lineOfBusiness')} autoComplete="off" {...field('lineOfBusiness')} />
          <datalist id="lob-list">{live(taxonomy.linesOfBusiness).map((x) => <option key={x.id} value={x.name} />)}</datalist>
          {error('lineOfBusiness')}
        </div>
        <div class="field">
          <label for="stakeholder">Stakeholder</label>
          <input id="stakeholder" list="stakeholder-list" value={draft.stakeholder} onInput={set('stakeholder')} autoComplete="off" {...field('stakeholders.0')} />
          <datalist id="stakeholder-list">
            {live(taxonomy.stakeholders).map((x) => <option key={x.id} value={x.name}>{x.title ?? ''}</option>)}
          </datalist>
          {error('stakeholders.0')}
        </div>
      </div>

      <div class="row">
        <div class="field">
          <label for="impact">Impact</label>
          <select id="impact" value={draft.impact} onChange={set('impact')} {...field('impact')}>
            {impacts.map((i) => <option key={i.id} value={i.id}>{i.name}</option>)}
          </select>
          {error('impact')}
        </div>
        <div class="field">
          <label for="priority">Priority</label>
          <select id="priority" value={draft.priority} onChange={set('priority')} {...field('priority')}>
            {PRIORITIES.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
          {error('priority')}
        </div>
      </div>

      <div class="row">
        <div class="field">
          <label for="kpi">KPI <span class="hint">(optional)</span></label>
          <input id="kpi" list="kpi-list" value={draft.kpi} onInput={set('kpi')} autoComplete="off" {...field('kpis.0')} />
          <datalist id="kpi-list">{live(taxonomy.kpis).map((x) => <option key={x.id} value={x.name} />)}</datalist>
          {error('kpis.0')}
        </div>
        <div class="field">
          <label for="visibility">Who may see it</label>
          <select id="visibility" value={draft.visibility} onChange={set('visibility')} {...field('visibility')}>
            {VISIBILITIES.map((vis) => <option key={vis} value={vis}>{VISIBILITY_HELP[vis]}</option>)}
          </select>
          {error('visibility')}
        </div>
      </div>

      <div class="actions">
        <button type="submit" class="primary" disabled={saving}>{saving ? 'Saving…' : 'Save tag'}</button>
        <span class="hint">Ctrl+Enter</span>
      </div>
      <p class="status" role="status" aria-live="polite">{status}</p>
    </form>
  );
}
