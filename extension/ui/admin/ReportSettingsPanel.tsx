import { useMemo, useState } from 'preact/hooks';
import { isoDate, localParts, nextScheduledSend } from '../../../shared/schedule';
import { isTimeZone, type ReportSchedule, type Workspace, type WorkspacePatch } from '../../../shared/schemas';
import { callApi } from '../../core/contract/messages';
import { describedBy, Field, formatDate, ProblemNotice, useLoad, type Session } from './forms';
import { useSubmit } from '../submit';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const HOURS = Array.from({ length: 24 }, (_, h) => h);
const MONTH_DAYS = Array.from({ length: 28 }, (_, i) => i + 1);

const hourText = (h: number) => `${String(h).padStart(2, '0')}:00`;
const ordinal = (n: number) => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

/** "Every Monday at 08:00" / "On the first business day of each month at 08:00". */
function scheduleSentence(s: ReportSchedule, timeZone: string | null): string {
  const when = s.cadence === 'weekly'
    ? `Every ${WEEKDAYS[s.weekday - 1]}`
    : s.monthDay === null ? 'On the first business day (Monday to Friday) of each month' : `On the ${ordinal(s.monthDay)} of each month`;
  return `${when} at ${hourText(s.hour)}${timeZone ? `, ${timeZone} time` : ''}.`;
}

/** The browser's own zone, and every zone it knows, for the time zone picker. */
function timeZoneChoices(): { own: string; all: string[] } {
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  let all: string[] = [];
  try {
    all = Intl.supportedValuesOf('timeZone');
  } catch {
    // Older engines lack the list; typing a zone still works and is checked on save.
  }
  // Chromium leaves UTC out of the list, and the browser's zone may be an alias the list does not spell.
  return { own, all: [...new Set(['UTC', own, ...all])].sort() };
}

/** Jargon words as typed, one per line: trimmed, blanks dropped, each word once. */
function jargonList(text: string): string[] {
  const seen = new Set<string>();
  const words: string[] = [];
  for (const line of text.split('\n')) {
    const word = line.trim();
    if (word && !seen.has(word.toLocaleLowerCase())) {
      seen.add(word.toLocaleLowerCase());
      words.push(word);
    }
  }
  return words;
}

interface Draft {
  name: string;
  cadence: ReportSchedule['cadence'];
  weekday: number;
  /** '' = the first business day. */
  monthDay: string;
  hour: number;
  timeZone: string;
  jargon: string;
}

const draftOf = (w: Workspace): Draft => ({
  name: w.name, cadence: w.schedule.cadence, weekday: w.schedule.weekday, monthDay: w.schedule.monthDay === null ? '' : String(w.schedule.monthDay),
  hour: w.schedule.hour, timeZone: w.timeZone, jargon: w.jargonWords.join('\n'),
});

