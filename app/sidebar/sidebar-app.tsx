import { ThemeProvider } from '@zendeskgarden/react-theming';
import { GlobalStyle, useSession } from '../shared/app-shell.tsx';
import { I18nProvider } from '../shared/i18n.tsx';
import { NotConfiguredState } from './components/error-state.tsx';
import { TriagePanel } from './components/triage-panel.tsx';
import { useAutoResize } from './use-auto-resize.ts';

/** The ticket_sidebar app. Render inside `ClientProvider`, which waits for `app.registered`. */
export function SidebarApp() {
  const session = useSession();
  const ref = useAutoResize<HTMLDivElement>();
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
