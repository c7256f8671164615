import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Problem } from '../submit';
import { isPassing, meetingProblem } from './words';

/** Where the page's changes stand, for the indicator at the top of the meeting page. */
type SaveStatus =
  | { kind: 'saved' }
  /** A change is typed and about to be sent, or on its way. */
  | { kind: 'saving' }
  /** The network or the server failed: the change waits here and is sent again by itself. */
  | { kind: 'retrying'; problem: Problem }
  /** The Worker refused a change (bad input): it is not sent again; the field says why. */
  | { kind: 'refused'; problem: Problem };

/** One change to send. A later change with the same key replaces it while it waits. */
interface SaveJob {
  key: string;
  run(): Promise<unknown>;
  /** The Worker refused it for good (bad input, gone, not allowed): put it back where the person can fix it. */
  refused?(problem: Problem): void;
  /** It failed for a passing reason and waits to be sent again. */
  retrying?(problem: Problem): void;
}

export interface Saver {
  status: SaveStatus;
  /** Changes not confirmed by the Worker yet (typed and waiting for the pause, queued, or failing). */
  waiting: number;
  /** Queues a change; with `delayMs`, only once typing pauses that long (a newer one with the same key restarts the wait). */
  save(job: SaveJob, delayMs?: number): void;
  /** Sends changes waiting for a pause in typing now: all of them, or the one with this key. */
  flush(key?: string): void;
  /** Sends what waits now (after a failure, without waiting for the next retry). */
  retryNow(): void;
  /** Sends everything and resolves once nothing waits (true), or false when a change could not be sent. */
  settle(): Promise<boolean>;
}

/** Waits between retries: quick at first (a blip), then every 10 seconds. */
const RETRY_MS = [1_000, 2_000, 5_000, 10_000];

type Queued = SaveJob & { started?: boolean };

/**
 * Saves the meeting as it goes: changes are sent one at a time, in the order made (a decision
 * saved before the action item that follows it), and a change that fails because the network
 * or the server did is kept and sent again until it goes through. Every change is idempotent
 * on the Worker (a decision replaces the previous text; an action item carries the id this
 * page made), so sending one twice after a lost answer does no harm.
 */
export function useSaver(): Saver {
  const queue = useRef<Queued[]>([]);
  const delayed = useRef(new Map<string, { job: SaveJob; timer: ReturnType<typeof setTimeout> }>());
  const running = useRef(false);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const attempt = useRef(0);
  const waiters = useRef<Array<(ok: boolean) => void>>([]);
  const live = useRef(true);
  /** Why the last send failed, while changes wait for the next retry. */
  const lastProblem = useRef<Problem | null>(null);
  const [status, setStatus] = useState<SaveStatus>({ kind: 'saved' });
  const [waiting, setWaiting] = useState(0);

  const count = () => setWaiting(queue.current.length + delayed.current.size);
  const settleWaiters = (ok: boolean) => {
    const list = waiters.current;
    waiters.current = [];
    list.forEach((w) => w(ok));
  };

  const pump = useCallback(async () => {
    if (running.current || retryTimer.current) return;
    running.current = true;
    try {
      while (queue.current.length && live.current) {
        const job = queue.current[0]!;
        job.started = true;
        setStatus((s) => (s.kind === 'retrying' ? s : { kind: 'saving' }));
        try {
          await job.run();
          queue.current.shift();
          attempt.current = 0;
          lastProblem.current = null;
          count();
          setStatus(queue.current.length || delayed.current.size ? { kind: 'saving' } : { kind: 'saved' });
        } catch (err) {
          const problem = meetingProblem(err);
          if (isPassing(problem)) {
            job.started = false;
            lastProblem.current = problem;
            setStatus({ kind: 'retrying', problem });
            // Everything behind it waits too: each says so (a form holding one is freed).
            for (const queued of [...queue.current]) queued.retrying?.(problem);
            settleWaiters(false);
            const wait = RETRY_MS[Math.min(attempt.current, RETRY_MS.length - 1)]!;
            attempt.current++;
            retryTimer.current = setTimeout(() => {
              retryTimer.current = null;
              void pump();
            }, wait);
            return;
          }
          queue.current.shift();
          count();
          setStatus({ kind: 'refused', problem });
          job.refused?.(problem);
        }
      }
      if (!queue.current.length && !delayed.current.size) settleWaiters(true);
    } finally {
      running.current = false;
    }
  }, []);

  const enqueue = useCallback((job: SaveJob) => {
    const i = queue.current.findIndex((j) => j.key === job.key && !j.started);
    if (i >= 0) queue.current[i] = job;
    else queue.current.push(job);
    count();
    setStatus((s) => (s.kind === 'retrying' ? s : { kind: 'saving' }));
    // Behind a change that keeps failing: it waits, and says so at once.
    if (retryTimer.current && lastProblem.current) job.retrying?.(lastProblem.current);
    void pump();
  }, [pump]);

  const flush = useCallback((key?: string) => {
    for (const [k, d] of [...delayed.current]) {
      if (key !== undefined && k !== key) continue;
      clearTimeout(d.timer);
      delayed.current.delete(k);
      enqueue(d.job);
    }
  }, [enqueue]);

  const save = useCallback((job: SaveJob, delayMs = 0) => {
    const had = delayed.current.get(job.key);
    if (had) clearTimeout(had.timer);
    delayed.current.delete(job.key);
    if (!delayMs) {
      enqueue(job);
      return;
    }
    delayed.current.set(job.key, { job, timer: setTimeout(() => flush(job.key), delayMs) });
    count();
    setStatus((s) => (s.kind === 'retrying' ? s : { kind: 'saving' }));
  }, [enqueue, flush]);

  const retryNow = useCallback(() => {
    if (retryTimer.current) clearTimeout(retryTimer.current);
    retryTimer.current = null;
    void pump();
  }, [pump]);

  const settle = useCallback(() => {
    flush();
    if (!queue.current.length) return Promise.resolve(true);
    const done = new Promise<boolean>((resolve) => waiters.current.push(resolve));
    retryNow();
    return done;
  }, [flush, retryNow]);

  useEffect(() => {
    live.current = true;
    // Back online: send what waits at once rather than at the next retry.
    const online = () => retryNow();
    // Closing the tab with a change still waiting: send it now, and have the browser ask first.
    const leaving = (e: BeforeUnloadEvent) => {
      flush();
      if (!queue.current.length) return;
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('online', online);
    window.addEventListener('beforeunload', leaving);
    return () => {
      live.current = false;
      if (retryTimer.current) clearTimeout(retryTimer.current);
      delayed.current.forEach((d) => clearTimeout(d.timer));
      window.removeEventListener('online', online);
      window.removeEventListener('beforeunload', leaving);
    };
  }, [retryNow, flush]);

  return { status, waiting, save, flush, retryNow, settle };
}
