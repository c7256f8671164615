import { useState } from 'preact/hooks';
import {
  initiativeDeleteProblem, INITIATIVE_ROAD, INITIATIVE_STATE_WORDS, INITIATIVE_STATES, stateChangeProblem,
  type Initiative, type InitiativeDetail, type InitiativeKpiInput, type InitiativePatch, type InitiativeState, type Kpi, type ProviderCompany,
} from '../../../shared/schemas';
import { callApi } from '../../core/contract/messages';
import { useSubmit } from '../submit';
import { ConfirmBox, Field, formatDate, formatDateTime, ProblemNotice, useLoad, type Session } from './forms';

/** The order the list shows states in: the road first, then what left it. */
const STATE_ORDER: InitiativeState[] = [...INITIATIVE_ROAD, 'deferred', 'rejected'];

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "Raised 14 times by 3 lines of business since March 2026": the report's words. */
function evidenceLine(i: Pick<Initiative, 'evidence'>): string {
  const e = i.evidence;
  if (!e.tags) return 'No tickets linked yet';
  const since = e.since ? ` since ${MONTHS[Number(e.since.slice(5, 7)) - 1]} ${e.since.slice(0, 4)}` : '';
  const lines = `${e.linesOfBusiness} line${e.linesOfBusiness === 1 ? '' : 's'} of business`;
  return `Raised ${e.tags === 1 ? 'once' : `${e.tags} times`} by ${lines}${since}${e.open < e.tags ? ` (${e.open} still open)` : ''}`;
}

const OUTCOME_WORDS = { met: 'met', not_met: 'not met', waiting: 'not measured yet' } as const;

/**
 * Initiatives (staff and admins): business gaps turned into a specification and KPIs, listed by
 * state, each with its evidence, KPI progress and timeline; proposed here, decided by executives
 * from the report, delivered by the provider.
 */
export function InitiativesPanel({ session }: { session: Session }) {
  const [shown, setShown] = useState(false);
  return (
    <section id="initiatives" class="panel-section" aria-labelledby="initiatives-heading">
      <h2 id="initiatives-heading">Initiatives</h2>
      <p class="hint">
        A gap the business raised, turned into what will be delivered and the KPIs that will say whether it worked. Executives approve
        proposed initiatives from the report; the provider answers for the ones it delivers.
      </p>
      {/* Loaded when asked for, as Reading health: most visits to the settings are about something else. */}
      {shown ? <Initiatives session={session} /> : (
        <button type="button" aria-expanded="false" aria-controls="initiatives-list" onClick={() => setShown(true)}>Show initiatives</button>
      )}
    </section>
  );
}

