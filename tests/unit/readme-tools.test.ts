import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TOOL_IDS, type ToolId } from '../../shared/schemas';
import { DETECTORS } from '../../shared/tickets';
import { TOOL_NAMES } from '../../shared/tool-names';

// The README's list of supported tools is written from the code, so it cannot drift from
// what Steward recognises. After adding or moving a tool, rewrite it with:
//   STEWARD_WRITE_README=1 npx vitest run --project unit tests/unit/readme-tools.test.ts
const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const START = '<!-- tools:start -->';
const END = '<!-- tools:end -->';

const byName = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' });
const names = (tools: Iterable<ToolId>) => [...new Set(tools)].map((t) => TOOL_NAMES[t]).sort(byName).join(', ');

async function toolsBlock(): Promise<string> {
  // The manifest's static host permissions, per tool (importing the config loads WXT: ~1 s).
  const { BUILT_IN_TICKET_HOSTS } = await import('../../wxt.config');
  const builtIn = new Set(Object.keys(BUILT_IN_TICKET_HOSTS) as ToolId[]);
  const cloud = DETECTORS.filter((d) => !d.selfHosted && !builtIn.has(d.tool)).map((d) => d.tool);
  // ConnectWise and Jira are in both lists: cloud, and installed on a company's own server.
  const selfHosted = DETECTORS.filter((d) => d.selfHosted).map((d) => d.tool);
  return [
    START,
    '<!-- Written from the code: tests/unit/readme-tools.test.ts says how to update it. -->',
    `- Ready as soon as Steward is installed: ${names(builtIn)}.`,
    `- Cloud tools, once you enable Steward on their site: ${names(cloud)}.`,
    `- Tools on your own server, once you enable Steward on their site: ${names(selfHosted)}.`,
    END,
  ].join('\n');
}

function readmeBlock(readme: string): string | null {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  return start === -1 || end < start ? null : readme.slice(start, end + END.length);
}

describe('README list of supported tools', () => {
  it('matches the tools Steward recognises and the sites it may run on from the start', async () => {
    const expected = await toolsBlock();
    let readme = readFileSync(README, 'utf8');
    const current = readmeBlock(readme);
    expect(current, `README.md needs a ${START} … ${END} block`).not.toBeNull();
    if (current !== expected && process.env.STEWARD_WRITE_README === '1') {
      readme = readme.replace(current!, expected);
      writeFileSync(README, readme);
    }
    expect(readmeBlock(readme), 'README.md lists other tools than the code: see the top of this test to rewrite it').toBe(expected);
  });

  it('names every tool Steward has a detector for', async () => {
    const block = await toolsBlock();
    for (const tool of TOOL_IDS.filter((t) => t !== 'custom')) {
      expect(DETECTORS.some((d) => d.tool === tool), `${tool} has no detector in shared/tickets`).toBe(true);
      expect(block).toContain(TOOL_NAMES[tool]);
    }
  });
});
