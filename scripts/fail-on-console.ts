// Library code never writes to the console: it takes a logger. A stray console call fails the test (zod's rule).
import { afterEach, vi } from 'vitest';

const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
const calls: string[] = [];

for (const method of methods) {
  vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
    calls.push(`console.${method}: ${args.map(String).join(' ')}`);
  });
}

afterEach(() => {
  if (calls.length > 0) {
    const seen = calls.splice(0);
    throw new Error(`unexpected console output:\n${seen.join('\n')}`);
  }
});
