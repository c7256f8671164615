import type { FeedbackAnswer } from '../../shared/schemas';

// The `feedback` table: each recipient's latest answer to each item of a report.

/** Records (or replaces) one recipient's answer to one item of a report. */
export function upsertFeedback(
  db: D1Database,
  f: { workspaceId: string; reportId: string; deliveryId: string; annotationId: string; answer: FeedbackAnswer; comment: string | null },
  now: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO feedback (id, workspace_id, report_id, delivery_id, annotation_id, answer, comment, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (delivery_id, annotation_id) DO UPDATE SET answer = excluded.answer, comment = excluded.comment, updated_at = excluded.updated_at`,
    )
    .bind(crypto.randomUUID(), f.workspaceId, f.reportId, f.deliveryId, f.annotationId, f.answer, f.comment, now, now);
}

/** The answers one recipient gave on one report, by item. */
export async function feedbackOfDelivery(db: D1Database, deliveryId: string): Promise<Map<string, { answer: FeedbackAnswer; comment: string | null }>> {
  const { results } = await db.prepare('SELECT annotation_id, answer, comment FROM feedback WHERE delivery_id = ?').bind(deliveryId).all<{ annotation_id: string; answer: FeedbackAnswer; comment: string | null }>();
  return new Map(results.map((r) => [r.annotation_id, { answer: r.answer, comment: r.comment }]));
}

/** Every executive answer on an annotation, newest first (shown to staff on the ticket). */
export async function feedbackOfAnnotation(db: D1Database, workspaceId: string, annotationId: string) {
  const { results } = await db
    .prepare(
      `SELECT f.report_id, r.period_start, r.cadence, f.answer, f.comment, COALESCE(d.name, d.email) AS who, f.updated_at
       FROM feedback f JOIN deliveries d ON d.id = f.delivery_id JOIN reports r ON r.id = f.report_id
       WHERE f.workspace_id = ? AND f.annotation_id = ? ORDER BY f.updated_at DESC LIMIT 50`,
    )
    .bind(workspaceId, annotationId)
    .all<{ report_id: string; period_start: string; cadence: string; answer: FeedbackAnswer; comment: string | null; who: string; updated_at: string }>();
  return results;
}
