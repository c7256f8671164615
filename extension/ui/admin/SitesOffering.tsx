import { useCallback, useEffect, useState } from 'preact/hooks';
import { CLOUD_TOOLS, toolStatus, type CloudTool, type ToolStatus } from '../../core/contract/cloud-tools';
import { errorText } from '../../core/contract/errors';
import { send } from '../../core/contract/messages';
import { allowPolicySiteFromClick, enableToolFromClick } from '../../core/page/grant-actions';
import { plainProblem, problemSaying, useSubmit } from '../submit';
import { usePolicy } from './policy-view';

/** Every cloud tool Steward knows, each one click away: one permission prompt for its hosts. */
export function CloudToolsSection() {
  const [status, setStatus] = useState<Record<string, ToolStatus> | null>(null);
  const [done, setDone] = useState('');
  const action = useSubmit(plainProblem);
  const load = useCallback(async () => {
    const entries = await Promise.all(CLOUD_TOOLS.map(async (t) => [t.tool, await toolStatus(t).catch((): ToolStatus => 'off')] as const));
    setStatus(Object.fromEntries(entries));
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  // The permission request starts inside the click, before anything else is awaited.
  const enable = (tool: CloudTool) => {
    setDone('');
    void action.run(
      () => enableToolFromClick(tool).then(() => setDone(`Steward is on for ${tool.name}.`)).finally(load),
      (err) => problemSaying(errorText(err)),
    );
  };
  const disable = (tool: CloudTool) => {
    setDone('');
    void action.run(
      () => send('tool:disable', { tool: tool.tool }).then(() => setDone(`Steward is off for ${tool.name}.`)).finally(load),
      (err) => problemSaying(`Steward could not be turned off for ${tool.name}: ${errorText(err)}`),
    );
  };

  return (
    <section class="subsection" aria-labelledby="cloud-tools-heading">
      <h3 id="cloud-tools-heading">Cloud ticket tools</h3>
      <p class="hint">Turn Steward on for the tools your team uses: your browser asks once for access to that tool's sites.</p>
      <ul class="plain-list" aria-label="Cloud ticket tools">
        {CLOUD_TOOLS.map((t) => {
          const s = status?.[t.tool];
          return (
            <li key={t.tool} data-tool={t.tool}>
              <span>
                <strong>{t.name}</strong>{' '}
                <span class="hint">{s === 'built-in' ? 'ready from the start' : s === 'on' ? 'on' : s === 'off' ? 'off' : '…'}</span>
              </span>
              {s === 'off' && <button type="button" disabled={action.busy} onClick={() => enable(t)}>Enable Steward on {t.name}</button>}
              {s === 'on' && <button type="button" disabled={action.busy} onClick={() => disable(t)} aria-label={`Disable Steward on ${t.name}`}>Disable</button>}
            </li>
          );
        })}
      </ul>
      {done && <p class="status" role="status" data-testid="tools-done">{done}</p>}
      {action.problem && <p class="notice error" role="alert">{action.problem.message}</p>}
    </section>
  );
}

/** The sites the company's policy turns Steward on for; one the browser has not granted yet takes one click. */
export function PolicySitesSection() {
  const { view, reload } = usePolicy();
  const action = useSubmit(plainProblem);
  if (view?.status !== 'ok' || view.sites.length === 0) return null;
  const allow = (pattern: string) =>
    void action.run(() => allowPolicySiteFromClick(pattern).finally(reload), (err) => problemSaying(errorText(err)));
  return (
    <section class="subsection" aria-labelledby="policy-sites-heading">
      <h3 id="policy-sites-heading">From your company's policy</h3>
      <p class="hint">Your IT department turned Steward on for these sites.</p>
      <ul class="plain-list" aria-label="Sites from your company's policy">
        {view.sites.map((s) => (
          <li key={s.pattern} data-pattern={s.pattern}>
            <code>{s.pattern}</code>{' '}
            {s.on ? <span class="hint">on</span> : (
              <button type="button" disabled={action.busy} onClick={() => allow(s.pattern)} aria-label={`Allow Steward on ${s.pattern}`}>Allow</button>
            )}
          </li>
        ))}
      </ul>
      {action.problem && <p class="notice error" role="alert">{action.problem.message}</p>}
    </section>
  );
}
