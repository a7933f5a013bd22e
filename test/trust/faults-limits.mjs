/**
 * Test-only preload for the built CLI (node --import this dist/bin/sso-backup.js ...): the console driver's limits
 * made short, so a fault that hangs ends in seconds instead of minutes. The CLI offers no flag for them; the
 * driver reads DEFAULT_LIMITS when a run starts, so changing that object before the CLI runs is enough. Nothing
 * in src/ knows of this file.
 */
const { DEFAULT_LIMITS } = await import(new URL('../../dist/console/limits.js', import.meta.url).href);
Object.assign(DEFAULT_LIMITS, { unknownPromptMs: 2_000, promptTimeoutMs: 5_000, finishTimeoutMs: 3_000, totalTimeoutMs: 20_000 });
