import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { Kpi, KpiDirection, Stakeholder, Term } from '../../../shared/schemas';
import { callApi } from '../../core/contract/messages';
import { describedBy, Field, formatDate, ProblemNotice, todayIso, useLoad, type Session } from './forms';
import { useSubmit } from '../submit';

type TermListId = 'lines-of-business' | 'impact-kinds';

const DIRECTION_WORDS: Record<KpiDirection, string> = { higher_is_better: 'Higher is better', lower_is_better: 'Lower is better' };

/** "92%" but "6.5 minutes": a percent sign sits on the number, other units after a space. */
function withUnit(value: number, unit: string): string {
  return unit === '%' ? `${value}%` : `${value} ${unit}`;
}

/** Whether the latest reading meets the target, in the KPI's own direction; null when either is missing. */
function onTarget(kpi: Pick<Kpi, 'target' | 'direction' | 'latest'>): boolean | null {
  if (kpi.target === null || !kpi.latest) return null;
  return kpi.direction === 'higher_is_better' ? kpi.latest.value >= kpi.target : kpi.latest.value <= kpi.target;
}

/** Lines of business, stakeholders, impact kinds and KPIs: what staff pick from when tagging. */
export function TaxonomyPanel({ session }: { session: Session }) {
  const admin = session.member.role === 'admin';
  const { data, problem, loading, reload } = useLoad(() => callApi('taxonomy'), [session.member.id]);

  return (
    <section id="taxonomy" class="panel-section" aria-labelledby="taxonomy-heading">
      <h2 id="taxonomy-heading">Taxonomy</h2>
      <p class="hint">
        {admin
          ? 'The lists staff pick from when they tag a ticket. Retiring an entry stops it being offered; tags that already use it keep it.'
          : 'The lists you pick from when you tag a ticket. Only an admin can change them.'}
      </p>
      <ProblemNotice problem={problem} onRetry={() => void reload()} />
      {!data ? (
        loading && <p aria-busy="true">Loading the taxonomy…</p>
      ) : (
        <>
          <TermList list="lines-of-business" title="Lines of business" singular="line of business" items={data.linesOfBusiness} admin={admin} onChanged={reload} />
          <StakeholderList items={data.stakeholders} lines={data.linesOfBusiness} admin={admin} onChanged={reload} />
          <TermList list="impact-kinds" title="Impact kinds" singular="impact kind" items={data.impactKinds} admin={admin} onChanged={reload} />
          <KpiList items={data.kpis} admin={admin} onChanged={reload} />
        </>
      )}
    </section>
  );
}

interface RowForm {
  /** Button text, e.g. "Rename". */
  label: string;
  render: (close: () => void) => ComponentChildren;
}

/**
 * One entry of a list: its name (greyed and marked when retired), its details, and for
 * admins the buttons that open its forms and retire or restore it.
 */
function EntryRow({ name, retired, details, admin, forms, onRetire }: {
  name: string; retired: boolean; details?: ComponentChildren; admin: boolean; forms: RowForm[];
  onRetire: (retired: boolean) => Promise<unknown>;
}) {
  const [open, setOpen] = useState<number | null>(null);
  const retire = useSubmit();
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const close = (index: number) => () => {
    setOpen(null);
    // Back to the button that opened the form, so keyboard users keep their place.
    setTimeout(() => buttons.current[index]?.focus(), 0);
  };
  return (
    <li class={`entry${retired ? ' retired' : ''}`}>
      <div class="entry-line">
        <div class="entry-main">
          <span class="entry-name">{name}</span>{' '}
          {retired && <><span class="pill">retired</span>{' '}</>}
          {details}
        </div>
        {admin && open === null && (
          <div class="entry-actions">
            {!retired && forms.map((f, i) => (
              <button type="button" key={f.label} ref={(el) => {
                buttons.current[i] = el;
              }} aria-label={`${f.label} ${name}`} onClick={() => setOpen(i)}>
                {f.label}
              </button>
            ))}
            <button type="button" aria-label={`${retired ? 'Restore' : 'Retire'} ${name}`} disabled={retire.busy}
              onClick={() => void retire.run(() => onRetire(!retired))}>
              {retired ? 'Restore' : 'Retire'}
            </button>
          </div>
        )}
      </div>
      {open !== null && forms[open]?.render(close(open))}
      <ProblemNotice problem={retire.problem} />
    </li>
  );
}

