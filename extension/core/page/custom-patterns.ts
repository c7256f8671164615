import { compileCustomPattern, type CustomPattern } from '../../../shared/tickets';
import { MessageError } from '../contract/errors';
import { customPatternsItem, type SavedPattern } from '../contract/storage';

/** Checks a pattern as typed; the error carries the message to show beside the field. */
export function checkPattern(input: string): CustomPattern {
  const check = compileCustomPattern(input);
  if (!check.ok) throw new MessageError('validation_failed', `The URL pattern ${check.error}.`, { pattern: check.error });
  return check.pattern;
}

/** Saves a checked pattern (once: the same text again is the same pattern). */
export async function addPattern(input: string, now = new Date()): Promise<SavedPattern> {
  checkPattern(input);
  const pattern = input.trim();
  const saved = await customPatternsItem.getValue();
  const existing = saved.find((p) => p.pattern === pattern);
  if (existing) return existing;
  const entry: SavedPattern = { id: crypto.randomUUID(), pattern, addedAt: now.toISOString() };
  await customPatternsItem.setValue([...saved, entry]);
  return entry;
}

export async function removePattern(id: string): Promise<void> {
  await customPatternsItem.setValue((await customPatternsItem.getValue()).filter((p) => p.id !== id));
}
