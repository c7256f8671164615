import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import * as v from 'valibot';
import {
  AnnotationCreateSchema, AnnotationPatchSchema, HORIZONS, PRIORITIES, SUMMARY_MAX, VISIBILITIES, issuesToFields,
  type Annotation, type AnnotationCreate, type Horizon, type Priority, type ProviderCompany, type Taxonomy, type TicketRef, type Visibility,
} from '../../shared/schemas';
import { changesBetween, isEmpty, type AnnotationChanges } from '../core/contract/annotation-changes';
import { plainProblem, useSubmit } from './submit';

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

/**
 * The ids of the names typed: one name, or several separated by commas (a tag may name more
 * than one stakeholder or KPI). `undefined` when a name is not on the list.
 */
function idsByNames(list: Choice[], typed: string): string[] | undefined {
  const whole = idByName(list, typed);
  if (whole) return [whole];
  const ids = typed.split(',').map((part) => part.trim()).filter(Boolean).map((part) => idByName(list, part));
  return ids.every((id): id is string => id !== undefined) ? [...new Set(ids)] : undefined;
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
  /** A new tag: called with the body to create. */
  onSave?(body: AnnotationCreate): Promise<void>;
  /** Editing a tag instead: the form starts from it and saves only what the user changed. */
  editing?: EditTag;
  /** Put before every element id, so that two forms can share a page. */
  idPrefix?: string;
  /** Focus the summary when the form appears (default: yes). */
  autoFocus?: boolean;
  /**
   * The workspace's provider companies, to choose whom an item is shared with; null when the
   * list could not be loaded yet.
   */
  providerCompanies?: ProviderCompany[] | null;
  /** Steward's reasons for refusing this tag before, shown beside their fields. */
  initialErrors?: Record<string, string>;
}

export interface EditTag {
  /** The tag as the user saw it when they chose to edit it: the changes are made from this version. */
  annotation: Annotation;
  /** Only the author may make a tag private (it becomes their draft). */
  canMakePrivate: boolean;
  onSave(changes: AnnotationChanges): Promise<void>;
  onCancel(): void;
  /** The save button's words (default "Save changes"). */
  saveLabel?: string;
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
  /** The provider company chosen ('' when none was chosen). */
  sharedWith: string;
}

/** Fields with a place for their error message in the form. */
const SHOWN_FIELDS = ['summary', 'eventDate', 'lineOfBusiness', 'stakeholders.0', 'impact', 'priority', 'kpis.0', 'visibility', 'sharedWith'];

const EMPTY: Draft = {
  summary: '', horizon: 'now', lineOfBusiness: '', stakeholder: '', impact: '',
  priority: 'medium', kpi: '', visibility: 'team', eventDate: '', sharedWith: '',
};

/** The fields this form edits; a tag's state and detail are changed elsewhere and left alone. */
const FORM_FIELDS = ['summary', 'horizon', 'eventDate', 'lineOfBusiness', 'stakeholders', 'impact', 'priority', 'kpis', 'visibility', 'sharedWith'] as const;

/** A tag as the form shows it: names, not ids. */
function draftOf(a: Annotation): Draft {
  return {
    summary: a.summary, horizon: a.horizon, lineOfBusiness: a.labels.lineOfBusiness, stakeholder: a.labels.stakeholders.join(', '),
    impact: a.impact, priority: a.priority, kpi: a.labels.kpis.join(', '), visibility: a.visibility, eventDate: a.eventDate ?? '',
    sharedWith: a.sharedWith ?? '',
  };
}

/**
 * The tag form, built for the keyboard: the summary has focus, Tab walks the fields in
 * reading order, Ctrl/⌘+Enter saves from anywhere, Esc leaves an edit. Input is checked with
 * the same schema the Worker uses, so a mistake is shown beside its field before anything is
 * queued. It makes new tags, or (with `editing`) changes one: prefilled from the tag, it
 * sends only the fields the user changed.
 */
