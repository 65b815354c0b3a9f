// Neutralising untrusted strings (tags, names, messages from the estate) for each output format.

/** Terminal: drop ANSI escapes and control characters (newlines become spaces). */
export function termSafe(s: string): string {
  return s
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/\u001b[\]PX^_][^\u0007\u001b]*(\u0007|\u001b\\)?/g, '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

/** Markdown table cell or inline text: no HTML, no table breaks, no line breaks, no workflow commands. */
export function mdSafe(s: string): string {
  return termSafe(s)
    .replace(/([\\`*_[\]#!])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/::/g, ':&#58;');
}

/** HTML text and attribute values. */
export function htmlSafe(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** XML text and attribute values; characters XML 1.0 cannot carry are dropped. */
export function xmlSafe(s: string): string {
  return htmlSafe(s).replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '');
}
