// Drives the VS Code workbench in Chromium through its UI (keyboard, command palette, DOM of the
// Problems panel, tree views, status bar, terminal) — the way a person uses it.
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function waitFor(what, fn, { timeout = 15_000, interval = 250 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? `: ${last.message.split('\n')[0]}` : '';
      throw new Error(`timed out after ${Math.round(timeout / 1000)} s waiting for ${what}${detail}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

export class Workbench {
  constructor(page, { shotsDir, prefix }) {
    this.page = page;
    this.shotsDir = shotsDir;
    this.prefix = prefix;
    this.shots = [];
    this.consoleErrors = [];
    page.on('console', (m) => {
      if (m.type() === 'error') this.consoleErrors.push(m.text().slice(0, 300));
    });
  }

  static async open(browser, url, options) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const wb = new Workbench(page, options);
    wb.context = context;
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60_000 });
    // The explorer lists the folder once the remote file system answers.
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    await wb.focus();
    return wb;
  }

  async close() {
    await this.context?.close().catch(() => {});
  }

  async screenshot(name) {
    mkdirSync(this.shotsDir, { recursive: true });
    const file = path.join(this.shotsDir, `${this.prefix}-${name}.png`);
    await this.page.screenshot({ path: file });
    this.shots.push(file);
    return file;
  }

  /** Keyboard focus inside the workbench (shortcuts go to the page, not the browser). */
  async focus() {
    await this.page.keyboard.press('Escape');
    await this.page.locator('.part.statusbar').click({ position: { x: 5, y: 5 } }).catch(() => {});
  }

  async quickInput(prefixKey, text) {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press(prefixKey);
    await input.waitFor({ state: 'visible', timeout: 5000 }).catch(async () => {
      await this.focus();
      await this.page.keyboard.press(prefixKey);
      await input.waitFor({ state: 'visible', timeout: 5000 });
    });
    await input.fill(text);
    return input;
  }

  /** Rows of the open quick pick: { label, aria }. */
  async quickPickRows() {
    return this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').evaluateAll((rows) =>
      rows.map((r) => ({
        aria: r.getAttribute('aria-label') ?? '',
        label: r.querySelector('.label-name')?.textContent ?? r.textContent ?? '',
        description: r.querySelector('.label-description')?.textContent?.trim() ?? '',
      })),
    );
  }

  async pickQuickItem(what, match, timeout = 10_000) {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await waitFor(what, async () => (await this.quickPickRows()).some((r) => match(r)), { timeout }).catch(async (e) => {
      const shown = (await this.quickPickRows()).map((r) => `${r.label}${r.description ? ` (${r.description})` : ''}`);
      throw new Error(`${e.message}; the list shows: ${shown.slice(0, 12).join(' | ') || 'nothing'}`);
    });
    const all = await this.quickPickRows();
    const index = all.findIndex((r) => match(r));
    // The first row is the focused one: Enter accepts it even while the list re-renders under a click.
    if (index === 0) await this.page.locator('.quick-input-widget .quick-input-box input').press('Enter');
    else await rows.nth(index).click();
  }

  /**
   * Runs a command from the command palette by its full title, e.g. "AI Stack: Generate Dockerfile".
   * The palette lists what was registered when it opened: while extensions are still being scanned
   * (a busy machine), it is closed and opened again until the command shows up. With `until`, the
   * command counts as run only when `until.check()` holds within `until.timeout` (the command may
   * start late on a busy machine, or a retry may close what it opened); otherwise it is run again.
   */
  async runCommand(title, { timeout = 30_000, until } = {}) {
    const match = (r) => r.label.trim() === title || r.aria.startsWith(title);
    const deadline = Date.now() + timeout;
    for (;;) {
      await this.quickInput('Control+Shift+P', `>${title}`);
      const left = deadline - Date.now();
      try {
        await this.pickQuickItem(`command "${title}" in the command palette`, match, Math.max(1000, Math.min(5000, left)));
        // Accepted when the palette closed or moved on to the command's own pick/input.
        const input = this.page.locator('.quick-input-widget .quick-input-box input');
        const accepted = await waitFor('the command palette to accept the command', async () => !(await input.isVisible()) || (await input.inputValue()) !== `>${title}`, { timeout: 3000 }).then(() => true, () => false);
        if (!accepted) throw new Error(`the command palette did not run "${title}"`);
        if (until) await waitFor(until.what, until.check, { timeout: Math.max(1000, Math.min(until.timeout ?? 20_000, deadline - Date.now())) });
        return;
      } catch (e) {
        if (Date.now() >= deadline) throw e;
        await this.page.keyboard.press('Escape');
        if (until) await this.page.keyboard.press('Escape');
      }
    }
  }

  /** Opens a workspace file by clicking through the Explorer tree (Quick Open as the fallback). */
  async openFile(relative) {
    const base = path.basename(relative);
    const tab = this.page.locator(`.tabs-container .tab.active[aria-label^="${base}"]`);
    try {
      await this.openInExplorer(relative.split('/'));
      await tab.first().waitFor({ timeout: 10_000 });
    } catch {
      await this.quickInput('Control+P', relative);
      const dir = path.dirname(relative);
      // Quick Open shows the folder as the description: "api" for api/Dockerfile, nothing for a root file.
      const match = (r) => r.label.trim() === base && (dir === '.' ? ['', '.'].includes(r.description) : r.description === dir || r.description.endsWith(`/${dir}`));
      await this.pickQuickItem(`"${relative}" in Quick Open`, match, 30_000);
      await tab.first().waitFor({ timeout: 10_000 });
    }
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  }

  async openInExplorer(segments) {
    const explorer = this.page.locator('.explorer-folders-view');
    if (!(await explorer.isVisible())) await this.page.keyboard.press('Control+Shift+E');
    for (let depth = 0; depth < segments.length; depth++) {
      const row = explorer.locator(`.monaco-list-row[aria-level="${depth + 1}"][aria-label="${segments[depth]}"]`).first();
      await row.waitFor({ timeout: 10_000 });
      const last = depth === segments.length - 1;
      if (!last && (await row.getAttribute('aria-expanded')) === 'true') continue;
      await row.click();
    }
  }

  /**
   * The text of the editor hover at line:column ("Show or Focus Hover" from the keyboard), once
   * `accept(text)` holds: the hover first says "Loading…", then shows what the language server sent.
   */
  async hoverAt(line, column, accept = (s) => s.trim() !== '', timeout = 30_000) {
    const hovers = this.page.locator('.monaco-editor .monaco-hover');
    const shown = () => hovers.evaluateAll((els) => els.filter((e) => e.offsetParent !== null && !e.classList.contains('hidden')).map((e) => e.innerText).join('\n'));
    let last = '';
    // A hover still open from before must not count as this one.
    await this.page.keyboard.press('Escape');
    await waitFor('no hover open', async () => (await shown()) === '', { timeout: 5_000, interval: 100 });
    let asked = false;
    await waitFor(
      `the hover at ${line}:${column}`,
      async () => {
        last = await shown();
        if (asked && accept(last)) return true;
        asked = true;
        // Not shown (or closed by a re-render): put the cursor there again and ask for the hover.
        await this.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
        await this.goToLine(line, column);
        await this.page.keyboard.press('Control+K');
        await this.page.keyboard.press('Control+I');
        return waitFor('hover content', async () => accept((last = await shown())), { timeout: 5_000, interval: 200 }).catch(() => false);
      },
      { timeout, interval: 100 },
    ).catch((e) => {
      throw new Error(`${e.message}; the hover shows: ${last.slice(0, 300) || 'nothing'}`);
    });
    return last;
  }

  /** Opens the quick-fix menu (Ctrl+.) at line:column once `accept(rowTexts)` holds; returns the rows' texts (menu left open). */
  async quickFixMenu(line, column, accept, timeout = 30_000) {
    const rows = this.page.locator('.action-widget .monaco-list-row');
    let last = [];
    await waitFor(
      `the quick-fix menu at ${line}:${column}`,
      async () => {
        if (await rows.first().isVisible().catch(() => false)) {
          last = await rows.allInnerTexts();
          if (accept(last)) return true;
        }
        await this.page.keyboard.press('Escape');
        await this.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
        await this.goToLine(line, column);
        await this.page.keyboard.press('Control+.');
        return waitFor('menu entries', async () => (await rows.first().isVisible().catch(() => false)) && accept((last = await rows.allInnerTexts())), { timeout: 5_000, interval: 200 }).catch(() => false);
      },
      { timeout, interval: 100 },
    ).catch((e) => {
      throw new Error(`${e.message}; the menu shows: ${last.join(' | ') || 'nothing'}`);
    });
    return last;
  }

  /**
   * Chooses `title` in the quick-fix menu at line:column and waits for the editor to turn dirty, the
   * proof that the edit was applied. A click that lands while the menu re-renders (diagnostics
   * arrive and the actions are asked for again) applies nothing: the menu is then opened again, at
   * most `attempts` times. `alreadyChosen`: the caller clicked it (e.g. from the lightbulb); wait for that first.
   */
  async applyQuickFix(line, column, title, { attempts = 3, alreadyChosen = false } = {}) {
    const dirty = this.page.locator('.tabs-container .tab.active.dirty');
    const applied = () => waitFor('the fix to change the editor', async () => (await dirty.count()) > 0, { timeout: 10_000, interval: 200 }).then(() => true, () => false);
    if (alreadyChosen && (await applied())) return;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.quickFixMenu(line, column, (rows) => rows.some((r) => r.includes(title)));
      } catch (e) {
        if ((await dirty.count()) > 0) return; // a slow apply of the earlier choice took the finding away
        throw e;
      }
      await this.page.locator('.action-widget .monaco-list-row').filter({ hasText: title }).first().click();
      if (await applied()) return;
      if (attempt >= attempts) throw new Error(`"${title}" was chosen ${attempts} times and the editor never changed`);
    }
  }

  async goToLine(line, column = 1) {
    await this.quickInput('Control+G', `:${line}:${column}`);
    await this.page.keyboard.press('Enter');
  }

  async save() {
    await this.page.keyboard.press('Control+S');
    await waitFor('the active editor to be saved', async () => (await this.page.locator('.tabs-container .tab.active.dirty').count()) === 0, { timeout: 10_000 });
  }

  /** Clicks a button of the modal dialog (e.g. "Write"), waiting for the dialog first. */
  async clickDialogButton(label, timeout = 15_000) {
    const button = this.page.locator('.monaco-dialog-box .dialog-buttons .monaco-button').filter({ hasText: label }).first();
    await button.waitFor({ state: 'visible', timeout });
    await button.click();
  }

  /** Text of the modal dialog, if one is open. */
  async dialogText() {
    const box = this.page.locator('.monaco-dialog-box');
    return (await box.count()) ? box.first().innerText() : '';
  }

  /** Accepts the input box whose prompt matches `prompt` with its proposed value. */
  async acceptInput(prompt, timeout = 15_000) {
    const widget = this.page.locator('.quick-input-widget');
    await waitFor(`an input box asking "${prompt.source}"`, async () => (await widget.isVisible()) && prompt.test(await widget.innerText()), { timeout });
    await widget.locator('.quick-input-box input').press('Enter');
    await waitFor(`the input box "${prompt.source}" to close`, async () => !(await widget.isVisible()) || !prompt.test(await widget.innerText()), { timeout: 5_000 });
  }

  /** Notification toasts' text (messages, errors shown to the user). */
  async notifications() {
    return this.page.locator('.notifications-toasts .notification-toast').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
  }

  async showProblems() {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible().catch(() => false))) await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)').catch(() => this.page.keyboard.press('Control+Shift+M'));
    await panel.waitFor({ state: 'visible', timeout: 10_000 });
  }

  /**
   * Every marker row of the Problems panel, scrolled through (the list is virtualised):
   * [{ file, severity, message, source, code, line, column }].
   */
  async problems() {
    await this.showProblems();
    const rowsSel = '.markers-panel .monaco-list-row';
    if ((await this.page.locator(rowsSel).count()) === 0) return [];
    // Wheel events dispatched on the list itself (a hover popup under a real mouse would swallow
    // them). Chromium hands monaco synthetic wheel deltas with the opposite sign, so the direction
    // that moves down is found by trying.
    const scrollable = this.page.locator('.markers-panel .monaco-list .monaco-scrollable-element').first();
    const wheel = (deltaY) => scrollable.evaluate((el, dy) => el.dispatchEvent(new WheelEvent('wheel', { deltaY: dy, deltaMode: 0, bubbles: true, cancelable: true })), deltaY);
    // Scroll position from the list's own scrollbar slider (recycled rows linger in the DOM).
    const firstShown = () => scrollable.evaluate((el) => parseFloat(el.querySelector('.scrollbar.vertical .slider')?.style.top ?? '0') || 0);
    const step = Math.max(40, ((await scrollable.boundingBox())?.height ?? 200) * 0.7);
    let down = -1;
    const toTop = async () => {
      for (let i = 0; i < 100 && (await firstShown()) > 0; i++) {
        await wheel(-down * 5000);
        await this.page.waitForTimeout(30);
      }
    };
    const seen = new Map();
    const read = async () => {
      const rows = await this.page.locator(rowsSel).evaluateAll(READ_PROBLEM_ROWS);
      let added = 0;
      for (const r of rows) if (!seen.has(r.index)) (seen.set(r.index, r), added++);
      return added;
    };
    await read();
    for (let i = 0; i < 300; i++) {
      const before = await firstShown();
      await wheel(down * step);
      await this.page.waitForTimeout(50);
      if (i === 0 && (await firstShown()) <= before) {
        down = -down;
        await wheel(down * step * 2);
        await this.page.waitForTimeout(50);
      }
      if ((await read()) === 0) {
        await this.page.waitForTimeout(150);
        if ((await read()) === 0) break;
      }
    }
    await toTop();
    return parseProblemRows([...seen.values()].sort((a, b) => a.index - b.index));
  }

  /** The pane of a view by its title (its header is hidden when it is alone in its container). */
  viewPane(viewTitle) {
    return this.page.locator('.pane').filter({ has: this.page.locator(`.pane-header[aria-label^="${viewTitle}"]`) }).first();
  }

  /** Rows of a view's tree (e.g. "Containers"): { label, description, text, icon, depth, expanded }. */
  async treeRows(viewTitle) {
    return this.viewPane(viewTitle).locator('.monaco-list-row').evaluateAll((els) =>
      els
        .map((e) => {
          // The item's own icon (ThemeIcon + colour), not the twistie.
          const icon = e.querySelector('.custom-view-tree-node-item-icon') ?? e.querySelector('.monaco-tl-contents [class*="codicon-"]');
          const label = e.querySelector('.label-name')?.textContent?.trim() ?? '';
          const description = e.querySelector('.label-description')?.textContent?.trim() ?? '';
          return {
            index: Number(e.getAttribute('data-index')),
            label,
            description,
            text: `${label} ${description}`.trim(),
            icon: icon ? `${icon.className} ${icon.getAttribute('style') ?? ''}`.trim() : '',
            depth: Number(e.getAttribute('aria-level') ?? 0),
            expanded: e.getAttribute('aria-expanded'),
          };
        })
        .sort((a, b) => a.index - b.index),
    );
  }

  async statusBarItems() {
    return this.page.locator('.statusbar-item').evaluateAll((els) =>
      els.map((e) => ({ id: e.id, text: e.innerText.trim(), aria: e.querySelector('[aria-label]')?.getAttribute('aria-label') ?? e.getAttribute('aria-label') ?? '' })),
    );
  }

  /** Text of the visible terminal(s) (DOM renderer: settings turn GPU acceleration off). */
  async terminalText() {
    return this.page.locator('.terminal-wrapper .xterm-rows').evaluateAll((els) => els.map((e) => e.innerText).join('\n'));
  }
}

/** Runs in the page (serialised by playwright, so it must not use anything outside itself). */
const READ_PROBLEM_ROWS = (els) =>
  els.map((e) => {
    const text = (sel) => e.querySelector(sel)?.textContent?.trim() ?? '';
    const icon = e.querySelector('.marker-icon');
    return {
      index: Number(e.getAttribute('data-index')),
      aria: e.getAttribute('aria-label') ?? '',
      kind: icon ? 'marker' : e.querySelector('.related-info-resource') ? 'related' : 'file',
      severity: icon ? (['error', 'warning', 'info', 'hint'].find((s) => icon.classList.contains(s)) ?? '') : '',
      message: text('.marker-message'),
      source: text('.marker-source'),
      code: text('.marker-code'),
      position: text('.marker-line'),
    };
  });

/** Problems rows: a file header row, then its markers (related-information rows are skipped). */
export function parseProblemRows(rows) {
  const out = [];
  let file = '';
  for (const r of rows) {
    const header = /^\d+ problems? in file (.+?) of folder (.+?)\.?$/.exec(r.aria);
    if (header) {
      file = header[2] === '.' ? header[1] : `${header[2]}/${header[1]}`;
      continue;
    }
    if (r.kind !== 'marker') continue;
    const pos = /Ln (\d+), Col (\d+)/.exec(r.position) ?? /at line (\d+) and character (\d+)\./.exec(r.aria);
    const severity = r.severity || (/^(Error|Warning|Info|Hint):/.exec(r.aria)?.[1] ?? '').toLowerCase();
    out.push({ file, severity, message: r.message, source: r.source, code: r.code, line: Number(pos?.[1]), column: Number(pos?.[2]) });
  }
  return out;
}
