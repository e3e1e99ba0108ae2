/**
 * Files in and out of the page: downloads (from a Blob, no server round trip), the clipboard,
 * and reading a dropped or chosen file.
 * @module
 */
export function downloadFile(name: string, content: string, encoding: 'utf8' | 'base64' = 'utf8'): void {
  const data = encoding === 'base64' ? Uint8Array.from(atob(content), (c) => c.charCodeAt(0)) : content;
  const blob = new Blob([data], { type: encoding === 'base64' ? 'application/octet-stream' : 'text/plain;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name.split('/').pop() || 'download';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Reads a chosen or dropped file as text, refusing what the server would refuse anyway. */
export async function readTextFile(file: File, maxBytes: number): Promise<string> {
  if (file.size > maxBytes) throw new Error(`${file.name} is ${Math.round(file.size / 1024)} KiB; the server takes at most ${Math.round(maxBytes / 1024)} KiB`);
  return file.text();
}
