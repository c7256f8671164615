import { useState } from 'preact/hooks';
import { lastScheduledSend, periodLabel } from '../../../shared/schedule';
import type { Recipient, ReportPreview, ReportSummary } from '../../../shared/schemas';
import { callApi } from '../../core/contract/messages';
import { ConfirmBox, describedBy, Field, formatDateTime, ProblemNotice, useLoad, type Session } from './forms';
import { useSubmit } from '../submit';

type Delivery = ReportSummary['deliveries'][number];

const DELIVERY_WORDS: Record<Delivery['status'], string> = { pending: 'Waiting', sending: 'Sending', sent: 'Sent', failed: 'Failed' };

/** Gmail clips an email past about 102 KB; the report is built to stay under it. */
const GMAIL_CLIP_BYTES = 102 * 1024;

/**
 * Report HTML shown inside the options page: in a sandboxed frame (no scripts, no forms, not
 * this page's origin), with links opening in a new tab instead of inside the frame.
 */
function ReportFrame({ html, title }: { html: string; title: string }) {
  const base = '<base target="_blank">';
  const doc = /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (m) => `${m}${base}`) : `${base}${html}`;
  return <iframe class="report-frame" title={title} sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc={doc} />;
}

/** Who receives the report, what it will say, sending it now, and every report sent so far. */
export function ReportsPanel({ session }: { session: Session }) {
  const recipients = useLoad(() => callApi('recipients'), [session.member.id]);
  const archive = useLoad(() => callApi('reports'), [session.member.id]);
  const active = (recipients.data?.items ?? []).filter((r) => !r.unsubscribed);
  return (
    <>
      <section class="subsection" aria-labelledby="recipients-heading">
        <h3 id="recipients-heading">Recipients</h3>
        <p class="hint">Executives who joined with an email address (see People) receive the report, and so does every address added here.</p>
        <ProblemNotice problem={recipients.problem} onRetry={() => void recipients.reload()} />
        {recipients.data ? (
          <RecipientList items={recipients.data.items} onChanged={() => void recipients.reload()} />
        ) : (
          recipients.loading && <p aria-busy="true">Loading recipients…</p>
        )}
        <AddRecipient onAdded={() => void recipients.reload()} />
      </section>
      <PreviewSection />
      <SendSection session={session} recipientCount={recipients.data ? active.length : null} onSent={() => void archive.reload()} />
      <section class="subsection" aria-labelledby="archive-heading">
        <h3 id="archive-heading">Sent reports</h3>
        <ProblemNotice problem={archive.problem} onRetry={() => void archive.reload()} />
        {archive.data ? (
          archive.data.items.length === 0 ? <p class="empty">No report has been sent yet.</p> : <Archive items={archive.data.items} />
        ) : (
          archive.loading && <p aria-busy="true">Loading sent reports…</p>
        )}
      </section>
    </>
  );
}

function RecipientList({ items, onChanged }: { items: Recipient[]; onChanged: () => void }) {
  if (items.length === 0) {
    return <p class="empty">Nobody yet: add the executives' email addresses below.</p>;
  }
  return (
    <ul class="entries" aria-labelledby="recipients-heading">
      {items.map((r) => <RecipientRow key={r.email} recipient={r} onChanged={onChanged} />)}
    </ul>
  );
}

function RecipientRow({ recipient: r, onChanged }: { recipient: Recipient; onChanged: () => void }) {
  const remove = useSubmit();
  return (
    <li class={`entry${r.unsubscribed ? ' retired' : ''}`}>
      <div class="entry-line">
        <div class="entry-main">
          <span class="entry-name">{r.name ?? r.email}</span>{' '}
          {r.name && <><span class="entry-detail">{r.email}</span>{' '}</>}
          <span class="entry-detail">{r.source === 'executive' ? 'Executive, from People' : 'Added here'}</span>{' '}
          {r.unsubscribed && <span class="pill">unsubscribed: not sent</span>}
        </div>
        {r.source === 'extra' && r.id && (
          <div class="entry-actions">
            <button type="button" aria-label={`Remove ${r.email} from the recipients`} disabled={remove.busy}
              onClick={() => void remove.run(() => callApi('removeRecipient', r.id!)).then((ok) => ok && onChanged())}>
              Remove
            </button>
          </div>
        )}
      </div>
      <ProblemNotice problem={remove.problem} />
    </li>
  );
}

