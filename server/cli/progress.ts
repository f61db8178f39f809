/** Progress for long runs, on stderr so stdout stays machine-readable. Silent when stderr is not a terminal unless forced. */
export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}
