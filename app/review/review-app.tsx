import { ThemeProvider } from '@zendeskgarden/react-theming';
import { GlobalStyle, useSession } from '../shared/app-shell.tsx';
import { I18nProvider } from '../shared/i18n.tsx';
import { NotConfiguredState } from '../sidebar/components/error-state.tsx';
import { ReviewQueue } from './components/review-queue.tsx';

/** The nav_bar review queue. Render inside `ClientProvider`, which waits for `app.registered`. */
export function ReviewApp() {
  const session = useSession();
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
