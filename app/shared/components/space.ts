import type { IGardenTheme } from '@zendeskgarden/react-theming';
import type { DefaultTheme } from 'styled-components';

type Themed = { theme: DefaultTheme };

/** A size on Garden's spacing scale: `xxs` 4px, `xs` 8px, `sm` 12px, `md` 20px, `lg` 32px, `xl` 40px, `xxl` 48px. */
export type SpaceName = Exclude<keyof IGardenTheme['space'], 'base'>;

/** A named size from the theme's spacing scale, for styled-components templates: `margin-top: ${space('xs')};`. */
export const space =
  (name: SpaceName) =>
  ({ theme }: Themed): string =>
    theme.space[name];

/** `count` steps of the theme's 4px base, for the sizes between the named ones (6px, 16px, 24px). */
export const steps =
  (count: number) =>
  ({ theme }: Themed): string =>
    `${theme.space.base * count}px`;