function AddRecipient({ onAdded }: { onAdded: () => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [added, setAdded] = useState('');
  const save = useSubmit();
  const f = save.fields;
  const submit = async (e: Event) => {
    e.preventDefault();
    setAdded('');
    const typed = email.trim();
    if (await save.run(() => callApi('addRecipient', typed, name.trim() || undefined))) {
      setEmail('');
      setName('');
      setAdded(`Added ${typed}.`);
      onAdded();
    }
  };
  return (
    <form class="entry-form" onSubmit={submit} noValidate aria-label="Add a recipient">
      <div class="row">
        <Field id="recipient-email" label="Email" error={f.email}>
          <input type="email" {...describedBy('recipient-email', f.email)} value={email} onInput={(e) => setEmail(e.currentTarget.value)} autoComplete="off" maxLength={254} />
        </Field>
        <Field id="recipient-name" label="Name" error={f.name} hint="Optional">
          <input {...describedBy('recipient-name', f.name, true)} value={name} onInput={(e) => setName(e.currentTarget.value)} autoComplete="off" maxLength={120} />
        </Field>
      </div>
      <div class="actions">
        <button type="submit" disabled={save.busy}>{save.busy ? 'Adding…' : 'Add recipient'}</button>
        <span class="status" role="status">{added}</span>
      </div>
      <ProblemNotice problem={save.problem} shownFields={['email', 'name']} />
    </form>
  );
}

function PreviewSection() {
  const [date, setDate] = useState('');
  const [preview, setPreview] = useState<ReportPreview | null>(null);
  const load = useSubmit();
  const show = (e: Event) => {
    e.preventDefault();
    // No argument rather than `undefined`: messages travel as JSON, where it would arrive as null.
    void load.run(async () => setPreview(await (date ? callApi('previewReport', date) : callApi('previewReport'))));
  };
  return (
    <section class="subsection" aria-labelledby="preview-heading">
      <h3 id="preview-heading">Preview</h3>
      <form class="inline-form" onSubmit={show} noValidate>
        <Field id="preview-date" label="Any day in the period" error={load.fields.date} hint="Leave empty for the period in progress.">
          <input type="date" {...describedBy('preview-date', load.fields.date, true)} value={date} onInput={(e) => setDate(e.currentTarget.value)} />
        </Field>
        <div class="actions">
          <button type="submit" class="primary" disabled={load.busy}>{load.busy ? 'Building the preview…' : preview ? 'Refresh the preview' : 'Preview the report'}</button>
        </div>
      </form>
      <ProblemNotice problem={load.problem} shownFields={['date']} />
      {preview && (
        <div class="report-preview" data-testid="report-preview">
          <p><strong>{preview.subject}</strong> <span class="hint">({preview.period.label}; nothing is stored or sent)</span></p>
          <ul class="bottom-line" aria-label="Bottom line">
            {preview.bottomLine.map((line, i) => <li key={i}>{line}</li>)}
          </ul>
          <p class="hint">
            Email size {Math.ceil(preview.emailBytes / 1024)} KB{preview.emailBytes > GMAIL_CLIP_BYTES ? ': Gmail will cut it short and show a link to the rest.' : ', under the size at which Gmail cuts emails short.'}
          </p>
          <ReportFrame html={preview.html} title={`Report preview: ${preview.subject}`} />
          <details>
            <summary>Plain-text version</summary>
            <pre class="report-text">{preview.text}</pre>
          </details>
        </div>
      )}
    </section>
  );
}

function SendSection({ session, recipientCount, onSent }: { session: Session; recipientCount: number | null; onSent: () => void }) {
  const [asking, setAsking] = useState(false);
  const [result, setResult] = useState<{ sent: number; failed: number; webViewUrl: string | null; label: string } | null>(null);
  const send = useSubmit();
  // The same period the Worker sends by default: the one the last scheduled send covered.
  // (A connection saved by an older version may lack the schedule: then say it in general words.)
  let label = 'the last completed period';
  try {
    label = periodLabel(lastScheduledSend(new Date(), session.workspace.schedule, session.workspace.timeZone).period);
  } catch {}
  const people = recipientCount === null ? 'everyone on the list' : recipientCount === 1 ? '1 recipient' : `${recipientCount} recipients`;
  const confirm = async () => {
    const ok = await send.run(async () => {
      const r = await callApi('sendReport');
      setResult({ sent: r.sent, failed: r.failed, webViewUrl: r.webViewUrl, label: r.report.period.label });
    });
    setAsking(false);
    if (ok) onSent();
  };
  return (
    <section class="subsection" aria-labelledby="send-heading">
      <h3 id="send-heading">Send now</h3>
      <p class="hint">Reports go out on their own on schedule. Sending now is for a first report, or after fixing something; nobody gets the same report twice.</p>
      {asking ? (
        <ConfirmBox id="send-report" confirmLabel="Send the report" onConfirm={() => void confirm()} onCancel={() => setAsking(false)} busy={send.busy}
          question={`Send the report for ${label} to ${people} now? Anyone who already has it is skipped.`} />
      ) : (
        <button type="button" onClick={() => {
          setResult(null);
          send.clear();
          setAsking(true);
        }}>Send the report now…</button>
      )}
      {result && (
        <p class={result.failed ? 'notice error' : 'notice'} role="status">
          {result.label}: sent to {result.sent === 1 ? '1 person' : `${result.sent} people`}
          {result.failed ? `; ${result.failed} could not be sent (see Sent reports below for why)` : ''}.
          {result.sent === 0 && !result.failed && ' Everyone on the list already had it.'}
          {result.webViewUrl && <> <a href={result.webViewUrl} target="_blank" rel="noopener">Open the web view</a></>}
        </p>
      )}
      <ProblemNotice problem={send.problem} />
    </section>
  );
}

function DeliveryLine({ d }: { d: Delivery }) {
  return (
    <li>
      <span>{d.name ? `${d.name} (${d.email})` : d.email}</span>{' '}
      <span class={`pill delivery-${d.status}`}>{DELIVERY_WORDS[d.status]}</span>{' '}
      {d.status === 'sent' && d.sentAt && <span class="hint">{formatDateTime(d.sentAt)}</span>}
      {d.status === 'failed' && (
        <span class="hint">{d.lastError ?? 'No reason given'}{d.attempts > 1 ? ` (${d.attempts} tries)` : ''}</span>
      )}
    </li>
  );
}

function Archive({ items }: { items: ReportSummary[] }) {
  return (
    <table class="data-table" aria-labelledby="archive-heading">
      <thead>
        <tr><th scope="col">Period</th><th scope="col">Made</th><th scope="col">Delivery</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
      </thead>
      <tbody>{items.map((r) => <ArchiveRow key={r.id} report={r} />)}</tbody>
    </table>
  );
}

function ArchiveRow({ report: r }: { report: ReportSummary }) {
  const [html, setHtml] = useState<string | null>(null);
  const load = useSubmit();
  const sent = r.deliveries.filter((d) => d.status === 'sent').length;
  return (
    <>
      <tr>
        <th scope="row">
          <span class="member-name">{r.period.label}</span>{' '}
          <span class="hint">{r.subject}</span>
        </th>
        <td>{formatDateTime(r.createdAt)}</td>
        <td>
          <span class="visually-hidden">{sent} of {r.deliveries.length} sent.</span>
          {r.deliveries.length === 0 ? <span class="hint">Not sent to anyone</span> : (
            <ul class="deliveries">{r.deliveries.map((d) => <DeliveryLine key={d.email} d={d} />)}</ul>
          )}
        </td>
        <td class="row-actions">
          <button type="button" aria-label={html ? `Hide the report for ${r.period.label}` : `View the report for ${r.period.label}`} disabled={load.busy}
            aria-expanded={html !== null}
            onClick={() => (html ? setHtml(null) : void load.run(async () => setHtml(await callApi('reportPage', r.id))))}>
            {load.busy ? 'Loading…' : html ? 'Hide' : 'View'}
          </button>
        </td>
      </tr>
      {(html || load.problem) && (
        <tr class="detail-row">
          <td colSpan={4}>
            <ProblemNotice problem={load.problem} />
            {html && <ReportFrame html={html} title={`Report for ${r.period.label}`} />}
          </td>
        </tr>
      )}
    </>
  );
}
