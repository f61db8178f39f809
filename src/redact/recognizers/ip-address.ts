import { ANY_LATIN } from '../letters.ts';
import type { Recognizer } from '../recognizer.ts';

const octet = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
// Not inside a longer dotted number (1.2.3.4.5) nor after a lone letter (v10.0.0.1); a glued word or
// "IP" may touch it ("IP192.0.2.15", "192.0.2.15Noah"), where `\b` found no edge. The start consumes the
// character(s) before the address (see boundaries.ts), so the value is group 1.
const ipv4Start = `(?:^|[^0-9A-Za-z_.]|[^0-9]\\.|[${ANY_LATIN}][A-Za-z])`;
const ipv4End = '(?![0-9]|\\.[0-9])';

export const ipAddressRecognizer: Recognizer = {
  name: 'ip-address',
  type: 'IP_ADDRESS',
  patterns: [
    {
      name: 'ipv4',
      regex: new RegExp(`${ipv4Start}(${octet}\\.${octet}\\.${octet}\\.${octet})${ipv4End}`, 'g'),
      score: 0.6,
    },
    // full or compressed IPv6: at least two colons and hex groups; edges at digits and colons only, so a
    // glued word (Noah2001:db8::1, 2001:db8::1Noah) does not hide it
    {
      name: 'ipv6',
      regex: /(?:^|[^0-9:])([0-9A-Fa-f]{1,4}:[0-9A-Fa-f:]{2,37}[0-9A-Fa-f]{1,4})(?![0-9A-Fa-f])/g,
      score: 0.5,
    },
  ],
  context: ['ip', 'address', 'host', 'server', 'client'],
  validate: (value) => (value.includes(':') ? isIpv6(value) : undefined),
  invalidate: (value) => value === '0.0.0.0' || value === '127.0.0.1',
};

function isIpv6(value: string): boolean {
  const parts = value.split('::');
  if (parts.length > 2) return false;
  const groups = parts.flatMap((part) => (part === '' ? [] : part.split(':')));
  if (!groups.every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group))) return false;
  return parts.length === 2 ? groups.length < 8 && groups.length >= 1 : groups.length === 8;
}
