import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, BrowserContextOptions, Page } from '@playwright/test';
import type { Result } from 'axe-core';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import { type Person, expect, password, test } from './fixtures';

export type Locale = 'en' | 'ar';

/** WCAG 2.1 A/AA and best practices; best practices only fail at serious or critical impact. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const WCAG_TAGS = new Set(AXE_TAGS.filter((tag) => tag !== 'best-practice'));
const BLOCKING_IMPACT = new Set(['serious', 'critical']);

/** Whether a violation fails the gate. */
export function isBlocking(violation: Result): boolean {
  return violation.tags.some((tag) => WCAG_TAGS.has(tag)) || BLOCKING_IMPACT.has(violation.impact ?? '');
}

/** One line per offending node: rule, impact, target and axe's own hint, so a failure reads without a trace. */
export function summarize(violations: Result[]): string {
  return violations
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `  ${violation.id} (${violation.impact ?? 'n/a'}) at ${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ') ?? violation.help}`,
      ),
    )
    .join('\n');
}

/**
 * Scans the page as it is now and records the count for docs/accessibility.md (one JSON line per
 * state in the project's output folder). Soft: every state of a test is scanned even when one fails.
 * `within`: the parts a state adds (a panel, a dialog), when the page around them was scanned
 * already; a full scan of a busy board takes 10–20 s on a loaded machine.
 */
export async function scan(page: Page, state: string, locale: Locale, ...within: string[]): Promise<void> {
  const started = Date.now();
  const builder = new AxeBuilder({ page }).withTags(AXE_TAGS);
  for (const selector of within) {
    builder.include(selector);
  }
  const results = await builder.analyze();
  const blocking = results.violations.filter(isBlocking);
  const info = test.info();
  mkdirSync(info.project.outputDir, { recursive: true });
  appendFileSync(
    path.join(info.project.outputDir, `axe-${info.project.name}.jsonl`),
    JSON.stringify({
      state,
      locale,
      scope: within.join(', ') || 'page',
      violations: blocking.length,
      nodes: blocking.reduce((sum, v) => sum + v.nodes.length, 0),
      ms: Date.now() - started,
    }) + '\n',
  );
  expect.soft(blocking.length, `axe: ${state} [${locale}]\n${summarize(blocking)}`).toBe(0);
}

interface Speakers {
  /** people.join, with the browser speaking `locale`: the app picks its language from it, so Arabic runs right-to-left. */
  join(name: string, locale: Locale, where?: 'main' | 'peer', options?: BrowserContextOptions): Promise<Person>;
}

export const axeTest = test.extend<{ speakers: Speakers }>({
  speakers: async ({ browser, baseURL, peerURL }, use) => {
    const contexts: BrowserContext[] = [];
    await use({
      async join(name, locale, where = 'main', options = {}) {
        const url = where === 'peer' && peerURL ? peerURL : baseURL!;
        const context = await browser.newContext({
          baseURL: url,
          locale,
          ignoreHTTPSErrors: true,
          viewport: { width: 1280, height: 800 },
          ...options,
        });
        contexts.push(context);
        const username = `${name.toLowerCase()}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
        const registered = await context.request.post('/api/auth/register', { data: { username, password, displayName: name } });
        expect(registered.status(), await registered.text()).toBe(201);
        const { user } = (await registered.json()) as { user: { id: string } };
        return { name, username, id: user.id, baseURL: url, context, page: await context.newPage() };
      },
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});
