const AUDIO_EXT = new Set(['flac', 'wav', 'mp3']);
const IMAGE_EXT = new Set(['jpg', 'jpeg', 'png']);

/**
 * What a file is meant to be, from its name: audio or image, or null for a type the wizard does not take. Only the
 * server decides what the bytes really are (it probes every upload and names the reason when it refuses one).
 */
export function kindOf(name: string): 'audio' | 'image' | null {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  return AUDIO_EXT.has(ext) ? 'audio' : IMAGE_EXT.has(ext) ? 'image' : null;
}

/** Track number from names like `5012345678900_01_003.flac` or `03 - Title.flac`. */
export function trackNumberOf(name: string): number | null {
  const m = /_(\d{1,3})\.[a-z0-9]+$/i.exec(name) ?? /^(\d{1,3})[\s._-]/.exec(name);
  return m ? Number(m[1]) : null;
}
