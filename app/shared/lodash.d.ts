// Garden's `getColor` is typed `(...) => string & import('lodash').MemoizedFunction`, and lodash ships no
// types: without this the whole call is an error type. The app does not use lodash itself, so only that
// interface is declared (shape from @types/lodash).
declare module 'lodash' {
  export interface MemoizedFunction {
    cache: {
      delete(key: unknown): boolean;
      get(key: unknown): unknown;
      has(key: unknown): boolean;
      set(key: unknown, value: unknown): unknown;
      clear?: () => void;
    };
  }
}
