import styled from 'styled-components';
import type { AppLocation } from '../shared/app-shell.tsx';
import { space, steps } from '../shared/components/space.ts';
import { ReviewQueue } from './components/review-queue.tsx';

/** A full pane: the list keeps a readable line length on wide screens. */
const ReviewPage = styled.main`
  max-width: 960px;
  padding: ${space('md')} ${steps(6)} ${space('lg')};
`;

/** The nav_bar location: the review queue. */
export const reviewLocation: AppLocation = { Page: ReviewPage, View: ReviewQueue };
