import type { ConnectionState } from '../contract/messages';
import type { BadgeSummary } from '../contract/storage-keys';

export interface BadgeProps {
  connection: ConnectionState['status'] | 'unknown';
  /** Null while storage has not answered yet: the badge shows its shell, the same size. */
  summary: BadgeSummary | null;
  /** The ticket's status word, when its tool calls the work done: with a tag still open, the badge says so. */
  doneStatus?: string;
  onOpen(): void;
  onConnect(): void;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The badge's main words; they are also its accessible name, so what people see is what they can say. */
function mainWords(connection: BadgeProps['connection'], { open, total }: BadgeSummary): string {
  if (connection === 'disconnected') return 'Connect Steward';
  if (connection === 'revoked') return 'Reconnect Steward';
  if (total === 0) return 'Tag for Steward';
  return open > 0 ? `${open} open tag${open === 1 ? '' : 's'}` : `${total} closed tag${total === 1 ? '' : 's'}`;
}

/** An untagged ticket's counts; the shell, before storage has answered, holds their words hidden. */
export const NONE: BadgeSummary = { open: 0, total: 0, urgent: null, pending: 0, stuck: 0, awaitingProvider: 0 };

/**
 * The small pill Steward adds to a ticket page: how this ticket stands, one click to tag.
 * Plain DOM rather than a UI library: this code is injected into every ticket page.
 *
 * Before its counts are known it is a shell: the same pill, its words held in place but not
 * shown (badge.css), so the badge does not change size when they arrive.
 */
export function renderBadge(container: HTMLElement, props: BadgeProps): void {
  const { connection, summary = null } = props;
  const shell = !summary;
  const muted = !shell && (connection === 'disconnected' || connection === 'revoked');
  const counts = summary ?? NONE;
  const status = props.doneStatus;
  // The tool says the work is done while a tag is still open: the side panel offers to resolve it.
  const done = !muted && counts.open > 0 && !!status;
  const button = el('button', shell ? 'badge badge--loading' : muted ? 'badge badge--muted' : `badge${counts.urgent ? ` badge--${counts.urgent}` : ''}`);
  button.type = 'button';
  button.title = muted
    ? connection === 'revoked' ? 'Your sign-in ended: reconnect to tag tickets.' : 'Connect Steward to tag this ticket.'
    : 'Open the Steward side panel for this ticket';
  const mark = el('span', 'mark', 'S');
  mark.setAttribute('aria-hidden', 'true');
  const words = mainWords(shell ? 'connected' : connection, counts);
  const count = el('span', 'count', done ? `${words} · ticket ${status!.length > 20 ? 'done' : status!.toLowerCase()} — resolve?` : words);
  button.append(mark, count);
  if (shell) {
    button.setAttribute('aria-label', 'Steward');
    button.setAttribute('aria-busy', 'true');
    count.setAttribute('aria-hidden', 'true');
  } else if (!muted) {
    if (counts.urgent) button.append(el('span', 'urgency', counts.urgent));
    if (counts.awaitingProvider) button.append(el('span', 'awaiting', `${counts.awaitingProvider} awaiting provider`));
    if (counts.pending) button.append(el('span', 'pending', `${counts.pending} sending`));
    if (counts.stuck) button.append(el('span', 'stuck', `${counts.stuck} need attention`));
  }
  button.onclick = muted ? props.onConnect : props.onOpen;
  container.replaceChildren(button);
}
