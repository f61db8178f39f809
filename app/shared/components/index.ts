export { errorMessage, NotConfiguredState, UnknownLocationState } from './error-state.tsx';
export { space, steps, type SpaceName } from './space.ts';
