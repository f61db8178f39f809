import { z } from 'zod';

const EARLIEST = Date.parse('0001-01-02T00:00:00Z');
// PostgreSQL keeps microseconds and rounds: 9999-12-31T23:59:59.9999999Z is stored as year 10000, which no ISO
// string of four-digit years can give back. A second's margin keeps every accepted instant readable.
const LATEST = Date.parse('9999-12-31T23:59:58Z');

/** Days in each month of a leap year; February is checked against the year below. */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isCalendarInstant(value: string): boolean {
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && !leap ? 28 : MONTH_DAYS[month - 1];
  if (days === undefined || day < 1 || day > days) return false;
  const time = Date.parse(value);
  return Number.isFinite(time) && time >= EARLIEST && time <= LATEST;
}

/**
 * An ISO 8601 date-time with `Z` or an offset from outside the service, that is a real calendar instant (no
 * February 30th, which the format and `Date.parse` both let through) between the years 1 and 9999: what both
 * engines can store and give back.
 */
export function instant() {
  return z.iso.datetime({ offset: true }).refine(isCalendarInstant, {
    message: 'must be a real date and time between the years 1 and 9999, e.g. 2026-11-23T10:00:00Z',
  });
}
