export interface BenchSection {
  /** Short id used by --only. */
  readonly name: string;
  readonly title: string;
  /** Runs the benchmark and returns its Markdown (tables, notes). */
  run(options: { datasets: string }): Promise<string>;
}
