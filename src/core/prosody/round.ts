/** Seconds, hertz and ratios to three decimals: finer is measurement noise and only lengthens the output. */
export function rounded<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_key, v) =>
      typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v,
    ),
  );
}
