/**
 * Words executives should not have to decode. Workspaces add their own list; this is the
 * default. Matching is by whole word, case-insensitive.
 */
export const DEFAULT_JARGON = [
  'API', 'AD', 'BGP', 'CPU', 'DHCP', 'DNS', 'EDR', 'FQDN', 'GPO', 'IOPS', 'IP', 'LDAP', 'MFA', 'NAS', 'NIC',
  'OU', 'PSA', 'RAID', 'RAM', 'RMM', 'SAN', 'SLA', 'SMTP', 'SSL', 'SSO', 'TLS', 'VLAN', 'VM', 'VPN', 'WAN',
  'firewall rule', 'hypervisor', 'kernel', 'latency', 'subnet', 'patch Tuesday', 'endpoint',
];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The jargon words found in a text, each once, in the list's spelling. */
export function findJargon(text: string, words: readonly string[] = DEFAULT_JARGON): string[] {
  const found: string[] = [];
  for (const word of words) {
    const w = word.trim();
    if (!w) continue;
    if (new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(w)}(?=$|[^\\p{L}\\p{N}])`, 'iu').test(text) && !found.includes(w)) found.push(w);
  }
  return found;
}