function SubmitRow({ busy, label, busyLabel, onCancel }: { busy: boolean; label: string; busyLabel: string; onCancel?: () => void }) {
  return (
    <div class="actions">
      <button type="submit" class="primary" disabled={busy}>{busy ? busyLabel : label}</button>
      {onCancel && <button type="button" onClick={onCancel} disabled={busy}>Cancel</button>}
    </div>
  );
}

/** The add form at the foot of a list: one name, kept when saving fails. */
function NameForm({ idPrefix, label, submitLabel, initial = '', onSave, onCancel, onDone }: {
  idPrefix: string; label: string; submitLabel: string; initial?: string;
  onSave: (name: string) => Promise<unknown>; onCancel?: () => void; onDone: (name: string) => void;
}) {
  const [name, setName] = useState(initial);
  const save = useSubmit();
  const id = `${idPrefix}-name`;
  const submit = async (e: Event) => {
    e.preventDefault();
    const typed = name;
    if (await save.run(() => onSave(typed.trim()))) {
      setName(initial);
      onDone(typed.trim());
    }
  };
  return (
    <form class="entry-form inline-form" onSubmit={submit} noValidate>
      <Field id={id} label={label} error={save.fields.name}>
        <input {...describedBy(id, save.fields.name)} value={name} onInput={(e) => setName(e.currentTarget.value)} autoComplete="off" maxLength={100} autoFocus={!!onCancel} />
      </Field>
      <SubmitRow busy={save.busy} label={submitLabel} busyLabel="Saving…" onCancel={onCancel} />
      <ProblemNotice problem={save.problem} shownFields={['name']} />
    </form>
  );
}

function TermList({ list, title, singular, items, admin, onChanged }: {
  list: TermListId; title: string; singular: string; items: Term[]; admin: boolean; onChanged: () => Promise<void>;
}) {
  const [added, setAdded] = useState('');
  const headingId = `${list}-heading`;
  return (
    <section class="subsection" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      {items.length === 0 ? (
        <p class="empty">None yet.</p>
      ) : (
        <ul class="entries" aria-labelledby={headingId}>
          {items.map((t) => (
            <EntryRow key={t.id} name={t.name} retired={!!t.retiredAt} admin={admin}
              onRetire={async (retired) => {
                await callApi('updateTerm', list, t.id, { retired });
                await onChanged();
              }}
              forms={[{
                label: 'Rename',
                render: (close) => (
                  <NameForm idPrefix={`${list}-${t.id}`} label="New name" submitLabel="Save name" initial={t.name} onCancel={close}
                    onSave={(name) => callApi('updateTerm', list, t.id, { name })}
                    onDone={() => {
                      close();
                      void onChanged();
                    }} />
                ),
              }]} />
          ))}
        </ul>
      )}
      {admin && (
        <>
          <NameForm idPrefix={`${list}-new`} label={`New ${singular}`} submitLabel={`Add ${singular}`}
            onSave={(name) => callApi('addTerm', list, { name })}
            onDone={(name) => {
              setAdded(`Added “${name}”.`);
              void onChanged();
            }} />
          <p class="status" role="status">{added}</p>
        </>
      )}
    </section>
  );
}

