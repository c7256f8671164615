import type { ConnectionState } from '../contract/messages';
import type { BadgeSummary } from './badge-state';

export interface BadgeProps {
  connection: ConnectionState['status'] | 'unknown';
  summary: BadgeSummary;
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
 * The small pill Steward adds to a ticket page: how this ticket stands, one click to tag.
 * Plain DOM rather than a UI library: this code is injected into every ticket page.
 */
export function renderBadge(container: HTMLElement, props: BadgeProps): void {
  const { connection, summary } = props;
  const muted = connection === 'disconnected' || connection === 'revoked';
  const button = el('button', muted ? 'badge badge--muted' : `badge${summary.urgent ? ` badge--${summary.urgent}` : ''}`);
  button.type = 'button';
  button.title = muted
    ? connection === 'revoked' ? 'Your sign-in ended: reconnect to tag tickets.' : 'Connect Steward to tag this ticket.'
    : 'Open the Steward side panel for this ticket';
  const mark = el('span', 'mark', 'S');
  mark.setAttribute('aria-hidden', 'true');
  button.append(mark, el('span', 'count', mainWords(connection, summary)));
  if (!muted) {
    if (summary.urgent) button.append(el('span', 'urgency', summary.urgent));
    if (summary.awaitingProvider) button.append(el('span', 'awaiting', `${summary.awaitingProvider} awaiting provider`));
    if (summary.pending) button.append(el('span', 'pending', `${summary.pending} sending`));
    if (summary.stuck) button.append(el('span', 'stuck', `${summary.stuck} need attention`));
  }
  button.onclick = muted ? props.onConnect : props.onOpen;
  container.replaceChildren(button);
}
