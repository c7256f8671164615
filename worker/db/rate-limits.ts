const windowOf = (now: number, windowMs: number) => Math.floor(now / windowMs) * windowMs;

/**
 * Counts a hit in a fixed window. One upsert: concurrent hits each add one, none is lost.
 */
export async function hit(db: D1Database, key: string, windowMs: number, now = Date.now()): Promise<number> {
  const row = await db
    .prepare(
      `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1
       RETURNING count`,
    )
    .bind(key, windowOf(now, windowMs))
    .first<{ count: number }>();
  return row?.count ?? 1;
}

/** Hits so far in the current window, and the seconds until it ends. */
export async function peek(db: D1Database, key: string, windowMs: number, now = Date.now()): Promise<{ count: number; retryAfterS: number }> {
  const start = windowOf(now, windowMs);
  const row = await db.prepare('SELECT count FROM rate_limits WHERE key = ? AND window_start = ?').bind(key, start).first<{ count: number }>();
  return { count: row?.count ?? 0, retryAfterS: Math.max(1, Math.ceil((start + windowMs - now) / 1000)) };
}

/** Windows that began longer ago than this are over whatever their length (the longest is 10 minutes). */
export const RATE_LIMIT_KEEP_MS = 24 * 3_600_000;

/** Old windows are useless; the hourly cron drops them so the table stays small. */
export function pruneRateLimits(db: D1Database, olderThan: number): D1PreparedStatement {
  return db.prepare('DELETE FROM rate_limits WHERE window_start < ?').bind(olderThan);
}
