/**
 * A queue for one piece of state: each task starts once the previous one settled, so a
 * read-modify-write never works on a value another is about to replace. A failed task fails
 * its caller only; the queue goes on.
 */
export function inTurn(): <T>(task: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };
}
