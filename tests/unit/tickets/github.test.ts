import { describe, expect, it } from 'vitest';
import { detectedKey } from '../../../shared/tickets';

// Each row: a real-shaped URL and the key Steward must derive from it (null = not one ticket).
const URLS: Array<[string, string | null]> = [
  ['https://github.com/acme/widgets/issues/42', 'github:acme/widgets:42'],
  ['https://github.com/Acme/Widgets/issues/42#issuecomment-1', 'github:acme/widgets:42'],
  // Pull requests share the issue number space.
  ['https://github.com/acme/widgets/pull/43/files', 'github:acme/widgets:43'],
  // An issue open in the side panel of a project or the issues dashboard.
  ['https://github.com/orgs/acme/projects/3/views/1?pane=issue&itemId=123&issue=acme%7Cwidgets%7C42', 'github:acme/widgets:42'],
  ['https://github.com/users/joeldom/projects/9/views/1?pane=issue&itemId=123799890&issue=joeldom%7CEXO%7C1', 'github:joeldom/exo:1'],
  ['https://github.com/acme/widgets/issues', null],
  ['https://github.com/acme/widgets/issues/new', null],
  ['https://github.com/acme/widgets/issues?q=is%3Aopen', null],
  ['https://github.com/acme/widgets/pulls', null],
  ['https://github.com/orgs/acme/projects/3/views/1?pane=issue&itemId=123', null],
  ['https://github.com/issues/assigned', null],
  ['https://gist.github.com/acme/42', null],
];

describe('GitHub issue URLs', () => {
  it.each(URLS)('%s → %s', (url, key) => {
    expect(detectedKey(url)).toBe(key);
  });
});
