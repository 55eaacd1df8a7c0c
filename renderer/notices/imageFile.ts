import { MAX_NOTICE_IMAGE_BYTES, NOTICE_IMAGE_TYPES, base64Bytes } from '../../shared/notices/schema.js';

/** Wide enough for the hall's notice column at 1920x1080; a larger picture only costs bytes. */
const MAX_SIDE = 960;

function readAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(file);
  });
}

function fits(dataUrl: string): boolean {
  const payload = dataUrl.slice(dataUrl.indexOf(',') + 1);
  return base64Bytes(payload) <= MAX_NOTICE_IMAGE_BYTES;
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('unreadable'));
    img.src = src;
  });
}

/**
 * A picture the lead chose, as the data: URL a notice carries: kept as it is when it is a PNG,
 * JPEG or WebP within the limit (MAX_NOTICE_IMAGE_BYTES), else drawn smaller as a JPEG, step by
 * step, until it fits. Rejects a file that is no picture.
 */
export async function noticeImageFrom(file: File): Promise<string> {
  const original = await readAsDataUrl(file);
  if ((NOTICE_IMAGE_TYPES as readonly string[]).includes(file.type) && fits(original)) return original;
  const img = await loadImage(original);
  let scale = Math.min(1, MAX_SIDE / Math.max(img.naturalWidth, img.naturalHeight, 1));
  for (let quality = 0.85; ; ) {
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('unreadable');
    // A transparent PNG turned JPEG would go black behind its shapes: paint white first.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const out = canvas.toDataURL('image/jpeg', quality);
    if (fits(out)) return out;
    if (quality > 0.6) quality -= 0.1;
    else scale *= 0.75;
    if (canvas.width < 64) throw new Error('unreadable');
  }
}
