import { useEffect, useState } from 'preact/hooks';
import { PATTERN_EXAMPLE } from '../../../shared/tickets';
import { addPattern, checkPattern, removePattern } from '../../core/page/custom-patterns';
import { errorText, MessageError } from '../../core/contract/errors';
import { send } from '../../core/contract/messages';
import { isBuiltIn, siteOf } from '../../core/contract/sites';
import { customPatternsItem, enabledSitesItem, type EnabledSite, type SavedPattern } from '../../core/contract/storage';
import { enableSiteFromClick } from '../../core/page/page-actions';
import { plainProblem, problemSaying, useSubmit } from '../submit';
import { CloudToolsSection, PolicySitesSection } from './SitesOffering';

/** Keeps a storage item's value in component state, following changes made elsewhere. */
function useStored<T>(item: { getValue(): Promise<T>; watch(cb: (value: T) => void): () => void }, fallback: T): T {
  const [value, setValue] = useState<T>(fallback);
  useEffect(() => {
    void item.getValue().then(setValue);
    return item.watch(setValue);
  }, [item]);
  return value;
}

/** Where Steward shows its badge: self-hosted sites turned on, and URL patterns of unknown tools. Local to this browser. */
export function SitesPanel() {
  return (
    <section id="sites" class="panel-section" aria-labelledby="sites-heading">
      <h2 id="sites-heading">Sites</h2>
      <p class="hint">These settings belong to this browser only.</p>
      <PolicySitesSection />
      <CloudToolsSection />
      <SitesSection />
      <PatternsSection />
    </section>
  );
}

/** Self-hosted sites Steward was turned on for, each with a way to turn it off. */
function SitesSection() {
  const sites = useStored<EnabledSite[]>(enabledSitesItem, []);
  const disabling = useSubmit(plainProblem);

  const disable = (origin: string) =>
    void disabling.run(
      () => send('site:disable', { origin }),
      (err) => problemSaying(`Steward could not be turned off for ${origin}: ${errorText(err)}`),
    );

  return (
    <section class="subsection" aria-labelledby="sites-on-heading">
      <h3 id="sites-on-heading">Self-hosted sites</h3>
      {sites.length === 0 ? (
        <p class="hint">
          For a ticketing tool on your own server (Request Tracker, Redmine, GLPI, osTicket,
          Zammad, FreeScout, Jira or ConnectWise on-premises), open one of its pages, click the Steward button in the toolbar and choose
          "Enable Steward on this site".
        </p>
      ) : (
        <ul class="plain-list" aria-label="Sites Steward is on for">
          {sites.map((s) => (
            <li key={s.origin}>
              <span>{s.origin}</span>
              <button type="button" onClick={() => disable(s.origin)} aria-label={`Disable Steward on ${s.origin}`}>Disable</button>
            </li>
          ))}
        </ul>
      )}
      {disabling.problem && <p class="notice error" role="alert">{disabling.problem.message}</p>}
    </section>
  );
}

/** Ticket addresses of tools Steward does not know, typed by the user. */
function PatternsSection() {
  const patterns = useStored<SavedPattern[]>(customPatternsItem, []);
  const [input, setInput] = useState('');
  const [fieldError, setFieldError] = useState('');
  const [added, setAdded] = useState('');
  const adding = useSubmit(plainProblem);

  const add = (e: Event) => {
    e.preventDefault();
    setFieldError('');
    setAdded('');
    adding.clear();
    let origin: string;
    try {
      origin = checkPattern(input).origin;
    } catch (err) {
      setFieldError(err instanceof MessageError ? (err.fields?.pattern ?? err.message) : errorText(err));
      return;
    }
    const site = siteOf(origin)!;
    // Access to the pattern's site is asked for first, inside this submit: browsers show the
    // prompt only during the user's gesture. A site Steward already runs on needs nothing.
    void adding.run(async () => {
      await (isBuiltIn(`${site.origin}/`) ? undefined : enableSiteFromClick(site));
      await addPattern(input);
      setInput('');
      setAdded(`Added. Ticket pages on ${site.host} that match it now show the Steward badge.`);
    });
  };

  return (
    <section class="subsection" aria-labelledby="patterns-heading">
      <h3 id="patterns-heading">URL patterns</h3>
      <p class="hint">
        For a tool Steward does not know: the address of one ticket with {'{id}'} where the ticket number goes, and * for any text.
        A regular expression between slashes with a group named id works too.
      </p>
      {patterns.length > 0 && (
        <ul class="plain-list" aria-label="Your URL patterns">
          {patterns.map((p) => (
            <li key={p.id}>
              <code>{p.pattern}</code>
              <button type="button" onClick={() => void removePattern(p.id)} aria-label={`Remove ${p.pattern}`}>Remove</button>
            </li>
          ))}
        </ul>
      )}
      <form class="add-pattern" onSubmit={add} noValidate>
        <div class="field">
          <label for="pattern">Ticket address</label>
          <input id="pattern" value={input} onInput={(e) => setInput(e.currentTarget.value)} placeholder={PATTERN_EXAMPLE} autoComplete="off"
            spellcheck={false} aria-invalid={fieldError ? true : undefined} aria-describedby={fieldError ? 'pattern-error' : undefined} />
          {fieldError && <p class="field-error" id="pattern-error">The pattern {fieldError}.</p>}
        </div>
        <button type="submit" disabled={adding.busy}>{adding.busy ? 'Adding…' : 'Add pattern'}</button>
        {added && <p class="status" role="status">{added}</p>}
        {adding.problem && <p class="notice error" role="alert">{adding.problem.message}</p>}
      </form>
    </section>
  );
}
