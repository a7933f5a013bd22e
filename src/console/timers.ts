/** Named timers: setting one again replaces it; all can be cleared at once. */
export class Timers<Name extends string> {
  readonly #timers = new Map<Name, NodeJS.Timeout>();

  set(name: Name, ms: number, action: () => void): void {
    clearTimeout(this.#timers.get(name));
    this.#timers.set(name, setTimeout(action, ms));
  }

  clear(...names: Name[]): void {
    for (const name of names) {
      clearTimeout(this.#timers.get(name));
      this.#timers.delete(name);
    }
  }

  clearAll(): void {
    this.clear(...this.#timers.keys());
  }
}
