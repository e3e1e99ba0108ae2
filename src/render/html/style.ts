/**
 * The report's stylesheet (inline: the page loads nothing, CSP default-src 'none').
 * @module
 */
export const CSS = `
:root { --ink: #1a202c; --muted: #4a5568; --line: #e2e8f0; --head: #2f5496; --bg: #f7f9fc; --deploy: #c05621; --fail: #718096; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); background: var(--bg); }
header.top { background: var(--head); color: #fff; padding: 22px 40px 18px; }
header.top h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; }
header.top p { margin: 0; opacity: .9; }
nav.toc { background: #fff; border-bottom: 1px solid var(--line); padding: 8px 40px; font-size: 13px; }
nav.toc a { color: var(--head); text-decoration: none; margin-right: 18px; }
main { max-width: 1500px; margin: 0 auto; padding: 8px 40px 40px; }
section.report { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 4px 24px 18px; margin: 18px 0; }
section.report > h2 { font-size: 17px; color: var(--head); border-bottom: 2px solid var(--line); padding-bottom: 6px; }
h3 { font-size: 15px; margin: 22px 0 8px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #edf2f7; font-weight: 600; }
tbody tr:nth-child(even) td { background: #fafbfd; }
table.matrix td, table.matrix th { text-align: center; min-width: 90px; }
table.matrix th.row { text-align: left; }
table.matrix td.none { color: #a0aec0; }
table.matrix td.inside { color: var(--muted); font-style: italic; background: #f7fafc; }
table.matrix a { color: var(--head); font-weight: 600; text-decoration: none; }
td.rule { white-space: nowrap; font-weight: 600; }
.addr { display: block; font-family: "DejaVu Sans Mono", Consolas, Menlo, monospace; font-size: 11.5px; color: var(--muted); }
.svc { font-family: "DejaVu Sans Mono", Consolas, Menlo, monospace; white-space: nowrap; }
.badge { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 11.5px; font-weight: 600; margin: 1px 0; }
.badge.operate { background: #e6f0fa; color: #2f5496; }
.badge.deploy { background: #feebc8; color: var(--deploy); }
.badge.failover { background: #edf2f7; color: var(--fail); }
ul.why { margin: 0; padding-left: 16px; }
ul.why li { margin: 0 0 4px; }
ul.why .ports { font-family: "DejaVu Sans Mono", Consolas, Menlo, monospace; font-weight: 600; }
ul.why .cite { color: var(--muted); font-size: 12px; }
.diagram { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
.diagram svg { display: block; max-width: none; height: auto; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 10px; margin: 14px 0 4px; }
dl.facts div { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; background: #fafbfd; }
dl.facts dt { font-size: 11.5px; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
dl.facts dd { margin: 2px 0 0; font-weight: 600; }
p.lead { color: var(--muted); }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 0 0 30px; }
@media print { body { background: #fff; } .diagram svg { max-width: 100%; } nav.toc { display: none; } section.report { border: none; padding: 0; } tr { break-inside: avoid; } }
`;
