/** Moving a series along time with zeros shifted in: how SBD and KSC align one series to another. */

/**
 * Writes into `out` the series (channels × length, channel-major) moved `shift` steps to the
 * right (left when negative) in every channel, with zeros where nothing is left.
 */
export function shiftSeries(values: Float64Array, shift: number, channels: number, out: Float64Array): Float64Array {
  const length = values.length / channels;
  for (let c = 0; c < channels; c++) {
    const base = c * length;
    for (let t = 0; t < length; t++) {
      const from = t - shift;
      out[base + t] = from >= 0 && from < length ? values[base + from]! : 0;
    }
  }
  return out;
}
