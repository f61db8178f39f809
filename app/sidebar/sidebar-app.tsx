import { getColor, ThemeProvider } from '@zendeskgarden/react-theming';
import { createGlobalStyle } from 'styled-components';
import { useEffect, useState } from 'react';
import { useClient } from '../shared/client-context.tsx';
import { I18nProvider } from '../shared/i18n.tsx';
import { loadSession, type Session } from '../shared/session.ts';
import { NotConfiguredState } from './components/error-state.tsx';
import { TriagePanel } from './components/triage-panel.tsx';
import { useAutoResize } from './use-auto-resize.ts';

// Garden styles its components, not the page: the body text follows Zendesk's system font.
const GlobalStyle = createGlobalStyle`
  body {
    font-family: ${({ theme }) => theme.fonts.system};
    font-size: ${({ theme }) => theme.fontSizes.md};
    line-height: ${({ theme }) => theme.lineHeights.md};
    color: ${({ theme }) => getColor({ theme, variable: 'foreground.default' })};
  }
`;

/** The ticket_sidebar app. Render inside `ClientProvider`, which waits for `app.registered`. */
export function SidebarApp() {
  const client = useClient();
  const [session, setSession] = useState<Session | null>(null);
  const ref = useAutoResize<HTMLDivElement>();
  useEffect(() => {
    let live = true;
    loadSession(client).then(
      (loaded) => live && setSession(loaded),
      // No metadata means no settings: treat like an unconfigured installation.
      () => live && setSession({ locale: 'en', userId: 'unknown', api: null }),
    );
    return () => {
      live = false;
    };
  }, [client]);
  return (
    <ThemeProvider>
      <GlobalStyle />
      <div ref={ref} style={{ padding: '12px 12px 16px' }}>
        {session === null ? null : (
          <I18nProvider locale={session.locale}>
            {session.api === null ? <NotConfiguredState /> : <TriagePanel api={session.api} userId={session.userId} />}
          </I18nProvider>
        )}
      </div>
    </ThemeProvider>
  );
}
