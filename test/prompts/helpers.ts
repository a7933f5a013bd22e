/**
 * Small helpers for rendering the questions with the real inquirer prompts through @inquirer/testing.
 */
import { render } from '@inquirer/testing';

const open = new Set<AbortController>();

/**
 * `render`, with an AbortController so that `closeAll()` (afterEach) can end a prompt a test left waiting for a
 * valid answer. The abort rejects `answer`; that rejection is marked handled here, so a test that awaits `answer`
 * still sees it but a test that never looks at it leaves no unhandled rejection behind.
 */
export const ask: typeof render = async (prompt, config) => {
  const controller = new AbortController();
  open.add(controller);
  const rendered = await render(prompt, config, { signal: controller.signal });
  rendered.answer.then(
    () => open.delete(controller),
    () => open.delete(controller),
  );
  return rendered;
};

/** Aborts every prompt still waiting for an answer. */
export function closeAll(): void {
  for (const controller of open) controller.abort();
  open.clear();
}

export type Settled = 'pending' | 'resolved' | 'rejected';

/** Whether a promise has settled, after letting pending microtasks and one macrotask run. */
export async function stateOf(promise: Promise<unknown>): Promise<Settled> {
  let state: Settled = 'pending';
  promise.then(
    () => {
      state = 'resolved';
    },
    () => {
      state = 'rejected';
    },
  );
  await new Promise((resolve) => setImmediate(resolve));
  return state;
}

/**
 * What the prompt shows under its question line: the validation message, a description, help tips.
 * The first line is the prefix, the question and the typed value.
 */
export function below(screen: string): string {
  return screen.split('\n').slice(1).join('\n');
}

/** The first line of the screen: the prefix, the question and the typed value (or its mask). */
export function questionLine(screen: string): string {
  return screen.split('\n')[0] ?? '';
}

/** Every run of `length` characters of `text`, lower-cased, and of `text` without spaces and punctuation. */
export function runsOf(text: string, length = 4): string[] {
  const runs = new Set<string>();
  const lower = text.toLowerCase();
  for (const form of [lower, lower.replace(/[^a-z0-9]/g, '')]) {
    for (let i = 0; i + length <= form.length; i += 1) runs.add(form.slice(i, i + length));
  }
  return [...runs];
}
