// Parses each Mermaid file given with Mermaid's own parser (the one GitHub
// renders with); prints `FILE ok TYPE` or `FILE ERROR message`, exit 1 on
// any error. Mermaid needs a DOM to load: jsdom provides one.
import fs from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMParser = dom.window.DOMParser;
const { default: mermaid } = await import('mermaid');

let bad = 0;
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, 'utf8');
  try {
    const r = await mermaid.parse(text);
    console.log(`${file} ok ${r.diagramType}`);
  } catch (e) {
    bad++;
    console.log(`${file} ERROR ${String(e.message || e)}`);
  }
}
process.exit(bad ? 1 : 0);
