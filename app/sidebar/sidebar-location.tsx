import type { ReactNode } from 'react';
import styled from 'styled-components';
import type { AppLocation } from '../shared/app-shell.tsx';
import { space, steps } from '../shared/components/space.ts';
import { TriagePanel } from './components/triage-panel.tsx';
import { useAutoResize } from './use-auto-resize.ts';

const Frame = styled.div`
  padding: ${space('sm')} ${space('sm')} ${steps(4)};
`;

/** The sidebar's page keeps the iframe as tall as what it shows. */
function SidebarPage({ children }: { children?: ReactNode }) {
  const ref = useAutoResize<HTMLDivElement>();
  return <Frame ref={ref}>{children}</Frame>;
}

/** The ticket_sidebar location: the open ticket's draft triage, its actions and similar tickets. */
export const sidebarLocation: AppLocation = { Page: SidebarPage, View: TriagePanel };
