import { useEffect, useRef, useState } from 'preact/hooks';
import type { ReadingHealth } from '../../../shared/schemas';
import { TOOL_NAMES } from '../../../shared/tool-names';
import { callApi } from '../../core/contract/messages';
import { day } from '../annotation-words';
import { CopyButton, useLoad, type Session } from './forms';

type Item = ReadingHealth['items'][number];

const toolName = (tool: string) => (TOOL_NAMES as Record<string, string>)[tool] ?? tool;
const pages = (n: number) => `${n} page${n === 1 ? '' : 's'}`;

/**
 * One tool's reading in a sentence: "ServiceNow: status not found on 9 of 10 pages since 3 Dec".
 * `trouble` when a field was missed on any page: the tool may have changed its pages.
 */
export function healthLine(item: Item): { text: string; trouble: boolean } {
  const since = `since ${day(item.firstViewAt)}`;
  const noStatus = item.views - item.statusFound;
  const noTitle = item.views - item.titleFound;
  const name = toolName(item.tool);
  if (!noStatus && !noTitle) return { text: `${name}: title and status read on ${item.views === 1 ? 'the one page' : `all ${pages(item.views)}`} ${since}`, trouble: false };
  const missed = noStatus && noTitle
    ? `status not found on ${noStatus} and the title on ${noTitle} of ${pages(item.views)}`
    : noStatus ? `status not found on ${noStatus} of ${pages(item.views)}` : `title not found on ${noTitle} of ${pages(item.views)}`;
  return { text: `${name}: ${missed} ${since}`, trouble: true };
}

/** What to send whoever maintains Steward's reading of a tool: counts and words, no page content. */
function reportText(item: Item, since: string): string {
  return [
    `Steward reading health: ${toolName(item.tool)} (${item.tool})`,
    `Pages read from ${item.firstViewAt} to ${item.lastViewAt} (window since ${since}): ${item.views}`,
    `Title found: ${item.titleFound}; status found: ${item.statusFound}`,
    `Status words not known: ${item.unknownStatuses.length ? item.unknownStatuses.join(', ') : 'none'}`,
  ].join('\n');
}

/**
 * Reading health (staff and admins): per ticket tool, how often Steward found the title and the
 * status on its pages over the last 30 days, and the status words it does not know yet. Tools
 * change their pages without notice: a falling share is seen here in days, not in a wrong report.
 * Loaded when asked for: it is a check, not something every visit to the settings needs.
 */
export function ReadingHealthPanel({ session }: { session: Session }) {
  const [shown, setShown] = useState(false);
  return (
    <section id="reading-health" class="panel-section" aria-labelledby="reading-health-heading">
      <h2 id="reading-health-heading">Reading health</h2>
      <p class="hint">
        How often Steward read each ticket tool’s pages right over the last 30 days, from the tagged tickets people in this
        workspace opened. Tools change their pages without notice: a field not found means Steward’s reading of that tool needs fixing.
      </p>
      {shown ? <HealthList session={session} /> : (
        <button type="button" aria-expanded="false" aria-controls="reading-health-list" onClick={() => setShown(true)}>Show reading health</button>
      )}
    </section>
  );
}

function HealthList({ session }: { session: Session }) {
  const health = useLoad(() => callApi('readingHealth'), [session.member.id, session.workspace.id]);
  const problem = health.problem;
  const problemText = !problem ? null
    : problem.kind === 'offline' ? 'Steward could not be reached, so reading health cannot be shown now. Check your connection, then try again.'
    : problem.kind === 'signed-out' ? 'Your sign-in is no longer valid, so reading health cannot be shown. Reconnect under Connection, then try again.'
    : problem.message;
  const items = health.data?.items ?? [];
  const listRef = useRef<HTMLDivElement>(null);
  // The button that asked is gone: the keyboard lands on what it showed.
  useEffect(() => listRef.current?.focus(), []);

  return (
    <div id="reading-health-list" ref={listRef} tabIndex={-1} aria-live="polite">
      {problemText && (
        <div class={`notice ${problem!.kind === 'offline' ? 'offline' : problem!.kind === 'signed-out' ? 'revoked' : 'error'}`} role="alert">
          <p>{problemText}</p>
          <button type="button" onClick={() => void health.reload()}>Try again</button>
        </div>
      )}
      {!health.data ? (
        health.loading && <p aria-busy="true">Loading reading health…</p>
      ) : items.length === 0 ? (
        <p class="empty" data-testid="health-empty">No ticket pages were read in the last 30 days. Once someone opens a tagged ticket, its tool shows here.</p>
      ) : (
        <ul class="health-list">
          {items.map((item) => {
            const line = healthLine(item);
            return (
              <li key={item.tool} class={line.trouble ? 'health-trouble' : 'health-ok'} data-tool={item.tool}>
                <p class="health-line">
                  {line.text}
                  {line.trouble && ' — tell us.'}
                </p>
                {item.unknownStatuses.length > 0 && (
                  <p class="hint">
                    Status words Steward does not know yet (counted as open): {item.unknownStatuses.map((w) => `“${w}”`).join(', ')}.
                  </p>
                )}
                {(line.trouble || item.unknownStatuses.length > 0) && (
                  <CopyButton text={reportText(item, health.data!.since)} label={`Copy the details for ${toolName(item.tool)}`} />
                )}
              </li>
            );
          })}
        </ul>
      )}
      {health.data && (
        <button type="button" onClick={() => void health.reload()} disabled={health.loading}>{health.loading ? 'Refreshing…' : 'Refresh'}</button>
      )}
    </div>
  );
}
