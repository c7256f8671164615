// Declarations for the bench drivers (tests/bench/*.mjs), read only by scripts/tsconfig.json.
// A script file, not a module: everything here is global to that program.

// autocannon ships no types; only what api-load.mjs uses.
declare module 'autocannon' {
  export interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    setupRequest?: (req: Request, context: Record<string, unknown>) => Request;
    onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
  }
  export interface Options {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    requests?: Request[];
  }
  export interface Result {
    /** Requests per second sampled each second (average, min, max, percentiles). */
    requests: { average: number; min: number; max: number };
    non2xx: number;
    /** Connection errors, timeouts included. */
    errors: number;
    timeouts: number;
  }
  function autocannon(options: Options, callback: (err: Error | null, result: Result) => void): unknown;
  export default autocannon;
}

// badge-timing.mjs: what its recorder leaves on the page's window, and the one extension API its
// service-worker callback calls.
interface Window {
  __stewardBench?: Partial<Record<'badge' | 'counts' | 'marker', number>> & {
    /** Layout shifts: when, how much, and the rectangles that moved (where they ended). */
    shifts?: Array<{ at: number; value: number; rects: Array<{ left: number; top: number; right: number; bottom: number }> }>;
  };
}
declare const chrome: { storage: { local: { set(items: Record<string, unknown>): Promise<void> } } };
