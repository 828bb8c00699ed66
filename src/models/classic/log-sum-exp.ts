/** log Σ exp(values[offset .. offset+count)), stable against overflow and underflow. */
export function logSumExp(values: Float64Array, offset: number, count: number): number {
  let max = -Infinity;
  for (let j = 0; j < count; j++) if (values[offset + j]! > max) max = values[offset + j]!;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let j = 0; j < count; j++) sum += Math.exp(values[offset + j]! - max);
  return max + Math.log(sum);
}
