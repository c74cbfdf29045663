/**
 * The line of an offset in `text`, for elements that keep offsets. The newline positions are found on the first
 * call only (most documents never ask), then each line is a binary search.
 */
export function lineIndex(text: string): (offset: number) => number {
  let newlines: Uint32Array | undefined;
  return (offset) => {
    if (newlines === undefined) {
      const found: number[] = [];
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) found.push(nl);
      newlines = Uint32Array.from(found);
    }
    // the number of newlines before `offset`
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((newlines[mid] as number) < offset) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  };
}
