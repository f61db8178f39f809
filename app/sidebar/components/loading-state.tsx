import { Skeleton } from '@zendeskgarden/react-loaders';
import { SM } from '@zendeskgarden/react-typography';
import { useI18n } from '../../shared/i18n.tsx';

/** Placeholder shaped like the suggestion, so the layout does not jump when it arrives. */
export function LoadingState() {
  const { t } = useI18n();
  return (
    <div role="status" aria-live="polite" aria-busy="true">
      <SM style={{ marginBottom: 12 }}>{t('ui.loading')}</SM>
      <Skeleton height="24px" width="70%" />
      <Skeleton width="40%" style={{ marginTop: 8 }} />
      <Skeleton width="95%" style={{ marginTop: 16 }} />
      <Skeleton width="85%" />
      <Skeleton height="32px" width="60%" style={{ marginTop: 16 }} />
    </div>
  );
}
