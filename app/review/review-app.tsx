import { getColor, ThemeProvider } from '@zendeskgarden/react-theming';
import { useEffect, useState } from 'react';
import { createGlobalStyle } from 'styled-components';
import { useClient } from '../shared/client-context.tsx';
import { I18nProvider } from '../shared/i18n.tsx';
import { loadSession, type Session } from '../shared/session.ts';
import { NotConfiguredState } from '../sidebar/components/error-state.tsx';
import { ReviewQueue } from './components/review-queue.tsx';

const GlobalStyle = createGlobalStyle`
  body {
    font-family: ${({ theme }) => theme.fonts.system};
    font-size: ${({ theme }) => theme.fontSizes.md};
    line-height: ${({ theme }) => theme.lineHeights.md};
    color: ${({ theme }) => getColor({ theme, variable: 'foreground.default' })};
  }
`;

/** The nav_bar review queue. Render inside `ClientProvider`, which waits for `app.registered`. */
export function ReviewApp() {
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
  return (
    <ThemeProvider>
      <GlobalStyle />
      <main style={{ padding: '20px 24px 32px', maxWidth: 960 }}>
        {session === null ? null : (
          <I18nProvider locale={session.locale}>
            {session.api === null ? <NotConfiguredState /> : <ReviewQueue api={session.api} userId={session.userId} />}
          </I18nProvider>
        )}
      </main>
    </ThemeProvider>
  );
}
