import { textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/rt/ticket-display.html (RT 5, Ticket/Display.html).
export const rt: SiteAdapter = {
  tool: 'rt',
  // The page header reads "#42: Subject"; drop the "#42: " prefix RT adds.
  title: (doc) => textAt(doc, '#header h1')?.replace(/^#\d+:\s*/, ''),
  // "The Basics" panel shows the status as the value beside the "Status:" label.
  status: (doc) => textAt(doc, '.ticket-info-basics .status .value .current-value, .status.form-row .value .current-value', 100),
};
