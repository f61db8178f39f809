import { Skeleton } from '@zendeskgarden/react-loaders';
import { SM } from '@zendeskgarden/react-typography';
import styled from 'styled-components';
import { space, steps } from '../../shared/components/space.ts';
import { useI18n } from '../../shared/i18n.tsx';

const Caption = styled(SM)`
  margin-bottom: ${space('sm')};
`;

/** A bar after a small gap (a line below the one above it). */
const NextLine = styled(Skeleton)`
  margin-top: ${space('xs')};
`;

/** A bar after a section's gap. */
const NextSection = styled(Skeleton)`
  margin-top: ${steps(4)};
`;

/** Placeholder shaped like the suggestion, so the layout does not jump when it arrives. */
export function LoadingState() {
  const { t } = useI18n();
  return (
    <div role="status" aria-live="polite" aria-busy="true">
      <Caption>{t('ui.loading')}</Caption>
      <Skeleton height="24px" width="70%" />
      <NextLine width="40%" />
      <NextSection width="95%" />
      <Skeleton width="85%" />
      <NextSection height="32px" width="60%" />
    </div>
  );
}
