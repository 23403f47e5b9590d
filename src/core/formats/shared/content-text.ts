// Message / tool-result content as text. Chat APIs carry content as a string or as a list of typed blocks
// (Anthropic `{type:"text",text}`, ATIF ContentPart, OpenAI parts); non-text parts become short placeholders
// so the reader still sees that something was there.
import { asString, isObj } from './access.js';

function partText(p: unknown): string {
  if (typeof p === 'string') return p;
  if (!isObj(p)) return p === null || p === undefined ? '' : JSON.stringify(p);
  const type = asString(p.type);
  const text = asString(p.text);
  if (text !== undefined) return text;
  if (type === 'image' || type === 'image_url' || type === 'input_image') {
    const src = p.source;
    const where = isObj(src)
      ? (asString(src.path) ?? asString(src.url) ?? asString(src.media_type))
      : undefined;
    return where ? `[image: ${where}]` : '[image]';
  }
  if (type === 'document') return '[document]';
  // Nested content (tool_result inside a list, ...).
  if ('content' in p) return contentText(p.content);
  return JSON.stringify(p);
}

/** Text of a content value: a string, a list of blocks/parts, a single block, or nothing (""). */
export function contentText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v))
    return v
      .map(partText)
      .filter((s) => s !== '')
      .join('\n');
  return partText(v);
}
