// The few jstat distributions Tempora uses (jstat ships no types; it is CommonJS).
declare module 'jstat' {
  const jstat: {
    jStat: {
      normal: { cdf(x: number, mean: number, sd: number): number };
      chisquare: { cdf(x: number, dof: number): number };
      centralF: { cdf(x: number, df1: number, df2: number): number };
      tukey: { inv(p: number, nmeans: number, dof: number): number };
    };
  };
  export default jstat;
}
