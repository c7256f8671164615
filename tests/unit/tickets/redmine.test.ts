import { describe, expect, it } from 'vitest';
import { detectedKey } from '../../../shared/tickets';

// Each row: a real-shaped URL and the key Steward must derive from it (null = not one ticket).
const URLS: Array<[string, string | null]> = [
  ['https://redmine.example.com/issues/1234', 'redmine:redmine.example.com:1234'],
  ['https://example.com/redmine/issues/1234?tab=history', 'redmine:example.com:1234'],
  ['https://redmine.example.com/issues/1234/edit', 'redmine:redmine.example.com:1234'],
  ['http://10.0.0.5:3000/issues/5#note-3', 'redmine:10.0.0.5:3000:5'],
  ['https://redmine.example.com/issues', null],
  ['https://redmine.example.com/issues/new', null],
  ['https://redmine.example.com/projects/infra/issues/new', null],
  ['https://redmine.example.com/projects/infra/issues?set_filter=1&tracker_id=1', null],
  ['https://redmine.example.com/issues/1234/copy', null],
  ['https://redmine.example.com/issues/1234.pdf', null],
  ['https://redmine.example.com/issues/gantt', null],
  // Cloud tools are tried first: GitHub's issue is GitHub's, whatever Redmine's shape says.
  ['https://github.com/redmine/redmine/issues/5', 'github:redmine/redmine:5'],
];

describe('Redmine issue URLs', () => {
  it.each(URLS)('%s → %s', (url, key) => {
    expect(detectedKey(url)).toBe(key);
  });
});
