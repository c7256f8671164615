import { describe, expect, it } from 'vitest';
import { detectedKey } from '../../../shared/tickets';

// Each row: a real-shaped URL and the key Steward must derive from it (null = not one ticket).
const URLS: Array<[string, string | null]> = [
  ['https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?locale=en_US&routeTo=ServiceFV&recid=123456&companyName=acme', 'connectwise:na.myconnectwise.net:123456'],
  ['https://eu.myconnectwise.net/v2025_1/ConnectWise.aspx?routeto=servicefv&srRecID=98765', 'connectwise:eu.myconnectwise.net:98765'],
  ['https://aus.myconnectwise.net/v4_6_release/services/system_io/Service/fv_sr100_request.rails?service_recid=555&companyName=kloud', 'connectwise:aus.myconnectwise.net:555'],
  ['https://cw.connectwise.net/v4_6_release/ConnectWise.html?locale=en_US&routeTo=ServiceFV&srRecID=42', 'connectwise:cw.connectwise.net:42'],
  // The record links ConnectWise's e-mails and integrations build (openrecord.rails): service tickets only.
  ['https://na.myconnectwise.net/v4_6_release/services/system_io/router/openrecord.rails?locale=en_US&recordType=ServiceFv&recid=254731&companyName=acme', 'connectwise:na.myconnectwise.net:254731'],
  ['https://na.myconnectwise.net/v4_6_release/services/system_io/router/openrecord.rails?locale=en_US&recordType=ConfigFv&recid=254731&companyName=acme', null],
  ['https://na.myconnectwise.net/v4_6_release/services/system_io/router/openrecord.rails?recordType=ServiceFv', null],
  // On-premises installs: the partner's own host is the tenant.
  ['https://connect.lancom.co.nz/v4_6_release/ConnectWise.aspx?locale=en_NZ&routeTo=ServiceFV&srRecID=7001', 'connectwise:connect.lancom.co.nz:7001'],
  ['https://CW.Example.com:8443/v4_6_release/services/system_io/Service/fv_sr100_request.rails?service_recid=12', 'connectwise:cw.example.com:8443:12'],
  // A look-alike host is its own tenant, never the real region's.
  ['https://na.myconnectwise.net.evil.example/v4_6_release/ConnectWise.aspx?routeTo=ServiceFV&recid=1', 'connectwise:na.myconnectwise.net.evil.example:1'],
  // In-app routes keep state in an encoded hash that names no ticket (the page header does).
  ['https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?fullscreen=false&locale=en_US#XQAACABrAQAAAAAAAAA9iIoG07', null],
  ['https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?routeTo=ServiceFV&recid=123456#XQAACABrAQAAAAAAAAA9iIoG07', null],
  ['https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?locale=en_US&routeTo=TimeEntryFV&recid=123456', null],
  ['https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?locale=en_US&routeTo=ServiceFV', null],
  ['https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?locale=en_US&routeTo=ServiceFV&recid=0', null],
  ['https://api-na.myconnectwise.net/v4_6_release/apis/3.0/service/tickets/123456', null],
  ['https://www.connectwise.com/platform/psa', null],
];

describe('ConnectWise ticket URLs', () => {
  it.each(URLS)('%s → %s', (url, key) => {
    expect(detectedKey(url)).toBe(key);
  });
});
