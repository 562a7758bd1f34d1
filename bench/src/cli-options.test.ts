import { describe, expect, it } from "vitest";
import { parseBenchArgs } from "./cli-options.mjs";

describe("parseBenchArgs", () => {
  it("defaults to size xs on SQLite with seed 42", () => {
    expect(parseBenchArgs([])).toEqual({
      size: "xs",
      adapter: "sqlite",
      seed: 42,
      repetitions: undefined,
      out: undefined,
      memoryOnly: false,
      help: false,
    });
  });

  it("reads the size, adapter and repetitions, also after the `--` pnpm may pass through", () => {
    const options = parseBenchArgs(["--", "--size", "m", "--adapter", "postgres", "--repetitions", "2"]);
    expect(options).toMatchObject({ size: "m", adapter: "postgres", repetitions: 2, memoryOnly: false });
    expect(parseBenchArgs(["--size", "l", "--memory-only"])).toMatchObject({ size: "l", memoryOnly: true });
  });

  it("refuses an unknown size, adapter or option and a repetition count below one", () => {
    expect(() => parseBenchArgs(["--size", "xl"])).toThrow(/--size must be one of xs, s, m, l/);
    expect(() => parseBenchArgs(["--adapter", "mysql"])).toThrow(/--adapter must be one of sqlite, postgres/);
    expect(() => parseBenchArgs(["--fast"])).toThrow(/Unknown option/);
    expect(() => parseBenchArgs(["--repetitions", "0"])).toThrow(/--repetitions must be an integer ≥ 1/);
  });
});
