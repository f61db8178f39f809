import { describe, expect, it } from 'vitest';
import { webhookIntake } from '../../server/webhooks/index.ts';

/** Event ids per installation, as the store's enqueueEventJob keeps them: a second enqueue of one is a duplicate. */
function eventJobs() {
  const seen = new Set<string>();
  return {
    forInstallation: (installation: string) => ({
      async enqueueEventJob(eventId: string) {
        const key = `${installation}/${eventId}`;
        if (seen.has(key)) return null;
        seen.add(key);
        return `job-${seen.size}`;
      },
    }),
  };
}

describe('webhook intake wake-up', () => {
  it('tells the local worker of each new job, and not of a replayed event', async () => {
    const woken: string[] = [];
    const intake = webhookIntake({
      store: eventJobs(),
      defaultSecret: 'secret-0123456789abcdef',
      onEnqueued: (installation) => woken.push(installation),
    });
    const event = { eventId: 'evt-1', type: 'zen:event-type:ticket.created', ticketId: '42' } as const;
    expect(await intake.enqueue('default', event)).toEqual({ jobId: 'job-1' });
    expect(await intake.enqueue('default', event)).toBe('duplicate');
    expect(await intake.enqueue('inst_acme', event)).toEqual({ jobId: 'job-2' });
    expect(woken).toEqual(['default', 'inst_acme']);
  });
});
