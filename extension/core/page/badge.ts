import type { ConnectionState } from '../contract/messages';
import type { BadgeSummary } from './badge-state';

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

/**
 * The badge before its counts are known: the same pill, its words held in place but not shown,
 * so the badge does not change size when they arrive.
 */
function shell(onOpen: () => void): HTMLButtonElement {
  const button = el('button', 'badge badge--loading');
  button.type = 'button';
  button.title = 'Open the Steward side panel for this ticket';
  button.setAttribute('aria-label', 'Steward');
  button.setAttribute('aria-busy', 'true');
  const mark = el('span', 'mark', 'S');
  mark.setAttribute('aria-hidden', 'true');
  const words = el('span', 'count', mainWords('connected', { open: 0, total: 0, urgent: null, pending: 0, stuck: 0, awaitingProvider: 0 }));
  words.setAttribute('aria-hidden', 'true');
  button.append(mark, words);
  button.onclick = onOpen;
  return button;
}

/**
 * The small pill Steward adds to a ticket page: how this ticket stands, one click to tag.
 * Plain DOM rather than a UI library: this code is injected into every ticket page.
 */
export function renderBadge(container: HTMLElement, props: BadgeProps): void {
  const { connection, summary } = props;
  if (!summary) {
    container.replaceChildren(shell(props.onOpen));
    return;
  }
  const muted = connection === 'disconnected' || connection === 'revoked';
  const status = props.doneStatus;
  // The tool says the work is done while a tag is still open: the side panel offers to resolve it.
  const done = !muted && summary.open > 0 && !!status;
  const button = el('button', muted ? 'badge badge--muted' : `badge${summary.urgent ? ` badge--${summary.urgent}` : ''}`);
  button.type = 'button';
  button.title = muted
    ? connection === 'revoked' ? 'Your sign-in ended: reconnect to tag tickets.' : 'Connect Steward to tag this ticket.'
    : 'Open the Steward side panel for this ticket';
  const mark = el('span', 'mark', 'S');
  mark.setAttribute('aria-hidden', 'true');
  const words = mainWords(connection, summary);
  button.append(mark, el('span', 'count', done ? `${words} · ticket ${status!.length > 20 ? 'done' : status!.toLowerCase()} — resolve?` : words));
  if (!muted) {
    if (summary.urgent) button.append(el('span', 'urgency', summary.urgent));
    if (summary.awaitingProvider) button.append(el('span', 'awaiting', `${summary.awaitingProvider} awaiting provider`));
    if (summary.pending) button.append(el('span', 'pending', `${summary.pending} sending`));
    if (summary.stuck) button.append(el('span', 'stuck', `${summary.stuck} need attention`));
  }
  button.onclick = muted ? props.onConnect : props.onOpen;
  container.replaceChildren(button);
}
