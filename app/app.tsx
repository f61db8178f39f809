import { ThemeProvider } from '@zendeskgarden/react-theming';
import styled from 'styled-components';
import { reviewLocation } from './review/review-location.tsx';
import { GlobalStyle, useLocationName, useSession, type AppLocation } from './shared/app-shell.tsx';
import { NotConfiguredState, UnknownLocationState } from './shared/components/error-state.tsx';
import { space } from './shared/components/space.ts';
import { I18nProvider } from './shared/i18n.tsx';
import { sidebarLocation } from './sidebar/sidebar-location.tsx';

/** What each of manifest.json's locations shows. Every location loads the same page (`assets/iframe.html`). */
export const LOCATIONS: Readonly<Record<string, AppLocation>> = {
  ticket_sidebar: sidebarLocation,
  nav_bar: reviewLocation,
};

const FallbackPage = styled.div`
  padding: ${space('sm')};
`;

function locationFor(name: string | null): AppLocation | null {
  return name !== null && Object.hasOwn(LOCATIONS, name) ? (LOCATIONS[name] ?? null) : null;
}

/**
 * The app in whichever location the host opened it: one shell (theme, session, translations) around the location's
 * own page. Render inside `ClientProvider`, which waits for `app.registered`.
 */
export function App() {
  const name = useLocationName();
  const session = useSession();
  if (name === undefined) return null;
  const location = locationFor(name);
  const Page = location?.Page ?? FallbackPage;
  return (
    <ThemeProvider>
      <GlobalStyle />
      <Page>
        {session === null ? null : (
          <I18nProvider locale={session.locale}>
            {location === null ? (
              <UnknownLocationState location={name} />
            ) : session.api === null ? (
              <NotConfiguredState />
            ) : (
              <location.View api={session.api} userId={session.userId} />
            )}
          </I18nProvider>
        )}
      </Page>
    </ThemeProvider>
  );
}
