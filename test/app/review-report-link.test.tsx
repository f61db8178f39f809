// @vitest-environment jsdom
import './support/dom-setup.ts';
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderReview } from './support/render-review.tsx';

afterEach(() => cleanup());

describe('review queue: readiness report link', () => {
  it("links the account's readiness report on the backend, opening in a new tab, with no secret in the address", async () => {
    const { client } = await renderReview();
    const link = await screen.findByRole('link', { name: /Readiness report/ });
    expect(link.getAttribute('href')).toBe('https://triage.example.test/v1/admin/report?subdomain=acme');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
    // Only the queue and the taxonomy are fetched: the page is the browser's to open, with the admin token.
    expect(client.requests().some((request) => request.url.includes('/v1/admin/'))).toBe(false);
  });
});
