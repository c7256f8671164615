import { useCallback, useRef, useState } from 'preact/hooks';
import { errorText, MessageError } from '../core/contract/errors';

/** A failed call, sorted by what the person can do about it. */
export interface Problem {
  kind: 'offline' | 'signed-out' | 'refused' | 'other';
  code: string;
  message: string;
  /** What is wrong with each field, keyed like the API's `fields` (e.g. `name`, `schedule.hour`). */
  fields: Record<string, string>;
}

/** A problem in words of our own, about no field in particular. */
export const problemSaying = (message: string): Problem => ({ kind: 'other', code: 'internal', message, fields: {} });

/** A failure as it was said: the background's (or the browser's) own words, and its fields. */
export function plainProblem(err: unknown): Problem {
  return err instanceof MessageError ? { kind: 'other', code: err.code, message: err.message, fields: err.fields ?? {} } : problemSaying(errorText(err));
}

/**
 * A failed call to the Worker, turned into words that say what happened and what to do: the
 * options page's sections, where a person may have typed a lot, say that nothing was lost.
 */
export function problemOf(err: unknown): Problem {
  if (err instanceof MessageError) {
    const fields = err.fields ?? {};
    if (err.code === 'network') {
      return {
        kind: 'offline', code: err.code, fields,
        message: 'Steward could not be reached. Check your internet connection and that the Steward server is running, then try again. Nothing you typed was lost.',
      };
    }
    if (err.code === 'unauthorized') {
      return { kind: 'signed-out', code: err.code, fields, message: `${err.message} What you typed here is kept: reconnect under Connection, then try again.` };
    }
    if (err.code === 'forbidden') return { kind: 'refused', code: err.code, fields, message: err.message };
    return { kind: 'other', code: err.code, fields, message: err.message };
  }
  // Not an answer from the background at all: it was stopped or is being updated.
  return problemSaying(
    `Steward's background did not answer (${errorText(err)}). Reload this page; if that keeps happening, reload Steward on your browser's extensions page.`,
  );
}

export interface Submit {
  /** A change is on its way: its buttons wait. */
  busy: boolean;
  /** Why the last change failed, until the next one starts. */
  problem: Problem | null;
  /** The problem's per-field reasons (none when there is no problem). */
  fields: Record<string, string>;
  /** Runs a change; answers whether it went through. `describe` words its failure instead of the hook's own. */
  run(work: () => Promise<unknown>, describe?: (err: unknown) => Problem): Promise<boolean>;
  clear(): void;
  fail(problem: Problem | null): void;
}

/**
 * The busy flag and the failure of a form or an action button, for every page: on failure the
 * problem stays (and so does what the person typed), in the words `describe` gives it
 * (default: the options page's, see `problemOf`). `work` starts at once, inside the click that
 * called `run`: browsers show a permission prompt or open a side panel only there.
 */
export function useSubmit(describe: (err: unknown) => Problem = problemOf): Submit {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const words = useRef(describe);
  words.current = describe;
  const run = useCallback(async (work: () => Promise<unknown>, describeThis?: (err: unknown) => Problem): Promise<boolean> => {
    setBusy(true);
    setProblem(null);
    try {
      await work();
      return true;
    } catch (err) {
      setProblem((describeThis ?? words.current)(err));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setProblem(null), []);
  return { busy, problem, fields: problem?.fields ?? {}, run, clear, fail: setProblem };
}
