import { useEffect, useRef, useState } from 'preact/hooks';
import { INITIATIVE_STATE_WORDS, type Annotation, type Initiative } from '../../shared/schemas';
import { callApi } from '../core/contract/messages';
import { plainProblem, useSubmit } from './submit';

/** Said in the page when a tag was added to an initiative, so the ticket's "Part of:" line follows at once. */
const LINKED_EVENT = 'steward:initiative-linked';

/** States a tag can still be added to: not those decided against, nor those already measured. */
const OPEN_STATES = new Set<Initiative['state']>(['proposed', 'approved', 'in_progress', 'delivered', 'deferred']);

/**
 * *Add to initiative…* on a tag: pick an initiative or create one, with the keyboard alone
 * (type to filter, ↑/↓ to move, Enter to choose, Esc to close). A new initiative starts from
 * the tag's summary as its gap; the options page's Initiatives section fills in the rest.
 */
export function InitiativePicker({ annotation: a, saved, onLinked }: { annotation: Annotation; saved: boolean; onLinked?: (i: Initiative) => void }) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<Initiative[] | null>(null);
  const [active, setActive] = useState(0);
  const [done, setDone] = useState('');
  const { busy, problem, run, fail } = useSubmit(plainProblem);
  const opener = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = `pick-${a.id}`;

  useEffect(() => {
    if (!open) return;
    input.current?.focus();
    // Loaded when asked for: most views of a ticket never link anything.
    void run(async () => setItems((await callApi('initiatives')).items.filter((i) => OPEN_STATES.has(i.state))));
  }, [open]);

  // The opener is drawn again only after the list closes: the keyboard goes back to it then.
  const refocus = useRef(false);
  useEffect(() => {
    if (!open && refocus.current) opener.current?.focus();
    refocus.current = false;
  }, [open]);
  const close = () => {
    refocus.current = true;
    setOpen(false);
    setQuery('');
    // Read afresh next time: someone may have proposed one meanwhile.
    setItems(null);
    fail(null);
  };
  const q = query.trim().toLocaleLowerCase();
  const matches = (items ?? []).filter((i) => !q || i.title.toLocaleLowerCase().includes(q)).slice(0, 8);
  const options: Array<{ key: string; label: string; pick: () => Promise<Initiative> }> = [
    ...matches.map((i) => ({
      key: i.id, label: `${i.title} (${INITIATIVE_STATE_WORDS[i.state]})`,
      pick: () => callApi('changeEvidence', i.id, { link: [a.id] }),
    })),
    ...(query.trim() ? [{ key: 'new', label: `Create “${query.trim()}”`, pick: () => callApi('createInitiative', { title: query.trim(), gap: a.summary, annotationIds: [a.id] }) }] : []),
  ];
  const choose = async (n: number) => {
    const option = options[n];
    // Not disabled while busy (the keyboard would lose its place): a second Enter waits instead.
    if (!option || busy) return;
    let linked: Initiative | null = null;
    if (await run(async () => { linked = await option.pick(); })) {
      setDone(`Added to “${linked!.title}”: ${linked!.evidence.tags === 1 ? 'its first tag' : `${linked!.evidence.tags} tags now`}.`);
      // The ticket's "Part of:" line reads the initiatives again.
      window.dispatchEvent(new Event(LINKED_EVENT));
      onLinked?.(linked!);
      close();
    }
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((x) => Math.min(options.length - 1, x + 1));
    else if (e.key === 'ArrowUp') setActive((x) => Math.max(0, x - 1));
    else if (e.key === 'Enter') void choose(active);
    else if (e.key === 'Escape') close();
    else return;
    e.preventDefault();
  };

  if (a.visibility === 'private') return null;
  return (
    <div class="initiative-picker">
      {!open && (
        <button type="button" ref={opener} disabled={!saved} title={saved ? undefined : 'Wait until the tag is sent'} onClick={() => { setDone(''); setOpen(true); }}>
          Add to initiative…
        </button>
      )}
      {open && (
        <div role="group" aria-label="Add this tag to an initiative">
          <label for={`${id}-input`}>Initiative</label>
          <input
            id={`${id}-input`} ref={input} role="combobox" aria-expanded="true" aria-controls={`${id}-list`} aria-autocomplete="list"
            aria-activedescendant={options[active] ? `${id}-${options[active].key}` : undefined} value={query} placeholder="Type to find or name a new one"
            onInput={(e) => { setQuery(e.currentTarget.value); setActive(0); }} onKeyDown={onKey} aria-busy={busy}
          />
          <div id={`${id}-list`} role="listbox" aria-label="Initiatives" class="picker-options">
            {options.map((o, n) => (
              // The input keeps the focus (aria-activedescendant); a click picks too.
              <div key={o.key} id={`${id}-${o.key}`} role="option" tabIndex={-1} aria-selected={n === active} class={n === active ? 'active' : undefined}
                onMouseDown={(e) => e.preventDefault()} onClick={() => void choose(n)} onKeyDown={(e) => e.key === 'Enter' && void choose(n)}>{o.label}</div>
            ))}
          </div>
          {items && !options.length && <p class="hint">No initiative yet: type a title to create one.</p>}
          {!items && busy && <p class="hint" aria-busy="true">Loading initiatives…</p>}
          <button type="button" onClick={close}>Cancel</button>
        </div>
      )}
      {problem && <p class="field-error" role="alert">{problem.message}</p>}
      {done && <p class="hint" role="status">{done}</p>}
    </div>
  );
}

/**
 * The initiatives a ticket's tags are evidence for, under the ticket's title in the side panel
 * (staff and admins): "Part of: Online check-in (approved)". `version` changes when a tag of
 * the ticket was just added to one, so the line follows at once.
 */
export function TicketInitiatives({ ticketKey, version }: { ticketKey: string; version: number }) {
  const [items, setItems] = useState<Initiative[] | null>(null);
  const [problem, setProblem] = useState('');
  const [linked, setLinked] = useState(0);
  useEffect(() => {
    const onLinked = () => setLinked((n) => n + 1);
    window.addEventListener(LINKED_EVENT, onLinked);
    return () => window.removeEventListener(LINKED_EVENT, onLinked);
  }, []);
  useEffect(() => {
    let live = true;
    callApi('initiatives', { ticket: ticketKey }).then(
      (r) => {
        if (!live) return;
        setItems(r.items);
        setProblem('');
      },
      (err: unknown) => live && setProblem(`The initiatives this ticket belongs to could not be loaded (${plainProblem(err).message}).`),
    );
    return () => {
      live = false;
    };
  }, [ticketKey, version, linked]);
  if (problem) return <p class="hint">{problem}</p>;
  if (!items?.length) return null;
  return (
    <p class="ticket-initiatives">
      Part of: {items.map((i, n) => <span key={i.id}>{n ? '; ' : ''}<strong>{i.title}</strong> ({INITIATIVE_STATE_WORDS[i.state].toLowerCase()})</span>)}
    </p>
  );
}
