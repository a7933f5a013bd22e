/** Time as the console driver sees it: the system's, or a test's that moves only when told to. */
export interface Clock {
  now(): number;
  setTimeout(action: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  setTimeout: (action, ms) => setTimeout(action, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout | undefined),
};

/** Named timers: setting one again replaces it; all can be cleared at once. */
export class Timers<Name extends string> {
  readonly #timers = new Map<Name, unknown>();

  constructor(private readonly clock: Clock = SYSTEM_CLOCK) {}

  set(name: Name, ms: number, action: () => void): void {
    this.clear(name);
    this.#timers.set(
      name,
      this.clock.setTimeout(() => {
        this.#timers.delete(name);
        action();
      }, ms),
    );
  }

  clear(...names: Name[]): void {
    for (const name of names) {
      if (this.#timers.has(name)) this.clock.clearTimeout(this.#timers.get(name));
      this.#timers.delete(name);
    }
  }

  clearAll(): void {
    this.clear(...this.#timers.keys());
  }
}
