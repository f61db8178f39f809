import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { ZafClient } from './zaf-types.ts';

const ClientContext = createContext<ZafClient | null>(null);

/**
 * Provides the ZAF client and renders nothing until the host has registered the app:
 * before `app.registered`, get/set/invoke would only queue and metadata is unknown.
 */
export function ClientProvider({ client, children }: { client: ZafClient; children: ReactNode }) {
  const [registered, setRegistered] = useState(client.ready === true);
  useEffect(() => {
    const onRegistered = () => setRegistered(true);
    client.on('app.registered', onRegistered);
    // The handshake may have finished between the first render and this effect.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- reads the external client once after subscribing, so a missed event is not lost
    if (client.ready === true) setRegistered(true);
    return () => client.off('app.registered', onRegistered);
  }, [client]);
  if (!registered) return null;
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

/** The registered ZAF client. Throws when used outside `ClientProvider`. */
export function useClient(): ZafClient {
  const client = useContext(ClientContext);
  if (client === null) throw new Error('useClient() must be used inside <ClientProvider>');
  return client;
}
