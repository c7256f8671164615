// Code passed to `serviceWorker.evaluate()` runs inside the extension, where `chrome` exists.
// The browser tests use only these calls.
declare const chrome: {
  tabs: { query(q: object): Promise<Array<{ id?: number; url?: string }>> };
  storage: { local: { get(key: string): Promise<Record<string, any>>; set(items: Record<string, unknown>): Promise<void> } };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
};
