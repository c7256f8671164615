import { CLOUD_TOOL_HOSTS, type CloudToolId } from '../../shared/cloud-tools';

/**
 * The cloud tool whose hosts serve `url`, by the match patterns its permission is asked with
 * (shared/cloud-tools.ts), or null. A small reading of those patterns (`https://*.host/*` or
 * `https://host/*`: tests/unit/cloud-tools.test.ts keeps them so), for the script on
 * self-hosted sites, which knows cloud tools by their hosts alone and loads the one it is on.
 */
export function cloudToolAt(url: string): CloudToolId | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:') return null;
  const host = parsed.hostname;
  for (const [tool, patterns] of Object.entries(CLOUD_TOOL_HOSTS) as Array<[CloudToolId, readonly string[]]>) {
    for (const pattern of patterns) {
      const at = pattern.slice('https://'.length, -'/*'.length);
      if (at.startsWith('*.') ? host === at.slice(2) || host.endsWith(at.slice(1)) : host === at) return tool;
    }
  }
  return null;
}
