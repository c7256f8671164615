import type { Annotation } from '../../shared/schemas';
import type { AnnotationChanges } from '../core/contract/annotation-changes';
import { differences } from './annotation-words';

export interface ConflictViewProps {
  /** The tag as it is now, saved by someone else. */
  theirs: Annotation;
  /** The tag as it would be with my change on top of theirs. */
  mine: Annotation;
  changes: AnnotationChanges;
  busy?: boolean;
  onKeepMine(): void;
  onUseTheirs(): void;
  onEdit(): void;
  id: string;
}

/**
 * Someone changed a tag while my change waited to be sent: both versions side by side, field
 * by field (only where they differ), and the choice is the user's. Nothing was overwritten.
 */
export function ConflictView({ theirs, mine, changes, busy, onKeepMine, onUseTheirs, onEdit, id }: ConflictViewProps) {
  const rows = differences(theirs, mine, changes);
  return (
    <section class="conflict" aria-labelledby={`${id}-title`} data-testid="conflict">
      <h3 id={`${id}-title`}>Someone else changed this tag while your change was waiting</h3>
      <p class="conflict-help">Nothing has been overwritten. Compare the two versions and choose which to keep.</p>
      <table class="versions">
        <thead>
          <tr>
            <th scope="col"><span class="visually-hidden">Field</span></th>
            <th scope="col">Theirs (saved now)</th>
            <th scope="col">Mine (not saved)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.field} data-field={r.field}>
              <th scope="row">{r.label}</th>
              <td class="theirs">{r.theirs}</td>
              <td class="mine">{r.mine}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="actions">
        <button type="button" class="primary" disabled={busy} onClick={onKeepMine}>Keep mine</button>
        <button type="button" disabled={busy} onClick={onUseTheirs}>Use theirs</button>
        <button type="button" disabled={busy} onClick={onEdit}>Edit mine</button>
      </div>
    </section>
  );
}