export function TagForm({ ticket, pageUrl, taxonomy, onSave, editing, idPrefix = '', autoFocus = true, providerCompanies = null, initialErrors }: TagFormProps) {
  const original = editing?.annotation;
  const companies = (providerCompanies ?? []).map((c) => c.name);
  // A tag keeps the company it is shared with even when the list (cached, or offline) lacks it.
  if (original?.sharedWith && !companies.some((c) => c.toLowerCase() === original.sharedWith!.toLowerCase())) companies.push(original.sharedWith);
  const impacts = live(taxonomy.impactKinds);
  // A tag keeps an impact kind an admin retired since; it stays offered for that tag.
  if (original && !impacts.some((i) => i.id === original.impact)) {
    impacts.push({ id: original.impact, name: `${original.labels.impact} (no longer offered)`, retiredAt: null });
  }
  const [draft, setDraft] = useState<Draft>(() => (original ? draftOf(original) : { ...EMPTY, impact: impacts[0]?.id ?? '' }));
  const [errors, setErrors] = useState<Record<string, string>>(initialErrors ?? {});
  const [status, setStatus] = useState<string>('');
  const save = useSubmit(plainProblem);
  const summaryRef = useRef<HTMLTextAreaElement>(null);
  const id = (name: string) => `${idPrefix}${name}`;

  // As the form appears, not a paint later: a click or a key in that gap would lose focus to it.
  useLayoutEffect(() => {
    if (autoFocus) summaryRef.current?.focus();
  }, []);

  // With one provider, that is the one: nothing to choose.
  const sharedWith = draft.sharedWith || (companies.length === 1 ? companies[0]! : '');

  const set = <K extends keyof Draft>(key: K) => (e: Event) => {
    const value = (e.currentTarget as HTMLInputElement).value as Draft[K];
    setDraft((d) => ({ ...d, [key]: value }));
  };

  const submit = async (e?: Event) => {
    e?.preventDefault();
    if (save.busy) return;
    // Names typed into the pick-lists become the workspace's ids; a name not on a list is
    // shown as a mistake beside its field rather than sent.
    const pickErrors: Record<string, string> = {};
    const start = original ? draftOf(original) : null;
    const pick = (field: string, list: Choice[], typed: string, required: boolean, what: string, kept?: { text: string; ids: string[] }) => {
      // Names the user left as they were keep their ids, even of entries an admin retired since.
      if (kept && typed.trim() === kept.text.trim()) return kept.ids;
      if (!typed.trim() && !required) return [];
      const found = idsByNames(list, typed);
      if (!found?.length) {
        pickErrors[field] = live(list).length
          ? `choose ${what} from the list`
          : `no ${what} is set up yet: an admin adds them in Settings`;
      }
      return found ?? [];
    };
    const [lob] = pick('lineOfBusiness', taxonomy.linesOfBusiness, draft.lineOfBusiness, true, 'a line of business',
      original && start ? { text: start.lineOfBusiness, ids: [original.lineOfBusiness] } : undefined);
    const stakeholders = pick('stakeholders.0', taxonomy.stakeholders, draft.stakeholder, false, 'a stakeholder',
      original && start ? { text: start.stakeholder, ids: original.stakeholders } : undefined);
    const kpis = pick('kpis.0', taxonomy.kpis, draft.kpi, false, 'a KPI', original && start ? { text: start.kpi, ids: original.kpis } : undefined);
    const sharing = draft.visibility === 'provider';
    if (sharing && !sharedWith && companies.length > 1) pickErrors.sharedWith = 'choose the provider to share it with';
    const candidate = {
      id: original?.id ?? crypto.randomUUID(),
      ...(original ? {} : ticket ? { ticketRef: ticket } : pageUrl ? { pageUrl } : {}),
      horizon: draft.horizon,
      lineOfBusiness: lob ?? '',
      stakeholders,
      impact: draft.impact,
      priority: draft.priority,
      kpis,
      summary: draft.summary,
      visibility: draft.visibility,
      ...(sharing && sharedWith ? { sharedWith } : {}),
      ...(draft.horizon === 'next' && draft.eventDate ? { eventDate: draft.eventDate } : {}),
    };
    const parsed = v.safeParse(AnnotationCreateSchema, candidate);
    if (!parsed.success || Object.keys(pickErrors).length) {
      showErrors({ ...(parsed.success ? {} : issuesToFields(parsed.issues)), ...pickErrors });
      return;
    }
    let changes: AnnotationChanges | null = null;
    if (original) {
      const all = changesBetween(original, parsed.output) as Record<string, unknown>;
      changes = Object.fromEntries(FORM_FIELDS.filter((f) => f in all).map((f) => [f, all[f]])) as AnnotationChanges;
      if (isEmpty(changes)) {
        editing!.onCancel(); // nothing changed: nothing to send
        return;
      }
      // The same check the Worker makes on an edit.
      const patch = v.safeParse(AnnotationPatchSchema, { version: Math.max(1, original.version), ...changes });
      if (!patch.success) {
        showErrors(issuesToFields(patch.issues));
        return;
      }
    }
    setErrors({});
    setStatus('');
    await save.run(async () => {
      if (editing && changes) {
        await editing.onSave(changes);
        return;
      }
      await onSave?.(parsed.output as AnnotationCreate);
      setDraft({ ...EMPTY, impact: draft.impact, lineOfBusiness: draft.lineOfBusiness, visibility: draft.visibility, sharedWith: draft.sharedWith });
      setStatus('Saved. It is sent to Steward in the background.');
      summaryRef.current?.focus();
    });
  };

  function showErrors(fields: Record<string, string>) {
    save.clear();
    setErrors(fields);
    const elsewhere = Object.entries(fields).filter(([k]) => !SHOWN_FIELDS.includes(k));
    setStatus(['Check the highlighted fields.', ...elsewhere.map(([k, m]) => `${k} ${m}.`)].join(' '));
  }

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
    if (e.key === 'Escape' && editing) {
      e.preventDefault();
      e.stopPropagation();
      editing.onCancel();
    }
  };

  const field = (name: string) => ({
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? id(`${name}-error`) : undefined,
  });
  const error = (name: string) =>
    errors[name] ? <p class="field-error" id={id(`${name}-error`)} role="alert">{errors[name]}</p> : null;
  const privateLocked = !!editing && !editing.canMakePrivate && original?.visibility !== 'private';

  return (
    <form class={`tag-form${editing ? ' is-editing' : ''}`} onSubmit={submit} onKeyDown={onKeyDown} aria-label={editing ? 'Edit tag' : 'Tag this ticket'} noValidate>
      <div class="field">
        <label for={id('summary')}>Summary <span class="hint">(plain language, for executives)</span></label>
        <textarea
          id={id('summary')} ref={summaryRef} rows={3} maxLength={SUMMARY_MAX + 20}
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
              <input type="radio" name={id('horizon')} value={h} checked={draft.horizon === h} onChange={set('horizon')} />
              {h === 'now' ? 'Current challenge' : 'Future event'}
            </label>
          ))}
        </div>
      </fieldset>

      {draft.horizon === 'next' && (
        <div class="field">
          <label for={id('eventDate')}>Event date</label>
          <input id={id('eventDate')} type="date" value={draft.eventDate} onInput={set('eventDate')} {...field('eventDate')} />
          {error('eventDate')}
        </div>
      )}

      <div class="row">
        <div class="field">
          <label for={id('lineOfBusiness')}>Line of business</label>
          <input id={id('lineOfBusiness')} list={id('lob-list')} value={draft.lineOfBusiness} onInput={set('lineOfBusiness')} autoComplete="off" {...field('lineOfBusiness')} />
          <datalist id={id('lob-list')}>{live(taxonomy.linesOfBusiness).map((x) => <option key={x.id} value={x.name} />)}</datalist>
          {error('lineOfBusiness')}
        </div>
        <div class="field">
          <label for={id('stakeholder')}>Stakeholder</label>
          <input id={id('stakeholder')} list={id('stakeholder-list')} value={draft.stakeholder} onInput={set('stakeholder')} autoComplete="off" {...field('stakeholders.0')} />
          <datalist id={id('stakeholder-list')}>
            {live(taxonomy.stakeholders).map((x) => <option key={x.id} value={x.name}>{x.title ?? ''}</option>)}
          </datalist>
          {error('stakeholders.0')}
        </div>
      </div>

      <div class="row">
        <div class="field">
          <label for={id('impact')}>Impact</label>
          <select id={id('impact')} value={draft.impact} onChange={set('impact')} {...field('impact')}>
            {impacts.map((i) => <option key={i.id} value={i.id}>{i.name}</option>)}
          </select>
          {error('impact')}
        </div>
        <div class="field">
          <label for={id('priority')}>Priority</label>
          <select id={id('priority')} value={draft.priority} onChange={set('priority')} {...field('priority')}>
            {PRIORITIES.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
          {error('priority')}
        </div>
      </div>

      <div class="row">
        <div class="field">
          <label for={id('kpi')}>KPI <span class="hint">(optional)</span></label>
          <input id={id('kpi')} list={id('kpi-list')} value={draft.kpi} onInput={set('kpi')} autoComplete="off" {...field('kpis.0')} />
          <datalist id={id('kpi-list')}>{live(taxonomy.kpis).map((x) => <option key={x.id} value={x.name} />)}</datalist>
          {error('kpis.0')}
        </div>
        <div class="field">
          <label for={id('visibility')}>Who may see it</label>
          <select id={id('visibility')} value={draft.visibility} onChange={set('visibility')} {...field('visibility')}>
            {VISIBILITIES.map((vis) => (
              <option key={vis} value={vis} disabled={vis === 'private' && privateLocked}>
                {VISIBILITY_HELP[vis]}{vis === 'private' && privateLocked ? ' (only its author can choose this)' : ''}
              </option>
            ))}
          </select>
          {error('visibility')}
        </div>
      </div>

      {draft.visibility === 'provider' && (
        companies.length === 0 ? (
          <p class="hint sharing-none" id={id('sharedWith-none')} role="note">
            {providerCompanies === null
              ? 'The list of your providers could not be loaded yet. The item goes to your provider if there is only one; with several, Steward asks you to choose.'
              : 'No provider has been invited yet, so nobody outside your team sees it for now. An admin invites providers under People; the first provider company to join will see it.'}
            {errors.sharedWith && <span class="field-error" id={id('sharedWith-error')} role="alert"> {errors.sharedWith}</span>}
          </p>
        ) : (
          <div class="field">
            <label for={id('sharedWith')}>Shared with</label>
            <select id={id('sharedWith')} value={sharedWith} onChange={set('sharedWith')} {...field('sharedWith')}>
              {companies.length > 1 && <option value="" disabled>Choose a provider…</option>}
              {companies.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
            {error('sharedWith')}
          </div>
        )
      )}

      <div class="actions">
        <button type="submit" class="primary" disabled={save.busy}>{save.busy ? 'Saving…' : editing ? (editing.saveLabel ?? 'Save changes') : 'Save tag'}</button>
        {editing && <button type="button" onClick={() => editing.onCancel()}>Cancel</button>}
        <span class="hint">{editing ? 'Ctrl+Enter saves · Esc cancels' : 'Ctrl+Enter'}</span>
      </div>
      <p class="status" role="status" aria-live="polite">{save.problem ? save.problem.message : status}</p>
    </form>
  );
}