function Initiatives({ session }: { session: Session }) {
  const list = useLoad(() => callApi('initiatives'), [session.member.id, session.workspace.id]);
  const lists = useLoad(async () => {
    // Only admins may list members: staff can name themselves as the owner.
    const [taxonomy, companies, members] = await Promise.all([
      callApi('taxonomy'), callApi('providerCompanies'), session.member.role === 'admin' ? callApi('members').then((m) => m.items) : Promise.resolve([session.member]),
    ]);
    return {
      kpis: taxonomy.kpis.filter((k) => !k.retiredAt), companies: companies.items,
      lines: taxonomy.linesOfBusiness.filter((l) => !l.retiredAt), people: taxonomy.stakeholders.filter((p) => !p.retiredAt),
      owners: members.filter((m) => m.role === 'admin' || m.role === 'staff').map((m) => ({ id: m.id, name: m.name })),
    };
  }, [session.member.id, session.workspace.id]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const items = list.data?.items ?? [];

  return (
    <div id="initiatives-list">
      <ProblemNotice problem={list.problem ?? lists.problem} onRetry={() => void list.reload()} />
      {notice && <p class="notice" role="status">{notice}</p>}
      <ProposeForm onProposed={(i) => {
        void list.reload();
        setNotice('');
        setOpenId(i.id);
      }} />
      {!list.data ? list.loading && <p aria-busy="true">Loading initiatives…</p> : !items.length ? <p class="empty">No initiatives yet.</p> : (
        STATE_ORDER.filter((s) => items.some((i) => i.state === s)).map((state) => (
          <div key={state} class="initiative-group">
            <h3>{INITIATIVE_STATE_WORDS[state]}</h3>
            <ul class="rows">
              {items.filter((i) => i.state === state).map((i) => (
                <li key={i.id}>
                  <button type="button" class="link" aria-expanded={openId === i.id} aria-controls={`initiative-${i.id}`} onClick={() => setOpenId(openId === i.id ? null : i.id)}>
                    {i.title}
                  </button>{' '}
                  <span class="hint">{evidenceLine(i)}</span>
                  {openId === i.id && (
                    <InitiativeEditor key={`${i.id}-${i.version}`} id={`initiative-${i.id}`} initiative={i} currency={list.data!.currency}
                      kpis={lists.data?.kpis ?? []} companies={lists.data?.companies ?? []} lines={lists.data?.lines ?? []} people={lists.data?.people ?? []}
                      owners={lists.data?.owners ?? []} onChanged={() => void list.reload()} mayDelete={session.member.role === 'admin'}
                      onDeleted={() => {
                        setOpenId(null);
                        setNotice(`Deleted “${i.title}”. The tags it linked are still there.`);
                        void list.reload();
                      }} />
                  )}
                </li>
              ))}
            </ul>
          </div>
        ))
      )}
      {session.member.role === 'admin' && list.data && <CurrencyForm currency={list.data.currency} onSaved={() => void list.reload()} />}
    </div>
  );
}

function ProposeForm({ onProposed }: { onProposed: (i: Initiative) => void }) {
  const [title, setTitle] = useState('');
  const [gap, setGap] = useState('');
  const submit = useSubmit();
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    let made: Initiative | null = null;
    if (await submit.run(async () => { made = await callApi('createInitiative', { title, gap }); })) {
      setTitle('');
      setGap('');
      onProposed(made!);
    }
  };
  return (
    <form class="stack" onSubmit={(e) => void onSubmit(e)} aria-label="Propose an initiative">
      <h3>Propose an initiative</h3>
      <ProblemNotice problem={submit.problem} shownFields={['title', 'gap']} />
      <Field id="initiative-new-title" label="Title" error={submit.fields.title}>
        <input id="initiative-new-title" value={title} maxLength={160} required onInput={(e) => setTitle(e.currentTarget.value)} />
      </Field>
      <Field id="initiative-new-gap" label="The gap" error={submit.fields.gap} hint="What the business cannot do today, in plain words.">
        <textarea id="initiative-new-gap" value={gap} maxLength={1000} required onInput={(e) => setGap(e.currentTarget.value)} />
      </Field>
      <button type="submit" disabled={submit.busy}>{submit.busy ? 'Proposing…' : 'Propose'}</button>
    </form>
  );
}

/** A number input's value for the API: a number, null when empty, or what was typed (the Worker then says it is not a number). */
const amount = (text: string): number | null => (text.trim() === '' ? null : Number.isFinite(Number(text)) ? Number(text) : (text as unknown as number));

interface KpiRow { kpiId: string; baseline: string; baselineOn: string; target: string; targetOn: string }

type Named = { id: string; name: string };

/** A multiple choice from a list, with the entries already chosen kept even when no longer offered. */
function Choices({ id, label, options, chosen, onChange, error }: { id: string; label: string; options: Named[]; chosen: Named[]; onChange(ids: string[]): void; error?: string }) {
  const all = [...options, ...chosen.filter((c) => !options.some((o) => o.id === c.id))];
  return (
    <Field id={id} label={label} error={error} hint="Ctrl+click (⌘-click) to choose several.">
      <select id={id} multiple size={Math.min(4, Math.max(2, all.length))} onChange={(e) => onChange([...e.currentTarget.selectedOptions].map((o) => o.value))}>
        {all.map((o) => <option key={o.id} value={o.id} selected={chosen.some((c) => c.id === o.id)}>{o.name}</option>)}
      </select>
    </Field>
  );
}

