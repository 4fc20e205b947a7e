/**
 * China Standard Time is UTC+8 all year (no daylight saving since 1991): a
 * date or time in China is the instant moved on by this offset and read in
 * UTC. The contract's dates, the widgets' formats and the server's CSVs and
 * messages all work it out so.
 */
export const CHINA_OFFSET_MS = 8 * 3_600_000;