function StakeholderForm({ idPrefix, initial, lines, submitLabel, onSave, onCancel, onDone }: {
  idPrefix: string; initial?: Stakeholder; lines: Term[]; submitLabel: string;
  onSave: (body: { name: string; title: string; lineOfBusinessId: string | null }) => Promise<unknown>;
  onCancel?: () => void; onDone: (name: string) => void;
}) {
  const [name, setName] = useState(initial?.name ?? '');
  const [title, setTitle] = useState(initial?.title ?? '');
  const [lob, setLob] = useState(initial?.lineOfBusinessId ?? '');
  const save = useSubmit();
  const f = save.fields;
  // A stakeholder may still point at a retired line: keep it choosable so saving other changes does not drop it.
  const choices = lines.filter((l) => !l.retiredAt || l.id === initial?.lineOfBusinessId);
  const submit = async (e: Event) => {
    e.preventDefault();
    const body = { name: name.trim(), title: title.trim(), lineOfBusinessId: lob || null };
    if (await save.run(() => onSave(body))) {
      if (!initial) {
        setName('');
        setTitle('');
      }
      onDone(body.name);
    }
  };
  return (
    <form class="entry-form" onSubmit={submit} noValidate>
      <div class="row">
        <Field id={`${idPrefix}-name`} label="Name" error={f.name}>
          <input {...describedBy(`${idPrefix}-name`, f.name)} value={name} onInput={(e) => setName(e.currentTarget.value)} autoComplete="off" maxLength={120} autoFocus={!!onCancel} />
        </Field>
        <Field id={`${idPrefix}-title`} label="Title" error={f.title} hint="Optional, e.g. Practice manager">
          <input {...describedBy(`${idPrefix}-title`, f.title, true)} value={title} onInput={(e) => setTitle(e.currentTarget.value)} autoComplete="off" maxLength={120} />
        </Field>
        <Field id={`${idPrefix}-lob`} label="Line of business" error={f.lineOfBusinessId}>
          <select {...describedBy(`${idPrefix}-lob`, f.lineOfBusinessId)} value={lob} onChange={(e) => setLob(e.currentTarget.value)}>
            <option value="">None</option>
            {choices.map((l) => <option key={l.id} value={l.id}>{l.name}{l.retiredAt ? ' (retired)' : ''}</option>)}
          </select>
        </Field>
      </div>
      <SubmitRow busy={save.busy} label={submitLabel} busyLabel="Saving…" onCancel={onCancel} />
      <ProblemNotice problem={save.problem} shownFields={['name', 'title', 'lineOfBusinessId']} />
    </form>
  );
}

function StakeholderList({ items, lines, admin, onChanged }: { items: Stakeholder[]; lines: Term[]; admin: boolean; onChanged: () => Promise<void> }) {
  const [added, setAdded] = useState('');
  const lineName = (id: string | null) => {
    const line = lines.find((l) => l.id === id);
    return line ? `${line.name}${line.retiredAt ? ' (retired)' : ''}` : null;
  };
  return (
    <section class="subsection" aria-labelledby="stakeholders-heading">
      <h3 id="stakeholders-heading">Stakeholders</h3>
      {items.length === 0 ? (
        <p class="empty">None yet.</p>
      ) : (
        <ul class="entries" aria-labelledby="stakeholders-heading">
          {items.map((s) => {
            const detail = [s.title, lineName(s.lineOfBusinessId)].filter(Boolean).join(' · ');
            return (
              <EntryRow key={s.id} name={s.name} retired={!!s.retiredAt} admin={admin}
                details={detail && <span class="entry-detail">{detail}</span>}
                onRetire={async (retired) => {
                  await callApi('updateStakeholder', s.id, { retired });
                  await onChanged();
                }}
                forms={[{
                  label: 'Edit',
                  render: (close) => (
                    <StakeholderForm idPrefix={`stakeholder-${s.id}`} initial={s} lines={lines} submitLabel="Save stakeholder" onCancel={close}
                      onSave={(body) => callApi('updateStakeholder', s.id, body)}
                      onDone={() => {
                        close();
                        void onChanged();
                      }} />
                  ),
                }]} />
            );
          })}
        </ul>
      )}
      {admin && (
        <>
          <h4 class="form-title">Add a stakeholder</h4>
          <StakeholderForm idPrefix="stakeholder-new" lines={lines} submitLabel="Add stakeholder"
            onSave={(body) => callApi('addStakeholder', { name: body.name, title: body.title || undefined, lineOfBusinessId: body.lineOfBusinessId })}
            onDone={(name) => {
              setAdded(`Added “${name}”.`);
              void onChanged();
            }} />
          <p class="status" role="status">{added}</p>
        </>
      )}
    </section>
  );
}

