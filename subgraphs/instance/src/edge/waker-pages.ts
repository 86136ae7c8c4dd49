function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What a browser sees while its Odoo starts: it reloads itself until the instance answers. */
export function startingPage(reloadSeconds: number): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="${reloadSeconds}"><title>Starting your Odoo...</title></head><body style="font-family:sans-serif;margin:4em auto;max-width:40em"><h1>Starting your Odoo...</h1><p>This instance was asleep because nobody used it for a while. It is starting now; this page reloads itself in a few seconds.</p></body></html>\n`;
}

/** A wake that failed, for a browser. */
export function wakeFailedPage(reason: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>This Odoo could not be started</title></head><body style="font-family:sans-serif;margin:4em auto;max-width:40em"><h1>This Odoo could not be started</h1><p>${escapeHtml(reason)}</p></body></html>\n`;
}
