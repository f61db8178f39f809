import type { Recognizer } from '../recognizer.ts';

const octet = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

export const ipAddressRecognizer: Recognizer = {
  name: 'ip-address',
  type: 'IP_ADDRESS',
  patterns: [
    { name: 'ipv4', regex: new RegExp(`\\b${octet}\\.${octet}\\.${octet}\\.${octet}\\b`, 'g'), score: 0.6 },
    // full or compressed IPv6: at least two colons and hex groups
    { name: 'ipv6', regex: /\b[0-9A-Fa-f]{1,4}:[0-9A-Fa-f:]{2,37}[0-9A-Fa-f]{1,4}\b/g, score: 0.5 },
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
