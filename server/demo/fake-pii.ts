import type { Random } from './random.ts';

/** Invented people, documentation-only contact data and published test numbers: nothing here is real. */
export const FIRST_NAMES = [
  'Anna',
  'Lukas',
  'Camille',
  'Mateo',
  'Yuki',
  'Minh',
  'Olivia',
  'Jonas',
  'Lucía',
  'Hiroshi',
  'Thảo',
  'Élodie',
  'Noah',
  'Greta',
];
export const LAST_NAMES = [
  'Bergmann',
  'Moreau',
  'García',
  'Tanaka',
  'Nguyễn',
  'Whitfield',
  'Kowalczyk',
  'Lindqvist',
  'Dubois',
  'Sato',
  'Trần',
  'Hale',
];
const PHONES = [
  '+1 202-555-0143',
  '(415) 555-0199',
  '+44 20 7946 0958',
  '020 7946 0321',
  '+49 30 901820',
  '030 12345678',
  '+33 1 99 00 12 34',
  '06 12 34 56 78',
  '+81 3-1234-5678',
  '090-1234-5678',
  '+84 28 3822 1234',
  '0912 345 678',
  '+34 912 345 678',
];
const CARDS = ['4111 1111 1111 1111', '5555 5555 5555 4444', '4012 8888 8888 1881', '3782 822463 10005'];
const IBANS = [
  'DE89 3704 0044 0532 0130 00',
  'GB82 WEST 1234 5698 7654 32',
  'FR14 2004 1010 0505 0001 3M02 606',
  'ES91 2100 0418 4502 0005 1332',
];
const IPS = ['192.0.2.15', '198.51.100.23', '203.0.113.7', '2001:db8::1'];
const STREETS = [
  '12 Maple Avenue, Springfield',
  'Musterstraße 5, 10115 Berlin',
  '8 rue des Lilas, 75011 Paris',
  'Calle Falsa 123, Madrid',
  '1-2-3 Example-cho, Chiyoda-ku',
  '45 Đường Ví Dụ, Quận 1',
];

export interface FakePerson {
  readonly name: string;
  readonly email: string;
}

export function fakePerson(random: Random): FakePerson {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const local = `${first}.${last}`.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase();
  return { name: `${first} ${last}`, email: `${local}@${random.pick(['example.com', 'example.org', 'example.net'])}` };
}

/** One sentence-fragment of planted PII of a random kind, for redaction to find. */
export function fakePiiFragment(random: Random): string {
  return random.weighted<() => string>([
    [() => random.pick(PHONES), 4],
    [() => random.pick(CARDS), 2],
    [() => random.pick(IBANS), 2],
    [() => `IP ${random.pick(IPS)}`, 2],
    [() => random.pick(STREETS), 2],
  ])();
}
