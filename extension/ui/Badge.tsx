import type { BadgeSummary } from '../core/badge-state';
import type { ConnectionState } from '../core/messages';

export interface BadgeProps {
  connection: ConnectionState['status'] | 'unknown';
  summary: BadgeSummary;
  onOpen(): void;
  onConnect(): void;
}

const PRIORITY_LABEL = { critical: 'critical', high: 'high', medium: 'medium', low: 'low' } as const;

/** The small pill Steward adds to a ticket page: how this ticket stands, one click to tag. */
export function Badge({ connection, summary, onOpen, onConnect }: BadgeProps) {
  if (connection === 'disconnected' || connection === 'revoked') {
    const label = connection === 'revoked' ? 'Reconnect Steward' : 'Connect Steward';
    return (
      <button type="button" class="badge badge--muted" onClick={onConnect} title={connection === 'revoked' ? 'Your sign-in ended; reconnect to tag tickets.' : 'Connect Steward to tag this ticket.'}>
        <span class="mark" aria-hidden="true">S</span>
        <span>{label}</span>
      </button>
    );
  }
  const { open, total, urgent, pending, stuck } = summary;
  let text = 'Tag for Steward';
  if (total > 0) text = open > 0 ? `${open} open tag${open === 1 ? '' : 's'}` : `${total} closed tag${total === 1 ? '' : 's'}`;
  return (
    <button type="button" class={`badge${urgent ? ` badge--${urgent}` : ''}`} onClick={onOpen} aria-label={`Steward: ${text}${urgent ? `, most urgent ${urgent}` : ''}. Open the side panel.`}>
      <span class="mark" aria-hidden="true">S</span>
      <span class="count">{text}</span>
      {urgent && <span class="urgency">{PRIORITY_LABEL[urgent]}</span>}
      {pending > 0 && <span class="pending">{pending} sending</span>}
      {stuck > 0 && <span class="stuck">{stuck} need attention</span>}
    </button>
  );
}
