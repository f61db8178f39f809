/** Runs tasks one after another, in the order they arrive; a task that fails does not stop the ones behind it. */
export class OneAtATime {
  #tail: Promise<void> = Promise.resolve();
  #waiting = 0;

  /** Tasks started or waiting to start. */
  get pending(): number {
    return this.#waiting;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    this.#waiting++;
    const result = this.#tail.then(task).finally(() => this.#waiting--);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