/** When the report goes out, in which time zone, and which words the plain-language check flags. */
export function ReportSettingsPanel({ session, onSaved }: { session: Session; onSaved: (w: Workspace) => void }) {
  const loaded = useLoad(() => callApi('workspace'), [session.member.id]);
  // What the Worker holds until the admin changes something; a reload never overwrites what is being typed.
  const [edited, setEdited] = useState<Draft | null>(null);
  const draft = edited ?? (loaded.data ? draftOf(loaded.data) : null);
  const [saved, setSaved] = useState('');
  const [savedWorkspace, setSavedWorkspace] = useState<Workspace | null>(null);
  const save = useSubmit();
  const zones = useMemo(timeZoneChoices, []);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setSaved('');
    if (draft) setEdited({ ...draft, [key]: value });
  };

  if (!draft) {
    return (
      <section class="subsection" aria-labelledby="report-settings-heading">
        <h3 id="report-settings-heading">Schedule and wording</h3>
        <ProblemNotice problem={loaded.problem} onRetry={() => void loaded.reload()} />
        {loaded.loading && <p aria-busy="true">Loading the report settings…</p>}
      </section>
    );
  }

  const schedule: ReportSchedule = { cadence: draft.cadence, weekday: draft.weekday, monthDay: draft.monthDay === '' ? null : Number(draft.monthDay), hour: draft.hour };
  const zoneOk = isTimeZone(draft.timeZone.trim());
  let next = '';
  if (zoneOk) {
    const p = localParts(nextScheduledSend(new Date(), schedule, draft.timeZone.trim()).at, draft.timeZone.trim());
    next = `${WEEKDAYS[p.weekday - 1]} ${formatDate(isoDate(p.year, p.month, p.day))} at ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  }
  const words = jargonList(draft.jargon);
  const f = save.fields;
  // The API names a bad word by its place in the list it was sent: name the word itself.
  const wordError = Object.entries(f).find(([k]) => k.startsWith('jargonWords.'));
  const jargonError = f.jargonWords ?? (wordError ? `has a word that ${wordError[1]}: “${words[Number(wordError[0].split('.')[1])] ?? ''}”` : undefined);
  const zoneError = f.timeZone;
  const scheduleError = (k: string) => f[`schedule.${k}`] ?? (k === 'cadence' ? f.schedule : undefined);

  const submit = async (e: Event) => {
    e.preventDefault();
    setSaved('');
    if (!zoneOk) {
      save.fail({ kind: 'other', code: 'validation_failed', message: 'Check the time zone.', fields: { timeZone: 'must be a time zone from the list, e.g. Europe/Paris or America/New_York' } });
      return;
    }
    // Only what changed is sent: the activity log then says what this admin actually changed,
    // and a setting another admin changed meanwhile is not put back.
    const base = savedWorkspace ?? loaded.data!;
    const patch: WorkspacePatch = {};
    if (draft.name.trim() !== base.name) patch.name = draft.name.trim();
    if (draft.timeZone.trim() !== base.timeZone) patch.timeZone = draft.timeZone.trim();
    if (JSON.stringify(schedule) !== JSON.stringify(base.schedule)) patch.schedule = schedule;
    if (JSON.stringify(words) !== JSON.stringify(base.jargonWords)) patch.jargonWords = words;
    if (Object.keys(patch).length === 0) {
      setSaved('Nothing changed since the last save.');
      return;
    }
    const ok = await save.run(async () => {
      const w = await callApi('updateWorkspace', patch);
      setSavedWorkspace(w);
      setEdited({ ...draft, jargon: w.jargonWords.join('\n') });
      onSaved(w);
    });
    if (ok) setSaved('Saved. The next report follows these settings.');
  };

  return (
    <section class="subsection" aria-labelledby="report-settings-heading">
      <h3 id="report-settings-heading">Schedule and wording</h3>
      <form class="settings-form" onSubmit={submit} noValidate>
        <Field id="ws-name" label="Workspace name" error={f.name} hint="The report's title shows it; typing it also confirms deleting the workspace.">
          <input {...describedBy('ws-name', f.name, true)} value={draft.name} onInput={(e) => set('name', e.currentTarget.value)} maxLength={120} autoComplete="off" />
        </Field>

        <fieldset class="field">
          <legend>How often</legend>
          <div class="segmented">
            <label><input type="radio" name="cadence" value="weekly" checked={draft.cadence === 'weekly'} onChange={() => set('cadence', 'weekly')} />Weekly</label>
            <label><input type="radio" name="cadence" value="monthly" checked={draft.cadence === 'monthly'} onChange={() => set('cadence', 'monthly')} />Monthly</label>
          </div>
          {scheduleError('cadence') && <p class="field-error">How often {scheduleError('cadence')}.</p>}
        </fieldset>

        <div class="row">
          {draft.cadence === 'weekly' ? (
            <Field id="ws-weekday" label="Day of the week" error={scheduleError('weekday')}>
              <select {...describedBy('ws-weekday', scheduleError('weekday'))} value={String(draft.weekday)} onChange={(e) => set('weekday', Number(e.currentTarget.value))}>
                {WEEKDAYS.map((d, i) => <option key={d} value={String(i + 1)}>{d}</option>)}
              </select>
            </Field>
          ) : (
            <Field id="ws-monthday" label="Day of the month" error={scheduleError('monthDay')}>
              <select {...describedBy('ws-monthday', scheduleError('monthDay'))} value={draft.monthDay} onChange={(e) => set('monthDay', e.currentTarget.value)}>
                <option value="">First business day</option>
                {MONTH_DAYS.map((d) => <option key={d} value={String(d)}>{ordinal(d)}</option>)}
              </select>
            </Field>
          )}
          <Field id="ws-hour" label="Time" error={scheduleError('hour')}>
            <select {...describedBy('ws-hour', scheduleError('hour'))} value={String(draft.hour)} onChange={(e) => set('hour', Number(e.currentTarget.value))}>
              {HOURS.map((h) => <option key={h} value={String(h)}>{hourText(h)}</option>)}
            </select>
          </Field>
        </div>

        <Field id="ws-timezone" label="Time zone" error={zoneError}
          hint="Start typing a city or region, e.g. Chicago or Europe/">
          <div class="code-line">
            <input {...describedBy('ws-timezone', zoneError, true)} list="ws-timezones" value={draft.timeZone}
              onInput={(e) => set('timeZone', e.currentTarget.value)} autoComplete="off" spellcheck={false} />
            {draft.timeZone !== zones.own && (
              <button type="button" onClick={() => set('timeZone', zones.own)}>Use this browser's ({zones.own})</button>
            )}
          </div>
          <datalist id="ws-timezones">
            {zones.all.map((z) => <option key={z} value={z} />)}
          </datalist>
        </Field>

        <p class="schedule-summary" data-testid="schedule-summary">
          {scheduleSentence(schedule, zoneOk ? draft.timeZone.trim() : null)}
          {next && <> Next one: {next}.</>}
        </p>

        <Field id="ws-jargon" label="Jargon words" error={jargonError}
          hint="One word or phrase per line. When a summary uses one, Steward asks the author to say it in plain words.">
          <textarea {...describedBy('ws-jargon', jargonError, true)} rows={6} value={draft.jargon} onInput={(e) => set('jargon', e.currentTarget.value)} spellcheck={false} />
        </Field>
        <p class="hint">{words.length === 1 ? '1 word' : `${words.length} words`}</p>

        <div class="actions">
          <button type="submit" class="primary" disabled={save.busy}>{save.busy ? 'Saving…' : 'Save report settings'}</button>
          <span class="status" role="status">{saved}</span>
        </div>
        <ProblemNotice problem={save.problem} shownFields={['name', 'timeZone', 'schedule', 'jargonWords']} />
      </form>
    </section>
  );
}
