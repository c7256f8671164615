import { describe, expect, it } from 'vitest';
import { SELF_HOSTED_DETECTORS } from '../../shared/tickets';

// The bench driver is plain JavaScript, typed for scripts/tsconfig.json alone: imported by path.
const SIZES = '../bench/sizes.mjs';

describe('the size bench', () => {
  it('measures the script for self-hosted sites with the readers of exactly the tools it recognises by markup', async () => {
    const { SELF_HOSTED_TOOLS } = (await import(/* @vite-ignore */ SIZES)) as { SELF_HOSTED_TOOLS: string[] };
    expect([...SELF_HOSTED_TOOLS].sort()).toEqual([...new Set(SELF_HOSTED_DETECTORS.map((d) => d.tool))].sort());
  });
});
