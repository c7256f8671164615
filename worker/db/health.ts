/** A trivial query: proves the database binding answers, not just the isolate. */
export async function pingDatabase(db: D1Database): Promise<void> {
  await db.prepare('SELECT 1').first();
}