function InitiativeEditor({ id, initiative: i, currency, kpis, companies, lines, people, owners, onChanged, mayDelete, onDeleted }: {
  id: string; initiative: Initiative; currency: string; kpis: Kpi[]; companies: ProviderCompany[]; lines: Named[]; people: Named[]; owners: Named[]; onChanged: () => void;
  /** The viewer is an admin (only admins delete). */
  mayDelete: boolean;
  onDeleted: () => void;
}) {
  const [lineIds, setLineIds] = useState(i.linesOfBusiness.map((x) => x.id));
  const [peopleIds, setPeopleIds] = useState(i.stakeholders.map((x) => x.id));
  const [owner, setOwner] = useState(i.owner?.id ?? '');
  const detail = useLoad(() => callApi('initiative', i.id), [i.id, i.version]);
  const [title, setTitle] = useState(i.title);
  const [gap, setGap] = useState(i.gap);
  const [spec, setSpec] = useState(i.specification.join('\n'));
  const [rows, setRows] = useState<KpiRow[]>(i.kpis.map((k) => ({ kpiId: k.kpiId, baseline: String(k.baseline), baselineOn: k.baselineOn, target: String(k.target), targetOn: k.targetOn })));
  const [oneOff, setOneOff] = useState(i.budget?.oneOff?.toString() ?? '');
  const [monthly, setMonthly] = useState(i.budget?.monthly?.toString() ?? '');
  const [quarter, setQuarter] = useState(i.targetQuarter ?? '');
  const [provider, setProvider] = useState(i.providerCompany ?? '');
  const [nextState, setNextState] = useState<InitiativeState>(i.state);
  const [reason, setReason] = useState('');
  const save = useSubmit();
  const move = useSubmit();
  const remove = useSubmit();
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const f = save.fields;
  // Offered only when the Worker would allow it: never approved (the timeline says), proposed or rejected.
  const deletable = mayDelete && !!detail.data && !initiativeDeleteProblem(i.state, detail.data.timeline);
  const onDelete = async () => {
    if (await remove.run(() => callApi('deleteInitiative', i.id))) onDeleted();
    else setConfirmingDelete(false);
  };

  const onSave = async (e: Event) => {
    e.preventDefault();
    const patch: InitiativePatch = {
      version: i.version, title, gap, specification: spec.split('\n').map((s) => s.trim()).filter(Boolean),
      kpis: rows.map((r): InitiativeKpiInput => ({ kpiId: r.kpiId, baseline: amount(r.baseline)!, baselineOn: r.baselineOn, target: amount(r.target)!, targetOn: r.targetOn })),
      budget: { oneOff: amount(oneOff), monthly: amount(monthly) }, targetQuarter: quarter.trim() || null, providerCompany: provider || null,
      linesOfBusiness: lineIds, stakeholders: peopleIds, ownerId: owner || null,
    };
    if (await save.run(() => callApi('updateInitiative', i.id, patch))) onChanged();
  };
  const stateProblem = stateChangeProblem(i.state, nextState, reason);
  const onMove = async () => {
    if (await move.run(() => callApi('updateInitiative', i.id, { version: i.version, state: nextState, ...(reason.trim() ? { reason } : {}) }))) onChanged();
  };
  const setRow = (n: number, change: Partial<KpiRow>) => setRows(rows.map((r, k) => (k === n ? { ...r, ...change } : r)));

  return (
    <div class="initiative" id={id}>
      <p class="hint">
        {INITIATIVE_STATE_WORDS[i.state]}{i.stateReason ? ` — ${i.stateReason}` : ''}
        {i.decision ? ` · ${i.decision.by} ${i.decision.answer === 'approve' ? 'approved it' : i.decision.answer === 'not_now' ? 'said not now' : 'asked to discuss it'} on ${formatDate(i.decision.at)}` : ''}
        {i.providerAnswer ? ` · ${i.providerAnswer.company ?? 'Provider'}: ${i.providerAnswer.status.replace(/_/g, ' ')}${i.providerAnswer.eta ? `, expected ${formatDate(i.providerAnswer.eta)}` : ''}` : ''}
      </p>
      <form class="stack" onSubmit={(e) => void onSave(e)} aria-label={`Edit ${i.title}`}>
        <ProblemNotice problem={save.problem} shownFields={['title', 'gap', 'specification', 'kpis', 'budget', 'targetQuarter', 'providerCompany']} />
        <Field id={`${id}-title`} label="Title" error={f.title}><input id={`${id}-title`} value={title} maxLength={160} onInput={(e) => setTitle(e.currentTarget.value)} /></Field>
        <Field id={`${id}-gap`} label="The gap" error={f.gap}><textarea id={`${id}-gap`} value={gap} maxLength={1000} onInput={(e) => setGap(e.currentTarget.value)} /></Field>
        <Field id={`${id}-spec`} label="Specification" error={f.specification} hint="One acceptance criterion a line: what will be delivered.">
          <textarea id={`${id}-spec`} value={spec} onInput={(e) => setSpec(e.currentTarget.value)} />
        </Field>
        <fieldset>
          <legend>KPIs</legend>
          {rows.map((r, n) => (
            <div class="row" key={n}>
              <Field id={`${id}-kpi-${n}`} label="KPI" error={f[`kpis.${n}.kpiId`]}>
                <select id={`${id}-kpi-${n}`} value={r.kpiId} onChange={(e) => setRow(n, { kpiId: e.currentTarget.value })}>
                  {kpis.map((k) => <option key={k.id} value={k.id}>{k.name} ({k.unit})</option>)}
                </select>
              </Field>
              <Field id={`${id}-kpi-${n}-baseline`} label="Baseline" error={f[`kpis.${n}.baseline`]}><input id={`${id}-kpi-${n}-baseline`} inputMode="decimal" value={r.baseline} onInput={(e) => setRow(n, { baseline: e.currentTarget.value })} /></Field>
              <Field id={`${id}-kpi-${n}-baseline-on`} label="Measured on" error={f[`kpis.${n}.baselineOn`]}><input id={`${id}-kpi-${n}-baseline-on`} type="date" value={r.baselineOn} onInput={(e) => setRow(n, { baselineOn: e.currentTarget.value })} /></Field>
              <Field id={`${id}-kpi-${n}-target`} label="Target" error={f[`kpis.${n}.target`]}><input id={`${id}-kpi-${n}-target`} inputMode="decimal" value={r.target} onInput={(e) => setRow(n, { target: e.currentTarget.value })} /></Field>
              <Field id={`${id}-kpi-${n}-target-on`} label="Reached by" error={f[`kpis.${n}.targetOn`]}><input id={`${id}-kpi-${n}-target-on`} type="date" value={r.targetOn} onInput={(e) => setRow(n, { targetOn: e.currentTarget.value })} /></Field>
              <button type="button" onClick={() => setRows(rows.filter((_, k) => k !== n))}>Remove KPI</button>
            </div>
          ))}
          {kpis.length ? (
            <button type="button" onClick={() => setRows([...rows, { kpiId: kpis[0]!.id, baseline: kpis[0]!.latest ? String(kpis[0]!.latest.value) : '', baselineOn: kpis[0]!.latest?.recordedOn ?? '', target: kpis[0]!.target?.toString() ?? '', targetOn: '' }])}>Add a KPI</button>
          ) : <p class="hint">Add KPIs under Taxonomy first.</p>}
        </fieldset>
        <div class="row">
          <Choices id={`${id}-lines`} label="Lines of business who raised it" options={lines} chosen={lineIds.map((x) => lines.find((l) => l.id === x) ?? i.linesOfBusiness.find((l) => l.id === x) ?? { id: x, name: x })}
            onChange={setLineIds} error={f.linesOfBusiness ?? Object.entries(f).find(([k]) => k.startsWith('linesOfBusiness.'))?.[1]} />
          <Choices id={`${id}-people`} label="Stakeholders who raised it" options={people} chosen={peopleIds.map((x) => people.find((p) => p.id === x) ?? i.stakeholders.find((p) => p.id === x) ?? { id: x, name: x })}
            onChange={setPeopleIds} error={f.stakeholders ?? Object.entries(f).find(([k]) => k.startsWith('stakeholders.'))?.[1]} />
          <Field id={`${id}-owner`} label="Owner in IT" error={f.ownerId}>
            <select id={`${id}-owner`} value={owner} onChange={(e) => setOwner(e.currentTarget.value)}>
              <option value="">Nobody yet</option>
              {[...owners, ...(i.owner && !owners.some((o) => o.id === i.owner!.id) ? [i.owner] : [])].map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
            </select>
          </Field>
        </div>
        <div class="row">
          <Field id={`${id}-one-off`} label={`One-off budget (${currency})`} error={f['budget.oneOff']}><input id={`${id}-one-off`} inputMode="decimal" value={oneOff} onInput={(e) => setOneOff(e.currentTarget.value)} /></Field>
          <Field id={`${id}-monthly`} label={`Monthly (${currency})`} error={f['budget.monthly']}><input id={`${id}-monthly`} inputMode="decimal" value={monthly} onInput={(e) => setMonthly(e.currentTarget.value)} /></Field>
          <Field id={`${id}-quarter`} label="Target quarter" error={f.targetQuarter} hint="e.g. 2027-Q2"><input id={`${id}-quarter`} value={quarter} onInput={(e) => setQuarter(e.currentTarget.value)} /></Field>
          <Field id={`${id}-provider`} label="Delivered by" error={f.providerCompany}>
            <select id={`${id}-provider`} value={provider} onChange={(e) => setProvider(e.currentTarget.value)}>
              <option value="">No provider yet</option>
              {companies.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
            </select>
          </Field>
        </div>
        <button type="submit" disabled={save.busy}>{save.busy ? 'Saving…' : 'Save initiative'}</button>
      </form>
      <div class="row" role="group" aria-label="Move the initiative">
        <Field id={`${id}-state`} label="Move to" error={move.fields.state}>
          <select id={`${id}-state`} value={nextState} onChange={(e) => setNextState(e.currentTarget.value as InitiativeState)}>
            {INITIATIVE_STATES.map((s) => <option key={s} value={s}>{INITIATIVE_STATE_WORDS[s]}</option>)}
          </select>
        </Field>
        <Field id={`${id}-reason`} label="Reason" hint={stateProblem ? `This move ${stateProblem}.` : undefined}>
          <input id={`${id}-reason`} value={reason} maxLength={1000} onInput={(e) => setReason(e.currentTarget.value)} />
        </Field>
        <button type="button" disabled={move.busy || nextState === i.state} onClick={() => void onMove()}>Change state</button>
      </div>
      <ProblemNotice problem={move.problem} shownFields={['state']} />
      {deletable && !confirmingDelete && <button type="button" class="danger" onClick={() => setConfirmingDelete(true)}>Delete</button>}
      {confirmingDelete && (
        <ConfirmBox id={`${id}-delete`} question={`Delete “${i.title}” for good? Its evidence links, KPIs and timeline go with it; the tags stay.`}
          confirmLabel="Delete initiative" busy={remove.busy} onConfirm={() => void onDelete()} onCancel={() => setConfirmingDelete(false)} />
      )}
      <ProblemNotice problem={remove.problem} />
      {i.kpis.length > 0 && (
        <>
          <h4>KPI progress</h4>
          <ul class="rows">
            {i.kpis.map((k) => (
              <li key={k.kpiId}>
                {k.name}: {k.baseline} → {k.latest ? `${k.latest.value} (${formatDate(k.latest.recordedOn)})` : 'no reading yet'} → target {k.target} {k.unit} by {formatDate(k.targetOn)} — {OUTCOME_WORDS[k.outcome]}
              </li>
            ))}
          </ul>
        </>
      )}
      <Evidence initiative={i} detail={detail.data} onChanged={onChanged} />
      {detail.data && (
        <>
          <h4>Timeline</h4>
          <ol class="rows">
            {detail.data.timeline.map((e) => <li key={e.id}>{formatDateTime(e.at)} · {e.by.name}: {e.text}{e.note ? ` — “${e.note}”` : ''}</li>)}
          </ol>
        </>
      )}
    </div>
  );
}

function Evidence({ initiative, detail, onChanged }: { initiative: Initiative; detail: InitiativeDetail | null; onChanged: () => void }) {
  const unlink = useSubmit();
  return (
    <>
      <h4>Evidence</h4>
      <p>{evidenceLine(initiative)}{initiative.evidence.tickets ? ` · ${initiative.evidence.tickets} ticket${initiative.evidence.tickets === 1 ? '' : 's'}` : ''}</p>
      <ProblemNotice problem={unlink.problem} />
      {detail && (
        <ul class="rows">
          {detail.evidence.map((e) => (
            <li key={e.annotationId}>
              {e.url ? <a href={e.url} target="_blank" rel="noreferrer">{e.summary}</a> : e.summary} <span class="hint">({e.lineOfBusiness}, {e.state})</span>{' '}
              <button type="button" disabled={unlink.busy} aria-label={`Unlink ${e.summary}`}
                onClick={() => void unlink.run(() => callApi('changeEvidence', initiative.id, { unlink: [e.annotationId] })).then((ok) => ok && onChanged())}>Unlink</button>
            </li>
          ))}
        </ul>
      )}
      <p class="hint">Link tags from the side panel: <em>Add to initiative…</em> on a tag.</p>
    </>
  );
}

function CurrencyForm({ currency, onSaved }: { currency: string; onSaved: () => void }) {
  const [value, setValue] = useState(currency);
  const submit = useSubmit();
  return (
    <form class="row" aria-label="Budget currency" onSubmit={(e) => {
      e.preventDefault();
      void submit.run(() => callApi('updateInitiativeSettings', value)).then((ok) => ok && onSaved());
    }}>
      <Field id="initiative-currency" label="Currency for budgets" error={submit.fields.currency} hint="A three-letter code, e.g. EUR or USD.">
        <input id="initiative-currency" value={value} maxLength={3} onInput={(e) => setValue(e.currentTarget.value)} />
      </Field>
      <button type="submit" disabled={submit.busy}>Save currency</button>
      <ProblemNotice problem={submit.problem} shownFields={['currency']} />
    </form>
  );
}
