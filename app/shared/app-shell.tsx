import { getColor } from '@zendeskgarden/react-theming';
import { useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { createGlobalStyle } from 'styled-components';
import type { TaxonomyView } from '../../src/contract/index.ts';
import type { ApiClient } from './api-client.ts';
import { useClient } from './client-context.tsx';
import { loadSession, type Session } from './session.ts';

// Garden styles its components, not the page: the body text follows Zendesk's system font.
export const GlobalStyle = createGlobalStyle`
  body {
    font-family: ${({ theme }) => theme.fonts.system};
    font-size: ${({ theme }) => theme.fontSizes.md};
    line-height: ${({ theme }) => theme.lineHeights.md};
    color: ${({ theme }) => getColor({ theme, variable: 'foreground.default' })};
  }
`;

/**
 * One of the app's locations (manifest.json): the page around everything it shows, and its view once the session
 * has a backend. The app shell supplies what every location shares: theme, session, translations, and the
 * not-configured state.
 */
export interface AppLocation {
  readonly Page: ComponentType<{ children?: ReactNode }>;
  readonly View: ComponentType<{ api: ApiClient; userId: string }>;
}

/**
 * The location the host opened this page in (`ticket_sidebar`, `nav_bar`, …): undefined while it is read, null when
 * the host does not say. Call inside `ClientProvider`: once registered, the client answers from the handshake.
 */
export function useLocationName(): string | null | undefined {
  const client = useClient();
  const [location, setLocation] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    client.context().then(
      (context) =>
        live && setLocation(typeof context.location === 'string' && context.location !== '' ? context.location : null),
      () => live && setLocation(null),
    );
    return () => {
      live = false;
    };
  }, [client]);
  return location;
}

/** The installation's session (locale, user, API client); null while it loads. No metadata reads as not configured. */
export function useSession(): Session | null {
  const client = useClient();
  const [session, setSession] = useState<Session | null>(null);
  useEffect(() => {
    let live = true;
    loadSession(client).then(
      (loaded) => live && setSession(loaded),
      () => live && setSession({ locale: 'en', userId: 'unknown', api: null }),
    );
    return () => {
      live = false;
    };
  }, [client]);
  return session;
}

/** Loads the taxonomy once for label names and the correction list; null until it arrives (ids are shown meanwhile). */
export function useTaxonomy(api: ApiClient): TaxonomyView | null {
  const [taxonomy, setTaxonomy] = useState<TaxonomyView | null>(null);
  useEffect(() => {
    let live = true;
    api.taxonomy().then(
      (view) => live && setTaxonomy(view),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  return taxonomy;
}
