export { errorMessage, NotConfiguredState, UnknownLocationState } from './error-state.tsx';
export { space, steps, type SpaceName } from './space.ts';
export { ConfidenceBadge } from './confidence-badge.tsx';
export { LabelPicker } from './label-picker.tsx';