/** Reads a number the way people type it ("95", "2.5", "1,5"); null when it is not one. */
function parseNumber(text: string): number | null {
  const n = Number(text.trim().replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(n) ? n : null;
}

function KpiForm({ idPrefix, initial, submitLabel, onSave, onCancel, onDone }: {
  idPrefix: string; initial?: Kpi; submitLabel: string;
  onSave: (body: { name: string; unit: string; target: number | null; direction: KpiDirection }) => Promise<unknown>;
  onCancel?: () => void; onDone: (name: string) => void;
}) {
  const [name, setName] = useState(initial?.name ?? '');
  const [unit, setUnit] = useState(initial?.unit ?? '');
  const [target, setTarget] = useState(initial?.target === null || initial?.target === undefined ? '' : String(initial.target));
  const [direction, setDirection] = useState<KpiDirection>(initial?.direction ?? 'higher_is_better');
  const save = useSubmit();
  const f = save.fields;
  const submit = async (e: Event) => {
    e.preventDefault();
    const value = target.trim() === '' ? null : parseNumber(target);
    if (target.trim() !== '' && value === null) {
      save.fail({ kind: 'other', code: 'validation_failed', message: 'Target must be a number.', fields: { target: 'must be a number, like 95 or 2.5' } });
      return;
    }
    const body = { name: name.trim(), unit: unit.trim(), target: value, direction };
    if (await save.run(() => onSave(body))) {
      if (!initial) {
        setName('');
        setUnit('');
        setTarget('');
      }
      onDone(body.name);
    }
  };
  return (
    <form class="entry-form" onSubmit={submit} noValidate>
      <div class="row">
        <Field id={`${idPrefix}-name`} label="Name" error={f.name}>
          <input {...describedBy(`${idPrefix}-name`, f.name)} value={name} onInput={(e) => setName(e.currentTarget.value)} autoComplete="off" maxLength={120} autoFocus={!!onCancel} />
        </Field>
        <Field id={`${idPrefix}-unit`} label="Unit" error={f.unit} hint="e.g. %, minutes, tickets">
          <input {...describedBy(`${idPrefix}-unit`, f.unit, true)} value={unit} onInput={(e) => setUnit(e.currentTarget.value)} autoComplete="off" maxLength={40} />
        </Field>
        <Field id={`${idPrefix}-target`} label="Target" error={f.target} hint="Optional">
          <input {...describedBy(`${idPrefix}-target`, f.target, true)} value={target} onInput={(e) => setTarget(e.currentTarget.value)} inputMode="decimal" autoComplete="off" />
        </Field>
      </div>
      <fieldset class="field" aria-describedby={f.direction ? `${idPrefix}-direction-error` : undefined}>
        <legend>Which way is better?</legend>
        <div class="segmented">
          {(Object.keys(DIRECTION_WORDS) as KpiDirection[]).map((d) => (
            <label key={d}>
              <input type="radio" name={`${idPrefix}-direction`} value={d} checked={direction === d} onChange={() => setDirection(d)} />
              {DIRECTION_WORDS[d]}
            </label>
          ))}
        </div>
        {f.direction && <p class="field-error" id={`${idPrefix}-direction-error`}>Direction {f.direction}.</p>}
      </fieldset>
      <SubmitRow busy={save.busy} label={submitLabel} busyLabel="Saving…" onCancel={onCancel} />
      <ProblemNotice problem={save.problem} shownFields={['name', 'unit', 'target', 'direction']} />
    </form>
  );
}

function ReadingForm({ kpi, onCancel, onDone }: { kpi: Kpi; onCancel: () => void; onDone: () => void }) {
  const [value, setValue] = useState('');
  const [date, setDate] = useState(todayIso());
  const [note, setNote] = useState('');
  const save = useSubmit();
  const f = save.fields;
  const idPrefix = `kpi-${kpi.id}-reading`;
  const submit = async (e: Event) => {
    e.preventDefault();
    const n = parseNumber(value);
    if (n === null) {
      save.fail({ kind: 'other', code: 'validation_failed', message: 'Value must be a number.', fields: { value: value.trim() ? 'must be a number, like 95 or 2.5' : 'is required' } });
      return;
    }
    if (await save.run(() => callApi('addKpiReading', kpi.id, { value: n, recordedOn: date, note: note.trim() || undefined }))) onDone();
  };
  return (
    <form class="entry-form" onSubmit={submit} noValidate aria-label={`Record a reading for ${kpi.name}`}>
      <div class="row">
        <Field id={`${idPrefix}-value`} label={`Value (${kpi.unit})`} error={f.value}>
          <input {...describedBy(`${idPrefix}-value`, f.value)} value={value} onInput={(e) => setValue(e.currentTarget.value)} inputMode="decimal" autoComplete="off" autoFocus />
        </Field>
        <Field id={`${idPrefix}-date`} label="Date" error={f.recordedOn}>
          <input type="date" {...describedBy(`${idPrefix}-date`, f.recordedOn)} value={date} onInput={(e) => setDate(e.currentTarget.value)} />
        </Field>
      </div>
      <Field id={`${idPrefix}-note`} label="Note" error={f.note} hint="Optional: where the number comes from, or why it moved">
        <input {...describedBy(`${idPrefix}-note`, f.note, true)} value={note} onInput={(e) => setNote(e.currentTarget.value)} maxLength={500} />
      </Field>
      <SubmitRow busy={save.busy} label="Record reading" busyLabel="Saving…" onCancel={onCancel} />
      <ProblemNotice problem={save.problem} shownFields={['value', 'recordedOn', 'note']} />
    </form>
  );
}

/** "Target 95% · higher is better" and "Latest 92% on 3 Dec 2026 · off target". */
function KpiDetails({ kpi }: { kpi: Kpi }) {
  const status = onTarget(kpi);
  return (
    <>
      <span class="entry-detail">
        {kpi.target === null ? 'No target' : `Target ${withUnit(kpi.target, kpi.unit)}`} · {DIRECTION_WORDS[kpi.direction].toLowerCase()}
      </span>{' '}
      <span class={`entry-detail kpi-latest${status === false ? ' off' : status ? ' on' : ''}`}>
        {kpi.latest
          ? `Latest ${withUnit(kpi.latest.value, kpi.unit)} on ${formatDate(kpi.latest.recordedOn)}${status === null ? '' : status ? ' · on target' : ' · off target'}`
          : 'No readings yet'}
      </span>
    </>
  );
}

function KpiList({ items, admin, onChanged }: { items: Kpi[]; admin: boolean; onChanged: () => Promise<void> }) {
  const [added, setAdded] = useState('');
  return (
    <section class="subsection" aria-labelledby="kpis-heading">
      <h3 id="kpis-heading">KPIs</h3>
      {items.length === 0 ? (
        <p class="empty">None yet.</p>
      ) : (
        <ul class="entries" aria-labelledby="kpis-heading">
          {items.map((k) => (
            <EntryRow key={k.id} name={k.name} retired={!!k.retiredAt} admin={admin} details={<KpiDetails kpi={k} />}
              onRetire={async (retired) => {
                await callApi('updateKpi', k.id, { retired });
                await onChanged();
              }}
              forms={[
                {
                  label: 'Record reading',
                  render: (close) => <ReadingForm kpi={k} onCancel={close} onDone={() => {
                    close();
                    void onChanged();
                  }} />,
                },
                {
                  label: 'Edit',
                  render: (close) => (
                    <KpiForm idPrefix={`kpi-${k.id}`} initial={k} submitLabel="Save KPI" onCancel={close}
                      onSave={(body) => callApi('updateKpi', k.id, body)}
                      onDone={() => {
                        close();
                        void onChanged();
                      }} />
                  ),
                },
              ]} />
          ))}
        </ul>
      )}
      {admin && (
        <>
          <h4 class="form-title">Add a KPI</h4>
          <KpiForm idPrefix="kpi-new" submitLabel="Add KPI"
            onSave={(body) => callApi('addKpi', body)}
            onDone={(name) => {
              setAdded(`Added “${name}”.`);
              void onChanged();
            }} />
          <p class="status" role="status">{added}</p>
        </>
      )}
    </section>
  );
}
