/**
 * Exactly-once sending, shared by report deliveries and provider digests: each message has a
 * row (`status`, `claim`, `claimed_at`, `attempts`, `last_error`) that a run claims with one
 * conditional UPDATE before sending. Overlapping runs cannot both win; a run that died
 * leaves a claim another may take over after a while; a failure goes back to pending.
 */
export type SendTable = 'deliveries' | 'provider_digests';

/** After this long a claim is presumed dead (the run stopped) and may be taken over. */
const CLAIM_TIMEOUT_MS = 10 * 60_000;
/** Failed sends are retried by later runs up to this many attempts. */
const MAX_ATTEMPTS = 5;

export async function claimSend(db: D1Database, table: SendTable, id: string, claim: string, now: Date): Promise<boolean> {
  const stale = new Date(now.getTime() - CLAIM_TIMEOUT_MS).toISOString();
  const res = await db
    .prepare(
      `UPDATE ${table} SET status = 'sending', claim = ?, claimed_at = ?, attempts = attempts + 1
       WHERE id = ? AND (status = 'pending' OR (status = 'sending' AND claimed_at < ?))`,
    )
    .bind(claim, now.toISOString(), id, stale)
    .run();
  return res.meta.changes === 1;
}

/** Gives a claimed row back after a failed send: pending again, or failed for good. */
export function failSend(db: D1Database, table: SendTable, id: string, claim: string, error: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE ${table} SET status = CASE WHEN attempts >= ${MAX_ATTEMPTS} THEN 'failed' ELSE 'pending' END, last_error = ?, claim = NULL
       WHERE id = ? AND claim = ?`,
    )
    .bind(error.slice(0, 500), id, claim);
}
