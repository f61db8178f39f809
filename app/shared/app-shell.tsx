import { getColor } from '@zendeskgarden/react-theming';
import { useEffect, useState } from 'react';
import type { TaxonomyView } from '../../src/contract/index.ts';
import type { ApiClient } from './api-client.ts';
import { createGlobalStyle } from 'styled-components';
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
