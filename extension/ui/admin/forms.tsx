import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useErrorBoundary, useRef, useState } from 'preact/hooks';
import type { Member, Workspace } from '../../../shared/schemas';
import { errorText } from '../../core/contract/errors';
import { problemOf, type Problem } from '../submit';

/** Who is signed in, as the options page shell knows it; panels read it, never the token. */
export interface Session {
  workerUrl: string;
  member: Member;
  workspace: Workspace;
  /** The Worker refused the sign-in: calls will fail until the person reconnects. */
  revoked: boolean;
}

/**
 * A panel-level problem: shown in full unless it is only about fields the form marks
 * itself, in which case a short pointer is enough (the details sit beside each field).
 */
export function ProblemNotice({ problem, shownFields = [], onRetry }: { problem: Problem | null; shownFields?: string[]; onRetry?: () => void }) {
  if (!problem) return null;
  const keys = Object.keys(problem.fields);
  const onlyFields = problem.code === 'validation_failed' && keys.length > 0 && keys.every((k) => shownFields.some((f) => k === f || k.startsWith(`${f}.`)));
  return (
    <div class={`notice ${problem.kind === 'offline' ? 'offline' : problem.kind === 'signed-out' ? 'revoked' : 'error'}`} role="alert">
      <p>{onlyFields ? 'Not saved: check the fields marked below.' : problem.message}</p>
      {onRetry && <button type="button" onClick={onRetry}>Try again</button>}
    </div>
  );
}

/** Loads data for a panel; keeps what it had when a reload fails, so the page never goes blank. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const n = ++latest.current;
    setLoading(true);
    try {
      const value = await load();
      if (n !== latest.current) return;
      setData(value);
      setProblem(null);
    } catch (err) {
      if (n === latest.current) setProblem(problemOf(err));
    } finally {
      if (n === latest.current) setLoading(false);
    }
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, problem, loading, reload };
}

/** Attributes that tie an input to its error and hint, for screen readers. */
export function describedBy(id: string, error?: string, hasHint = false) {
  const ids = [hasHint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { id, 'aria-invalid': error ? (true as const) : undefined, 'aria-describedby': ids || undefined };
}

/** A labelled field with its hint and, when the API or the form found one, its error beside it. */
export function Field({ id, label, error, hint, children, class: className }: {
  id: string; label: string; error?: string; hint?: ComponentChildren; children: ComponentChildren; class?: string;
}) {
  return (
    <div class={`field${className ? ` ${className}` : ''}`}>
      <label for={id}>{label}</label>
      {children}
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p class="field-error" id={`${id}-error`}>{label} {error}.</p>}
    </div>
  );
}

/**
 * Asks before something that cannot be taken back. Inline rather than a browser dialog, so
 * the question stays beside the thing it is about; focus moves to the question.
 */
export function ConfirmBox({ id, question, children, confirmLabel, onConfirm, onCancel, busy }: {
  id: string; question: ComponentChildren; children?: ComponentChildren; confirmLabel: string; onConfirm: () => void; onCancel: () => void; busy?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div class="confirm" role="group" aria-labelledby={`${id}-question`} ref={ref} tabIndex={-1}>
      <p id={`${id}-question`}>{question}</p>
      {children}
      <div class="actions">
        <button type="button" class="danger" onClick={onConfirm} disabled={busy}>{busy ? 'Working…' : confirmLabel}</button>
        <button type="button" onClick={onCancel} disabled={busy}>Cancel</button>
      </div>
    </div>
  );
}

/** Copies text; when the browser refuses, selects it so Ctrl+C works. */
export function CopyButton({ text, label, selectId }: { text: string; label: string; selectId?: string }) {
  const [status, setStatus] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus('Copied.');
    } catch {
      const el = selectId ? document.getElementById(selectId) : null;
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
        el.focus();
        el.select();
      }
      setStatus('Your browser did not allow copying: the text is selected, press Ctrl+C (⌘C on a Mac).');
    }
  };
  return (
    <span class="copy">
      <button type="button" onClick={() => void copy()}>{label}</button>
      <span class="status" role="status">{status}</span>
    </span>
  );
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 minutes ago", "yesterday", "3 weeks ago"; "never" when there is no time. */
export function relativeTime(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never';
  const ago = now - Date.parse(iso);
  if (Number.isNaN(ago)) return 'unknown';
  if (ago < MINUTE) return 'just now';
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  if (ago < HOUR) return plural(Math.floor(ago / MINUTE), 'minute');
  if (ago < DAY) return plural(Math.floor(ago / HOUR), 'hour');
  const days = Math.floor(ago / DAY);
  if (days === 1) return 'yesterday';
  if (days < 14) return `${days} days ago`;
  if (days < 60) return plural(Math.floor(days / 7), 'week');
  if (days < 365) return plural(Math.floor(days / 30), 'month');
  return plural(Math.floor(days / 365), 'year');
}

/** "3 Dec 2026": the way the report writes dates. */
export function formatDate(isoOrDate: string): string {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(isoOrDate) ? new Date(`${isoOrDate}T12:00:00Z`) : new Date(isoOrDate);
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', ...(isoOrDate.length === 10 ? { timeZone: 'UTC' } : {}) });
}

/** "3 Dec 2026, 14:05" in the browser's zone. */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Today's date in the browser's zone, as YYYY-MM-DD (what a date input holds). */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Hands text to the browser as a file download. */
export function saveFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const ROLE_NAMES: Record<Member['role'], string> = { admin: 'Admin', staff: 'Staff', executive: 'Executive', provider: 'Provider' };

/**
 * Keeps one section's failure to itself: the rest of the page (and whatever was typed there)
 * stays usable, and the section says what happened instead of vanishing.
 */
export function PanelBoundary({ id, title, children }: { id?: string; title: string; children: ComponentChildren }) {
  const [error, reset] = useErrorBoundary((err: unknown) => console.error(`Steward: the ${title} section failed`, err));
  if (!error) return <>{children}</>;
  const notice = (
    <div class="notice error" role="alert">
      <p>
        The {title} section could not be shown ({errorText(error)}). Reload this page; if it happens
        again, reconnect under Connection.
      </p>
      <button type="button" onClick={reset}>Try again</button>
    </div>
  );
  // In place of a whole section, keep its anchor and heading so the navigation still leads somewhere.
  return id ? (
    <section id={id} class="panel-section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {notice}
    </section>
  ) : notice;
}
