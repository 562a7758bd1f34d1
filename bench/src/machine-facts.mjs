import { execFileSync } from "node:child_process";
import { cpus, totalmem } from "node:os";

/**
 * @typedef {object} MachineFacts
 * @property {number} cores logical CPUs
 * @property {string} cpu model name of the first CPU
 * @property {number} memoryGb total memory
 * @property {string} node Node.js version
 * @property {string} platform `linux x64`
 * @property {string} database the database server or library version
 * @property {string | null} commit the workspace's git commit, when there is one
 */

/**
 * What a reader of the results needs to know about where they were measured.
 *
 * @param {string} databaseVersion
 * @returns {MachineFacts}
 */
export function machineFacts(databaseVersion) {
  const cpuList = cpus();
  return {
    cores: cpuList.length,
    cpu: cpuList[0]?.model.trim() ?? "unknown",
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    database: databaseVersion,
    commit: gitCommit(),
  };
}

/** @returns {string | null} */
function gitCommit() {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    // Earlier results are rewritten by every run, so they do not count as a change to the measured code.
    const dirty = execFileSync(
      "git",
      ["status", "--porcelain", "--untracked-files=no", "--", ":(top)", ":(top,exclude)bench/results"],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      },
    ).trim();
    return dirty === "" ? commit : `${commit} (with uncommitted changes)`;
  } catch {
    return null;
  }
}
